/** The DynamoDB adapter and the dataset loader against the embedded engine over HTTP. */
import type { TableClient } from '../../functions/storage/table-client.js';
import { aroundCalls } from '../fixtures/table-calls.js';
import { scanTable } from '../fixtures/table-scan.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildGraph, type Graph, type GraphNode } from '../../functions/core/dataset.js';
import { InvalidDatasetError } from '../../functions/core/errors.js';
import { readDatasetFiles, readDatasetFolder, readDocumentTexts } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { startLocalStack } from '../../functions/local/stack.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { nodeToItem } from '../../functions/storage/dataset-items.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { nodeKey } from '../../functions/storage/keys.js';
import { searchIndexItems } from '../../functions/storage/search-index-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createEdge, createNode } from '../fixtures/graph-builders.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';
import { testDataset } from '../fixtures/datasets.js';
import { ANONYMOUS, signedInViewer } from '../../functions/core/access.js';
import { UnavailableError } from '../../functions/core/errors.js';
import { isPublic } from '../../functions/core/visibility.js';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import { ALPHA, alphaGraph, REGISTRY, registryGraph } from '../fixtures/namespaced-datasets.js';
import { RESTRICTED_DATASET_DIR } from '../fixtures/restricted-graph.js';

/** Items written straight to the table, as if by a load of this dataset version. */
const TAG = { name: 'direct', version: 'v1' };
let engine: LocalEngine;
let tableCount = 0;
const commands: string[] = [];

async function freshStore(wrap?: (doc: TableClient) => TableClient) {
  const client = createDynamoDbClient({ endpoint: engine.endpoint, onRequest: (c) => void commands.push(c) });
  const tableName = `graph-test-${++tableCount}`;
  await ensureTable(client, tableName);
  const doc = createTableClient({ endpoint: engine.endpoint, onRequest: (c) => void commands.push(c) });
  return { store: new DynamoGraphStore(wrap ? wrap(doc) : doc, tableName), doc, tableName };
}

/** The mini dataset as its folder describes it, and its graph. */
const MINI = (await readDatasetFolder(MINI_DATASET_DIR)).descriptor;

async function miniGraph(): Promise<Graph> {
  const files = await readDatasetFiles(MINI_DATASET_DIR);
  return buildGraph(files, { namespace: MINI.namespace, documentTexts: await readDocumentTexts(files, MINI.namespace) });
}

/**
 * Wraps the client so every Query and Scan that sets no Limit of its own reads at most
 * `limit` items per page, as DynamoDB does at 1 MB: any caller that stops after page
 * one then loses data even on a small table.
 */
function smallPages(limit: number, pages: { count: number }) {
  return (doc: TableClient): TableClient => {
    return aroundCalls(doc, (operation, input, next) => {
      if ((operation === 'query' || operation === 'scan') && input.Limit === undefined) {
        pages.count++;
        return next({ ...input, Limit: limit });
      }
      return next(input);
    });
  };
}

beforeAll(async () => {
  engine = await startLocalEngine();
});

afterAll(async () => {
  await engine?.close();
});

