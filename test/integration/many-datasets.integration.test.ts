/**
 * The API over a graph of several datasets: two fictional councils and a fictional shared
 * registry (test/fixtures/fictional-councils.ts), loaded into the embedded engine and
 * queried through the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { countPartition } from '../../functions/storage/keys.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { ANONYMOUS } from '../../functions/core/access.js';
import {
  HARBOURSIDE,
  HARBOURSIDE_OLD_ID,
  HARBOURSIDE_RECOMMENDATION,
  MILLBROOK_RECOMMENDATION,
  POLICE,
  REGISTRY,
  harboursideGraph,
  loadFictionalCouncils,
  registryGraph,
} from '../fixtures/fictional-councils.js';

let engine: LocalEngine;
let store: DynamoGraphStore;
/** Only the registry and Harbourside: a graph of one council. */
let oneCouncil: DynamoGraphStore;
const server = createGraphServer();

interface Result<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function run<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, onStore: DynamoGraphStore = store): Promise<Result<T>> {
  const response = await server.executeOperation({ query, variables }, { contextValue: createRequestContext(onStore) });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as Result<T>;
}

async function ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, onStore?: DynamoGraphStore): Promise<T> {
  const result = await run<T>(query, variables, onStore);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

beforeAll(async () => {
  engine = await startLocalEngine();
  const client = createDynamoDbClient({ endpoint: engine.endpoint });
  await Promise.all([ensureTable(client, 'many'), ensureTable(client, 'one')]);
  store = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'many');
  oneCouncil = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'one');
  await loadFictionalCouncils(store);
  await loadGraph(oneCouncil, registryGraph(), REGISTRY);
  await loadGraph(oneCouncil, harboursideGraph(), HARBOURSIDE);
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('datasets', () => {
  it('lists every dataset by name with its title, namespace, council, fictional flag, version and counts', async () => {
    const data = await ok<{ datasets: Array<Record<string, unknown>> }>(
      '{ datasets { name title namespace council { name onsCode } fictional version loadedAt nodeCount edgeCount nodeCounts { type count } } }',
    );
    expect(data.datasets.map((d) => d.name)).toEqual(['harbourside-2021', 'millbrook-2021', 'registry']);
    const [harbourside, millbrook, registry] = data.datasets;
    expect(harbourside).toMatchObject({
      title: HARBOURSIDE.title,
      namespace: 'harbourside',
      council: { name: 'Harbourside Borough Council', onsCode: 'X99000001' },
      fictional: true,
      nodeCount: 7,
      edgeCount: 4,
      nodeCounts: [
        { type: 'PERSON', count: 3 },
        { type: 'MEETING', count: 1 },
        { type: 'DOCUMENT', count: 1 },
        { type: 'RECOMMENDATION', count: 1 },
        { type: 'ACTION', count: 1 },
      ],
    });
    expect(harbourside!.version).toMatch(/^[0-9a-f]{16}$/);
    expect(Date.parse(String(harbourside!.loadedAt))).not.toBeNaN();
    expect(millbrook).toMatchObject({ council: { name: 'Millbrook District Council', onsCode: null }, nodeCount: 5, edgeCount: 2 });
    expect(registry).toMatchObject({ namespace: 'registry', council: null, nodeCount: 2, edgeCount: 0, nodeCounts: [{ type: 'ORGANISATION', count: 1 }, { type: 'DOCUMENT', count: 1 }] });
  });
});

describe('DynamoGraphStore.listDatasetInfo', () => {
  it('counts from the count items where the loader wrote them, what anyone may see first', async () => {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, 'counted');
    const counted = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'counted');
    await loadGraph(counted, registryGraph(), REGISTRY);
    // Count items as a load of this version writes them (only those of a finished load's version count).
    const dsv = (await counted.getDatasetVersion('registry'))!.version;
    await counted.writeItems([
      { pk: countPartition(), sk: 'registry#Organisation', all: 3, public: 2, dsv },
      { pk: countPartition(), sk: 'registry#Document', all: 1, dsv },
      { pk: countPartition(), sk: 'registry#Person', all: 0, public: 0, dsv },
      { pk: countPartition(), sk: 'registry#NotAType', all: 9, dsv },
      { pk: countPartition(), sk: 'registry#Place', all: 4, public: 4, dsv: 'an-unfinished-version' },
    ]);
    const [registry] = await counted.listDatasetInfo(ANONYMOUS);
    expect(registry).toMatchObject({ name: 'registry', nodeCounts: { Organisation: 2, Document: 1 }, nodeCount: 3 });
    expect(Object.keys(registry!.nodeCounts).sort()).toEqual(['Document', 'Organisation']);
    // An officer counts the restricted ones too.
    const [asOfficer] = await counted.listDatasetInfo({ role: 'officer', subject: 'o' });
    expect(asOfficer).toMatchObject({ nodeCounts: { Organisation: 3, Document: 1 }, nodeCount: 4 });
  });
});

