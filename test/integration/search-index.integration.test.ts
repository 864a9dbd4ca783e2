/**
 * Search over the index the loader writes, on the local engine: the same answers as
 * ranking every node in memory, paging that never re-reads an earlier page's hits,
 * totals equal to the hits paged through, requests that do not grow with unrelated
 * nodes, and an index that follows a reload.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import { rankSearch, searchableText } from '../../functions/core/search.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDocumentClient, createDynamoDbClient } from '../../functions/storage/dynamodb-client.js';
import { nodeToItem } from '../../functions/storage/dataset-items.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { nodeKey, searchTermKey } from '../../functions/storage/keys.js';
import { searchIndexItems } from '../../functions/storage/search-index-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createNode } from '../fixtures/graph-builders.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

interface Read {
  command: string;
  /** pk and sk of every item a response carried. */
  keys: string[];
  /** Ids of node items read. */
  nodes: string[];
}

/** A document client that records each request and the keys of the items it returned. */
function recording(doc: DynamoDBDocumentClient, reads: Read[]): DynamoDBDocumentClient {
  const send = doc.send.bind(doc) as (command: unknown) => Promise<Record<string, unknown>>;
  return Object.assign(Object.create(doc), {
    send: async (command: { constructor: { name: string } }) => {
      const response = await send(command);
      const items = [
        ...((response.Items ?? []) as Array<Record<string, unknown>>),
        ...(response.Item ? [response.Item as Record<string, unknown>] : []),
        ...Object.values((response.Responses ?? {}) as Record<string, Array<Record<string, unknown>>>).flat(),
      ];
      reads.push({
        command: command.constructor.name,
        keys: items.filter((i) => i.pk).map((i) => `${i.pk} ${i.sk}`),
        // Node items, whole or projected (a projection of id and text carries no key).
        nodes: items.filter((i) => (i.pk ? String(i.pk).startsWith('N#') && i.sk === '#NODE' : typeof i.search === 'string')).map((i) => i.id as string),
      });
      return response;
    },
  }) as DynamoDBDocumentClient;
}

let engine: LocalEngine;
let doc: DynamoDBDocumentClient;
let curated: Graph;
let tables = 0;
const server = createGraphServer();

beforeAll(async () => {
  engine = await startLocalEngine();
  doc = createDocumentClient(createDynamoDbClient({ endpoint: engine.endpoint }));
  curated = await loadGraphFromDir(CURATED_DATASET_DIR);
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await engine?.close();
});

async function tableWith(graph: Graph, dataset = 'luton-2020') {
  const tableName = `search-${++tables}`;
  await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), tableName);
  const store = new DynamoGraphStore(doc, tableName);
  await loadGraph(store, graph, dataset);
  const reads: Read[] = [];
  const recorded = new DynamoGraphStore(recording(doc, reads), tableName);
  return { store, tableName, reads, recorded };
}

interface SearchPage {
  totalCount: number;
  nodes: Array<{ id: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
}

async function search(store: DynamoGraphStore, text: string, args: { first?: number; after?: string | null; last?: number; before?: string | null } = {}, viewer: Viewer = ANONYMOUS): Promise<SearchPage> {
  const response = await server.executeOperation(
    {
      query: `query ($text: String!, $first: Int, $after: String, $last: Int, $before: String) { search(text: $text, first: $first, after: $after, last: $last, before: $before) { totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`,
      variables: { text, ...args },
    },
    { contextValue: createRequestContext(store, undefined, viewer) },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  const result = response.body.singleResult as { data?: { search: SearchPage }; errors?: unknown };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.search;
}

const inMemory = (text: string, nodes: readonly GraphNode[]) => rankSearch(text, nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, search: searchableText(n) }))).map((h) => h.id);