describe('DynamoGraphStore.getNodes', () => {
  it('reads more than 100 ids in chunks and returns results aligned with the ids, null where absent', async () => {
    const { store } = await freshStore();
    const nodes = Array.from({ length: 230 }, (_, i) => createNode(`luton/person:p-${String(i).padStart(3, '0')}`));
    await store.writeItems(nodes.map((n) => nodeToItem(n, TAG)));
    const ids = ['luton/person:missing', ...nodes.map((n) => n.id).reverse(), 'luton/person:p-007'];
    commands.length = 0;
    const result = await store.getNodes(ANONYMOUS, ids);
    expect(result).toHaveLength(ids.length);
    expect(result[0]).toBeNull();
    expect(result.slice(1, -1).map((n) => n?.id)).toEqual(nodes.map((n) => n.id).reverse());
    expect(result.at(-1)?.id).toBe('luton/person:p-007');
    expect(commands.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(3);
  });

  it('retries unprocessed keys until every key is read', async () => {
    let throttled = 0;
    // The engine never throttles, so the first answer of each batch is cut short at the client boundary, as DynamoDB may do.
    const { store } = await freshStore((doc) =>
      aroundCalls(doc, async (operation, input: { RequestItems: Record<string, { Keys: unknown[] }> }, next) => {
        const output = (await next(input)) as { Responses?: Record<string, unknown[]>; UnprocessedKeys?: Record<string, { Keys: unknown[] }> };
        if (operation === 'batchGet' && throttled < 2) {
          throttled++;
          const [table, keys] = Object.entries(input.RequestItems)[0]!;
          const held = keys.Keys.slice(0, Math.ceil(keys.Keys.length / 2));
          const heldIds = new Set(held.map((k) => JSON.stringify(k)));
          output.Responses![table] = output.Responses![table]!.filter((item) => !heldIds.has(JSON.stringify({ pk: (item as { pk: string }).pk, sk: (item as { sk: string }).sk })));
          output.UnprocessedKeys = { [table]: { Keys: held } };
        }
        return output;
      }),
    );
    const nodes = Array.from({ length: 40 }, (_, i) => createNode(`luton/place:p-${i}`));
    await store.writeItems(nodes.map((n) => nodeToItem(n, TAG)));
    const result = await store.getNodes(ANONYMOUS, nodes.map((n) => n.id));
    expect(throttled).toBe(2);
    expect(result.map((n) => n?.id)).toEqual(nodes.map((n) => n.id));
  });
});

describe('DynamoGraphStore.getEdges', () => {
  it('reads every page of a node\'s edges in both directions', async () => {
    const { store } = await freshStore();
    const graph = await miniGraph();
    await loadGraph(store, graph, MINI);
    const out = await store.getEdges(ANONYMOUS, 'luton/action:csp-business-plan-2019-20-13', 'out');
    const incoming = await store.getEdges(ANONYMOUS, 'luton/action:csp-business-plan-2019-20-13', 'in');
    expect(out.map((e) => `${e.type} ${e.to}`).sort()).toEqual(['LED_BY luton/person:darren-turney', 'LED_BY luton/person:tara-lynch', 'TAKES_UP luton/resolution:cdc-2019-03-05-09-iii']);
    expect(incoming.map((e) => `${e.type} ${e.from}`).sort()).toEqual(['DELIVERS luton/operation:octans', 'PROGRESS_OF luton/progress:csp-business-plan-2019-20-13-2020-03']);
    expect(out.find((e) => e.type === 'TAKES_UP')?.props).toMatchObject({ basis: 'inferred' });
  });
});

describe('DynamoGraphStore paging', () => {
  it('reads every page of a node\'s edges when DynamoDB returns them a few at a time', async () => {
    const pages = { count: 0 };
    const { store } = await freshStore(smallPages(2, pages));
    const hub = createNode('luton/operation:hub');
    const places = Array.from({ length: 7 }, (_, i) => createNode(`luton/place:p-${i}`));
    const actions = Array.from({ length: 5 }, (_, i) => createNode(`luton/action:a-${i}`));
    await loadGraph(store, {
      nodes: [hub, ...places, ...actions],
      edges: [
        ...places.map((p) => createEdge('luton/operation:hub', 'LOCATED_IN', p.id)),
        ...actions.map((a) => createEdge('luton/operation:hub', 'DELIVERS', a.id)),
        ...actions.map((a) => createEdge(a.id, 'CONTRIBUTES_TO', 'luton/operation:hub')),
      ],
    }, testDataset('paging'));
    pages.count = 0;
    const out = await store.getEdges(ANONYMOUS, 'luton/operation:hub', 'out');
    expect(out.map((e) => e.to).sort()).toEqual([...actions, ...places].map((n) => n.id).sort());
    expect(await store.getEdges(ANONYMOUS, 'luton/operation:hub', 'out', 'LOCATED_IN')).toHaveLength(7);
    expect((await store.getEdges(ANONYMOUS, 'luton/operation:hub', 'in')).map((e) => e.from).sort()).toEqual(actions.map((a) => a.id));
    // 12 + 7 + 5 edges, two a page: at least 6 + 4 + 3 pages were read.
    expect(pages.count).toBeGreaterThanOrEqual(13);
  });

  it('reads every search term and posting block and counts every node of a type when pages hold a few items', async () => {
    const { store } = await freshStore(smallPages(3, { count: 0 }));
    // 600 people share the word "person": more than one block of postings, read a few items a page.
    const people = Array.from({ length: 600 }, (_, i) => createNode(`luton/person:pq${String(i).padStart(3, '0')}`));
    await loadGraph(store, { nodes: [...people, createNode('luton/place:elsewhere')], edges: [] }, testDataset('pages'));
    const terms = await store.searchIndex(ANONYMOUS).termsWithPrefix('pages', 'pq0');
    expect(terms.map((t) => t.term)).toEqual(Array.from({ length: 100 }, (_, i) => `pq${String(i).padStart(3, '0')}`));
    const [person] = await store.searchIndex(ANONYMOUS).termsExactly('pages', ['person']);
    expect(person).toMatchObject({ term: 'person', vis: 'public', n: 600, blocks: 2 });
    const postings = await store.searchIndex(ANONYMOUS).blockPostings('pages', 'person', 'public');
    expect(postings.map(([id]) => id)).toEqual(people.map((p) => p.id));
    expect(await store.countNodes(ANONYMOUS, 'Person')).toBe(600);
  });

  it('lists every dataset and finds every stale item when the records come one at a time', async () => {
    const { store } = await freshStore(smallPages(1, { count: 0 }));
    for (const name of ['alpha', 'beta', 'gamma']) await store.putDatasetVersion(name, { version: `${name}-1`, nodes: 1, edges: 0 }, null);
    expect((await store.listDatasets(ANONYMOUS)).map((d) => `${d.name} ${d.version}`)).toEqual(['alpha alpha-1', 'beta beta-1', 'gamma gamma-1']);
    await store.writeItems(['luton/place:a', 'luton/place:b', 'luton/place:c'].map((id) => nodeToItem(createNode(id), { name: 'alpha', version: 'old' })));
    await store.writeItems(['luton/place:e', 'luton/place:f'].map((id) => nodeToItem(createNode(id), { name: 'alpha', version: 'newer' })));
    await store.writeItems([nodeToItem(createNode('luton/place:d'), { name: 'alpha', version: 'alpha-1' }), nodeToItem(createNode('luton/place:g'), { name: 'beta', version: 'old' })]);
    expect((await store.staleDatasetKeys('alpha', 'alpha-1')).map((k) => k.pk).sort()).toEqual(['luton/place:a', 'luton/place:b', 'luton/place:c', 'luton/place:e', 'luton/place:f'].map((id) => nodeKey(id).pk));
  });
});

describe('DynamoGraphStore.listNodes', () => {
  it('pages through a type in id order and says there is no next page after an exactly full last page', async () => {
    const { store } = await freshStore();
    const places = ['luton/place:d', 'luton/place:a', 'luton/place:c', 'luton/place:b'].map((id) => createNode(id));
    await loadGraph(store, { nodes: [...places, createNode('luton/person:not-a-place')], edges: [] }, testDataset('places'));
    const first = await store.listNodes(ANONYMOUS, 'Place', { direction: 'forward', size: 2, after: null });
    expect(first.items.map((n) => n.id)).toEqual(['luton/place:a', 'luton/place:b']);
    expect(first.hasNextPage).toBe(true);
    expect(first.hasPreviousPage).toBe(false);
    const second = await store.listNodes(ANONYMOUS, 'Place', { direction: 'forward', size: 2, after: 'luton/place:b' });
    expect(second.items.map((n) => n.id)).toEqual(['luton/place:c', 'luton/place:d']);
    expect(second.hasNextPage).toBe(false);
    expect(second.hasPreviousPage).toBe(true);
    const all = await store.listNodes(ANONYMOUS, 'Place', { direction: 'forward', size: 10, after: null });
    expect(all.items).toHaveLength(4);
    expect(all.hasNextPage).toBe(false);
    expect(all.items[0]).toEqual({ ...places[1], dataset: 'places' });
  });

  it('pages backwards in id order, returning each page ascending', async () => {
    const { store } = await freshStore();
    await loadGraph(store, { nodes: ['luton/place:d', 'luton/place:a', 'luton/place:c', 'luton/place:b', 'luton/person:not-a-place'].map((id) => createNode(id)), edges: [] }, testDataset('places'));
    const last = await store.listNodes(ANONYMOUS, 'Place', { direction: 'backward', size: 2, before: null });
    expect(last.items.map((n) => n.id)).toEqual(['luton/place:c', 'luton/place:d']);
    expect(last).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const earlier = await store.listNodes(ANONYMOUS, 'Place', { direction: 'backward', size: 2, before: 'luton/place:c' });
    expect(earlier.items.map((n) => n.id)).toEqual(['luton/place:a', 'luton/place:b']);
    expect(earlier).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });
  it('pages an anonymous reader through the public nodes alone, whichever side of a cursor the restricted ones fall', async () => {
    const { store } = await freshStore();
    // Places a to h, of which b, c, f and h are restricted.
    const ids = [...'abcdefgh'].map((letter) => `luton/place:${letter}`);
    const hidden = new Set(['luton/place:b', 'luton/place:c', 'luton/place:f', 'luton/place:h']);
    await loadGraph(store, { nodes: ids.map((id): GraphNode => (hidden.has(id) ? { ...createNode(id), restriction: { reason: 'draft' } } : createNode(id))), edges: [] }, testDataset('places'));
    const seen: string[] = [];
    const flags: boolean[][] = [];
    let after: string | null = null;
    for (;;) {
      const page = await store.listNodes(ANONYMOUS, 'Place', { direction: 'forward', size: 1, after });
      seen.push(...page.items.map((n) => n.id));
      flags.push([page.hasPreviousPage, page.hasNextPage]);
      if (!page.hasNextPage) break;
      after = page.items.at(-1)!.id;
    }
    expect(seen).toEqual(ids.filter((id) => !hidden.has(id)));
    expect(flags).toEqual([[false, true], [true, true], [true, true], [true, false]]);
    // Backwards from d: only a lies before it, as b and c are restricted, and nothing before a.
    expect(await store.listNodes(ANONYMOUS, 'Place', { direction: 'backward', size: 2, before: 'luton/place:d' })).toMatchObject({ items: [{ id: 'luton/place:a' }], hasPreviousPage: false, hasNextPage: true });
    expect((await store.listNodes({ role: 'officer', subject: 'storage-test' }, 'Place', { direction: 'forward', size: 10, after: null })).items).toHaveLength(8);
  });
});

describe('DynamoGraphStore dataset records', () => {
  it('refuses, as a conflict, to finish a load another loader has since taken over', async () => {
    const { store } = await freshStore();
    const mine = await store.beginDatasetLoad('race', 'v1', 0);
    const theirs = await store.beginDatasetLoad('race', 'v2', mine);
    await expect(store.beginDatasetLoad('race', 'v3', mine)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/changed by another loader/) });
    await expect(store.finishDatasetLoad('race', { version: 'v1', nodes: 1, edges: 0 }, mine)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.getDatasetVersion('race')).toBeNull();
    await store.finishDatasetLoad('race', { version: 'v2', nodes: 3, edges: 2 }, theirs);
    expect(await store.getDatasetVersion('race')).toMatchObject({ version: 'v2', nodes: 3, edges: 2 });
    expect(await store.getDatasetLoadState('race')).toEqual({ version: 'v2', loading: null, rev: theirs + 1 });
    expect((await store.listDatasets(ANONYMOUS)).map((d) => [d.name, d.version, d.nodeCount, d.edgeCount])).toEqual([['race', 'v2', 3, 2]]);
  });

  it('refuses to record a version over one it did not expect', async () => {
    const { store } = await freshStore();
    await store.putDatasetVersion('plain', { version: 'v1', nodes: 1, edges: 0 }, null);
    await expect(store.putDatasetVersion('plain', { version: 'v2', nodes: 1, edges: 0 }, null)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(store.putDatasetVersion('plain', { version: 'v2', nodes: 1, edges: 0 }, 'v0')).rejects.toMatchObject({ code: 'CONFLICT' });
    await store.putDatasetVersion('plain', { version: 'v2', nodes: 5, edges: 4 }, 'v1');
    expect(await store.getDatasetVersion('plain')).toMatchObject({ version: 'v2', nodes: 5, edges: 4 });
  });
});

