/**
 * Many datasets in one table, against the embedded engine over HTTP: ownership (no
 * load changes another dataset's items), loads in any order, stale items found without
 * a Scan, exact counts, type listings merged over datasets and shards, a node read
 * in one request, and the search index a load writes, read as each viewer may.
 */
import type { TableClient } from '../../functions/storage/table-client.js';
import { aroundCalls } from '../fixtures/table-calls.js';
import { scanTable } from '../fixtures/table-scan.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import type { DatasetDescriptor } from '../../functions/core/namespaces.js';
import { searchDataset } from '../../functions/core/search-index.js';
import { parseSearchQuery, searchableText } from '../../functions/core/search.js';
import { trace } from '../../functions/core/trace.js';
import { createRequestContext } from '../../functions/graphql/context.js';
import { createGraphServer } from '../../functions/graphql/server.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph, type LoadOptions } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { visibilityOf } from '../../functions/storage/dataset-items.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { nodeKey } from '../../functions/storage/keys.js';
import { searchIndexItems } from '../../functions/storage/search-index-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { TYPE_INDEX } from '../../functions/storage/table-definition.js';
import { createEdge, createNode } from '../fixtures/graph-builders.js';
import { createMemorySearchIndex } from '../fixtures/memory-search-index.js';
import { ALPHA, alphaGraph, BETA, betaGraph, POLICE, REGISTRY, registryGraph } from '../fixtures/namespaced-datasets.js';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import { isPublic } from '../../functions/core/visibility.js';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import { RESTRICTED_DATASET_DIR } from '../fixtures/restricted-graph.js';

const OFFICER: Viewer = { role: 'officer', subject: 'storage-test' };

let engine: LocalEngine;
let tables = 0;

beforeAll(async () => {
  engine = await startLocalEngine();
});

afterAll(async () => {
  await engine?.close();
});

interface Fixture {
  store: DynamoGraphStore;
  doc: TableClient;
  tableName: string;
  /** Every command sent, by name (GetItemCommand, QueryCommand, ...). */
  commands: string[];
  /** Items returned by Queries of each index ('table' for the table itself). */
  itemsRead: Record<string, number>;
}

async function freshTable(): Promise<Fixture> {
  const commands: string[] = [];
  const itemsRead: Record<string, number> = {};
  const client = createDynamoDbClient({ endpoint: engine.endpoint, onRequest: (command) => void commands.push(command) });
  const tableName = `datasets-${++tables}`;
  await ensureTable(client, tableName);
  const plain = createTableClient({ endpoint: engine.endpoint, onRequest: (command) => void commands.push(command) });
  const doc = aroundCalls(plain, async (operation, input, next) => {
    const output = (await next(input)) as { Items?: unknown[] };
    if (operation === 'query') {
      const index = (input.IndexName as string | undefined) ?? 'table';
      itemsRead[index] = (itemsRead[index] ?? 0) + (output.Items?.length ?? 0);
    }
    return output;
  });
  commands.length = 0;
  return { store: new DynamoGraphStore(doc, tableName), doc: plain, tableName, commands, itemsRead };
}

const scanAll = scanTable;

const itemKey = (item: Record<string, unknown>) => `${item.pk as string} | ${item.sk as string}`;

/** Every item a dataset owns (tagged with it), its record without load times, and its claims: sorted, as JSON. */
async function snapshot(fixture: Fixture, descriptor: DatasetDescriptor): Promise<string[]> {
  const items = await scanAll(fixture.doc, fixture.tableName);
  return items
    .filter((item) => item.ds === descriptor.name || (item.pk === 'META#DATASET' && item.sk === descriptor.name) || (item.pk === 'META#NAMESPACE' && item.owner === descriptor.name))
    .map((item) => {
      const { loadedAt: _loadedAt, ...rest } = item;
      return `${itemKey(item)} ${JSON.stringify(rest, Object.keys(rest).sort())}`;
    })
    .sort();
}

const WRITES = ['PutItemCommand', 'BatchWriteItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'];