describe('search over the index, curated graph', () => {
  let store: DynamoGraphStore;
  let recorded: DynamoGraphStore;
  let reads: Read[];
  beforeAll(async () => {
    ({ store, recorded, reads } = await tableWith(curated));
  });

  it.each(['operation octans', 'OCTANS!', 'octens', 'oper oct', 'anti social behavour', 'pedresen', 'high town', 'chlidrens servises', 'octans baker', 'a'])(
    'answers "%s" with the hits and order of ranking every node in memory',
    async (text) => {
      const page = await search(store, text, { first: 100 });
      const expected = inMemory(text, curated.nodes);
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes.map((n) => n.id)).toEqual(expected.slice(0, 100));
    },
  );

  it('reads on page 2 no item of a hit of page 1, and no more requests than page 1', async () => {
    reads.length = 0;
    const first = await search(recorded, '2019', { first: 20 });
    const firstReads = reads.splice(0);
    const second = await search(recorded, '2019', { first: 20, after: first.pageInfo.endCursor });
    const secondReads = reads.splice(0);
    const expected = inMemory('2019', curated.nodes);
    expect(second.nodes.map((n) => n.id)).toEqual(expected.slice(20, 40));
    const pageOne = new Set(first.nodes.map((n) => n.id));
    expect(secondReads.flatMap((r) => r.nodes).filter((id) => pageOne.has(id))).toEqual([]);
    expect(secondReads.flatMap((r) => r.keys).filter((key) => [...pageOne].some((id) => key === `${nodeKey(id).pk} ${nodeKey(id).sk}`))).toEqual([]);
    // Page 1 read its own hits' nodes; page 2 read page 2's.
    expect(firstReads.flatMap((r) => r.nodes).filter((id) => pageOne.has(id)).length).toBe(20);
    expect(new Set(secondReads.flatMap((r) => r.nodes))).toEqual(new Set(expected.slice(20, 40)));
    expect(secondReads.length).toBeLessThanOrEqual(firstReads.length);
  });

  it('counts as totalCount exactly the hits paged through, forwards and backwards', async () => {
    const expected = inMemory('community', curated.nodes);
    expect(expected.length).toBeGreaterThan(50);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: SearchPage = await search(store, 'community', { first: 23, after });
      expect(page.totalCount).toBe(expected.length);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    const backwards: string[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const page: SearchPage = await search(store, 'community', { last: 23, before });
      expect(page.totalCount).toBe(expected.length);
      backwards.unshift(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backwards).toEqual(expected);
  });

  it('refuses a cursor that is not one of a search, naming the argument', async () => {
    const nodesCursor = Buffer.from('id:place:high-town').toString('base64url');
    const notJson = Buffer.from('key:{not json').toString('base64url');
    for (const after of [nodesCursor, notJson, Buffer.from('key:[1,0,3,"x"]').toString('base64url'), Buffer.from('key:[-1,0,3,"x","y"]').toString('base64url')]) {
      const response = await server.executeOperation({ query: `query ($after: String) { search(text: "octans", after: $after) { totalCount } }`, variables: { after } }, { contextValue: createRequestContext(store) });
      const result = (response.body as { singleResult: { errors?: Array<{ extensions?: Record<string, unknown> }> } }).singleResult;
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });
});

/** Fictional nodes sharing no word with the curated searches: "depot" and a made-up code word each. */
function unrelated(count: number): GraphNode[] {
  const code = (i: number) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
  return Array.from({ length: count }, (_, i) => createNode(`place:fictional-depot-${code(i)}`, { name: `Fictional depot ${code(i)}` }));
}

describe('search cost', () => {
  it('makes the same requests and gives the same answer when 10,000 unrelated nodes join the dataset', { timeout: 240_000 }, async () => {
    const small = await tableWith(curated);
    const queries = ['operation octans', 'octens', 'high town'];
    const measure = async (target: { recorded: DynamoGraphStore; reads: Read[] }) => {
      const out: Array<{ ids: string[]; total: number; requests: number; items: number }> = [];
      for (const text of queries) {
        target.reads.length = 0;
        const page = await search(target.recorded, text, { first: 20 });
        out.push({ ids: page.nodes.map((n) => n.id), total: page.totalCount, requests: target.reads.length, items: target.reads.reduce((sum, r) => sum + r.keys.length + r.nodes.length, 0) });
      }
      return out;
    };
    const before = await measure(small);
    const large = await tableWith({ nodes: [...curated.nodes, ...unrelated(10_000)], edges: curated.edges });
    const after = await measure(large);
    expect(after).toEqual(before);
    expect(before.every((m) => m.total > 0)).toBe(true);
  });
});

describe('search after a reload', () => {
  it('no longer finds a node by a word its label lost, finds it by the new one, and drops the unused term', async () => {
    const harbour = createNode('place:fictional-a', { name: 'Saltmarsh quay' });
    const { store, tableName } = await tableWith({ nodes: [harbour, createNode('place:fictional-b', { name: 'Inland' })], edges: [] }, 'fictional');
    expect((await search(store, 'saltmarsh')).nodes.map((n) => n.id)).toEqual(['place:fictional-a']);
    await loadGraph(store, { nodes: [{ ...harbour, label: 'Tidewater quay', props: { ...harbour.props, name: 'Tidewater quay' } }, createNode('place:fictional-b', { name: 'Inland' })], edges: [] }, 'fictional');
    expect(await search(store, 'saltmarsh')).toMatchObject({ totalCount: 0, nodes: [] });
    expect(await search(store, 'saltmarsch')).toMatchObject({ totalCount: 0, nodes: [] });
    expect((await search(store, 'tidewater')).nodes.map((n) => n.id)).toEqual(['place:fictional-a']);
    expect((await search(store, 'quay')).nodes.map((n) => n.id)).toEqual(['place:fictional-a']);
    const gone = await doc.send(new GetCommand({ TableName: tableName, Key: searchTermKey('fictional', 'saltmarsh', 'public') }));
    expect(gone.Item).toBeUndefined();
  });
});

describe('search and visibility', () => {
  it('finds and counts a restricted node for an officer only', async () => {
    const [open, closed] = [createNode('place:fictional-open-harbour', { name: 'Open harbour' }), createNode('place:fictional-closed-harbour', { name: 'Closed harbour' })];
    const { store } = await tableWith({ nodes: [open], edges: [] }, 'fictional');
    // The restricted node and the index a load of both writes.
    await store.writeItems([nodeToItem(closed, { name: 'fictional', version: 'restricted-test' }), ...searchIndexItems({ nodes: [open, closed] }, { name: 'fictional', version: 'restricted-test' }, (node) => (node.id === closed.id ? 'restricted' : 'public'))]);
    const anonymous = await search(store, 'harbour');
    expect(anonymous).toMatchObject({ totalCount: 1, nodes: [{ id: open.id }] });
    const officer = await search(store, 'harbour', {}, { role: 'officer', subject: 'fictional-officer' });
    expect(officer.totalCount).toBe(2);
    expect(officer.nodes.map((n) => n.id).sort()).toEqual([closed.id, open.id].sort());
    expect(await search(store, 'closed')).toMatchObject({ totalCount: 0, nodes: [] });
  });
});