describe('DynamoGraphStore.writeItems', () => {
  it('retries unprocessed items until every item is written', async () => {
    let throttled = 0;
    // The engine never throttles, so the first writes are cut short at the client boundary, as DynamoDB may do.
    const { store, doc, tableName } = await freshStore((doc) =>
      aroundCalls(doc, async (operation, input, next) => {
        if (operation === 'batchWrite' && throttled < 3) {
          throttled++;
          const [table, requests] = Object.entries(input.RequestItems as Record<string, unknown[]>)[0]!;
          const held = requests.slice(0, Math.ceil(requests.length / 2));
          await next({ RequestItems: { [table]: requests.slice(held.length) } });
          return { UnprocessedItems: { [table]: held } };
        }
        return next(input);
      }),
    );
    const nodes = Array.from({ length: 30 }, (_, i) => createNode(`luton/place:w-${i}`));
    await store.writeItems(nodes.map((n) => nodeToItem(n, TAG)), 1);
    expect(throttled).toBe(3);
    const { Items } = await doc.scan({ TableName: tableName });
    expect(Items?.map((item) => item.id).sort()).toEqual(nodes.map((n) => n.id).sort());
  });

  it('gives up with a retryable unavailable error, not silence, when items stay unprocessed', async () => {
    const { store } = await freshStore((doc) =>
      aroundCalls(doc, async (_operation, input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: input.RequestItems })),
    );
    await expect(store.writeItems([nodeToItem(createNode('luton/place:stuck'), TAG)])).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', cause: { message: expect.stringMatching(/left 1 item\(s\) unprocessed after 8 retries/) } });
  });

  it('takes items from a lazy list only as batches go out: never more than the batches in flight hold', async () => {
    let inFlight = 0;
    let answered = 0;
    const { store, doc, tableName } = await freshStore((doc) =>
      aroundCalls(doc, async (operation, input, next) => {
        if (operation !== 'batchWrite') return next(input);
        inFlight++;
        try {
          return await next(input);
        } finally {
          inFlight--;
          answered++;
        }
      }),
    );
    let produced = 0;
    let mostAhead = 0;
    function* items() {
      for (let i = 0; i < 400; i++) {
        produced++;
        // Items taken beyond those of the batches answered: the ones in flight, and the batch being filled.
        mostAhead = Math.max(mostAhead, produced - answered * 25);
        yield nodeToItem(createNode(`luton/place:lazy-${i}`), TAG);
      }
    }
    await store.writeItems(items(), 3);
    expect(produced).toBe(400);
    expect(inFlight).toBe(0);
    // Three batches of 25 taken and not yet answered (one of them perhaps still being filled): at most 75 items ahead, not 400.
    expect(mostAhead).toBeLessThanOrEqual(3 * 25);
    expect(mostAhead).toBeGreaterThan(25);
    expect(await scanTable(doc, tableName)).toHaveLength(400);
  });

  it('sends no further batch once one has failed, and throws that failure', async () => {
    let sent = 0;
    const { store } = await freshStore((doc) =>
      aroundCalls(doc, async (operation, input, next) => {
        if (operation !== 'batchWrite') return next(input);
        sent++;
        if (sent === 2) throw Object.assign(new Error('refused by the fictional engine'), { name: 'ValidationException' });
        return next(input);
      }),
    );
    const nodes = Array.from({ length: 500 }, (_, i) => nodeToItem(createNode(`luton/place:stop-${i}`), TAG));
    await expect(store.writeItems(nodes, 2)).rejects.toThrow('refused by the fictional engine');
    // Nothing goes on in the background after the load has failed.
    await new Promise((resolve) => setTimeout(resolve, 300));
    // 20 batches of 25; the failure came on the second, with at most one other in flight.
    expect(sent).toBeLessThanOrEqual(3);
  });
});

