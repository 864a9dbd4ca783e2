/**
 * The Lambda handler answers API Gateway v2 events through the same server the local
 * stack runs, reading the embedded engine over HTTP.
 */
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { createHttpApiEvent } from '../fixtures/api-gateway-events.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

type Handler = (event: ReturnType<typeof createHttpApiEvent>, context: Context) => Promise<APIGatewayProxyResultV2>;

let stack: LocalStack;
let handler: Handler;
const lambdaContext = { functionName: 'graphql', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'lambda-handler-test' });
  process.env.TABLE_NAME = 'lambda-handler-test';
  process.env.DYNAMODB_ENDPOINT = stack.endpoint;
  // Imported after the environment is set: the handler builds its clients at module scope, as on Lambda.
  ({ handler } = (await import('../../functions/handlers/graphql.js')) as unknown as { handler: Handler });
});

afterAll(async () => {
  await stack?.close();
});

async function invoke(event: ReturnType<typeof createHttpApiEvent>) {
  const result = (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: JSON.parse(result.body ?? '{}') as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> } };
}

describe('GraphQL Lambda handler', () => {
  it('answers a POST query event with data', async () => {
    const result = await invoke(createHttpApiEvent({ body: { query: '{ node(id: "operation:octans") { id label ... on Operation { places { name } } } }' } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
    expect(result.json.data).toEqual({ node: { id: 'operation:octans', label: 'Operation Octans', places: [{ name: 'High Town' }] } });
  });

  it('answers a GET query event with variables in the query string', async () => {
    const result = await invoke(
      createHttpApiEvent({
        method: 'GET',
        query: { query: 'query ($id: ID!) { node(id: $id) { label } }', variables: JSON.stringify({ id: 'place:high-town' }) },
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.json.data).toEqual({ node: { label: 'High Town' } });
  });

  it('maps an unknown id to NOT_FOUND and a bad body to a 400', async () => {
    const notFound = await invoke(createHttpApiEvent({ body: { query: '{ node(id: "operation:none") { id } }' } }));
    expect(notFound.json.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await invoke(createHttpApiEvent({ body: { query: '{ node(id: ' } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a cross-site simple GET that could be a CSRF attempt', async () => {
    const result = await invoke(createHttpApiEvent({ method: 'GET', query: { query: '{ datasets { name } }' }, headers: { 'content-type': 'text/plain' } }));
    expect(result.statusCode).toBe(400);
  });
});