describe('ownership', () => {
  it('refuses a dataset that names another dataset\'s namespace, and leaves that dataset\'s items byte for byte as they were', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(), ALPHA);
    const before = await snapshot(fixture, ALPHA);
    const intruder: DatasetDescriptor = { ...BETA, name: 'intruder', namespace: 'alpha' };
    const graph: Graph = { nodes: [createNode('alpha/action:a1', { title: 'Overwritten' })], edges: [] };
    await expect(loadGraph(fixture.store, graph, intruder)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/Namespace "alpha" belongs to dataset "alpha-2020"; dataset "intruder" cannot write into it/) });
    expect(await snapshot(fixture, ALPHA)).toEqual(before);
    expect((await scanAll(fixture.doc, fixture.tableName)).filter((item) => item.ds === 'intruder' || item.sk === 'intruder')).toEqual([]);
  });

  it('refuses, before any write, a node or an edge that is not of the dataset\'s own namespace', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(), ALPHA);
    const before = await snapshot(fixture, ALPHA);
    fixture.commands.length = 0;
    const foreignNode: Graph = { nodes: [...betaGraph().nodes, createNode('alpha/person:p-00')], edges: [] };
    await expect(loadGraph(fixture.store, foreignNode, BETA)).rejects.toMatchObject({
      code: 'INVALID_DATASET',
      message: expect.stringMatching(/node alpha\/person:p-00: is not this dataset's to write: a dataset writes only nodes with ids of namespace "beta"/),
    });
    const foreignEdge: Graph = { nodes: betaGraph().nodes, edges: [createEdge('alpha/action:a1', 'LED_BY', 'alpha/person:p-01')] };
    await expect(loadGraph(fixture.store, foreignEdge, BETA)).rejects.toMatchObject({ code: 'INVALID_DATASET', message: expect.stringMatching(/edge alpha\/action:a1 -LED_BY-> alpha\/person:p-01: links two nodes of other datasets/) });
    expect(fixture.commands.filter((command) => WRITES.includes(command))).toEqual([]);
    expect(await snapshot(fixture, ALPHA)).toEqual(before);
  });

  it('lets a dataset link to a dependency\'s node, seen from both ends, without changing any item of the dependency, and takes the link back with it', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, registryGraph(), REGISTRY);
    await loadGraph(fixture.store, alphaGraph(), ALPHA);
    const alphaBefore = await snapshot(fixture, ALPHA);
    const registryBefore = await snapshot(fixture, REGISTRY);

    await loadGraph(fixture.store, betaGraph(), BETA);
    expect(await snapshot(fixture, ALPHA)).toEqual(alphaBefore);
    expect(await snapshot(fixture, REGISTRY)).toEqual(registryBefore);
    const recommendation = await fixture.store.readNeighbourhood(OFFICER, 'alpha/recommendation:r1');
    expect(recommendation.in.map((e) => e.from).sort()).toEqual(['alpha/action:a1', 'beta/action:b1']);
    expect((await fixture.store.readNeighbourhood(OFFICER, POLICE)).in.map((e) => `${e.from} ${e.type}`).sort()).toEqual(['alpha/recommendation:r1 ADDRESSED_TO', 'beta/action:b1 INVOLVES']);

    // Beta drops its link: its copy leaves alpha's partition; alpha's own items stay as they were.
    const result = await loadGraph(fixture.store, betaGraph({ linkToAlpha: false }), BETA);
    expect(result.removed).toBe(2);
    expect((await fixture.store.readNeighbourhood(OFFICER, 'alpha/recommendation:r1')).in.map((e) => e.from)).toEqual(['alpha/action:a1']);
    expect(await snapshot(fixture, ALPHA)).toEqual(alphaBefore);
    expect(await snapshot(fixture, REGISTRY)).toEqual(registryBefore);
  });

  it('never replaces an edge item another dataset wrote, even between two datasets that link to each other, whichever loads first', async () => {
    const mutualEdge = createEdge('alpha/action:a1', 'INVOLVES', 'beta/person:q-00');
    const alpha: Graph = { ...alphaGraph(), edges: [...alphaGraph().edges, mutualEdge] };
    const beta: Graph = { ...betaGraph(), edges: [...betaGraph().edges, mutualEdge] };
    const orders: Array<[[Graph, DatasetDescriptor], [Graph, DatasetDescriptor]]> = [
      [[alpha, ALPHA], [beta, BETA]],
      // Alpha second: the edge starts at alpha's own node, yet both its copies are beta's.
      [[beta, BETA], [alpha, ALPHA]],
    ];
    for (const [[firstGraph, first], [secondGraph, second]] of orders) {
      const fixture = await freshTable();
      await loadGraph(fixture.store, firstGraph, first);
      const before = await snapshot(fixture, first);
      // Both copies of the edge are the first dataset's, and they are written side by side: the refusal names whichever the engine refused first.
      await expect(loadGraph(fixture.store, secondGraph, second)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(new RegExp(`Dataset "${second.name}" cannot write N#(alpha/action:a1|beta/person:q-00) .* another dataset wrote that item`)),
      });
      expect(await snapshot(fixture, first)).toEqual(before);
    }
  });

  it('writes a dataset\'s own edges in batches, and one conditional put per copy of a link to another dataset', async () => {
    const puts: number[] = [];
    for (const people of [3, 30]) {
      const fixture = await freshTable();
      await loadGraph(fixture.store, alphaGraph(people), ALPHA);
      puts.push(fixture.commands.filter((command) => command === 'PutItemCommand').length);
    }
    // However many people lead the action: two namespace claims (alpha, and the unqualified ids) and the two copies of the link to the registry.
    expect(puts).toEqual([4, 4]);
  });

  it('refuses a dataset name that cannot go into keys, before sending anything', async () => {
    const fixture = await freshTable();
    for (const name of ['beta#2021', 'Beta-2021', '-beta']) {
      await expect(loadGraph(fixture.store, betaGraph(), { ...BETA, name })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        message: `Dataset name "${name}" cannot be used: write it in lower-case letters, digits and hyphens (e.g. "luton-2020").`,
        details: { argument: 'dataset' },
      });
    }
    expect(fixture.commands).toEqual([]);
  });

  it('refuses, for a dataset without a namespace, every namespaced id, naming the dataset and what it may write', async () => {
    const fixture = await freshTable();
    const graph: Graph = { nodes: [createNode('person:unqualified'), createNode('alpha/person:p-00')], edges: [createEdge('alpha/action:a1', 'LED_BY', 'alpha/person:p-01')] };
    await expect(loadGraph(fixture.store, graph, 'old-style')).rejects.toMatchObject({
      code: 'INVALID_DATASET',
      message: expect.stringContaining(
        '  dataset old-style: node alpha/person:p-00: is not this dataset\'s to write: a dataset writes only nodes with ids without a namespace.\n' +
          '  dataset old-style: edge alpha/action:a1 -LED_BY-> alpha/person:p-01: links two nodes of other datasets: an edge needs one end with ids without a namespace.',
      ),
    });
    expect(fixture.commands.filter((command) => WRITES.includes(command))).toEqual([]);
  });

  it('deletes an item only while it belongs to the deleting dataset and is of another version', async () => {
    const fixture = await freshTable();
    const loaded = await loadGraph(fixture.store, alphaGraph(), ALPHA);
    const before = await snapshot(fixture, ALPHA);
    const key = nodeKey('alpha/action:a1');
    expect(await fixture.store.deleteStaleItems([key], 'beta-2021', 'any')).toBe(0);
    expect(await fixture.store.deleteStaleItems([key], ALPHA.name, loaded.version)).toBe(0);
    expect(await snapshot(fixture, ALPHA)).toEqual(before);
    expect(await fixture.store.deleteStaleItems([key], ALPHA.name, 'another-version')).toBe(1);
    expect(await fixture.store.getNodes(OFFICER, ['alpha/action:a1'])).toEqual([null]);
  });

  it('gives the unqualified ids and their aliases to one dataset only', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(), ALPHA);
    await expect(loadGraph(fixture.store, betaGraph(), { ...BETA, legacyIds: 'unqualified' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/belongs to dataset "alpha-2020"/) });
    await expect(loadGraph(fixture.store, { nodes: [createNode('person:unqualified')], edges: [] }, 'old-style')).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('leaves the unqualified ids free when a namespaced dataset never published its ids unqualified', async () => {
    const fixture = await freshTable();
    expect(BETA.legacyIds).toBeUndefined();
    await loadGraph(fixture.store, betaGraph(), BETA);
    await expect(loadGraph(fixture.store, { nodes: [createNode('person:unqualified')], edges: [] }, 'old-style')).resolves.toMatchObject({ written: true });
  });

  it('tells an anonymous reader the public part\'s counts and version, and an officer the whole dataset\'s', async () => {
    const fixture = await freshTable();
    const { graph, descriptor } = (await buildDatasetWithDependencies(RESTRICTED_DATASET_DIR))[0]!;
    await loadGraph(fixture.store, graph, descriptor);
    const publicNodes = graph.nodes.filter(isPublic).length;
    const publicEdges = graph.edges.filter(isPublic).length;
    expect(publicNodes).toBeLessThan(graph.nodes.length);
    const [anonymous] = await fixture.store.listDatasets(ANONYMOUS);
    const [officer] = await fixture.store.listDatasets(OFFICER);
    expect([anonymous!.nodeCount, anonymous!.edgeCount]).toEqual([publicNodes, publicEdges]);
    expect([officer!.nodeCount, officer!.edgeCount]).toEqual([graph.nodes.length, graph.edges.length]);
    expect(anonymous!.version).not.toBe(officer!.version);
  });
});

