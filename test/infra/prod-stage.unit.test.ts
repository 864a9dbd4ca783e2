import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { buildTemplate, GRAPHQL_DESCRIPTION } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'prod', alarmEmail: 'alerts@council.example', exportSchedule: 'cron(30 3 * * ? *)' });
});

describe('a prod stack with an alarm e-mail', () => {
  it('turns introspection off in the GraphQL function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, Environment: { Variables: Match.objectLike({ GRAPHQL_INTROSPECTION: 'false' }) } });
  });

  it('reserves (and caps) 20 concurrent executions for the GraphQL function', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Description: GRAPHQL_DESCRIPTION, ReservedConcurrentExecutions: 20 });
  });

  it('keeps the table when the stack is deleted or the table replaced', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('protects the table from deletion', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });

  it('keeps the export bucket', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('does not empty the export bucket on deletion', () => {
    template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('keeps every log group, for three months', () => {
    template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ RetentionInDays: 90 }) });
  });

  it('allows no cross-origin browser calls by default', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.absent() });
  });

  it('runs the export on the schedule given', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(30 3 * * ? *)' });
  });

  it('subscribes the alarm e-mail to an alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'alerts@council.example',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlarmTopic') },
    });
  });

  it('sends every alarm, and its return to OK, to the topic', () => {
    const topic = [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }];
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: topic, OKActions: topic });
  });
});
