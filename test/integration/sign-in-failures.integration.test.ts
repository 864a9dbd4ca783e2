/**
 * What the API says and logs when the viewer cannot be decided: a refused token is the
 * caller's doing (401, not logged as a failure); sign-in keys that cannot be fetched are
 * the application's (503, retryable, logged with the correlation id). Either answer
 * carries the request's x-request-id.
 */
import { HeaderMap } from '@apollo/server';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jwksVerifier, loopbackFetcher, viewerFromAuthorization, type TokenVerifier } from '../../functions/graphql/authentication.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import type { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { createTestKey, jwksOf, nowSeconds, serveJwks, signJwt, type TestKey } from '../fixtures/tokens.js';

const ISSUER = 'urn:test:issuer';
const AUDIENCE = 'test-audience';
const server = createGraphServer({ observability: { logger: new Logger({ serviceName: 'graphql' }) } });
let key: TestKey;
let unreachable: TokenVerifier;

beforeAll(async () => {
  await server.start();
  key = createTestKey();
  const gone = await serveJwks(jwksOf(key));
  await gone.close();
  unreachable = jwksVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUri: gone.url, fetcher: loopbackFetcher });
});

afterAll(async () => {
  await server.stop();
});

async function ask(authorization: string, requestId: string) {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query: '{ viewer { role } }' } },
      context: async () => createRequestContext({} as DynamoGraphStore, requestId, await viewerFromAuthorization(authorization, unreachable, requestId)),
    });
    const body = result.body.kind === 'complete' ? (JSON.parse(result.body.string) as { data?: unknown; errors?: Array<{ extensions?: Record<string, unknown> }> }) : {};
    const logs = written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    return { status: result.status, headers: result.headers, body, logs };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const claims = () => ({ iss: ISSUER, aud: AUDIENCE, sub: 'fictional-user', token_use: 'access', exp: nowSeconds() + 600 });

describe('when the viewer cannot be decided', () => {
  it('answers 503 SERVICE_UNAVAILABLE, retryable, when the sign-in keys cannot be fetched, and logs it with the correlation id', async () => {
    const answer = await ask(`Bearer ${signJwt(key, claims())}`, 'req-keys-gone');
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('x-request-id')).toBe('req-keys-gone');
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(answer.logs.find((line) => line.correlation_id === 'req-keys-gone')).toMatchObject({ level: 'WARN', code: 'SERVICE_UNAVAILABLE' });
  });

  it('answers a refused token 401 with the correlation id, and logs no failure', async () => {
    const answer = await ask('Basic b2ZmaWNlcjpvZmZpY2Vy', 'req-refused');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('x-request-id')).toBe('req-refused');
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(answer.logs.filter((line) => line.level === 'WARN' || line.level === 'ERROR')).toEqual([]);
  });
});
