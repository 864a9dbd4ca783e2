/**
 * The local server applies the deployed API's CORS policy to the origins it is given:
 * preflights from an admitted origin are answered with the policy, others get no CORS
 * headers, and answers to admitted origins name that origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORS_POLICY } from '../../functions/graphql/cors.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

const FRONT_END = 'http://localhost:5173';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'cors-test', allowedOrigins: [FRONT_END] });
});

afterAll(async () => {
  await stack?.close();
});

const preflight = (origin: string, method = 'POST', headers = 'content-type') =>
  fetch(stack.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

describe('CORS on the local server', () => {
  it('answers a preflight from an admitted origin with 204 and the API policy', async () => {
    const response = await preflight(FRONT_END);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-allow-methods')).toBe(CORS_POLICY.allowMethods.join(', '));
    expect(response.headers.get('access-control-allow-headers')).toBe(CORS_POLICY.allowHeaders.join(', '));
    expect(response.headers.get('access-control-max-age')).toBe('3600');
  });

  it('gives no CORS headers to a preflight from another origin, or for a header outside the policy', async () => {
    const foreign = await preflight('http://localhost:8080');
    expect(foreign.status).toBe(204);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const otherHeader = await preflight(FRONT_END, 'POST', 'content-type, x-made-up');
    expect(otherHeader.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('admits a front end that signs in: the preflight allows the Authorization header', async () => {
    const response = await preflight(FRONT_END, 'POST', 'content-type, authorization');
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/\bauthorization\b/);
  });

  it('names the admitted origin on the answer, exposes the ETag and the sign-in challenge, and varies by Origin', async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { origin: FRONT_END, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name } }' }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(FRONT_END);
    expect(response.headers.get('access-control-expose-headers')).toBe('etag, www-authenticate');
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });

  it('adds nothing for a request from an origin not admitted', async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { origin: 'http://evil.localhost', 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name } }' }) });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