describe('loading many datasets', () => {
  const load = { registry: () => [registryGraph(), REGISTRY], alpha: () => [alphaGraph(), ALPHA], beta: () => [betaGraph(), BETA] } as const;
  type Name = keyof typeof load;

  async function loadInOrder(order: Name[]): Promise<Fixture> {
    const fixture = await freshTable();
    for (const name of order) {
      const [graph, descriptor] = load[name]();
      await loadGraph(fixture.store, graph as Graph, descriptor as DatasetDescriptor);
    }
    return fixture;
  }

  it('gives each dataset the same items whichever subset is loaded, in whichever order', async () => {
    const orders: Name[][] = [['registry', 'alpha', 'beta'], ['beta', 'alpha', 'registry'], ['alpha', 'beta'], ['beta'], ['alpha', 'registry']];
    const snapshots: Record<Name, string[][]> = { registry: [], alpha: [], beta: [] };
    for (const order of orders) {
      const fixture = await loadInOrder(order);
      for (const name of order) snapshots[name].push(await snapshot(fixture, load[name]()[1] as DatasetDescriptor));
    }
    for (const name of Object.keys(snapshots) as Name[]) {
      expect(snapshots[name].length, name).toBeGreaterThanOrEqual(3);
      expect(snapshots[name][0]!.length, name).toBeGreaterThan(3);
      for (const other of snapshots[name].slice(1)) expect(other, name).toEqual(snapshots[name][0]);
    }
  });

  it('records what each dataset says about itself beside its version', async () => {
    const fixture = await loadInOrder(['registry', 'alpha']);
    expect(await fixture.store.listDatasets(OFFICER)).toEqual([
      expect.objectContaining({ name: 'alpha-2020', namespace: 'alpha', title: ALPHA.title, council: ALPHA.council, fictional: true, dependencies: ['registry'], nodeCount: 6, edgeCount: 6 }),
      expect.objectContaining({ name: 'registry', namespace: 'registry', fictional: true, dependencies: [], nodeCount: 2, edgeCount: 0 }),
    ]);
    expect((await fixture.store.listDatasets(OFFICER))[1]).not.toHaveProperty('council');
  });

  it('records a dataset whose descriptor does not say it is fictional as not fictional', async () => {
    const fixture = await freshTable();
    // The data is as fictional as ever: the descriptor leaves the flag out to show the default.
    const { fictional: _fictional, ...unflagged } = BETA;
    await loadGraph(fixture.store, betaGraph(), unflagged);
    expect(await fixture.store.listDatasets(OFFICER)).toEqual([expect.objectContaining({ name: BETA.name, fictional: false })]);
  });

  it('loads again in full a dataset whose last load did not finish, even one of the same version, and names the load it replaced', async () => {
    const fixture = await freshTable();
    const first = await loadGraph(fixture.store, alphaGraph(), ALPHA);
    // A load of this same version stopped after marking the record: its mark stays.
    await fixture.store.beginDatasetLoad(ALPHA.name, first.version, (await fixture.store.getDatasetLoadState(ALPHA.name))!.rev);
    expect(await loadGraph(fixture.store, alphaGraph(), ALPHA)).toMatchObject({ written: true, version: first.version, interrupted: first.version });
    await fixture.store.beginDatasetLoad(ALPHA.name, 'half-loaded', (await fixture.store.getDatasetLoadState(ALPHA.name))!.rev);
    expect(await loadGraph(fixture.store, alphaGraph(), ALPHA)).toMatchObject({ written: true, version: first.version, interrupted: 'half-loaded' });
    // Finished now: the next load of the same version writes nothing.
    expect(await loadGraph(fixture.store, alphaGraph(), ALPHA)).toMatchObject({ written: false, interrupted: null });
  });

  it('costs one read for a dataset already loaded, with or without other datasets present', async () => {
    const fixture = await loadInOrder(['registry', 'alpha', 'beta']);
    fixture.commands.length = 0;
    expect(await loadGraph(fixture.store, alphaGraph(), ALPHA)).toMatchObject({ written: false });
    expect(fixture.commands).toEqual(['GetItemCommand']);
  });

  it('finds stale items through the dataset index, reading no item of the kept version and sending no Scan', async () => {
    const fixture = await loadInOrder(['registry', 'alpha', 'beta']);
    fixture.commands.length = 0;
    for (const key of Object.keys(fixture.itemsRead)) delete fixture.itemsRead[key];
    // Two people fewer: their two nodes, two edges, the edges' copies and two aliases go, and the search-index items only they needed.
    const indexKeys = (graph: Graph) => searchIndexItems(graph, { name: ALPHA.name, version: 'v' }, visibilityOf).map((item) => `${item.pk} ${item.sk}`);
    const kept = new Set(indexKeys(alphaGraph(1)));
    const dropped = indexKeys(alphaGraph()).filter((key) => !kept.has(key)).length;
    expect(dropped).toBeGreaterThan(0);
    const result = await loadGraph(fixture.store, alphaGraph(1), ALPHA);
    expect(result).toMatchObject({ written: true, removed: 8 + dropped });
    expect(fixture.commands).not.toContain('ScanCommand');
    // Every item the new version kept was rewritten under it, so the index gives back exactly the stale ones.
    expect(fixture.itemsRead['gsi3-by-dataset']).toBe(8 + dropped);
    expect(await fixture.store.getNodes(OFFICER, ['alpha/person:p-01', 'alpha/person:p-00'])).toEqual([null, expect.objectContaining({ id: 'alpha/person:p-00' })]);
  });
});

