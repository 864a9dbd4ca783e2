import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { APPLICATION_METRICS } from '../../functions/config.js';
import { buildTemplate, EXPORT_DESCRIPTION, functionId, GRAPHQL_DESCRIPTION } from './support.js';

let template: Template;

beforeAll(() => {
  template = buildTemplate({ stage: 'dev' });
});

const functionDimension = (description: string) => [{ Name: 'FunctionName', Value: { Ref: functionId(template, description) } }];
const apiDimension = [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('^GraphqlApi') } }];

describe('the alarms, without an alarm e-mail', () => {
  it('are six', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 6);
  });

  it('fire on any GraphQL function error in five minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: functionDimension(GRAPHQL_DESCRIPTION),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire on any GraphQL function throttle', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Throttles',
      Dimensions: functionDimension(GRAPHQL_DESCRIPTION),
      Threshold: 1,
    });
  });

  it('fire on five API 5xx responses in five minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: apiDimension,
      Statistic: 'Sum',
      Threshold: 5,
    });
  });

  it('fire on five application errors in five minutes, from the metric the GraphQL function emits', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: APPLICATION_METRICS.namespace,
      MetricName: APPLICATION_METRICS.errors,
      Dimensions: [{ Name: 'service', Value: APPLICATION_METRICS.service }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 5,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire when API p99 latency stays above 3 s for fifteen minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: apiDimension,
      ExtendedStatistic: 'p99',
      Threshold: 3000,
      EvaluationPeriods: 3,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('fire on any export function error in an hour', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: functionDimension(EXPORT_DESCRIPTION),
      Period: 3600,
      Threshold: 1,
    });
  });

  it('treat missing data as not breaching', () => {
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { TreatMissingData: 'notBreaching' });
  });

  it('notify nobody, and no topic is created', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('have no alarm actions', () => {
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent() });
  });
});
