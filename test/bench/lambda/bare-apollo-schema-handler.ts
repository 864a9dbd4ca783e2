/**
 * A like-for-like yardstick: a bare Apollo Server given the project's own SDL (Apollo
 * builds and validates it as it would for any project), one resolver, no storage.
 */
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { typeDefs } from '../../../functions/graphql/generated/type-defs.js';

const server = new ApolloServer({ typeDefs, resolvers: { Query: { node: (_: unknown, { id }: { id: string }) => ({ __typename: 'Document', id, label: 'Fictional document' }) } } });

export const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler());