describe('the search index', () => {
  it('indexes a restricted node\'s words as restricted: an officer finds them, an anonymous reader never does', async () => {
    const fixture = await freshTable();
    const hidden: GraphNode = { ...createNode('alpha/person:p-09', { name: 'Fictional Quillwort' }), restriction: { reason: 'draft' } };
    await loadGraph(fixture.store, { nodes: [...alphaGraph().nodes, hidden], edges: alphaGraph().edges }, ALPHA);
    expect(await fixture.store.searchIndex(OFFICER).termsExactly(ALPHA.name, ['quillwort'])).toEqual([expect.objectContaining({ term: 'quillwort', vis: 'restricted', n: 1 })]);
    expect(await fixture.store.searchIndex(OFFICER).termsWithPrefix(ALPHA.name, 'quill')).toEqual([expect.objectContaining({ term: 'quillwort', vis: 'restricted' })]);
    expect(await fixture.store.searchIndex(ANONYMOUS).termsExactly(ALPHA.name, ['quillwort'])).toEqual([]);
    expect(await fixture.store.searchIndex(ANONYMOUS).termsWithPrefix(ALPHA.name, 'quill')).toEqual([]);
  });

  it('answers every search as the same index held in memory does: typos, postings in blocks, words only the text holds, each viewer\'s share', async () => {
    const fixture = await freshTable();
    // 80 fictional wards share "harbour", every other one restricted: 40 postings of each visibility, more than a term entry holds, so they lie in blocks.
    const wards: GraphNode[] = Array.from({ length: 80 }, (_, i) => {
      const ward = createNode(`alpha/place:fictional-ward-${String(i).padStart(2, '0')}`, { name: `Fictional harbour ward ${i}` });
      return i % 2 === 0 ? { ...ward, restriction: { reason: 'draft' } } : ward;
    });
    const graph = alphaGraph();
    await loadGraph(fixture.store, { nodes: [...graph.nodes, ...wards], edges: graph.edges }, ALPHA);
    const memory = createMemorySearchIndex({ [ALPHA.name]: [...graph.nodes, ...wards] }, visibilityOf);
    const counts: Record<string, number[]> = {};
    for (const text of ['harbour', 'harbor ward', 'harbour 07', 'ward 3', 'p 00', 'nothing like it']) {
      const query = parseSearchQuery(text);
      const officer = await searchDataset(fixture.store.searchIndex(OFFICER), ALPHA.name, query);
      const anonymous = await searchDataset(fixture.store.searchIndex(ANONYMOUS), ALPHA.name, query);
      expect(officer, text).toEqual(await searchDataset(memory, ALPHA.name, query));
      expect(anonymous, text).toEqual(await searchDataset(memory, ALPHA.name, query, { visibilities: ['public'] }));
      counts[text] = [officer.hits.length, anonymous.hits.length];
    }
    // "3" also starts 30 to 39, of which the odd ones are public; p-00 is restricted.
    expect(counts).toEqual({ harbour: [80, 40], 'harbor ward': [80, 40], 'harbour 07': [1, 1], 'ward 3': [11, 6], 'p 00': [1, 0], 'nothing like it': [0, 0] });
    // The memory index read blocks and node texts too: those reads of the table were compared.
    expect(memory.reads.blocks).toContain('harbour');
    expect(memory.reads.texts.length).toBeGreaterThan(0);
    // Asked directly, the table gives no restricted posting to an anonymous reader.
    expect(await fixture.store.searchIndex(OFFICER).blockPostings(ALPHA.name, 'harbour', 'restricted')).toHaveLength(40);
    expect(await fixture.store.searchIndex(ANONYMOUS).blockPostings(ALPHA.name, 'harbour', 'restricted')).toEqual([]);
    expect(await fixture.store.searchIndex(ANONYMOUS).nodeTexts([wards[7]!.id, 'alpha/person:p-00'])).toEqual([searchableText(wards[7]!), null]);
  });
});

