/**
 * Search over the index the loader writes, on the local engine: the same answers as
 * ranking every node in memory, paging that never re-reads an earlier page's hits,
 * totals equal to the hits paged through, the dataset filters, requests that do not
 * grow with unrelated nodes, and an index that follows every load of its dataset.
 */
import type { TableClient } from '../../functions/storage/table-client.js';
import { aroundCalls, type TableOperation } from '../fixtures/table-calls.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import type { DatasetDescriptor } from '../../functions/core/namespaces.js';
import { rankSearch, searchableText } from '../../functions/core/search.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { buildDatasets, findDatasetDirs, mergeGraphs, type BuiltDataset } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { datasetVersion, loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { nodeKey, searchTermKey } from '../../functions/storage/keys.js';
import { searchIndexItems } from '../../functions/storage/search-index-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { testDataset } from '../fixtures/datasets.js';
import { createNode } from '../fixtures/graph-builders.js';

interface Read {
  command: string;
  /** pk and sk of every item a response carried. */
  keys: string[];
  /** Ids of node items read. */
  nodes: string[];
}

/** A document client that records each request and the keys of the items it returned. */
function recording(doc: TableClient, reads: Read[]): TableClient {
  return aroundCalls(doc, async (operation, input, next) => {
      const response = (await next(input)) as Record<string, unknown>;
      const items = [
        ...((response.Items ?? []) as Array<Record<string, unknown>>),
        ...(response.Item ? [response.Item as Record<string, unknown>] : []),
        ...Object.values((response.Responses ?? {}) as Record<string, Array<Record<string, unknown>>>).flat(),
      ];
      reads.push({
        command: COMMAND_NAMES[operation],
        keys: items.filter((i) => i.pk).map((i) => `${i.pk} ${i.sk}`),
        // Node items, whole or projected (a projection of id and text carries no key).
        nodes: items.filter((i) => (i.pk ? String(i.pk).startsWith('N#') && i.sk === '#NODE' : typeof i.search === 'string')).map((i) => i.id as string),
      });
      return response;
  });
}

/** The document client's command name for each call, as the reads below are written. */
const COMMAND_NAMES: Record<TableOperation, string> = {
  get: 'GetCommand',
  query: 'QueryCommand',
  scan: 'ScanCommand',
  batchGet: 'BatchGetCommand',
  put: 'PutCommand',
  delete: 'DeleteCommand',
  update: 'UpdateCommand',
  batchWrite: 'BatchWriteCommand',
};

let engine: LocalEngine;
let doc: TableClient;
/** The datasets of data/ (registry, luton-2020, kestrelford-2024), dependencies first. */
let datasets: BuiltDataset[];
/** Their nodes and edges as one graph: what an unfiltered search ranks. */
let curated: Graph;
let tables = 0;
const server = createGraphServer();

beforeAll(async () => {
  engine = await startLocalEngine();
  doc = createTableClient({ endpoint: engine.endpoint });
  datasets = await buildDatasets(await findDatasetDirs());
  curated = mergeGraphs(datasets);
  await server.start();
});

afterAll(async () => {
  await server.stop();
  await engine?.close();
});

async function emptyTable() {
  const tableName = `search-${++tables}`;
  await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), tableName);
  const store = new DynamoGraphStore(doc, tableName);
  const reads: Read[] = [];
  const recorded = new DynamoGraphStore(recording(doc, reads), tableName);
  return { store, tableName, reads, recorded };
}

/** A table holding every dataset of data/, loaded as `npm start` loads them. */
async function curatedTable() {
  const table = await emptyTable();
  await loadDatasets(table.store, datasets);
  return table;
}

/** A table holding one dataset. */
async function tableWith(graph: Graph, descriptor: DatasetDescriptor) {
  const table = await emptyTable();
  await loadGraph(table.store, graph, descriptor);
  return table;
}

const FICTIONAL = testDataset('fictional', 'fictional', { fictional: true });

interface SearchPage {
  totalCount: number;
  nodes: Array<{ id: string }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
}

interface SearchArgs {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
  dataset?: string;
  datasets?: string[];
  types?: string[];
}

