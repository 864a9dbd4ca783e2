/**
 * Scrutiny Graph on AWS: the graph table, the GraphQL function behind an HTTP API, a
 * nightly export to S3, and alarms. Stage-dependent choices are made here and nowhere
 * else; the constructs in ./constructs take them as props.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { GraphAlarms } from './constructs/alarms.js';
import { ExportBucket } from './constructs/export-bucket.js';
import { GraphFunction } from './constructs/graph-function.js';
import { GraphTable } from './constructs/graph-table.js';
import { GraphqlApi } from './constructs/graphql-api.js';
import { GraphqlCdn } from './constructs/graphql-cdn.js';
import { DEFAULT_EXPORT_SCHEDULE, ScheduledExport } from './constructs/scheduled-export.js';
import { GraphUserPool } from './constructs/user-pool.js';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

/** The repository root: package.json, package-lock.json and functions/ live here. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ScrutinyGraphStackProps extends StackProps {
  /**
   * `prod` keeps the table (with deletion protection), the export bucket and the logs
   * when the stack is deleted; `dev` deletes everything with the stack.
   */
  readonly stage: StageName;
  /**
   * When the export runs: an EventBridge Scheduler expression, read in Europe/London time.
   * @default 'cron(0 2 * * ? *)' - nightly at 02:00
   */
  readonly exportSchedule?: string;
  /**
   * Browser origins allowed to call the API (CORS). `['*']` allows any.
   * @default ['*'] for dev, [] (no cross-origin access) for prod
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Whether the GraphQL API answers introspection (`__schema`, `__type`), which tools
   * such as GraphiQL need. The local server (`npm start`) always does.
   * @default true for dev, false for prod
   */
  readonly introspection?: boolean;
  /**
   * Concurrent executions reserved for the GraphQL function, which also caps it: with
   * the stage's rate limit, a ceiling on what a flood of requests can cost. Lambda keeps
   * at least 100 of an account's concurrency unreserved, so an account with a low limit
   * (new accounts may have 10) cannot reserve any: set 0 to reserve none there.
   * @default 20 for prod, none for dev
   */
  readonly graphqlReservedConcurrency?: number;
  /**
   * Put a CloudFront distribution in front of the API, caching the public GET answers
   * the API marks cacheable (see infra/README.md). Adds CloudFront's per-request cost.
   * @default false
   */
  readonly cdn?: boolean;
  /**
   * Where a front end's sign-in (the authorization-code flow with PKCE) may return to,
   * e.g. `https://scrutiny.council.example/`. Without any, the app client signs in with
   * SRP only (Amplify's `signIn`, or `aws cognito-idp initiate-auth` with USER_SRP_AUTH).
   * @default [] - SRP only
   */
  readonly signInCallbackUrls?: readonly string[];
  /**
   * An address to e-mail alarms to. When given, an SNS topic and an e-mail subscription
   * (which the recipient must confirm) are created.
   * @default - no topic; alarms show in the CloudWatch console only
   */
  readonly alarmEmail?: string;
  /**
   * Also export the full set, restricted items included, under `restricted/` in the
   * export bucket, readable only by the officers' role the stack creates (output
   * `OfficersExportRoleArn`). The public set is exported either way.
   * @default false
   */
  readonly restrictedExport?: boolean;
  /**
   * Days a dated export under `exports/` is kept.
   * @default 90
   */
  readonly exportRetentionDays?: number;
  /**
   * Where the sources and package-lock.json are.
   * @default PROJECT_ROOT - this repository
   */
  readonly projectRoot?: string;
}

/** A reserved concurrency as Lambda takes it: a positive whole number, or none for 0. */
function reservedConcurrency(value: number | undefined): number | undefined {
  if (value === undefined || value === 0) return undefined;
  if (!Number.isInteger(value) || value < 0) throw new Error(`graphqlReservedConcurrency must be a whole number of executions (0 for none); got ${value}.`);
  return value;
}

export class ScrutinyGraphStack extends Stack {
  readonly graphqlFunction: GraphFunction;
  readonly exportFunction: GraphFunction;
  readonly signIn: GraphUserPool;

