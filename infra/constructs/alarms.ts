/**
 * CloudWatch alarms for what a council would want to hear about: the API failing or
 * slowing down, the GraphQL function failing or throttled, requests failing inside the
 * application (storage unavailable after retries, internal errors), the nightly export
 * failing.
 * With a topic, each alarm notifies it; without one the alarms are still visible in
 * the console.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { APPLICATION_METRICS } from '../../functions/config.js';

export interface GraphAlarmsProps {
  readonly api: HttpApi;
  readonly graphqlFunction: IFunction;
  readonly exportFunction: IFunction;
  /**
   * Where alarms (and their return to OK) are sent.
   * @default - no notifications
   */
  readonly topic?: ITopic;
  /**
   * p99 API latency, in milliseconds, above which the latency alarm fires (after three
   * consecutive five-minute periods, so a lone cold start does not page anyone).
   * @default 3000
   */
  readonly latencyP99Ms?: number;
  /**
   * 5xx responses in five minutes that raise the API error alarm.
   * @default 5
   */
  readonly serverErrorThreshold?: number;
  /**
   * Requests answered with an application error (the `ApplicationErrors` metric the
   * GraphQL function emits: storage unavailable after retries, or an internal error)
   * in five minutes that raise the application error alarm. Many of these are HTTP 200
   * GraphQL errors, which the 5xx and Lambda-error alarms never see.
   * @default 5
   */
  readonly applicationErrorThreshold?: number;
}

export class GraphAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: GraphAlarmsProps) {
    super(scope, id);
    const fiveMinutes = Duration.minutes(5);
    this.add('GraphqlErrors', 'The GraphQL function failed (crash or timeout)', props.graphqlFunction.metricErrors({ period: fiveMinutes }), 1);
    this.add('GraphqlThrottles', 'The GraphQL function was throttled', props.graphqlFunction.metricThrottles({ period: fiveMinutes }), 1);
    this.add('ApiServerErrors', 'The API answered with 5xx responses', props.api.metricServerError({ period: fiveMinutes }), props.serverErrorThreshold ?? 5);
    const applicationErrors = new Metric({
      namespace: APPLICATION_METRICS.namespace,
      metricName: APPLICATION_METRICS.errors,
      dimensionsMap: { service: APPLICATION_METRICS.service },
      statistic: 'Sum',
      period: fiveMinutes,
    });
    this.add('ApplicationErrors', 'GraphQL requests failed inside the application (storage unavailable after retries, or internal errors)', applicationErrors, props.applicationErrorThreshold ?? 5);
    this.add('ApiLatencyP99', 'API p99 latency is high', props.api.metricLatency({ period: fiveMinutes, statistic: 'p99' }), props.latencyP99Ms ?? 3000, 3, ComparisonOperator.GREATER_THAN_THRESHOLD);
    // One hour: the export runs once a night, and Lambda's own retries of a failed run
    // should make one notification, not three.
    this.add('ExportErrors', 'The scheduled export failed', props.exportFunction.metricErrors({ period: Duration.hours(1) }), 1);

    if (props.topic) {
      const action = new SnsAction(props.topic);
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }

  private add(
    id: string,
    description: string,
    metric: Metric,
    threshold: number,
    evaluationPeriods = 1,
    comparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  ): void {
    this.alarms.push(
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator,
        // No traffic is not a failure.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
