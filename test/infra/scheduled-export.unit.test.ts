import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTemplate, EXPORT_DESCRIPTION, functionId } from './support.js';

let template: Template;
let exportFunction: string;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev' });
  exportFunction = functionId(template, EXPORT_DESCRIPTION);
});

const scheduleTarget = () => Object.values(template.findResources('AWS::Scheduler::Schedule'))[0]!.Properties.Target;

describe('the scheduled export', () => {
  it('runs nightly at 02:00 London time by default', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      State: 'ENABLED',
    });
  });

  it('has the flexible time window off', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { FlexibleTimeWindow: { Mode: 'OFF' } });
  });

  it('targets the export function', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [exportFunction, 'Arn'] } }),
    });
  });

  it('retries an undelivered invocation twice within an hour', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } }),
    });
  });

  it('uses a role that only EventBridge Scheduler in this account can assume', () => {
    const roleId = scheduleTarget().RoleArn['Fn::GetAtt'][0] as string;
    expect(template.toJSON().Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }) },
      }),
    ]);
  });

  it('uses a role that may invoke the export function and nothing else', () => {
    const roleId = scheduleTarget().RoleArn['Fn::GetAtt'][0] as string;
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    expect(Object.values(policies).flatMap((p) => p.Properties.PolicyDocument.Statement)).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [{ 'Fn::GetAtt': [exportFunction, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [exportFunction, 'Arn'] }, ':*']] }],
      },
    ]);
  });
});