/**
 * Cuts short the answers to the first `times` BatchGetItem requests, half their keys left
 * unprocessed, as DynamoDB may do under load (the engine never does).
 */
function heldBatchGets(times: number, held: { count: number }) {
  return (doc: TableClient): TableClient => {
    return aroundCalls(doc, async (operation, input: { RequestItems: Record<string, { Keys: Array<Record<string, unknown>> }> }, next) => {
      const output = (await next(input)) as { Responses?: Record<string, Array<Record<string, unknown>>>; UnprocessedKeys?: Record<string, { Keys: Array<Record<string, unknown>> }> };
      if (operation === 'batchGet' && held.count < times) {
        held.count++;
        const [table, request] = Object.entries(input.RequestItems)[0]!;
        const keys = request.Keys.slice(0, Math.ceil(request.Keys.length / 2));
        const kept = new Set(keys.map((key) => `${key.pk as string} ${key.sk as string}`));
        output.Responses![table] = output.Responses![table]!.filter((item) => !kept.has(`${item.pk as string} ${item.sk as string}`));
        output.UnprocessedKeys = { [table]: { Keys: keys } };
      }
      return output;
    });
  };
}

describe('DynamoSearchIndex reads', () => {
  /** 150 fictional wards, each with a word of its own: 150 term entries, read in two batches. */
  const wards = Array.from({ length: 150 }, (_, i) => createNode(`luton/place:ward-${i}`, { name: `Fictional ward${i}` }));
  const words = wards.map((_, i) => `ward${i}`);

  it('reads every term entry asked for, in batches of 100, retrying the keys a batch left unprocessed', async () => {
    const held = { count: 0 };
    const { store } = await freshStore(heldBatchGets(3, held));
    await loadGraph(store, { nodes: wards, edges: [] }, testDataset('wards'));
    const entries = await store.searchIndex(ANONYMOUS).termsExactly('wards', words);
    expect(held.count).toBe(3);
    expect(entries.map((entry) => `${entry.term} ${entry.n}`).sort()).toEqual(words.map((word) => `${word} 1`).sort());
  });

  it('gives up with a retryable unavailable error, not a partial answer, when keys stay unprocessed', async () => {
    const held = { count: 0 };
    const { store } = await freshStore(heldBatchGets(Number.POSITIVE_INFINITY, held));
    await loadGraph(store, { nodes: wards.slice(0, 10), edges: [] }, testDataset('wards'));
    await expect(store.searchIndex(ANONYMOUS).termsExactly('wards', words.slice(0, 10))).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      cause: { message: expect.stringMatching(/^BatchGetItem left \d+ key\(s\) unprocessed after 8 retries$/) },
    });
    // The first request and the 8 retries the message names.
    expect(held.count).toBe(9);
  });
});

