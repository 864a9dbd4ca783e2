/**
 * Lambda entry point for the GraphQL API behind an API Gateway HTTP API (payload v2).
 * The server is built once per container, at module scope; each event gets fresh
 * per-request DataLoaders through the context function.
 */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { readConfig } from '../config.js';
import { createGraphServer, createRequestContext } from '../graphql/server.js';
import { createDocumentClient, createDynamoDbClient } from '../storage/dynamodb-client.js';
import { DynamoGraphStore } from '../storage/graph-store.js';

const config = readConfig();
const store = new DynamoGraphStore(createDocumentClient(createDynamoDbClient({ endpoint: config.dynamoDbEndpoint })), config.tableName);
const server = createGraphServer();

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
  context: async () => createRequestContext(store),
});