describe('Node.dataset and displayName', () => {
  const QUERY = `query ($ids: [ID!]!) { nodesById(ids: $ids) { id label displayName dataset { name council { name } } } }`;

  it("gives each node its own dataset and council, and the registry's none", async () => {
    const data = await ok<{ nodesById: Array<{ id: string; dataset: { name: string; council: { name: string } | null } }> }>(QUERY, { ids: [HARBOURSIDE_RECOMMENDATION, MILLBROOK_RECOMMENDATION, POLICE] });
    expect(data.nodesById.map((n) => [n.id, n.dataset.name, n.dataset.council?.name ?? null])).toEqual([
      [HARBOURSIDE_RECOMMENDATION, 'harbourside-2021', 'Harbourside Borough Council'],
      [MILLBROOK_RECOMMENDATION, 'millbrook-2021', 'Millbrook District Council'],
      [POLICE, 'registry', null],
    ]);
  });

  it('adds the council to a label when more than one council is loaded, and never to a registry body', async () => {
    const data = await ok<{ nodesById: Array<{ label: string; displayName: string }> }>(QUERY, { ids: [HARBOURSIDE_RECOMMENDATION, MILLBROOK_RECOMMENDATION, POLICE] });
    expect(data.nodesById.map((n) => n.label)).toEqual(['Recommendation 2', 'Recommendation 2', 'Northshire Police']);
    expect(data.nodesById.map((n) => n.displayName)).toEqual(['Recommendation 2 (Harbourside Borough Council)', 'Recommendation 2 (Millbrook District Council)', 'Northshire Police']);
  });

  it('keeps the bare label in a graph of one council', async () => {
    const data = await ok<{ nodesById: Array<{ displayName: string }> }>(QUERY, { ids: [HARBOURSIDE_RECOMMENDATION, POLICE] }, oneCouncil);
    expect(data.nodesById.map((n) => n.displayName)).toEqual(['Recommendation 2', 'Northshire Police']);
  });
});