describe('loadGraph', () => {
  it('writes the dataset once; a second load of the same data writes nothing', async () => {
    const { store } = await freshStore();
    const graph = await miniGraph();
    const first = await loadGraph(store, graph, MINI);
    expect(first).toMatchObject({ written: true, nodes: 15, edges: 15, removed: 0 });
    commands.length = 0;
    const second = await loadGraph(store, graph, MINI);
    expect(second).toMatchObject({ written: false, version: first.version });
    expect(commands).toEqual(['GetItemCommand']);
  });

  it('removes what a new version of the dataset no longer holds', async () => {
    const { store, doc, tableName } = await freshStore();
    const graph = await miniGraph();
    await loadGraph(store, graph, MINI);
    const smaller: Graph = { nodes: graph.nodes.filter((n) => n.id !== 'luton/place:high-town'), edges: graph.edges.filter((e) => e.to !== 'luton/place:high-town') };
    const result = await loadGraph(store, smaller, MINI);
    // The node, its one edge, that edge's copy under its other end, and any index entry only the node needed.
    const indexItems = (g: Graph) => searchIndexItems(g, { name: MINI.name, version: 'v' });
    const kept = new Set(indexItems(smaller).map((item) => `${item.pk} ${item.sk}`));
    const dropped = indexItems(graph).filter((item) => !kept.has(`${item.pk} ${item.sk}`));
    expect(result).toMatchObject({ written: true, removed: 3 + dropped.length });
    expect(await store.getNodes(ANONYMOUS, ['luton/place:high-town'])).toEqual([null]);
    const { Items } = await doc.scan({ TableName: tableName });
    const byEntity: Record<string, number> = {};
    for (const item of Items ?? []) byEntity[item.entity as string] = (byEntity[item.entity as string] ?? 0) + 1;
    const index: Record<string, number> = {};
    for (const item of indexItems(smaller)) index[item.entity as string] = (index[item.entity as string] ?? 0) + 1;
    // 14 nodes and 14 edges, each edge also copied under its target; one record, one claim, a count per type; the index.
    expect(byEntity).toEqual({ node: 14, edge: 14, 'in-edge': 14, dataset: 1, namespace: 1, count: new Set(smaller.nodes.map((n) => n.type)).size, ...index });
  });

  it('refuses an invalid dataset and writes nothing to the table', async () => {
    const tableName = 'graph-invalid';
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    const invalidDir = new URL('../fixtures/invalid-dataset', import.meta.url).pathname;
    await expect(startLocalStack({ port: 0, endpoint: engine.endpoint, tableName, datasetDir: invalidDir })).rejects.toBeInstanceOf(InvalidDatasetError);
    const { Items } = await createTableClient({ endpoint: engine.endpoint }).scan({ TableName: tableName });
    expect(Items).toEqual([]);
  });
});

