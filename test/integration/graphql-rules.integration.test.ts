/**
 * Rules of the GraphQL API that the curated slice cannot pin down on its own: delivery
 * evidence of each kind, search paging across many pages, and what a client sees of an
 * internal failure. Runs the real server (Apollo with its formatError and validation)
 * over the adapter and the embedded engine, on a small graph of fictional nodes.
 */
import type { TableClient } from '../../functions/storage/table-client.js';
import { aroundCalls } from '../fixtures/table-calls.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { testDataset } from '../fixtures/datasets.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createEdge, createNode } from '../fixtures/graph-builders.js';

// Fictional nodes: none of these requests, actions or meetings exist in the source.
const required = { followUp: 'required' };
const NODES: GraphNode[] = [
  createNode('fictional/recommendation:fictional-progress-only', required),
  createNode('fictional/recommendation:fictional-report-back-only', required),
  createNode('fictional/resolution:fictional-taken-up-only', required),
  createNode('fictional/resolution:fictional-nothing-recorded', required),
  createNode('fictional/resolution:fictional-asked-nothing', { followUp: 'none' }),
  createNode('fictional/progress:fictional-update'),
  createNode('fictional/action:fictional-work'),
  createNode('fictional/agenda-item:fictional-item'),
  createNode('fictional/organisation:fictional-body'),
  createNode('fictional/document:fictional-pack', { title: 'Fictional pack' }),
  // The document every fixture citation names.
  createNode('luton/document:test'),
  // Enough matches for several pages of a search.
  ...Array.from({ length: 23 }, (_, i) => createNode(`fictional/place:fictional-harbour-${String(i).padStart(2, '0')}`, { name: `Harbour ward ${i}` })),
];
const EDGES: GraphEdge[] = [
  createEdge('fictional/progress:fictional-update', 'PROGRESS_OF', 'fictional/recommendation:fictional-progress-only'),
  createEdge('fictional/recommendation:fictional-report-back-only', 'REPORTED_AT', 'fictional/agenda-item:fictional-item'),
  createEdge('fictional/action:fictional-work', 'TAKES_UP', 'fictional/resolution:fictional-taken-up-only'),
  // Addressed to a body: not evidence of delivery.
  createEdge('fictional/resolution:fictional-nothing-recorded', 'ADDRESSED_TO', 'fictional/organisation:fictional-body'),
  {
    ...createEdge('fictional/action:fictional-work', 'LED_BY', 'fictional/organisation:fictional-body'),
    props: { basis: 'inferred', rationale: 'Fictional: matched by name.', role: 'Fictional lead', note: 'Fictional note.', validFrom: '2019-04', validTo: '2020-03' },
    sources: [{ document: 'fictional/document:fictional-pack', quote: 'Fictional words', lines: [3, 4], page: '17' }],
  },
];

let engine: LocalEngine;
let doc: TableClient;
let store: DynamoGraphStore;
const server = createGraphServer();

