import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, buildTemplate, EXPORT_DESCRIPTION, GRAPHQL_DESCRIPTION, logicalId, roleStatements, type Statement } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev', restrictedExport: true });
});

const bucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^ExportBucket[0-9A-F]+$/), 'Arn'] };
const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
const officersRoleId = () => logicalId(template, 'AWS::IAM::Role', { Description: Match.stringLikeRegexp('^Officers') });
const bucketPolicy = () => Object.values(template.findResources('AWS::S3::BucketPolicy'))[0]!.Properties.PolicyDocument.Statement as Array<Statement & { Principal?: unknown; Condition?: unknown; Sid?: string }>;
/** Every IAM statement of the stack (inline and managed policies) that allows an action on the bucket's objects. */
function allowedReaders(action: string): Statement[] {
  const documents = [
    ...Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument),
    ...Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map((p) => p.Properties.PolicyDocument),
  ];
  return documents.flatMap((d) => d.Statement as Statement[]).filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a === action || a === 's3:*' || a === 's3:Get*' || a === 's3:GetObject*'));
}

describe('the restricted export (restrictedExport: true)', () => {
  it('lets the export function write the public set and the full set, each under its own two prefixes, and nothing else', () => {
    const s3 = roleStatements(template, EXPORT_DESCRIPTION).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3).toEqual([
      {
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:AbortMultipartUpload'],
        Resource: [objects('exports/'), objects('latest/'), objects('restricted/exports/'), objects('restricted/latest/')],
      },
    ]);
  });

  it('tells the export function to export the full set', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: EXPORT_DESCRIPTION, Environment: { Variables: Match.objectLike({ EXPORT_RESTRICTED: 'true' }) } });
  });

  it("grants reading the full set to the officers' managed policy alone: GetObject under restricted/ only", () => {
    const readers = allowedReaders('s3:GetObject');
    expect(readers).toEqual([{ Effect: 'Allow', Action: 's3:GetObject', Resource: objects('restricted/') }]);
  });

  it('lets officers list the restricted prefix only', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: Match.anyValue(), Condition: { StringLike: { 's3:prefix': ['restricted/*'] } } }]),
      },
    });
  });

  it("attaches that policy to the officers' role, assumable within this account only, for an hour at a time", () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('^Officers'),
      ManagedPolicyArns: [{ Ref: logicalId(template, 'AWS::IAM::ManagedPolicy', { Description: Match.stringLikeRegexp('restricted export') }) }],
      MaxSessionDuration: 3600,
      AssumeRolePolicyDocument: {
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } } }],
      },
    });
  });

  it("has the bucket deny reading restricted/ to every principal but the officers' role, whatever else grants it", () => {
    const deny = bucketPolicy().find((s) => s.Sid === 'RestrictedExportOfficersOnly');
    expect(deny).toEqual({
      Sid: 'RestrictedExportOfficersOnly',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes'],
      Resource: objects('restricted/'),
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [officersRoleId(), 'Arn'] } } },
    });
  });

  it('grants no principal reading through the bucket policy', () => {
    const allowsRead = bucketPolicy().filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => a.startsWith('s3:Get') && a !== 's3:GetBucket*'));
    expect(allowsRead).toEqual([]);
  });

  it('still blocks all public access to the bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  it('gives the GraphQL function no access to the bucket', () => {
    expect(roleStatements(template, GRAPHQL_DESCRIPTION).filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')))).toEqual([]);
  });

  it('expires dated restricted exports like the public ones', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'restricted/exports/', ExpirationInDays: 90, Status: 'Enabled' })]) },
    });
  });

  it("outputs the officers' role ARN", () => {
    template.hasOutput('OfficersExportRoleArn', { Value: { 'Fn::GetAtt': [officersRoleId(), 'Arn'] } });
  });
});
