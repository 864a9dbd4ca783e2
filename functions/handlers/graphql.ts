/**
 * Lambda entry point for the GraphQL API behind an API Gateway HTTP API (payload v2).
 * The server is built once per container, at module scope; each event gets fresh
 * per-request DataLoaders through the context function, and the API Gateway request
 * id as its correlation id, and the viewer its verified bearer token names (anonymous
 * without one; a bad token is refused with 401 UNAUTHENTICATED). Failed requests are logged as JSON and counted as
 * embedded metrics (functions/graphql/observability.ts).
 */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { APPLICATION_METRICS, readConfig } from '../config.js';
import { cognitoVerifier, viewerFromAuthorization } from '../graphql/authentication.js';
import { correlationIdFrom } from '../graphql/context.js';
import { lambdaHttpLimits, RESPONSE_BUDGET_BYTES } from '../graphql/http-limits.js';
import { createGraphServer, createRequestContext } from '../graphql/server.js';
import { createTableClient } from '../storage/dynamodb-client.js';
import { DynamoGraphStore } from '../storage/graph-store.js';

const config = readConfig();
const store = new DynamoGraphStore(createTableClient({ endpoint: config.dynamoDbEndpoint }), config.tableName);
const logger = new Logger({ serviceName: APPLICATION_METRICS.service });
const metrics = new Metrics({ namespace: APPLICATION_METRICS.namespace, serviceName: APPLICATION_METRICS.service });
// Introspection is off unless the stack turns it on (GRAPHQL_INTROSPECTION=true).
/**
 * Cognito access tokens of the stack's app client, verified with the pool's keys, which
 * it fetches once and caches for the life of the container. Unset without a pool:
 * then every token is refused.
 */
export const verifier = config.cognito ? cognitoVerifier(config.cognito) : undefined;
const server = createGraphServer({ introspection: config.introspection, observability: { logger, metrics } });

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async ({ event, context }) => {
    logger.addContext(context);
    // API Gateway (payload 2.0) gives header names in lower case.
    const correlationId = correlationIdFrom(event.requestContext?.requestId);
    const viewer = await viewerFromAuthorization(event.headers?.authorization, verifier, correlationId);
    return createRequestContext(store, correlationId, viewer);
  },
  // Request body limit and response budget, before and after Apollo; a 304 (If-None-Match
  // matched the ETag) carries headers only.
  middleware: [
    lambdaHttpLimits({ responseBudgetBytes: Math.min(RESPONSE_BUDGET_BYTES, config.responseBudgetBytes ?? RESPONSE_BUDGET_BYTES) }),
    async () => async (result) => {
      if (result.statusCode === 304) {
        result.body = '';
        delete result.headers?.['content-type'];
      }
    },
  ],
});