describe('aliases', () => {
  it('resolves each old unqualified id to its namespaced id, and forgets the ids of removed nodes', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(), ALPHA);
    expect(await fixture.store.resolveAliases(['action:a1', 'person:p-02', 'action:unknown', 'alpha/action:a1'])).toEqual(['alpha/action:a1', 'alpha/person:p-02', null, null]);
    await loadGraph(fixture.store, alphaGraph(2), ALPHA);
    expect(await fixture.store.resolveAliases(['person:p-01', 'person:p-02'])).toEqual(['alpha/person:p-01', null]);
  });

  it('writes no alias for a dataset whose ids were never published unqualified', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, betaGraph(), BETA);
    expect(await fixture.store.resolveAliases(['action:b1'])).toEqual([null]);
  });
});

describe('counts', () => {
  it('counts every node and the public ones per type, exactly, after loads, reloads and removals', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(3), ALPHA);
    await loadGraph(fixture.store, betaGraph({ people: 4 }), BETA);
    expect(await fixture.store.countNodes(OFFICER, 'Person')).toBe(7);
    expect(await fixture.store.countNodes(ANONYMOUS, 'Person')).toBe(6);
    expect(await fixture.store.countNodes(OFFICER, 'Person', ['alpha-2020'])).toBe(3);
    expect(await fixture.store.countNodes(ANONYMOUS, 'Person', ['beta-2021'])).toBe(4);
    expect(await fixture.store.countNodes(OFFICER, 'Organisation')).toBe(0);

    // Reload alpha with five people and without its progress update.
    const smaller = alphaGraph(5);
    await loadGraph(fixture.store, { nodes: smaller.nodes.filter((n) => n.type !== 'ProgressUpdate'), edges: smaller.edges.filter((e) => e.type !== 'PROGRESS_OF') }, ALPHA);
    expect(await fixture.store.countNodes(OFFICER, 'Person')).toBe(9);
    expect(await fixture.store.countNodes(OFFICER, 'ProgressUpdate')).toBe(0);
    expect((await fixture.store.countsByDataset(OFFICER, ['alpha-2020'])).map((c) => `${c.type} ${c.all} ${c.public}`).sort()).toEqual(['Action 1 1', 'Person 5 4', 'Recommendation 1 1']);
  });

  it('counts a dataset by its last finished load while a new load is under way, and a dataset never finished not at all', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(3), ALPHA);
    const state = await fixture.store.getDatasetLoadState(ALPHA.name);
    await fixture.store.beginDatasetLoad(ALPHA.name, 'half-loaded', state!.rev);
    expect(await fixture.store.countNodes(OFFICER, 'Person')).toBe(3);
    await fixture.store.beginDatasetLoad('never-finished', 'v1', 0);
    expect((await fixture.store.countsByDataset(OFFICER)).map((c) => c.dataset)).not.toContain('never-finished');
  });

  it('reads two small items partitions to count, however many nodes there are', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(40), ALPHA);
    fixture.commands.length = 0;
    expect(await fixture.store.countNodes(OFFICER, 'Person')).toBe(40);
    expect(fixture.commands).toEqual(['QueryCommand', 'QueryCommand']);
  });
});