async function search(store: DynamoGraphStore, text: string, args: SearchArgs = {}, viewer: Viewer = ANONYMOUS): Promise<SearchPage> {
  const response = await server.executeOperation(
    {
      query: `query ($text: String!, $first: Int, $after: String, $last: Int, $before: String, $dataset: String, $datasets: [String!], $types: [NodeType!]) {
        search(text: $text, first: $first, after: $after, last: $last, before: $before, dataset: $dataset, datasets: $datasets, types: $types) {
          totalCount nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
        }
      }`,
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
const nodesOf = (...names: string[]) => datasets.filter((d) => names.includes(d.descriptor.name)).flatMap((d) => d.graph.nodes);

/** Every search-index item in the table, as `pk sk` -> dataset version. */
async function indexItemsIn(tableName: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.scan({ TableName: tableName, ExclusiveStartKey: start });
    for (const item of page.Items ?? []) if (String(item.pk).startsWith('S#')) found.set(`${item.pk} ${item.sk}`, item.dsv as string);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** The index items a load of `graph` as `descriptor` writes, as `pk sk` -> version. */
function expectedIndex(graph: Graph, descriptor: DatasetDescriptor): Map<string, string> {
  const version = datasetVersion(graph, descriptor);
  return new Map(searchIndexItems(graph, { name: descriptor.name, version }).map((item) => [`${item.pk} ${item.sk}`, version]));
}

describe('search over the index, the datasets of data/', () => {
  let store: DynamoGraphStore;
  let recorded: DynamoGraphStore;
  let reads: Read[];
  beforeAll(async () => {
    ({ store, recorded, reads } = await curatedTable());
  });

  it('holds the three datasets, some words found in every one of them', () => {
    expect(datasets.map((d) => d.descriptor.name).sort()).toEqual(['kestrelford-2024', 'luton-2020', 'registry']);
    for (const name of ['registry', 'luton-2020', 'kestrelford-2024']) expect(inMemory('police', nodesOf(name)).length).toBeGreaterThan(0);
  });

  it.each(['operation octans', 'OCTANS!', 'octens', 'oper oct', 'anti social behavour', 'pedresen', 'high town', 'chlidrens servises', 'octans baker', 'a', 'police', 'bedfordshire councl', 'night time', 'task group'])(
    'answers "%s" across every dataset with the hits and order of ranking every node in memory',
    async (text) => {
      const page = await search(store, text, { first: 100 });
      const expected = inMemory(text, curated.nodes);
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes.map((n) => n.id)).toEqual(expected.slice(0, 100));
    },
  );

  it.each([['registry'], ['luton-2020'], ['kestrelford-2024'], ['registry', 'kestrelford-2024']])('with the dataset filter %j, finds and counts the hits of those datasets only', async (...names) => {
    for (const text of ['police', 'bedfordshire', 'council', 'safety review']) {
      const expected = inMemory(text, nodesOf(...names));
      const page = await search(store, text, names.length === 1 ? { dataset: names[0], first: 100 } : { datasets: names, first: 100 });
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes.map((n) => n.id)).toEqual(expected.slice(0, 100));
    }
    // A word one dataset holds is found through it, not through another.
    expect((await search(store, 'octans', { dataset: 'kestrelford-2024' })).totalCount).toBe(0);
    expect((await search(store, 'octans', { dataset: 'luton-2020' })).totalCount).toBe(inMemory('octans', nodesOf('luton-2020')).length);
  });

  it('reads only the index of the datasets a filter names', async () => {
    reads.length = 0;
    await search(recorded, 'police', { dataset: 'kestrelford-2024' });
    const indexKeys = reads.flatMap((r) => r.keys).filter((key) => key.startsWith('S#'));
    expect(indexKeys.length).toBeGreaterThan(0);
    expect(indexKeys.every((key) => key.startsWith('S#kestrelford-2024#'))).toBe(true);
    expect(reads.flatMap((r) => r.nodes).every((id) => id.startsWith('kestrelford/'))).toBe(true);
  });

  it('combines the dataset filter with the type filter', async () => {
    const page = await search(store, 'police', { datasets: ['registry', 'luton-2020'], types: ['ORGANISATION'], first: 100 });
    const expected = inMemory('police', nodesOf('registry', 'luton-2020').filter((n) => n.type === 'Organisation'));
    expect(expected.length).toBeGreaterThan(0);
    expect(page.nodes.map((n) => n.id)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  it('reads on page 2 no item of a hit of page 1, and no more requests than page 1', async () => {
    reads.length = 0;
    const first = await search(recorded, '2019', { first: 20 });
    const firstReads = reads.splice(0);
    const second = await search(recorded, '2019', { first: 20, after: first.pageInfo.endCursor });
    const secondReads = reads.splice(0);
    const expected = inMemory('2019', curated.nodes);
    expect(expected.length).toBeGreaterThan(40);
    expect(second.nodes.map((n) => n.id)).toEqual(expected.slice(20, 40));
    const pageOne = new Set(first.nodes.map((n) => n.id));
    expect(secondReads.flatMap((r) => r.nodes).filter((id) => pageOne.has(id))).toEqual([]);
    expect(secondReads.flatMap((r) => r.keys).filter((key) => [...pageOne].some((id) => key === `${nodeKey(id).pk} ${nodeKey(id).sk}`))).toEqual([]);
    // Page 1 read its own hits' nodes; page 2 read page 2's.
    expect(firstReads.flatMap((r) => r.nodes).filter((id) => pageOne.has(id)).length).toBe(20);
    expect(new Set(secondReads.flatMap((r) => r.nodes))).toEqual(new Set(expected.slice(20, 40)));
    expect(secondReads.length).toBeLessThanOrEqual(firstReads.length);
  });

  it('pages across datasets without re-reading an earlier page: every hit once, in rank order', async () => {
    const expected = inMemory('police', curated.nodes);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      reads.length = 0;
      const page: SearchPage = await search(recorded, 'police', { first: 7, after });
      const earlier = new Set(seen);
      expect(reads.flatMap((r) => r.nodes).filter((id) => earlier.has(id))).toEqual([]);
      expect(page.totalCount).toBe(expected.length);
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
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
    const nodesCursor = Buffer.from('id:luton/place:high-town').toString('base64url');
    const notJson = Buffer.from('key:{not json').toString('base64url');
    for (const after of [nodesCursor, notJson, Buffer.from('key:[1,0,3,"x"]').toString('base64url'), Buffer.from('key:[-1,0,3,"x","y"]').toString('base64url')]) {
      const response = await server.executeOperation({ query: `query ($after: String) { search(text: "octans", after: $after) { totalCount } }`, variables: { after } }, { contextValue: createRequestContext(store) });
      const result = (response.body as { singleResult: { errors?: Array<{ extensions?: Record<string, unknown> }> } }).singleResult;
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });

  it('refuses a dataset filter naming a dataset that is not loaded', async () => {
    const response = await server.executeOperation({ query: `{ search(text: "police", dataset: "nowhere") { totalCount } }` }, { contextValue: createRequestContext(store) });
    const result = (response.body as { singleResult: { errors?: Array<{ extensions?: Record<string, unknown> }> } }).singleResult;
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNKNOWN_DATASET' });
  });
});

/** Fictional nodes sharing no word with the curated searches: "depot" and a made-up code word each. */
function unrelated(count: number): GraphNode[] {
  const code = (i: number) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
  return Array.from({ length: count }, (_, i) => createNode(`luton/place:fictional-depot-${code(i)}`, { name: `Fictional depot ${code(i)}` }));
}

describe('search cost', () => {
  it('makes the same requests and gives the same answer when 10,000 unrelated nodes join a dataset', { timeout: 240_000 }, async () => {
    const small = await curatedTable();
    const queries = ['operation octans', 'octens', 'high town', 'police'];
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
    const large = await emptyTable();
    await loadDatasets(
      large.store,
      datasets.map((d) => (d.descriptor.name === 'luton-2020' ? { ...d, graph: { nodes: [...d.graph.nodes, ...unrelated(10_000)], edges: d.graph.edges } } : d)),
    );
    const after = await measure(large);
    expect(after).toEqual(before);
    expect(before.every((m) => m.total > 0)).toBe(true);
  });
});

describe('the index follows each load of its dataset', () => {
  it('after a reload, no longer finds a node by a word its label lost, finds it by the new one, and drops the unused term', async () => {
    const harbour = createNode('fictional/place:fictional-a', { name: 'Saltmarsh quay' });
    const inland = createNode('fictional/place:fictional-b', { name: 'Inland' });
    const { store, tableName } = await tableWith({ nodes: [harbour, inland], edges: [] }, FICTIONAL);
    expect((await search(store, 'saltmarsh')).nodes.map((n) => n.id)).toEqual([harbour.id]);
    const renamed: Graph = { nodes: [{ ...harbour, label: 'Tidewater quay', props: { ...harbour.props, name: 'Tidewater quay' } }, inland], edges: [] };
    await loadGraph(store, renamed, FICTIONAL);
    expect(await search(store, 'saltmarsh')).toMatchObject({ totalCount: 0, nodes: [] });
    expect(await search(store, 'saltmarsch')).toMatchObject({ totalCount: 0, nodes: [] });
    expect((await search(store, 'tidewater')).nodes.map((n) => n.id)).toEqual([harbour.id]);
    expect((await search(store, 'quay')).nodes.map((n) => n.id)).toEqual([harbour.id]);
    const gone = await doc.get({ TableName: tableName, Key: searchTermKey('fictional', 'saltmarsh', 'public') });
    expect(gone.Item).toBeUndefined();
    // Exactly the index of the graph now loaded, every item of its version.
    expect(await indexItemsIn(tableName)).toEqual(expectedIndex(renamed, FICTIONAL));
  });

  it('leaves exactly the new index when a reload shrinks a common word to a few postings and removes nodes, and touches no other dataset', async () => {
    const wharves = (count: number) => Array.from({ length: count }, (_, i) => createNode(`fictional/place:fictional-wharf-${i}`, { name: `Wharf ${i} of the estuary` }));
    const other = testDataset('fictional-other', 'fictional-other', { fictional: true });
    const otherGraph: Graph = { nodes: [createNode('fictional-other/place:fictional-wharf', { name: 'Wharf' })], edges: [] };
    const big: Graph = { nodes: wharves(600), edges: [] };
    const { store, tableName } = await tableWith(big, FICTIONAL);
    await loadGraph(store, otherGraph, other);
    const both = (graph: Graph) => new Map([...expectedIndex(graph, FICTIONAL), ...expectedIndex(otherGraph, other)]);
    expect(await indexItemsIn(tableName)).toEqual(both(big));
    // "wharf" and "estuary" sit in blocks of postings; the reload leaves them a handful, inline.
    expect([...(await indexItemsIn(tableName)).keys()].some((key) => key.startsWith('S#fictional#P#wharf#'))).toBe(true);
    expect((await search(store, 'wharf')).totalCount).toBe(601);
    const small: Graph = { nodes: wharves(3), edges: [] };
    const result = await loadGraph(store, small, FICTIONAL);
    expect(result.removed).toBeGreaterThan(597);
    expect(await indexItemsIn(tableName)).toEqual(both(small));
    expect([...(await indexItemsIn(tableName)).keys()].some((key) => key.startsWith('S#fictional#P#'))).toBe(false);
    expect((await search(store, 'wharf')).nodes.map((n) => n.id).sort()).toEqual([...small.nodes.map((n) => n.id), otherGraph.nodes[0]!.id].sort());
    expect((await search(store, 'wharf', { dataset: 'fictional' })).totalCount).toBe(3);
    expect(await search(store, 'wharf 599')).toMatchObject({ totalCount: 0, nodes: [] });
    expect((await search(store, 'wharf', { dataset: 'fictional-other' })).nodes.map((n) => n.id)).toEqual([otherGraph.nodes[0]!.id]);
  });

  it('keeps no posting of a dataset reloaded without nodes, and finds nothing in it', async () => {
    const { store, tableName } = await tableWith({ nodes: [createNode('fictional/place:fictional-harbour', { name: 'Harbour' })], edges: [] }, FICTIONAL);
    expect((await search(store, 'harbour')).totalCount).toBe(1);
    const empty: Graph = { nodes: [], edges: [] };
    await loadGraph(store, empty, FICTIONAL);
    const left = await indexItemsIn(tableName);
    // Only the index's record of itself (no term, no block, no variant) remains.
    expect(left).toEqual(expectedIndex(empty, FICTIONAL));
    expect([...left.keys()].every((key) => key.startsWith('S#fictional#META '))).toBe(true);
    expect(await search(store, 'harbour')).toMatchObject({ totalCount: 0, nodes: [] });
  });
});

describe('search and visibility', () => {
  it('finds and counts a restricted node for an officer only', async () => {
    const open = createNode('fictional/place:fictional-open-harbour', { name: 'Open harbour' });
    // Restricted as a dataset declares it (functions/core/visibility.ts).
    const closed: GraphNode = { ...createNode('fictional/place:fictional-closed-harbour', { name: 'Closed harbour' }), restriction: { reason: 'draft' } };
    const { store, tableName } = await tableWith({ nodes: [open, closed], edges: [] }, FICTIONAL);
    const stored = await doc.get({ TableName: tableName, Key: nodeKey(closed.id) });
    expect(stored.Item?.vis).toBe('restricted');
    const term = await doc.get({ TableName: tableName, Key: searchTermKey('fictional', 'closed', 'restricted') });
    expect(term.Item).toMatchObject({ n: 1 });
    const anonymous = await search(store, 'harbour');
    expect(anonymous).toMatchObject({ totalCount: 1, nodes: [{ id: open.id }] });
    const officer = await search(store, 'harbour', {}, { role: 'officer', subject: 'fictional-officer' });
    expect(officer.totalCount).toBe(2);
    expect(officer.nodes.map((n) => n.id).sort()).toEqual([closed.id, open.id].sort());
    expect(await search(store, 'closed')).toMatchObject({ totalCount: 0, nodes: [] });
    expect(await search(store, 'closd harbour')).toMatchObject({ totalCount: 0, nodes: [] });
  });
});