describe('DynamoGraphStore when DynamoDB keeps failing', () => {
  afterEach(() => vi.restoreAllMocks());
  // The waits before retries 1 to 8 are this share of 50, 100, 200, 400, 800, 1000, 1000, 1000 ms: 455 ms in all.
  const JITTER = 0.1;

  it.each([
    {
      what: 'keys still unread',
      operation: 'batchGet' as const,
      answer: (input: { RequestItems: unknown }) => ({ Responses: {}, UnprocessedKeys: input.RequestItems }),
      call: (store: DynamoGraphStore) => store.getNodes(ANONYMOUS, ['luton/place:fictional-quay']),
      cause: /BatchGetItem left 1 key\(s\) unprocessed after 8 retries/,
    },
    {
      what: 'items still unwritten',
      operation: 'batchWrite' as const,
      answer: (input: { RequestItems: unknown }) => ({ UnprocessedItems: input.RequestItems }),
      call: (store: DynamoGraphStore) => store.writeItems([nodeToItem(createNode('luton/place:fictional-quay'), TAG)]),
      cause: /BatchWriteItem left 1 item\(s\) unprocessed after 8 retries/,
    },
  ])('gives up on $what after eight retries, as SERVICE_UNAVAILABLE, having backed off between', async ({ operation, answer, call, cause }) => {
    let calls = 0;
    const { store } = await freshStore((doc) =>
      aroundCalls(doc, async (sent, input, next) => {
        if (sent !== operation) return next(input);
        calls++;
        return answer(input);
      }),
    );
    vi.spyOn(Math, 'random').mockReturnValue(JITTER);
    const started = performance.now();
    const error = await call(store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(String((error as Error).cause)).toMatch(cause);
    expect(calls).toBe(9);
    expect(performance.now() - started).toBeGreaterThanOrEqual(440);
  });

  it('passes on any failure of a conditional write other than its condition, never as a conflict or a skipped item', async () => {
    const failure = Object.assign(new Error('fictional validation failure'), { name: 'ValidationException' });
    const { store } = await freshStore((doc) => aroundCalls(doc, async (operation, input, next) => (operation === 'put' || operation === 'delete' ? Promise.reject(failure) : next(input))));
    const item = nodeToItem(createNode('luton/place:fictional-quay'), TAG);
    await expect(store.writeOwnItems([item], TAG.name)).rejects.toBe(failure);
    await expect(store.claimNamespace('fictional', TAG.name)).rejects.toBe(failure);
    await expect(store.deleteStaleItems([{ pk: String(item.pk), sk: String(item.sk) }], TAG.name, 'v2')).rejects.toBe(failure);
    await expect(store.putDatasetVersion(TAG.name, { version: 'v1', nodes: 1, edges: 0 }, null)).rejects.toBe(failure);
    const { store: updating } = await freshStore((doc) => aroundCalls(doc, async (operation, input, next) => (operation === 'update' ? Promise.reject(failure) : next(input))));
    await expect(updating.beginDatasetLoad(TAG.name, 'v1', 0)).rejects.toBe(failure);
    // Dropping the count of a type the new version no longer has.
    const { store: counting, doc, tableName } = await freshStore();
    await counting.replaceCounts(TAG.name, 'v1', new Map([['Person', { all: 1, public: 1, shards: 1 }]]));
    const deleting = new DynamoGraphStore(aroundCalls(doc, async (operation, input, next) => (operation === 'delete' ? Promise.reject(failure) : next(input))), tableName);
    await expect(deleting.replaceCounts(TAG.name, 'v2', new Map())).rejects.toBe(failure);
  });
});

describe('DynamoGraphStore dataset facts', () => {
  it('names the dataset that owns a namespace, and null for a namespace nobody claimed', async () => {
    const { store } = await freshStore();
    await loadGraph(store, registryGraph(), REGISTRY);
    await loadGraph(store, alphaGraph(), ALPHA);
    expect(await store.namespaceOwner('alpha')).toBe('alpha-2020');
    expect(await store.namespaceOwner('registry')).toBe('registry');
    expect(await store.namespaceOwner('nobody')).toBeNull();
  });

  it('follows a load from its mark to its record, listing the dataset only once a load has finished', async () => {
    const { store } = await freshStore();
    expect(await store.getDatasetLoadState('half-loaded')).toBeNull();
    const rev = await store.beginDatasetLoad('half-loaded', 'v1', 0);
    expect(await store.getDatasetLoadState('half-loaded')).toEqual({ version: null, loading: 'v1', rev: 1 });
    expect(rev).toBe(1);
    expect(await store.listDatasets(ANONYMOUS)).toEqual([]);
    await store.finishDatasetLoad('half-loaded', { version: 'v1', nodes: 0, edges: 0 }, rev);
    expect(await store.getDatasetLoadState('half-loaded')).toEqual({ version: 'v1', loading: null, rev: 2 });
    expect((await store.listDatasets(ANONYMOUS)).map((d) => d.name)).toEqual(['half-loaded']);
  });

  it('refuses a second first record of a dataset as a conflict between loaders', async () => {
    const { store } = await freshStore();
    await store.putDatasetVersion('raced', { version: 'v1', nodes: 1, edges: 0 }, null);
    await expect(store.putDatasetVersion('raced', { version: 'v2', nodes: 1, edges: 0 }, null)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Dataset "raced" was changed by another loader while this one ran; run the load again.',
    });
  });

  it('sets facts only on a dataset that has a record, and does nothing when given none', async () => {
    const { store } = await freshStore();
    await expect(store.recordDatasetFacts('never-loaded', {})).resolves.toBeUndefined();
    await expect(store.recordDatasetFacts('never-loaded', { title: 'Fictional title' })).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('describes each dataset with its nodes per type, public ones only for an anonymous reader', async () => {
    const { store } = await freshStore();
    const { graph, descriptor } = (await buildDatasetWithDependencies(RESTRICTED_DATASET_DIR))[0]!;
    await loadGraph(store, graph, descriptor);
    await loadGraph(store, { nodes: [createNode('person:fictional-clerk')], edges: [] }, 'plain-fictional');
    const perType = (nodes: GraphNode[]) => {
      const counts: Record<string, number> = {};
      for (const node of nodes) counts[node.type] = (counts[node.type] ?? 0) + 1;
      return counts;
    };
    const officer = await store.listDatasetInfo(signedInViewer('fictional-officer', ['officer']));
    const anonymous = await store.listDatasetInfo(ANONYMOUS);
    const publicNodes = graph.nodes.filter(isPublic);
    expect(publicNodes.length).toBeLessThan(graph.nodes.length);
    expect(anonymous.find((d) => d.name === descriptor.name)).toMatchObject({
      title: descriptor.title,
      namespace: 'exampleton',
      council: { name: 'Exampleton Borough Council', onsCode: null },
      fictional: true,
      nodeCount: publicNodes.length,
      nodeCounts: perType(publicNodes),
    });
    expect(officer.find((d) => d.name === descriptor.name)).toMatchObject({ nodeCount: graph.nodes.length, nodeCounts: perType(graph.nodes) });
    // Exactly the types with a node the reader may see: none listed at zero.
    expect(anonymous.find((d) => d.name === descriptor.name)!.nodeCounts).toStrictEqual(perType(publicNodes));
    // A dataset loaded by name alone says nothing of itself: its name stands for its title.
    expect(anonymous.find((d) => d.name === 'plain-fictional')).toMatchObject({ title: 'plain-fictional', namespace: null, council: null, fictional: false, nodeCount: 1, nodeCounts: { Person: 1 } });
  });
});
