/**
 * Runs the export function on a schedule with EventBridge Scheduler. The scheduler's
 * role may invoke that one function and nothing else.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

export interface ScheduledExportProps {
  /** The function to run. */
  readonly target: IFunction;
  /**
   * A Scheduler `cron(...)` or `rate(...)` expression.
   * @default 'cron(0 2 * * ? *)' - nightly at 02:00
   */
  readonly expression?: string;
  /**
   * The time zone the cron expression is read in.
   * @default TimeZone.EUROPE_LONDON - the councils' own clock, through BST changes
   */
  readonly timeZone?: TimeZone;
  /**
   * How many times Scheduler retries an invocation it could not deliver.
   * @default 2
   */
  readonly retryAttempts?: number;
}

export const DEFAULT_EXPORT_SCHEDULE = 'cron(0 2 * * ? *)';

export class ScheduledExport extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: ScheduledExportProps) {
    super(scope, id);
    this.schedule = new Schedule(this, 'Schedule', {
      description: 'Exports the graph table to S3',
      schedule: ScheduleExpression.expression(props.expression ?? DEFAULT_EXPORT_SCHEDULE, props.timeZone ?? TimeZone.EUROPE_LONDON),
      // Run at the stated time: an export has no reason to be spread over a window.
      timeWindow: TimeWindow.off(),
      // LambdaInvoke makes a role that Scheduler (in this account only) assumes, with
      // lambda:InvokeFunction on this function alone. Failed deliveries are retried for
      // up to an hour; a failure inside the function raises the export Errors alarm.
      target: new LambdaInvoke(props.target, {
        retryAttempts: props.retryAttempts ?? 2,
        maxEventAge: Duration.hours(1),
      }),
    });
  }
}
