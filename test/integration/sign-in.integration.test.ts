/**
 * Signing in to the local server: the dev issuer's tokens are verified for real
 * (aws-jwt-verify's JwtRsaVerifier, keys fetched from the server's own JWKS), the role
 * is decided once per request, and a bad token is refused with 401 UNAUTHENTICATED,
 * never served as anonymous.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devIssuerFromKey, DEV_AUDIENCE, DEV_ISSUER, type DevIssuer } from '../../functions/local/dev-issuer.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';
import { createTestKey, nowSeconds, signJwt, unsignedJwt, type TestKey } from '../fixtures/tokens.js';

let stack: LocalStack;
let issuerDir: string;
/** The stack's own key, read back from the folder it was kept in. */
let stackKey: TestKey;

beforeAll(async () => {
  issuerDir = await mkdtemp(path.join(tmpdir(), 'dev-issuer-'));
  stack = await startLocalStack({ port: 0, dataDir: null, issuerDir, datasetDir: MINI_DATASET_DIR, tableName: 'sign-in-test' });
  const privateKey = createPrivateKey(await readFile(path.join(issuerDir, 'signing-key.pem'), 'utf8'));
  const [jwk] = stack.devIssuer.jwks.keys;
  stackKey = { privateKey, kid: stack.devIssuer.kid, jwk: jwk! };
});

afterAll(async () => {
  await stack?.close();
  if (issuerDir) await rm(issuerDir, { recursive: true, force: true });
});

const VIEWER = '{ viewer { role signedIn } }';

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: { viewer?: { role: string; signedIn: boolean } } | null; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function ask(authorization?: string, init: { method?: 'GET' | 'POST'; query?: string } = {}): Promise<Answer> {
  const query = init.query ?? VIEWER;
  const headers: Record<string, string> = { ...(authorization === undefined ? {} : { authorization }) };
  const response =
    init.method === 'GET'
      ? await fetch(`${stack.url}?query=${encodeURIComponent(query)}`, { headers: { ...headers, 'apollo-require-preflight': 'true' } })
      : await fetch(stack.url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

function expectRefused(answer: Answer): void {
  expect(answer.status).toBe(401);
  expect(answer.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(answer.body.data).toBeUndefined();
  expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="scrutiny-graph"/);
  expect(answer.headers.get('cache-control')).toBe('private, no-store');
}

const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: DEV_ISSUER,
  aud: DEV_AUDIENCE,
  client_id: DEV_AUDIENCE,
  token_use: 'access',
  sub: 'fictional-officer',
  'cognito:groups': ['officer'],
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
  ...overrides,
});

describe('signing in to the local server', () => {
  it('answers a request without Authorization as anonymous', async () => {
    const answer = await ask();
    expect(answer.status).toBe(200);
    expect(answer.body.data?.viewer).toEqual({ role: 'PUBLIC', signedIn: false });
  });

  it("answers a dev issuer's officer token as an officer", async () => {
    const answer = await ask(`Bearer ${stack.devIssuer.sign({ role: 'officer' })}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data?.viewer).toEqual({ role: 'OFFICER', signedIn: true });
  });

  it('answers an editor token as an editor, and a token in no group as signed-in public', async () => {
    expect((await ask(`Bearer ${stack.devIssuer.sign({ role: 'editor' })}`)).body.data?.viewer).toEqual({ role: 'EDITOR', signedIn: true });
    expect((await ask(`Bearer ${stack.devIssuer.sign({ role: 'public' })}`)).body.data?.viewer).toEqual({ role: 'PUBLIC', signedIn: true });
  });

  it('refuses a token forged with another key under the issuer key id', async () => {
    const forger = createTestKey();
    expectRefused(await ask(`Bearer ${signJwt(forger, claims(), { kid: stack.devIssuer.kid })}`));
  });

  it('refuses an expired token from the right key', async () => {
    const yesterday: DevIssuer = devIssuerFromKey(stackKey.privateKey, () => Date.now() - 86_400_000);
    expectRefused(await ask(`Bearer ${yesterday.sign({ role: 'officer' })}`));
  });

  it('refuses a token for another audience or from another issuer, though signed with the right key', async () => {
    expectRefused(await ask(`Bearer ${signJwt(stackKey, claims({ aud: 'another-app' }))}`));
    expectRefused(await ask(`Bearer ${signJwt(stackKey, claims({ iss: 'urn:elsewhere' }))}`));
  });

  it('refuses malformed and unsigned (alg none) tokens', async () => {
    expectRefused(await ask('Bearer not.a.token'));
    expectRefused(await ask(`Bearer ${unsignedJwt(claims({ 'cognito:groups': ['editor'] }), stack.devIssuer.kid)}`));
    expectRefused(await ask('Basic b2ZmaWNlcjpvZmZpY2Vy'));
  });

  it("gives a refusal the caller's request id, like every other answer", async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.token', 'x-request-id': 'req-sign-in-1' }, body: JSON.stringify({ query: VIEWER }) });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('req-sign-in-1');
  });

  it('refuses a bad token before running anything, even a query that would fail on its own', async () => {
    expectRefused(await ask('Bearer not.a.token', { query: '{ node(id: "operation:none") { id } }' }));
  });

  it('keeps a signed-in GET out of every shared cache, while the same anonymous GET is public', async () => {
    const anonymous = await ask(undefined, { method: 'GET' });
    expect(anonymous.headers.get('cache-control')).toBe('public, max-age=60');
    const signedIn = await ask(`Bearer ${stack.devIssuer.sign({ role: 'officer' })}`, { method: 'GET' });
    expect(signedIn.body.data?.viewer).toEqual({ role: 'OFFICER', signedIn: true });
    expect(signedIn.headers.get('cache-control')).toBe('private, no-store');
    expect(signedIn.headers.get('etag')).toBeNull();
  });

  it('serves the public half of its key at /.well-known/jwks.json, and nothing private', async () => {
    const response = await fetch(new URL('/.well-known/jwks.json', stack.url));
    const jwks = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.map((k) => [k.kid, k.alg, k.use, k.kty])).toEqual([[stack.devIssuer.kid, 'RS256', 'sig', 'RSA']]);
    expect(Object.keys(jwks.keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('keeps its key readable by its owner only', async () => {
    expect((await stat(path.join(issuerDir, 'signing-key.pem'))).mode & 0o077).toBe(0);
  });
});
