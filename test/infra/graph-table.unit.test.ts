import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTableInput } from '../../functions/storage/table-definition.js';
import { buildTemplate } from './support.js';

// The local engine creates its table from createTableInput(); the stack must build the same one.
const local = createTableInput('graph');
let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev' });
});

describe('GraphTable (dev stage)', () => {
  it('is the only table in the stack', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
  });

  it('has the key schema of TABLE_DEFINITION', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { KeySchema: local.KeySchema });
  });

  it('defines exactly the key attributes of TABLE_DEFINITION, all strings', () => {
    const table = Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!;
    const byName = (a: { AttributeName: string }, b: { AttributeName: string }) => a.AttributeName.localeCompare(b.AttributeName);
    expect([...table.Properties.AttributeDefinitions].sort(byName)).toEqual([...local.AttributeDefinitions].sort(byName));
  });

  it('has exactly the global secondary indexes of TABLE_DEFINITION, in order, each with its projection', () => {
    const table = Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!;
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('bills on demand', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });
  });

  it('has point-in-time recovery on', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('is encrypted with the AWS-managed KMS key (SSE on, no customer key)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() } });
  });

  it('has no TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { TimeToLiveSpecification: Match.absent() });
  });

  it('is deleted with a dev stack and has no deletion protection', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('outputs the table name for `npm run load:aws`', () => {
    template.hasOutput('GraphTableName', { Value: { Ref: Match.stringLikeRegexp('^GraphTable') } });
  });
});