async function run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, onStore: DynamoGraphStore = store) {
  const response = await server.executeOperation({ query, variables }, { contextValue: createRequestContext(onStore) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

beforeAll(async () => {
  engine = await startLocalEngine();
  const client = createDynamoDbClient({ endpoint: engine.endpoint });
  await ensureTable(client, 'graph-rules');
  doc = createTableClient({ endpoint: engine.endpoint });
  store = new DynamoGraphStore(doc, 'graph-rules');
  // The fictional nodes are one dataset; the document every fixture citation names is in `luton`'s namespace, so it is loaded as its own.
  const own = (id: string) => id.startsWith('fictional/');
  await loadGraph(store, { nodes: NODES.filter((n) => !own(n.id)), edges: [] }, testDataset('rules-documents'));
  await loadGraph(store, { nodes: NODES.filter((n) => own(n.id)), edges: EDGES }, testDataset('rules', 'fictional', { fictional: true }));
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await engine?.close();
});

describe('delivery', () => {
  it('counts a progress update alone, a report-back alone or a taking-up alone as recorded delivery', async () => {
    const result = await run<Record<string, { delivery: string }>>(`{
      progress: node(id: "fictional/recommendation:fictional-progress-only") { ... on Recommendation { delivery } }
      reportBack: node(id: "fictional/recommendation:fictional-report-back-only") { ... on Recommendation { delivery } }
      takenUp: node(id: "fictional/resolution:fictional-taken-up-only") { ... on Resolution { delivery } }
      nothing: node(id: "fictional/resolution:fictional-nothing-recorded") { ... on Resolution { delivery } }
      notAsked: node(id: "fictional/resolution:fictional-asked-nothing") { ... on Resolution { delivery } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      progress: { delivery: 'RECORDED' },
      reportBack: { delivery: 'RECORDED' },
      takenUp: { delivery: 'RECORDED' },
      nothing: { delivery: 'NOT_RECORDED' },
      notAsked: { delivery: 'NOT_REQUIRED' },
    });
  });
});

describe('relationships', () => {
  const RELATIONSHIPS = `query ($id: ID!, $direction: RelationshipDirection, $types: [EdgeType!]) {
    node(id: $id) { relationships(direction: $direction, types: $types) { type from { id } to { id } } }
  }`;
  const of = async (variables: Record<string, unknown>) => {
    const result = await run<{ node: { relationships: Array<{ type: string; from: { id: string }; to: { id: string } }> } }>(RELATIONSHIPS, variables);
    expect(result.errors).toBeUndefined();
    return result.data!.node.relationships.map((r) => `${r.from.id} ${r.type} ${r.to.id}`).sort();
  };

  it('lists outgoing, incoming or both directions, optionally of some types only', async () => {
    const id = 'fictional/action:fictional-work';
    const out = ['fictional/action:fictional-work LED_BY fictional/organisation:fictional-body', 'fictional/action:fictional-work TAKES_UP fictional/resolution:fictional-taken-up-only'];
    expect(await of({ id, direction: 'OUTGOING' })).toEqual(out);
    expect(await of({ id: 'fictional/organisation:fictional-body', direction: 'INCOMING' })).toEqual(['fictional/action:fictional-work LED_BY fictional/organisation:fictional-body', 'fictional/resolution:fictional-nothing-recorded ADDRESSED_TO fictional/organisation:fictional-body']);
    expect(await of({ id: 'fictional/organisation:fictional-body', direction: 'OUTGOING' })).toEqual([]);
    expect(await of({ id })).toEqual(out);
    expect(await of({ id: 'fictional/organisation:fictional-body', types: ['LED_BY'] })).toEqual(['fictional/action:fictional-work LED_BY fictional/organisation:fictional-body']);
  });

  it('refuses an unknown relationship type before running, naming the value and the EdgeType enum', async () => {
    const result = await run(RELATIONSHIPS, { id: 'fictional/action:fictional-work', types: ['LED_BY', 'LIKES'] });
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]).toMatchObject({ message: expect.stringMatching(/"LIKES".*"EdgeType"/), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('gives a relationship its basis, dates, role, rationale, note and citations, and null where none is recorded', async () => {
    const result = await run<{ node: { relationships: Array<Record<string, unknown>> } }>(`{
      node(id: "fictional/action:fictional-work") {
        relationships(direction: OUTGOING) {
          type basis role rationale note validFrom validTo observedOn lastObservedOn
          sources { quote locator page lines { first last } document { id } }
        }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const [ledBy, takesUp] = result.data!.node.relationships.sort((a, b) => String(a.type).localeCompare(String(b.type)));
    expect(ledBy).toEqual({
      type: 'LED_BY', basis: 'INFERRED', role: 'Fictional lead', rationale: 'Fictional: matched by name.', note: 'Fictional note.', validFrom: '2019-04', validTo: '2020-03', observedOn: null, lastObservedOn: null,
      sources: [{ quote: 'Fictional words', locator: 'page 17, lines 3-4', page: '17', lines: { first: 3, last: 4 }, document: { id: 'fictional/document:fictional-pack' } }],
    });
    expect(takesUp).toMatchObject({ type: 'TAKES_UP', basis: 'STATED', role: null, rationale: null, note: null, validFrom: null });
  });
});

describe('nodesById', () => {
  it('returns the nodes in the order asked, null where none exists', async () => {
    const result = await run<{ nodesById: Array<{ id: string } | null> }>(`{ nodesById(ids: ["fictional/place:fictional-harbour-02", "fictional/place:fictional-nowhere", "fictional/action:fictional-work"]) { id } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.nodesById).toEqual([{ id: 'fictional/place:fictional-harbour-02' }, null, { id: 'fictional/action:fictional-work' }]);
  });

  it('refuses a malformed id, naming the argument, and reports a missing node by its id', async () => {
    const malformed = await run(`{ nodesById(ids: ["fictional/place:fictional-harbour-02", "harbour"]) { id } }`);
    expect(malformed.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'ids' });
    const missing = await run(`{ node(id: "fictional/place:fictional-nowhere") { id } }`);
    expect(missing.errors?.[0]).toMatchObject({ message: 'No node has id "fictional/place:fictional-nowhere".', extensions: { code: 'NOT_FOUND', id: 'fictional/place:fictional-nowhere' } });
  });
});

describe('search paging', () => {
  const SEARCH = `query ($after: String) { search(text: "harbour", first: 5, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
  interface SearchPage {
    search: { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  }

  it('walks every page once: no match repeated or skipped, and as many as totalCount', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let totalCount = -1;
    do {
      const result: { data?: SearchPage } = await run<SearchPage>(SEARCH, { after });
      const page = result.data!.search;
      totalCount = page.totalCount;
      seen.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      expect(++pages).toBeLessThanOrEqual(10);
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(NODES.filter((n) => n.id.startsWith('fictional/place:fictional-harbour')).map((n) => n.id));
    expect(totalCount).toBe(23);
    expect(pages).toBe(5);
  });

  it('says there is no next page on a page that ends exactly at the last match', async () => {
    const result = await run<SearchPage>(`{ search(text: "harbour", first: 23) { nodes { id } pageInfo { hasNextPage } } }`);
    expect(result.data?.search.nodes).toHaveLength(23);
    expect(result.data?.search.pageInfo.hasNextPage).toBe(false);
  });
});

describe('internal errors', () => {
  it('answers INTERNAL_SERVER_ERROR with neither the message nor a stack of a storage failure', async () => {
    const secret = 'User arn:aws:sts::123456789012:assumed-role/fictional is not authorized on table graph-rules';
    const failing = new DynamoGraphStore(
      aroundCalls(doc, async () => {
        throw new Error(secret);
      }),
      'graph-rules',
    );
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const result = await run(`{ node(id: "fictional/place:fictional-harbour-01") { id } }`, undefined, failing);
      expect(result.errors).toEqual([{ message: 'Internal server error', path: ['node'], locations: [{ line: 1, column: 3 }], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(result)).not.toMatch(/arn:aws|authorized|graph-rules|stacktrace|\.ts:\d+/);
    } finally {
      logged.mockRestore();
    }
  });
});