describe('old ids', () => {
  it('resolve in node to the node with its namespaced id', async () => {
    const data = await ok<{ node: { id: string; label: string } }>('query ($id: ID!) { node(id: $id) { id label } }', { id: HARBOURSIDE_OLD_ID });
    expect(data.node).toEqual({ id: HARBOURSIDE_RECOMMENDATION, label: 'Recommendation 2' });
  });

  it('resolve in nodesById beside new ids, in the order asked, with null for an id neither names', async () => {
    const data = await ok<{ nodesById: Array<{ id: string } | null> }>('query ($ids: [ID!]!) { nodesById(ids: $ids) { id } }', {
      ids: [HARBOURSIDE_OLD_ID, MILLBROOK_RECOMMENDATION, 'recommendation:no-such-old-id', HARBOURSIDE_RECOMMENDATION],
    });
    expect(data.nodesById).toEqual([{ id: HARBOURSIDE_RECOMMENDATION }, { id: MILLBROOK_RECOMMENDATION }, null, { id: HARBOURSIDE_RECOMMENDATION }]);
  });

  it('still answer NOT_FOUND in node when no alias names them', async () => {
    const result = await run('{ node(id: "recommendation:no-such-old-id") { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('start a trace and delivery chains, which report the namespaced root', async () => {
    const data = await ok<{ trace: { root: { id: string }; nodes: Array<{ id: string }> }; deliveryChains: { root: { id: string }; delivery: string } }>(
      'query ($from: ID!) { trace(from: $from) { root { id } nodes { id } } deliveryChains(from: $from) { root { id } delivery } }',
      { from: HARBOURSIDE_OLD_ID },
    );
    expect(data.trace.root.id).toBe(HARBOURSIDE_RECOMMENDATION);
    expect(data.trace.nodes.map((n) => n.id)).toContain('harbourside/action:night-patrols-1');
    expect(data.deliveryChains).toEqual({ root: { id: HARBOURSIDE_RECOMMENDATION }, delivery: 'RECORDED' });
  });
});

describe('dataset filters', () => {
  const PEOPLE = `query ($dataset: String, $datasets: [String!], $first: Int, $after: String, $last: Int, $before: String) {
    nodes(type: PERSON, dataset: $dataset, datasets: $datasets, first: $first, after: $after, last: $last, before: $before) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor } nodes { id }
    }
  }`;
  type People = { nodes: { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string; startCursor: string }; nodes: Array<{ id: string }> } };

  it('keep the nodes of one dataset in nodes, counted alike', async () => {
    const data = await ok<People>(PEOPLE, { dataset: 'millbrook-2021' });
    expect(data.nodes.nodes.map((n) => n.id)).toEqual(['millbrook/person:dee-imaginary', 'millbrook/person:eve-pretend']);
    expect(data.nodes.totalCount).toBe(2);
    expect(data.nodes.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('keep the nodes of any dataset listed, and every node with no filter', async () => {
    const both = await ok<People>(PEOPLE, { datasets: ['millbrook-2021', 'harbourside-2021'] });
    const all = await ok<People>(PEOPLE, {});
    expect(both.nodes.totalCount).toBe(5);
    expect(all.nodes.nodes.map((n) => n.id)).toEqual(both.nodes.nodes.map((n) => n.id));
    expect((await ok<People>(PEOPLE, { dataset: 'registry' })).nodes).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it('page forwards and backwards within a dataset, past the other datasets in the index', async () => {
    const first = await ok<People>(PEOPLE, { dataset: 'millbrook-2021', first: 1 });
    expect(first.nodes.nodes.map((n) => n.id)).toEqual(['millbrook/person:dee-imaginary']);
    expect(first.nodes.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await ok<People>(PEOPLE, { dataset: 'millbrook-2021', first: 1, after: first.nodes.pageInfo.endCursor });
    expect(second.nodes.nodes.map((n) => n.id)).toEqual(['millbrook/person:eve-pretend']);
    expect(second.nodes.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = await ok<People>(PEOPLE, { dataset: 'harbourside-2021', last: 2 });
    expect(back.nodes.nodes.map((n) => n.id)).toEqual(['harbourside/person:ben-madeup', 'harbourside/person:cy-invented']);
    expect(back.nodes.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await ok<People>(PEOPLE, { dataset: 'harbourside-2021', last: 2, before: back.nodes.pageInfo.startCursor });
    expect(before.nodes.nodes.map((n) => n.id)).toEqual(['harbourside/person:ada-fictitious']);
    expect(before.nodes.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('keep the matches of one dataset in search', async () => {
    const SEARCH = 'query ($dataset: String) { search(text: "night patrols", dataset: $dataset) { totalCount nodes { id } } }';
    const all = await ok<{ search: { totalCount: number; nodes: Array<{ id: string }> } }>(SEARCH, {});
    expect(all.search.nodes.map((n) => n.id).sort()).toEqual(['harbourside/action:night-patrols-1', HARBOURSIDE_RECOMMENDATION, MILLBROOK_RECOMMENDATION]);
    const millbrook = await ok<{ search: { totalCount: number; nodes: Array<{ id: string }> } }>(SEARCH, { dataset: 'millbrook-2021' });
    expect(millbrook.search).toEqual({ totalCount: 1, nodes: [{ id: MILLBROOK_RECOMMENDATION }] });
  });

  it('keep a trace within the datasets named, so a shared body appears only when its dataset is named', async () => {
    const TRACE = 'query ($datasets: [String!]) { trace(from: "harbourside/recommendation:review-2", datasets: $datasets) { nodes { id } edges { from { id } to { id } } } }';
    const own = await ok<{ trace: { nodes: Array<{ id: string }>; edges: Array<{ from: { id: string }; to: { id: string } }> } }>(TRACE, { datasets: ['harbourside-2021'] });
    expect(own.trace.nodes.map((n) => n.id).sort()).toEqual(['harbourside/action:night-patrols-1', HARBOURSIDE_RECOMMENDATION]);
    expect(own.trace.edges.map((e) => [e.from.id, e.to.id])).toEqual([['harbourside/action:night-patrols-1', HARBOURSIDE_RECOMMENDATION]]);
    const withRegistry = await ok<{ trace: { nodes: Array<{ id: string }> } }>(TRACE, { datasets: ['harbourside-2021', 'registry'] });
    expect(withRegistry.trace.nodes.map((n) => n.id)).toContain(POLICE);
  });

  it('refuse a trace or delivery chains from a node the filter leaves out, naming its dataset', async () => {
    for (const field of ['trace', 'deliveryChains']) {
      const result = await run(`{ ${field}(from: "${MILLBROOK_RECOMMENDATION}", dataset: "harbourside-2021") { root { id } } }`);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'from' });
      expect(result.errors?.[0]?.message).toContain('"millbrook-2021"');
    }
  });

  it('keep the chains of delivery within the datasets named', async () => {
    const CHAINS = 'query ($datasets: [String!]) { deliveryChains(from: "harbourside/recommendation:review-2", datasets: $datasets) { chains { steps { stage node { id } } } } }';
    type Chains = { deliveryChains: { chains: Array<{ steps: Array<{ stage: string; node: { id: string } }> }> } };
    const stepsOf = (data: Chains) => data.deliveryChains.chains.flatMap((c) => c.steps.map((s) => s.node.id));
    expect(stepsOf(await ok<Chains>(CHAINS, { datasets: ['harbourside-2021', 'registry'] }))).toContain(POLICE);
    expect(stepsOf(await ok<Chains>(CHAINS, { datasets: ['harbourside-2021'] }))).not.toContain(POLICE);
  });

  it('keep the requests of one dataset in the tracker', async () => {
    const TRACKER = 'query ($dataset: String) { tracker(dataset: $dataset) { totalCount rows { request { id } delivery } } }';
    type Tracker = { tracker: { totalCount: number; rows: Array<{ request: { id: string }; delivery: string }> } };
    expect((await ok<Tracker>(TRACKER, {})).tracker.totalCount).toBe(2);
    expect((await ok<Tracker>(TRACKER, { dataset: 'millbrook-2021' })).tracker).toEqual({ totalCount: 1, rows: [{ request: { id: MILLBROOK_RECOMMENDATION }, delivery: 'NOT_RECORDED' }] });
    expect((await ok<Tracker>(TRACKER, { dataset: 'harbourside-2021' })).tracker).toEqual({ totalCount: 1, rows: [{ request: { id: HARBOURSIDE_RECOMMENDATION }, delivery: 'RECORDED' }] });
  });

  it.each([
    ['nodes', '{ nodes(type: PERSON, dataset: "nowhere") { totalCount } }', 'dataset'],
    ['search', '{ search(text: "patrols", datasets: ["registry", "nowhere"]) { totalCount } }', 'datasets'],
    ['trace', `{ trace(from: "${HARBOURSIDE_RECOMMENDATION}", dataset: "nowhere") { depthReached } }`, 'dataset'],
    ['deliveryChains', `{ deliveryChains(from: "${HARBOURSIDE_RECOMMENDATION}", dataset: "nowhere") { truncated } }`, 'dataset'],
    ['tracker', '{ tracker(dataset: "nowhere") { totalCount } }', 'dataset'],
  ])('refuse an unknown dataset name in %s with UNKNOWN_DATASET, listing the loaded datasets', async (_field, query, argument) => {
    const result = await run(query);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'UNKNOWN_DATASET', argument });
    expect(result.errors?.[0]?.message).toBe(
      'No dataset is named "nowhere"; the loaded datasets are "harbourside-2021", "millbrook-2021", "registry" (the `datasets` query lists them).',
    );
  });

  it('refuse both filters at once, and an empty list, with BAD_USER_INPUT', async () => {
    const both = await run('{ nodes(type: PERSON, dataset: "registry", datasets: ["registry"]) { totalCount } }');
    expect(both.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'datasets' });
    const empty = await run('{ nodes(type: PERSON, datasets: []) { totalCount } }');
    expect(empty.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'datasets' });
  });
});
