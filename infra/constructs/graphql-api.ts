/**
 * The public HTTP endpoint: an API Gateway HTTP API with POST and GET /graphql routed
 * to the GraphQL function, rate-limited at the stage and logged to CloudWatch.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '../../functions/graphql/cors.js';

export interface GraphqlApiProps {
  /** The function that answers GraphQL requests. */
  readonly handler: IFunction;
  /**
   * Origins a browser may call the API from. `['*']` allows any origin. An empty list
   * sets no CORS configuration at all: only same-origin pages and non-browser clients
   * can call the API.
   * @default [] - no cross-origin access
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Steady-state requests per second the stage admits before answering 429.
   * @default 50
   */
  readonly rateLimit?: number;
  /**
   * Requests admitted in a burst above the steady rate.
   * @default 100
   */
  readonly burstLimit?: number;
  /**
   * How long access logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the access log group when the stack is deleted.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

export class GraphqlApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The GraphQL endpoint, `https://<id>.execute-api.<region>.amazonaws.com/graphql`. */
  readonly graphqlUrl: string;

  constructor(scope: Construct, id: string, props: GraphqlApiProps) {
    super(scope, id);
    const origins = [...(props.allowedOrigins ?? [])];
    this.api = new HttpApi(this, 'Api', {
      description: 'Scrutiny Graph GraphQL API',
      // The default stage is made below, where throttling and access logs can be set.
      createDefaultStage: false,
      corsPreflight:
        origins.length > 0
          ? {
              // The same policy the local server applies (functions/graphql/cors.ts).
              allowOrigins: origins,
              allowMethods: CORS_POLICY.allowMethods.map((m) => CorsHttpMethod[m]),
              allowHeaders: [...CORS_POLICY.allowHeaders],
              exposeHeaders: [...CORS_POLICY.exposeHeaders],
              maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
            }
          : undefined,
    });
    const integration = new HttpLambdaIntegration('Graphql', props.handler);
    // GET serves queries in the URL (and Apollo's landing page), POST everything else.
    this.api.addRoutes({ path: '/graphql', methods: [HttpMethod.POST, HttpMethod.GET], integration });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      // A ceiling on what a runaway client (or an attack) can cost: every request
      // above it is refused at the edge, before Lambda or DynamoDB is billed.
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    this.graphqlUrl = `${this.api.apiEndpoint}/graphql`;
  }
}
