import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionsOf, buildTemplate, EXPORT_DESCRIPTION, functionId, GRAPHQL_DESCRIPTION, roleStatements } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev' });
});

// Plain values and vitest matchers: the role policies are compared whole, with toEqual.
const tableArn = { 'Fn::GetAtt': [expect.stringMatching(/^GraphTable/), 'Arn'] };
const indexArn = { 'Fn::Join': ['', [tableArn, '/index/*']] };
const bucketArn = { 'Fn::GetAtt': [expect.stringMatching(/^ExportBucket/), 'Arn'] };
const bucketObjects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });

describe.each([
  ['GraphQL', GRAPHQL_DESCRIPTION, 10],
  ['export', EXPORT_DESCRIPTION, 300],
])('the %s function', (_name, description, timeout) => {
  it('runs on Node.js 24', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: description, Runtime: 'nodejs24.x' });
  });

  it('runs on arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: description, Architectures: ['arm64'] });
  });

  it('calls `handler` of the bundled ES module', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: description, Handler: 'index.handler' });
  });

  it(`has 1024 MB and a ${timeout} s timeout`, () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: description, MemorySize: 1024, Timeout: timeout });
  });

  it('gets the table name from its environment, production mode, and no source-map loading at start', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: description,
      Environment: { Variables: Match.objectLike({ TABLE_NAME: { Ref: Match.stringLikeRegexp('^GraphTable') }, NODE_OPTIONS: Match.absent(), NODE_ENV: 'production' }) },
    });
  });

  it('logs to its own log group, kept for a week on dev', () => {
    const logGroup = template.toJSON().Resources[functionId(template, description)].Properties.LoggingConfig.LogGroup.Ref as string;
    expect(template.toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(7);
  });

  it('has no statement with a wildcard action on data', () => {
    const wildcards = roleStatements(template, description).flatMap(actionsOf).filter((a) => a === '*' || a.endsWith(':*'));
    expect(wildcards).toEqual([]);
  });
});

describe('the GraphQL function', () => {
  it('answers introspection on dev, for tools such as GraphiQL', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, Environment: { Variables: Match.objectLike({ GRAPHQL_INTROSPECTION: 'true' }) } });
  });

  it('reserves no concurrency on dev, so it deploys to an account with a low limit', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, ReservedConcurrentExecutions: Match.absent() });
  });

  it('may only GetItem, BatchGetItem and Query the table and its indexes', () => {
    expect(roleStatements(template, GRAPHQL_DESCRIPTION)).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'], Resource: [tableArn, indexArn] },
    ]);
  });
});

describe('the export function', () => {
  it('may only Scan and GetItem on the base table, and put (or abort putting) objects under exports/ and latest/', () => {
    expect(roleStatements(template, EXPORT_DESCRIPTION)).toEqual([
      { Effect: 'Allow', Action: ['dynamodb:Scan', 'dynamodb:GetItem'], Resource: tableArn },
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: [bucketObjects('exports/'), bucketObjects('latest/')] },
    ]);
  });

  it('is told the export bucket', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: EXPORT_DESCRIPTION,
      Environment: { Variables: Match.objectLike({ EXPORT_BUCKET: { Ref: Match.stringLikeRegexp('^ExportBucket') } }) },
    });
  });
});
