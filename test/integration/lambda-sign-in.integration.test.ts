/**
 * Signing in on Lambda: the handler verifies Cognito access tokens with
 * aws-jwt-verify's CognitoJwtVerifier for the pool and client the stack gives it. Only
 * AWS is stood in for: the pool's public keys are loaded into the verifier's JWKS cache
 * from a test key pair, whose tokens are really signed and really verified.
 */
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { createHttpApiEvent } from '../fixtures/api-gateway-events.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';
import { cognitoAccessClaims, createTestKey, jwksOf, nowSeconds, signJwt, unsignedJwt, type TestKey } from '../fixtures/tokens.js';

type Handler = (event: ReturnType<typeof createHttpApiEvent>, context: Context) => Promise<APIGatewayProxyResultV2>;

const USER_POOL_ID = 'eu-west-2_Fict10nal';
const CLIENT_ID = 'fictionalclientid0123456789';
const lambdaContext = { functionName: 'graphql', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

let stack: LocalStack;
let handler: Handler;
let poolKey: TestKey;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'lambda-sign-in-test' });
  process.env.TABLE_NAME = 'lambda-sign-in-test';
  process.env.DYNAMODB_ENDPOINT = stack.endpoint;
  process.env.COGNITO_USER_POOL_ID = USER_POOL_ID;
  process.env.COGNITO_CLIENT_ID = CLIENT_ID;
  // The handler builds its verifier at module scope, from the environment, as on Lambda.
  // A run that shares modules between test files (the mutation runs do) may have loaded
  // it already, with another environment; it is loaded afresh.
  vi.resetModules();
  const module = (await import('../../functions/handlers/graphql.js')) as unknown as {
    handler: Handler;
    verifier: { cacheJwks(jwks: unknown): void } | undefined;
  };
  handler = module.handler;
  poolKey = createTestKey();
  module.verifier!.cacheJwks(jwksOf(poolKey));
});

afterAll(async () => {
  delete process.env.COGNITO_USER_POOL_ID;
  delete process.env.COGNITO_CLIENT_ID;
  await stack?.close();
});

async function ask(authorization?: string, method: 'GET' | 'POST' = 'POST') {
  const query = '{ viewer { role signedIn } }';
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const event =
    method === 'GET'
      ? createHttpApiEvent({ method, query: { query }, headers: { ...headers, 'apollo-require-preflight': 'true' } })
      : createHttpApiEvent({ body: { query }, headers });
  const result = (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;
  return { ...result, json: JSON.parse(result.body ?? '{}') as { data?: { viewer: { role: string; signedIn: boolean } }; errors?: Array<{ extensions?: { code?: string } }> } };
}

function expectRefused(result: Awaited<ReturnType<typeof ask>>): void {
  expect(result.statusCode).toBe(401);
  expect(result.json.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(result.json.data).toBeUndefined();
  expect(String(result.headers?.['www-authenticate'])).toMatch(/^Bearer realm="scrutiny-graph"/);
  expect(result.headers?.['cache-control']).toBe('private, no-store');
}

const token = (overrides: Record<string, unknown> = {}, key: TestKey = poolKey, header: Record<string, unknown> = {}) =>
  `Bearer ${signJwt(key, cognitoAccessClaims(USER_POOL_ID, CLIENT_ID, overrides), header)}`;

describe('signing in through the Lambda handler', () => {
  it('answers an event without Authorization as anonymous', async () => {
    const result = await ask();
    expect(result.statusCode).toBe(200);
    expect(result.json.data?.viewer).toEqual({ role: 'PUBLIC', signedIn: false });
  });

  it('answers a Cognito access token of an officer as an officer', async () => {
    const result = await ask(token());
    expect(result.statusCode).toBe(200);
    expect(result.json.data?.viewer).toEqual({ role: 'OFFICER', signedIn: true });
  });

  it('lets the strongest group win, and reads a user in no group as signed-in public', async () => {
    expect((await ask(token({ 'cognito:groups': ['officer', 'editor'] }))).json.data?.viewer).toEqual({ role: 'EDITOR', signedIn: true });
    expect((await ask(token({ 'cognito:groups': undefined }))).json.data?.viewer).toEqual({ role: 'PUBLIC', signedIn: true });
  });

  it("gives a refusal the request's correlation id, like every other answer", async () => {
    const event = createHttpApiEvent({ body: { query: '{ viewer { role } }' }, headers: { authorization: 'Bearer not.a.token' } });
    event.requestContext.requestId = 'apigw-req-7';
    const result = (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['x-request-id']).toBe('apigw-req-7');
  });

  it('refuses a forged token (another key under the pool key id)', async () => {
    expectRefused(await ask(token({}, createTestKey(), { kid: poolKey.kid })));
  });

  it('refuses an expired token', async () => {
    expectRefused(await ask(token({ exp: nowSeconds() - 120 })));
  });

  it('refuses a token of another app client, another pool, or the ID token', async () => {
    expectRefused(await ask(token({ client_id: 'anotherclient' })));
    expectRefused(await ask(token({ iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Other0000' })));
    expectRefused(await ask(token({ token_use: 'id', aud: CLIENT_ID })));
  });

  it('refuses malformed and unsigned (alg none) tokens', async () => {
    expectRefused(await ask('Bearer eyJub3Q.a.jwt'));
    expectRefused(await ask(`Bearer ${unsignedJwt(cognitoAccessClaims(USER_POOL_ID, CLIENT_ID, { 'cognito:groups': ['editor'] }), poolKey.kid)}`));
  });

  it('keeps a signed-in GET private and uncached', async () => {
    const result = await ask(token(), 'GET');
    expect(result.json.data?.viewer.role).toBe('OFFICER');
    expect(result.headers?.['cache-control']).toBe('private, no-store');
    expect(result.headers?.etag).toBeUndefined();
  });
});
