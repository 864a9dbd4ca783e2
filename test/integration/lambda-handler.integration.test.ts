/**
 * The Lambda handler answers API Gateway v2 events through the same server the local
 * stack runs, reading the embedded engine over HTTP.
 */
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/graphql/http-limits.js';
import { createHttpApiEvent } from '../fixtures/api-gateway-events.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

type Handler = (event: ReturnType<typeof createHttpApiEvent>, context: Context) => Promise<APIGatewayProxyResultV2>;

const RESPONSE_BUDGET = 3_000;
let stack: LocalStack;
let handler: Handler;
const lambdaContext = { functionName: 'graphql', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'lambda-handler-test' });
  process.env.TABLE_NAME = 'lambda-handler-test';
  process.env.DYNAMODB_ENDPOINT = stack.endpoint;
  // A small response budget, so a modest query on the small fixture goes past it.
  process.env.RESPONSE_BUDGET_BYTES = String(RESPONSE_BUDGET);
  delete process.env.GRAPHQL_INTROSPECTION;
  // Imported after the environment is set: the handler builds its clients at module scope, as on Lambda.
  // A run that shares modules between test files (the mutation runs do) may have loaded
  // it already, with another environment; it is loaded afresh.
  vi.resetModules();
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
    const result = await invoke(createHttpApiEvent({ body: { query: '{ node(id: "luton/operation:octans") { id label ... on Operation { places { name } } } }' } }));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/application\/json/);
    expect(result.json.data).toEqual({ node: { id: 'luton/operation:octans', label: 'Operation Octans', places: [{ name: 'High Town' }] } });
  });

  it('answers a GET query event with variables in the query string', async () => {
    const result = await invoke(
      createHttpApiEvent({
        method: 'GET',
        query: { query: 'query ($id: ID!) { node(id: $id) { label } }', variables: JSON.stringify({ id: 'luton/place:high-town' }) },
        headers: { 'apollo-require-preflight': 'true' },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(result.json.data).toEqual({ node: { label: 'High Town' } });
  });

  it('marks a GET query public with an ETag, and answers its revalidation with an empty 304', async () => {
    const event = (headers: Record<string, string> = {}) =>
      createHttpApiEvent({ method: 'GET', query: { query: '{ node(id: "luton/place:high-town") { label } }' }, headers: { 'apollo-require-preflight': 'true', ...headers } });
    const first = await invoke(event());
    expect(first.headers?.['cache-control']).toBe('public, max-age=60');
    const etag = String(first.headers?.etag);
    const again = (await handler(event({ 'if-none-match': etag }), lambdaContext)) as APIGatewayProxyStructuredResultV2;
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers?.etag).toBe(etag);
  });

  it('maps an unknown id to NOT_FOUND and a bad body to a 400', async () => {
    const notFound = await invoke(createHttpApiEvent({ body: { query: '{ node(id: "luton/operation:none") { id } }' } }));
    expect(notFound.json.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const bad = await invoke(createHttpApiEvent({ body: { query: '{ node(id: ' } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a cross-site simple GET that could be a CSRF attempt', async () => {
    const result = await invoke(createHttpApiEvent({ method: 'GET', query: { query: '{ datasets { name } }' }, headers: { 'content-type': 'text/plain' } }));
    expect(result.statusCode).toBe(400);
  });

  it('refuses every bearer token when the stack configured no user pool, rather than answering as anonymous', async () => {
    const result = await invoke(createHttpApiEvent({ body: { query: '{ viewer { role } }' }, headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } }));
    expect([result.statusCode, result.json.errors?.[0]?.extensions?.code, result.json.data]).toEqual([401, 'UNAUTHENTICATED', undefined]);
    const anonymous = await invoke(createHttpApiEvent({ body: { query: '{ viewer { role signedIn } }' } }));
    expect(anonymous.json.data).toEqual({ viewer: { role: 'PUBLIC', signedIn: false } });
  });

  it('refuses introspection by default, as in production', async () => {
    const result = await invoke(createHttpApiEvent({ body: { query: '{ __schema { types { name } } }' } }));
    expect([result.statusCode, result.json.errors?.[0]?.extensions?.code]).toEqual([400, 'GRAPHQL_VALIDATION_FAILED']);
    // Nor do error messages suggest field names.
    const typo = await invoke(createHttpApiEvent({ body: { query: '{ node(id: "luton/operation:octans") { lable } }' } }));
    expect(JSON.stringify(typo.json)).not.toMatch(/Did you mean/);
  });

  it('refuses a body over 100,000 bytes with 413 REQUEST_TOO_LARGE before parsing it', async () => {
    const padded = { query: `{ datasets { name } } # ${'x'.repeat(MAX_REQUEST_BODY_BYTES)}` };
    const result = await invoke(createHttpApiEvent({ body: padded }));
    expect([result.statusCode, result.json.errors?.[0]?.extensions?.code]).toEqual([413, 'REQUEST_TOO_LARGE']);
    const encoded = createHttpApiEvent({ body: padded });
    const base64 = await invoke({ ...encoded, body: Buffer.from(encoded.body!).toString('base64'), isBase64Encoded: true });
    expect(base64.statusCode).toBe(413);
  });

  it('accepts a body of exactly 100,000 bytes', async () => {
    const event = createHttpApiEvent({ body: { query: '{ datasets { name } }' } });
    const body = event.body!.replace(/}$/, `,"extensions":{"pad":"${'x'.repeat(MAX_REQUEST_BODY_BYTES - event.body!.length - ',"extensions":{"pad":""}'.length)}"}}`);
    expect(Buffer.byteLength(body)).toBe(MAX_REQUEST_BODY_BYTES);
    const result = await invoke({ ...event, body });
    expect(result.statusCode).toBe(200);
  });

  it('answers RESPONSE_TOO_LARGE with 400 when the response would pass the budget', async () => {
    const result = await invoke(createHttpApiEvent({ body: { query: '{ trace(from: "luton/resolution:cdc-2019-03-05-09-iii", maxDepth: 10) { nodes { id label sources { quote locator } } edges { type sources { quote locator } } } }' } }));
    expect([result.statusCode, result.json.errors?.[0]?.extensions?.code]).toEqual([400, 'RESPONSE_TOO_LARGE']);
    expect(result.json.data).toBeUndefined();
    expect(result.body!.length).toBeLessThan(RESPONSE_BUDGET);
  });
});
