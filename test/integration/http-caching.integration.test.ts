/**
 * Public reads are cacheable over HTTP: an anonymous GET query gets Cache-Control with a
 * short max-age and an ETag from the dataset versions, and revalidates to 304; POST,
 * errors and requests with credentials are never stored. Persisted queries by GET cache too.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';
import { registryGraph, REGISTRY } from '../fixtures/namespaced-datasets.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'http-caching-test' });
});

afterAll(async () => {
  await stack?.close();
});

const QUERY = '{ node(id: "luton/operation:octans") { id label } }';

function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${stack.url}?${new URLSearchParams(params)}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
}

describe('an anonymous GET query', () => {
  it('is public for a short time, with a weak ETag', async () => {
    const response = await get({ query: QUERY });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('etag')).toMatch(/^W\/"[\w-]{20,}"$/);
    expect(((await response.json()) as { data: unknown }).data).toEqual({ node: { id: 'luton/operation:octans', label: 'Operation Octans' } });
  });

  it('answers 304 with no body when If-None-Match holds its current ETag', async () => {
    const first = await get({ query: QUERY });
    const etag = first.headers.get('etag')!;
    const again = await get({ query: QUERY }, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await again.text()).toBe('');
  });

  it('gets a different ETag for a different query, and a full answer for a stale validator', async () => {
    const a = (await get({ query: QUERY })).headers.get('etag');
    const b = (await get({ query: '{ node(id: "luton/place:high-town") { label } }' })).headers.get('etag');
    expect(a).not.toBe(b);
    const stale = await get({ query: QUERY }, { 'if-none-match': b! });
    expect(stale.status).toBe(200);
  });

  it('is not marked cacheable when it fails', async () => {
    const response = await get({ query: '{ node(id: "luton/operation:none") { id } }' });
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('NOT_FOUND');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });
});

describe('requests that must not be stored', () => {
  it('a POST query is no-store', async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY }) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });

  it('a GET with credentials is private, no-store, and never 304 on a public validator', async () => {
    const etag = (await get({ query: QUERY })).headers.get('etag')!;
    const response = await get({ query: QUERY }, { authorization: `Bearer ${stack.devIssuer.sign({ role: 'officer' })}`, 'if-none-match': etag });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('etag')).toBeNull();
  });

  it('a GET with a refused token is private, no-store and carries no validator either', async () => {
    const etag = (await get({ query: QUERY })).headers.get('etag')!;
    const response = await get({ query: QUERY }, { authorization: 'Bearer fictional-token', 'if-none-match': etag });
    expect(response.status).toBe(401);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('etag')).toBeNull();
  });
});

describe('a persisted query by GET', () => {
  const query = '{ node(id: "luton/place:high-town") { id label } }';
  const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } });

  it('is cacheable by its hash once registered, and not while unknown', async () => {
    const unknown = await get({ extensions });
    expect(JSON.stringify(await unknown.json())).toContain('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.headers.get('cache-control')).toBe('no-store');

    expect((await get({ query, extensions })).status).toBe(200);
    const byHash = await get({ extensions });
    expect(byHash.status).toBe(200);
    expect(byHash.headers.get('cache-control')).toBe('public, max-age=60');
    expect(((await byHash.json()) as { data: unknown }).data).toEqual({ node: { id: 'luton/place:high-town', label: 'High Town' } });
    expect((await get({ extensions }, { 'if-none-match': byHash.headers.get('etag')! })).status).toBe(304);
  });
});

describe('the ETag', () => {
  it('changes when the loaded datasets change, so a cached answer is not revalidated past a reload', async () => {
    const before = (await get({ query: QUERY })).headers.get('etag')!;
    await loadGraph(stack.store, registryGraph(), REGISTRY);
    const after = await get({ query: QUERY }, { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
  });
});
