/**
 * The yardstick for the GraphQL function's cold start: a bare Apollo Server behind
 * `@as-integrations/aws-lambda`, one field, nothing else. `npm run bench:scale` bundles it
 * with the same GraphFunction construct (so the same esbuild options) as the real handler.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';

const server = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