describe('listing a type over datasets and shards', () => {
  const SMALL_SHARDS: LoadOptions = { shardSize: 2 };

  async function manyPeople(): Promise<{ fixture: Fixture; ids: string[] }> {
    const fixture = await freshTable();
    const alpha = alphaGraph(7);
    const beta = betaGraph({ people: 6 });
    await loadGraph(fixture.store, alpha, ALPHA, SMALL_SHARDS);
    await loadGraph(fixture.store, beta, BETA, SMALL_SHARDS);
    const ids = [...alpha.nodes, ...beta.nodes].filter((n) => n.type === 'Person').map((n) => n.id).sort();
    return { fixture, ids };
  }

  it('spreads a type over several shards when forced to small shards', async () => {
    const { fixture } = await manyPeople();
    const items = await scanAll(fixture.doc, fixture.tableName);
    const shards = new Set(items.filter((item) => item.type === 'Person' && item.entity === 'node').map((item) => item.gsi2pk));
    // Seven alpha people in four shards and six beta people in three, spread by hash.
    expect(shards.size).toBeGreaterThanOrEqual(5);
    expect([...shards].every((shard) => /^T#(alpha-2020|beta-2021)#Person#[0-3]$/.test(shard as string))).toBe(true);
  });

  it('pages forwards through every shard of every dataset in id order, each page knowing what lies either side', async () => {
    const { fixture, ids } = await manyPeople();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; ; page++) {
      const result = await fixture.store.listNodes(OFFICER, 'Person', { direction: 'forward', size: 4, after });
      seen.push(...result.items.map((n) => n.id));
      expect(result.hasPreviousPage, `page ${page}`).toBe(page > 0);
      expect(result.hasNextPage, `page ${page}`).toBe(seen.length < ids.length);
      if (!result.hasNextPage) break;
      after = result.items.at(-1)!.id;
    }
    expect(seen).toEqual(ids);
  });

  it('pages backwards from the end, each page ascending, and says nothing lies before the first', async () => {
    const { fixture, ids } = await manyPeople();
    const pages: string[][] = [];
    let before: string | null = null;
    for (;;) {
      const result = await fixture.store.listNodes(OFFICER, 'Person', { direction: 'backward', size: 5, before });
      pages.unshift(result.items.map((n) => n.id));
      expect(result.hasNextPage).toBe(before !== null);
      if (!result.hasPreviousPage) break;
      before = result.items[0]!.id;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 5, 5]);
    expect(pages.flat()).toEqual(ids);
  });

  it('answers a count alone from the count items, reading no shard of the type index, through fragments too', async () => {
    const { fixture, ids } = await manyPeople();
    const server = createGraphServer();
    await server.start();
    try {
      const run = async (query: string) => {
        fixture.commands.length = 0;
        for (const key of Object.keys(fixture.itemsRead)) delete fixture.itemsRead[key];
        const response = await server.executeOperation({ query }, { contextValue: createRequestContext(fixture.store, 'count-only', OFFICER) });
        const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
        expect(body?.errors).toBeUndefined();
        return { data: body?.data as { nodes: { totalCount: number; nodes?: Array<{ id: string }> } }, commands: [...fixture.commands], typeIndexItems: fixture.itemsRead[TYPE_INDEX] ?? 0 };
      };
      const counts = [
        '{ nodes(type: PERSON) { totalCount } }',
        '{ nodes(type: PERSON, first: 2) { __typename totalCount } }',
        '{ nodes(type: PERSON) { ... on NodeConnection { totalCount } } }',
        'query { nodes(type: PERSON) { ...Count } } fragment Count on NodeConnection { totalCount }',
      ];
      for (const query of counts) {
        const answer = await run(query);
        expect(answer.data.nodes.totalCount, query).toBe(ids.length);
        // The record and count partitions: the seven shards of the two datasets are not read.
        expect(answer.commands, query).toEqual(['QueryCommand', 'QueryCommand']);
        expect(answer.typeIndexItems, query).toBe(0);
      }
      // Anything beyond the count, plainly or in a fragment, still reads the page.
      for (const query of [
        '{ nodes(type: PERSON, first: 2) { totalCount nodes { id } } }',
        'query { nodes(type: PERSON, first: 2) { ...Page } } fragment Page on NodeConnection { totalCount nodes { id } }',
        '{ nodes(type: PERSON, first: 2) { totalCount ... on NodeConnection { pageInfo { hasNextPage } } } }',
      ]) {
        const answer = await run(query);
        expect(answer.data.nodes.totalCount, query).toBe(ids.length);
        expect(answer.typeIndexItems, query).toBeGreaterThan(0);
        expect(answer.commands.length, query).toBeGreaterThan(2);
      }
      expect((await run('{ nodes(type: PERSON, first: 2) { totalCount nodes { id } } }')).data.nodes.nodes?.map((n) => n.id)).toEqual(ids.slice(0, 2));
    } finally {
      await server.stop();
    }
  });

  it('lists one dataset alone when asked, and an exactly full last page has no next page', async () => {
    const { fixture, ids } = await manyPeople();
    const beta = ids.filter((id) => id.startsWith('beta/'));
    const first = await fixture.store.listNodes(OFFICER, 'Person', { direction: 'forward', size: 3, after: null }, ['beta-2021']);
    const second = await fixture.store.listNodes(OFFICER, 'Person', { direction: 'forward', size: 3, after: first.items.at(-1)!.id }, ['beta-2021']);
    expect([...first.items, ...second.items].map((n) => n.id)).toEqual(beta);
    expect(first).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(second).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});

describe('reading a node', () => {
  it('returns the node, its outgoing and its incoming edges with one Query', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, alphaGraph(2), ALPHA);
    fixture.commands.length = 0;
    const read = await fixture.store.readNeighbourhood(OFFICER, 'alpha/action:a1');
    expect(fixture.commands).toEqual(['QueryCommand']);
    expect(read.node?.id).toBe('alpha/action:a1');
    expect(read.out.map((e) => `${e.type} ${e.to}`).sort()).toEqual(['LED_BY alpha/person:p-00', 'LED_BY alpha/person:p-01', 'TAKES_UP alpha/recommendation:r1']);
    expect(read.in.map((e) => `${e.type} ${e.from}`)).toEqual(['PROGRESS_OF alpha/progress:a1-2020-03']);
  });

  it('reads for a walk only the edges that walk follows, however many others the node has', async () => {
    const fixture = await freshTable();
    const graph = alphaGraph(1);
    // 60 meetings the action's lead attended: ATTENDED is walked by neither trace.
    const meetings = Array.from({ length: 60 }, (_, i) => createNode(`alpha/meeting:m-${String(i).padStart(2, '0')}`, { date: '2020-01-01' }));
    const attended = meetings.map((m) => createEdge('alpha/action:a1', 'ATTENDED', m.id));
    await loadGraph(fixture.store, { nodes: [...graph.nodes, ...meetings], edges: [...graph.edges, ...attended] }, ALPHA);
    for (const key of Object.keys(fixture.itemsRead)) delete fixture.itemsRead[key];
    const down = await fixture.store.readNeighbourhood(OFFICER, 'alpha/action:a1', 'DOWNSTREAM');
    // Downstream follows LED_BY out and PROGRESS_OF in; TAKES_UP out is upstream's.
    expect(down.node?.id).toBe('alpha/action:a1');
    expect(down.out.map((e) => e.type)).toEqual(['LED_BY']);
    expect(down.in.map((e) => e.type)).toEqual(['PROGRESS_OF']);
    expect(fixture.itemsRead.table).toBe(3);
    const up = await fixture.store.readNeighbourhood(OFFICER, 'alpha/action:a1', 'UPSTREAM');
    expect(up.out.map((e) => e.type)).toEqual(['TAKES_UP']);
    expect(up.in).toEqual([]);
    expect((await fixture.store.readNeighbourhood(OFFICER, 'alpha/action:a1')).out).toHaveLength(62);
  });

  it('answers a relation field by reading only the edge type it names, however many others the node has', async () => {
    const fixture = await freshTable();
    const graph = alphaGraph(2);
    const meetings = Array.from({ length: 60 }, (_, i) => `alpha/meeting:m-${String(i).padStart(2, '0')}`);
    await loadGraph(fixture.store, { nodes: graph.nodes, edges: [...graph.edges, ...meetings.map((m) => createEdge('alpha/action:a1', 'ATTENDED', m))] }, ALPHA);
    const server = createGraphServer();
    await server.start();
    try {
      for (const key of Object.keys(fixture.itemsRead)) delete fixture.itemsRead[key];
      const response = await server.executeOperation(
        { query: '{ node(id: "alpha/action:a1") { ... on Action { leads { lead { id } } } } }' },
        // An officer: one of the leads (p-00) is restricted.
        { contextValue: createRequestContext(fixture.store, 'relation-field', OFFICER) },
      );
      const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
      expect(body?.errors).toBeUndefined();
      expect((body?.data as { node: { leads: Array<{ lead: { id: string } }> } }).node.leads.map((l) => l.lead.id)).toEqual(['alpha/person:p-00', 'alpha/person:p-01']);
      // The two LED_BY edges, and nothing of the 60 others.
      expect(fixture.itemsRead.table).toBe(2);
    } finally {
      await server.stop();
    }
  });

  it('costs a trace one Query per expanded node and one batched read for the rest in each round', async () => {
    const fixture = await freshTable();
    await loadGraph(fixture.store, registryGraph(), REGISTRY);
    await loadGraph(fixture.store, alphaGraph(2), ALPHA);
    await loadGraph(fixture.store, betaGraph(), BETA);
    fixture.commands.length = 0;
    const result = await trace(createRequestContext(fixture.store, 'trace-cost', OFFICER).traceReader, 'alpha/recommendation:r1', { direction: 'DOWNSTREAM' });
    const expanded = result.nodes.filter((n) => !['Person', 'Organisation'].includes(n.type));
    expect(result.nodes.map((n) => n.id).sort()).toEqual(
      ['alpha/recommendation:r1', POLICE, 'alpha/action:a1', 'beta/action:b1', 'alpha/progress:a1-2020-03', 'alpha/person:p-00', 'alpha/person:p-01', 'beta/person:q-00', 'beta/person:q-01'].sort(),
    );
    expect(fixture.commands.filter((c) => c === 'QueryCommand')).toHaveLength(expanded.length);
    expect(fixture.commands.filter((c) => c !== 'QueryCommand').every((c) => c === 'BatchGetItemCommand')).toBe(true);
    expect(fixture.commands.filter((c) => c === 'BatchGetItemCommand').length).toBeLessThanOrEqual(result.rounds);
  });
});
