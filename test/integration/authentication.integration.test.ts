/**
 * Deciding the viewer from a bearer token, with tokens really signed and really
 * verified by aws-jwt-verify: the generic RS256 verifier the local server uses (keys
 * fetched over loopback HTTP), and the Cognito verifier the Lambda uses, whose key
 * endpoint (AWS itself) is the only thing stood in for.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../functions/core/access.js';
import { cognitoVerifier, jwksVerifier, loopbackFetcher, viewerFromAuthorization, type TokenVerifier } from '../../functions/graphql/authentication.js';
import { cognitoAccessClaims, createTestKey, jwksOf, nowSeconds, serveJwks, signJwt, unsignedJwt, type TestKey } from '../fixtures/tokens.js';

const ISSUER = 'urn:test:issuer';
const AUDIENCE = 'test-audience';

let key: TestKey;
let otherKey: TestKey;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let verifier: TokenVerifier;

beforeAll(async () => {
  key = createTestKey();
  otherKey = createTestKey();
  jwks = await serveJwks(jwksOf(key));
  verifier = jwksVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: jwks.url, fetcher: loopbackFetcher });
});

afterAll(async () => {
  await jwks?.close();
});

const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'fictional-user-1',
  token_use: 'access',
  'cognito:groups': ['officer'],
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
  ...overrides,
});
const bearer = (token: string) => `Bearer ${token}`;

/** The refusal a client sees: UNAUTHENTICATED, 401 and a Bearer challenge. */
async function refusal(header: string, using: TokenVerifier | null = verifier) {
  const error = await viewerFromAuthorization(header, using ?? undefined).then(
    (viewer) => {
      throw new Error(`expected a refusal, got the viewer ${JSON.stringify(viewer)}`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GraphQLError);
  const { code, http } = (error as GraphQLError).extensions as { code: string; http: { status: number; headers: Map<string, string> } };
  expect(code).toBe('UNAUTHENTICATED');
  expect(http.status).toBe(401);
  expect(http.headers.get('cache-control')).toBe('private, no-store');
  return { message: (error as GraphQLError).message, challenge: http.headers.get('www-authenticate') ?? '' };
}

describe('viewerFromAuthorization with the generic RS256 verifier', () => {
  it('makes a request without an Authorization header anonymous, without consulting any key', async () => {
    const before = jwks.fetches();
    expect(await viewerFromAuthorization(undefined, verifier)).toBe(ANONYMOUS);
    expect(await viewerFromAuthorization(undefined, undefined)).toBe(ANONYMOUS);
    expect(jwks.fetches()).toBe(before);
  });

  it('makes a valid officer token an officer viewer with its subject', async () => {
    expect(await viewerFromAuthorization(bearer(signJwt(key, claims())), verifier)).toEqual({ role: 'officer', subject: 'fictional-user-1' });
  });

  it('reads the scheme case-insensitively, as HTTP does', async () => {
    expect((await viewerFromAuthorization(`bearer ${signJwt(key, claims())}`, verifier)).role).toBe('officer');
  });

  it('lets the strongest group win: an editor who is also an officer is an editor', async () => {
    expect((await viewerFromAuthorization(bearer(signJwt(key, claims({ 'cognito:groups': ['officer', 'editor'] }))), verifier)).role).toBe('editor');
  });

  it('makes a valid token in no known group a signed-in public viewer, not an anonymous one', async () => {
    const viewer = await viewerFromAuthorization(bearer(signJwt(key, claims({ 'cognito:groups': ['auditors'] }))), verifier);
    expect(viewer).toEqual({ role: 'public', subject: 'fictional-user-1' });
    const withoutClaim = await viewerFromAuthorization(bearer(signJwt(key, claims({ 'cognito:groups': undefined }))), verifier);
    expect(withoutClaim).toEqual({ role: 'public', subject: 'fictional-user-1' });
  });

  it('grants nothing for a groups claim that is not a list', async () => {
    expect((await viewerFromAuthorization(bearer(signJwt(key, claims({ 'cognito:groups': 'officer' }))), verifier)).role).toBe('public');
  });

  it('refuses a token signed by another key under the issuer key id (forged)', async () => {
    const { message, challenge } = await refusal(bearer(signJwt(otherKey, claims(), { kid: key.kid })));
    expect(message).toMatch(/signature does not verify/);
    expect(challenge).toMatch(/^Bearer realm="scrutiny-graph", error="invalid_token", error_description="The bearer token's signature does not verify/);
  });

  it('refuses a token whose signature was altered', async () => {
    const token = signJwt(key, claims());
    const tampered = `${token.slice(0, -4)}${token.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect((await refusal(bearer(tampered))).message).toMatch(/signature does not verify/);
  });

  it('refuses a token whose claims were changed after signing (a public caller promoting itself)', async () => {
    const [header, , signature] = signJwt(key, claims({ 'cognito:groups': [] })).split('.');
    const promoted = `${header}.${Buffer.from(JSON.stringify(claims({ 'cognito:groups': ['editor'] }))).toString('base64url')}.${signature}`;
    expect((await refusal(bearer(promoted))).message).toMatch(/signature does not verify/);
  });

  it('refuses a token signed by a key the issuer never published', async () => {
    expect((await refusal(bearer(signJwt(otherKey, claims())))).message).toMatch(/signature does not verify/);
  });

  it('refuses an expired token, and accepts one expiring within the clock grace', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ exp: nowSeconds() - 60 }))))).message).toMatch(/has expired/);
    expect((await viewerFromAuthorization(bearer(signJwt(key, claims({ exp: nowSeconds() - 1 }))), verifier)).role).toBe('officer');
  });

  it('refuses a token not valid yet', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ nbf: nowSeconds() + 300 }))))).message).toMatch(/not valid yet/);
  });

  it('refuses a token that never expires', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ exp: undefined }))))).message).toMatch(/no expiry/);
  });

  it('refuses a token for another audience', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ aud: 'another-app' }))))).message).toMatch(/for another application/);
  });

  it('refuses a token from another issuer, even one signed with a published key', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ iss: 'urn:test:elsewhere' }))))).message).toMatch(/another issuer/);
  });

  it('refuses an ID token where an access token is expected', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ token_use: 'id' }))))).message).toMatch(/not an access token/);
  });

  it('refuses a token without a subject', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ sub: undefined }))))).message).toMatch(/no subject/);
  });

  it('refuses an unsigned token (alg none), whatever it claims', async () => {
    const { message } = await refusal(bearer(unsignedJwt(claims({ 'cognito:groups': ['editor'] }), key.kid)));
    expect(message).toMatch(/bearer token/);
  });

  it('refuses a token signed with HS256 using the public key as the secret (algorithm confusion)', async () => {
    const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: key.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}`;
    const mac = createHmac('sha256', JSON.stringify(key.jwk)).update(input).digest('base64url');
    expect((await refusal(bearer(`${input}.${mac}`))).message).toMatch(/not signed with an accepted algorithm/);
  });

  it('refuses malformed tokens', async () => {
    for (const token of ['not-a-jwt', 'a.b.c', `${signJwt(key, claims())}.extra`, 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln']) {
      expect((await refusal(bearer(token))).message).toMatch(/bearer token/);
    }
  });

  it('refuses another scheme, an empty header and a bare token with a plain challenge', async () => {
    for (const header of [`Basic ${Buffer.from('officer:secret').toString('base64')}`, '', 'Bearer', 'Bearer ', signJwt(key, claims()), `Bearer ${signJwt(key, claims())}, Bearer x`]) {
      const { message, challenge } = await refusal(header);
      expect(message).toMatch(/must be "Bearer <access token>"/);
      expect(challenge).toBe('Bearer realm="scrutiny-graph"');
    }
  });

  it('refuses every token when no sign-in is configured, rather than reading it as anonymous', async () => {
    expect((await refusal(bearer(signJwt(key, claims())), null)).message).toMatch(/no sign-in configured/);
  });

  it("answers 503 SERVICE_UNAVAILABLE, not a refusal or anonymity, when the issuer's keys cannot be fetched", async () => {
    const closed = await serveJwks(jwksOf(key));
    await closed.close();
    const unreachable = jwksVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: closed.url, fetcher: loopbackFetcher });
    const error = await viewerFromAuthorization(bearer(signJwt(key, claims())), unreachable).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphQLError);
    const extensions = (error as GraphQLError).extensions as { code: string; retryable: boolean; http: { status: number } };
    expect([extensions.code, extensions.retryable, extensions.http.status]).toEqual(['SERVICE_UNAVAILABLE', true, 503]);
  });

  it('fetches keys from loopback only', async () => {
    await expect(loopbackFetcher.fetch('https://example.org/.well-known/jwks.json')).rejects.toThrow(/loopback only/);
    await expect(loopbackFetcher.fetch('http://192.0.2.1/.well-known/jwks.json')).rejects.toThrow(/loopback only/);
    const body = JSON.parse(Buffer.from(await loopbackFetcher.fetch(jwks.url)).toString('utf8')) as { keys: Array<{ kid: string }> };
    expect(body.keys.map((k) => k.kid)).toEqual([key.kid]);
    // Every loopback spelling is allowed (the port is the key server's; [::1] is refused there, not by the check).
    expect(Buffer.from(await loopbackFetcher.fetch(jwks.url.replace('127.0.0.1', 'localhost'))).byteLength).toBeGreaterThan(0);
    await expect(loopbackFetcher.fetch(jwks.url.replace('127.0.0.1', '[::1]'))).rejects.not.toThrow(/loopback only/);
  });

  it('treats a key endpoint answering other than 200 as unreachable: 503, not a refused token', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404);
      response.end('{"keys":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
      await expect(loopbackFetcher.fetch(url)).rejects.toThrow(/Status code is 404, expected 200/);
      const missing = jwksVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: url, fetcher: loopbackFetcher });
      const error = await viewerFromAuthorization(bearer(signJwt(key, claims())), missing).catch((caught: unknown) => caught);
      expect(((error as GraphQLError).extensions as { code: string }).code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('makes a null Authorization header anonymous, and accepts spaces around the token', async () => {
    expect(await viewerFromAuthorization(null, verifier)).toBe(ANONYMOUS);
    expect((await viewerFromAuthorization(`Bearer   ${signJwt(key, claims())}  `, verifier)).role).toBe('officer');
  });

  it('refuses a token with an empty subject', async () => {
    expect((await refusal(bearer(signJwt(key, claims({ sub: '' }))))).message).toBe('The bearer token names no subject (sub): sign in again and send the new access token.');
  });

  it("puts the request's correlation id on a refusal, and no id when it has none", async () => {
    const refused = (correlationId?: string) =>
      viewerFromAuthorization('Basic dXNlcjpwYXNz', verifier, correlationId).then(
        (viewer) => {
          throw new Error(`expected a refusal, got the viewer ${JSON.stringify(viewer)}`);
        },
        (caught: unknown) => ((caught as GraphQLError).extensions as { http: { headers: Map<string, string> } }).http.headers,
      );
    expect((await refused('fictional-request-7')).get('x-request-id')).toBe('fictional-request-7');
    expect((await refused()).has('x-request-id')).toBe(false);
  });
});

describe('the Cognito verifier the Lambda uses', () => {
  const USER_POOL_ID = 'eu-west-2_Fict10nal';
  const CLIENT_ID = 'fictionalclientid0123456789';
  const asked: string[] = [];
  let cognito: TokenVerifier;

  beforeAll(() => {
    // Only AWS is stood in for: the pool's key endpoint answers with the test key.
    const jwksCache = new SimpleJwksCache({
      fetcher: {
        fetch: async (uri: string) => {
          asked.push(uri);
          return loopbackFetcher.fetch(jwks.url);
        },
      },
    });
    cognito = cognitoVerifier({ userPoolId: USER_POOL_ID, clientId: CLIENT_ID, jwksCache });
  });

  it("makes a valid officer access token an officer viewer, with keys from the pool's own JWKS address", async () => {
    const viewer = await viewerFromAuthorization(bearer(signJwt(key, cognitoAccessClaims(USER_POOL_ID, CLIENT_ID))), cognito);
    expect(viewer).toEqual({ role: 'officer', subject: 'c0ffee00-fictional-officer' });
    expect(asked).toContain(`https://cognito-idp.eu-west-2.amazonaws.com/${USER_POOL_ID}/.well-known/jwks.json`);
  });

  it('refuses an access token of another app client', async () => {
    expect((await refusal(bearer(signJwt(key, cognitoAccessClaims(USER_POOL_ID, 'anotherclient'))), cognito)).message).toMatch(/for another application/);
  });

  it('refuses a token of another user pool', async () => {
    const claims = cognitoAccessClaims(USER_POOL_ID, CLIENT_ID, { iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Other0000' });
    expect((await refusal(bearer(signJwt(key, claims)), cognito)).message).toMatch(/another issuer/);
  });

  it('refuses the ID token, which is for the front end, not the API', async () => {
    const claims = cognitoAccessClaims(USER_POOL_ID, CLIENT_ID, { token_use: 'id', aud: CLIENT_ID, client_id: undefined });
    expect((await refusal(bearer(signJwt(key, claims)), cognito)).message).toMatch(/not an access token|another application/);
  });

  it('refuses an expired access token', async () => {
    const claims = cognitoAccessClaims(USER_POOL_ID, CLIENT_ID, { exp: nowSeconds() - 120 });
    expect((await refusal(bearer(signJwt(key, claims)), cognito)).message).toMatch(/has expired/);
  });

  it('refuses a forged access token', async () => {
    expect((await refusal(bearer(signJwt(otherKey, cognitoAccessClaims(USER_POOL_ID, CLIENT_ID), { kid: key.kid })), cognito)).message).toMatch(/signature does not verify/);
  });
});