  constructor(scope: Construct, id: string, props: ScrutinyGraphStackProps) {
    super(scope, id, props);
    const prod = props.stage === 'prod';
    const root = props.projectRoot ?? PROJECT_ROOT;
    const logs = {
      logRetention: prod ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_WEEK,
      logRemovalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    };

    const { table } = new GraphTable(this, 'GraphTable', { retain: prod });
    this.signIn = new GraphUserPool(this, 'SignIn', { retain: prod, callbackUrls: props.signInCallbackUrls });

    this.graphqlFunction = new GraphFunction(this, 'GraphqlFunction', {
      entry: path.join(root, 'functions/handlers/graphql.ts'),
      projectRoot: root,
      description: 'Scrutiny Graph GraphQL API',
      // 1 GB: cold starts parse and initialise a ~MB bundle (Apollo, graphql-js, the
      // SDK) and are CPU-bound; CPU scales with memory, and at a council's traffic the
      // extra memory costs pennies. Requests themselves need far less.
      memorySize: 1024,
      // A query is a bounded number of DynamoDB round trips (well under a second); 10 s
      // absorbs a cold start plus SDK retries, and stops a stuck request billing up to
      // the HTTP API's 30 s limit.
      timeout: Duration.seconds(10),
      reservedConcurrentExecutions: reservedConcurrency(props.graphqlReservedConcurrency ?? (prod ? 20 : undefined)),
      environment: {
        GRAPHQL_INTROSPECTION: String(props.introspection ?? !prod),
        // The API verifies access tokens of this pool's app client (functions/graphql/authentication.ts).
        COGNITO_USER_POOL_ID: this.signIn.userPool.userPoolId,
        COGNITO_CLIENT_ID: this.signIn.client.userPoolClientId,
      },
      ...logs,
    });
    this.graphqlFunction.bindTable(table, 'read');

    const api = new GraphqlApi(this, 'GraphqlApi', {
      handler: this.graphqlFunction.function,
      allowedOrigins: props.allowedOrigins ?? (prod ? [] : ['*']),
      logRetention: logs.logRetention,
      logRemovalPolicy: logs.logRemovalPolicy,
    });

    const cdn = props.cdn ? new GraphqlCdn(this, 'GraphqlCdn', { api: api.api }) : undefined;

    const exports = new ExportBucket(this, 'ExportBucket', {
      retain: prod,
      exportRetentionDays: props.exportRetentionDays,
      restricted: props.restrictedExport,
    });
    this.exportFunction = new GraphFunction(this, 'ExportFunction', {
      entry: path.join(root, 'functions/handlers/export.ts'),
      projectRoot: root,
      description: 'Scrutiny Graph nightly export to S3',
      // The export runs a parallel Scan and writes CSV, JSON-LD and GraphML files, sorting
      // through spill files in /tmp (the default 512 MB is ample for a council's graph).
      // 1 GB buys the CPU for the serialisation; the function runs once a night, so the
      // memory costs next to nothing.
      memorySize: 1024,
      // A few thousand items take seconds; 5 minutes leaves room for a graph a hundred
      // times larger.
      timeout: Duration.minutes(5),
      ...logs,
    });
    this.exportFunction.bindTable(table, 'export');
    exports.grantExportWriter(this.exportFunction);

    new ScheduledExport(this, 'ScheduledExport', {
      target: this.exportFunction.function,
      expression: props.exportSchedule ?? DEFAULT_EXPORT_SCHEDULE,
    });

    let topic: Topic | undefined;
    if (props.alarmEmail) {
      topic = new Topic(this, 'AlarmTopic', { displayName: 'Scrutiny Graph alarms', enforceSSL: true });
      topic.addSubscription(new EmailSubscription(props.alarmEmail));
      new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn, description: 'SNS topic the alarms notify' });
    }
    new GraphAlarms(this, 'Alarms', {
      api: api.api,
      graphqlFunction: this.graphqlFunction.function,
      exportFunction: this.exportFunction.function,
      topic,
    });

    new CfnOutput(this, 'GraphqlUrl', { value: api.graphqlUrl, description: 'GraphQL endpoint (POST, or GET with ?query=)' });
    if (cdn) new CfnOutput(this, 'CdnGraphqlUrl', { value: cdn.graphqlUrl, description: 'GraphQL endpoint through CloudFront (public GET answers cached)' });
    new CfnOutput(this, 'UserPoolId', { value: this.signIn.userPool.userPoolId, description: 'Cognito user pool of officers and editors (add users to the officer or editor group)' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.signIn.client.userPoolClientId, description: 'App client whose access tokens the API accepts (no secret; SRP, or code flow with PKCE)' });
    new CfnOutput(this, 'GraphTableName', { value: table.tableName, description: 'Graph table; `npm run load:aws` loads the dataset into it' });
    if (exports.officersRole) {
      new CfnOutput(this, 'OfficersExportRoleArn', { value: exports.officersRole.roleArn, description: 'The only role that may read restricted/ in the export bucket; let officers assume it' });
    }
    new CfnOutput(this, 'ExportBucketName', { value: exports.bucket.bucketName, description: 'Bucket of the nightly exports (exports/<date>/, latest/)' });
  }
}
