/** The parallel segmented Scan behind exports, on the local engine over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeId } from '../../functions/core/dataset.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { scanGraph, scanPages, scanTable } from '../../functions/storage/graph-scan.js';
import { searchIndexItems } from '../../functions/storage/search-index-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createFixtureGraph } from '../fixtures/export-graph.js';
import { testDataset } from '../fixtures/datasets.js';
import { ANONYMOUS, signedInViewer } from '../../functions/core/access.js';
import { isPublic } from '../../functions/core/visibility.js';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import type { TableClient } from '../../functions/storage/table-client.js';
import { RESTRICTED_DATASET_DIR } from '../fixtures/restricted-graph.js';

const TABLE = 'scan-test';
let engine: LocalEngine;
const scans: number[] = [];

const doc = () => createTableClient({ endpoint: engine.endpoint, onRequest: (command) => void (command === 'ScanCommand' && scans.push(1)) });

beforeAll(async () => {
  engine = await startLocalEngine();
  if (new URL(engine.endpoint).hostname !== '127.0.0.1') throw new Error(`Refusing non-loopback endpoint ${engine.endpoint}`);
  const client = createDynamoDbClient({ endpoint: engine.endpoint });
  await ensureTable(client, TABLE);
  await loadGraph(new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), TABLE), createFixtureGraph(), testDataset('fixture'));
});

afterAll(async () => {
  await engine?.close();
});

describe('scanGraph', () => {
  it.each([1, 4, 7])('yields every node and edge exactly once with %i segment(s), and no dataset record', async (segments) => {
    const nodes = [];
    const edges = [];
    for await (const item of scanGraph(doc(), TABLE, ANONYMOUS, { segments, pageSize: 3 })) {
      if (item.kind === 'node') nodes.push(item.node);
      else if (item.kind === 'edge') edges.push(item.edge);
    }
    expect(canonicalGraphLines({ nodes, edges })).toEqual(canonicalGraphLines(createFixtureGraph()));
    expect(new Set(edges.map(edgeId)).size).toBe(edges.length);
  });

  it('reports the dataset version record and the derived items separately when asked for every item', async () => {
    const kinds = new Map<string, number>();
    for await (const item of scanTable(doc(), TABLE, { segments: 2 })) kinds.set(item.kind, (kinds.get(item.kind) ?? 0) + 1);
    // Derived: a copy of each edge under its target, the namespace claim, a count per node type and the search index.
    const types = new Set(createFixtureGraph().nodes.map((n) => n.type)).size;
    const index = searchIndexItems(createFixtureGraph(), { name: 'fixture', version: 'any' }).length;
    expect(Object.fromEntries(kinds)).toEqual({ node: 13, edge: 11, dataset: 1, derived: 11 + 1 + types + index });
  });

  it('stops reading when the reader stops, leaving no worker running', async () => {
    scans.length = 0;
    let pages = 0;
    for await (const page of scanPages(doc(), TABLE, { segments: 2, pageSize: 1, bufferPages: 1 })) {
      expect(page).toHaveLength(1);
      if (++pages === 2) break;
    }
    const afterBreak = scans.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Each worker may have had one request in flight and one page buffered; the table has over 40 items.
    expect(scans.length).toBe(afterBreak);
    expect(afterBreak).toBeLessThan(10);
  });

  /** The table client, with every Scan's Segment and TotalSegments noted and, for `failing` segments, an error instead. */
  const watched = (failing: number[] = []) => {
    const db = doc();
    const requests: Array<{ segment: number; of: number }> = [];
    const scan: TableClient['scan'] = (input) => {
      requests.push({ segment: Number(input.Segment), of: Number(input.TotalSegments) });
      if (failing.includes(Number(input.Segment))) return Promise.reject(new Error(`fictional failure of segment ${input.Segment}`));
      return db.scan(input);
    };
    return { client: Object.assign(Object.create(db) as TableClient, { scan }), requests };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  it('reads with four segments unless told otherwise, and with one when told fewer than one', async () => {
    const all = watched();
    let items = 0;
    for await (const page of scanPages(all.client, TABLE)) items += page.length;
    expect(new Set(all.requests.map((r) => `${r.segment}/${r.of}`))).toEqual(new Set(['0/4', '1/4', '2/4', '3/4']));
    const one = watched();
    let itemsFromOne = 0;
    for await (const page of scanPages(one.client, TABLE, { segments: 0 })) itemsFromOne += page.length;
    expect(itemsFromOne).toBe(items);
    expect(new Set(one.requests.map((r) => `${r.segment}/${r.of}`))).toEqual(new Set(['0/1']));
  });

  it('never passes on an empty page, though a segment may hold no items', async () => {
    const sizes: number[] = [];
    const all = watched();
    for await (const page of scanPages(all.client, TABLE, { segments: 64 })) sizes.push(page.length);
    expect(all.requests.length).toBeGreaterThan(sizes.length);
    expect(sizes.every((size) => size > 0)).toBe(true);
  });

  it.each([
    { bufferPages: undefined, buffered: 2 },
    { bufferPages: 3, buffered: 3 },
  ])('holds at most $buffered pages ahead of a slow reader (bufferPages $bufferPages, one segment)', async ({ bufferPages, buffered }) => {
    const one = watched();
    for await (const page of scanPages(one.client, TABLE, { segments: 1, pageSize: 1, ...(bufferPages ? { bufferPages } : {}) })) {
      void page;
      // The page being read, and the buffer filling behind it (however slow the machine), then no more.
      for (const started = Date.now(); one.requests.length < 1 + buffered && Date.now() - started < 10_000; ) await new Promise((resolve) => setTimeout(resolve, 10));
      await settle();
      expect(one.requests).toHaveLength(1 + buffered);
      break;
    }
  });

  it('stops at the first failed segment, without waiting for the others to finish', async () => {
    const { client, requests } = watched([1]);
    let pages = 0;
    await expect(async () => {
      for await (const page of scanPages(client, TABLE, { segments: 2, pageSize: 1 })) {
        void page;
        pages++;
      }
    }).rejects.toThrow('fictional failure of segment 1');
    await settle();
    // Segment 0 alone would take over 20 pages of one item.
    expect(pages).toBeLessThan(5);
    expect(requests.filter((r) => r.segment === 0).length).toBeLessThan(6);
  });

  it('passes a Scan failure to the reader', async () => {
    await expect(async () => {
      for await (const page of scanPages(doc(), 'no-such-table', { segments: 3 })) void page;
    }).rejects.toThrow(/non-existent table|not found/i);
  });
});

describe('scanGraph over restricted content', () => {
  const RESTRICTED_TABLE = 'scan-restricted-test';
  let restrictedNodes = 0;
  let restrictedEdges = 0;
  let dataset = '';

  beforeAll(async () => {
    const { graph, descriptor } = (await buildDatasetWithDependencies(RESTRICTED_DATASET_DIR))[0]!;
    await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), RESTRICTED_TABLE);
    await loadGraph(new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), RESTRICTED_TABLE), graph, descriptor);
    restrictedNodes = graph.nodes.filter((node) => !isPublic(node)).length;
    restrictedEdges = graph.edges.filter((edge) => !isPublic(edge)).length;
    dataset = descriptor.name;
  });

  const scanAs = async (viewer: typeof ANONYMOUS) => {
    const kinds: string[] = [];
    for await (const item of scanGraph(doc(), RESTRICTED_TABLE, viewer)) kinds.push(item.kind === 'withheld' ? `withheld ${item.of} ${item.dataset}` : item.kind);
    return kinds;
  };

  it('passes each restricted node and edge to an anonymous reader as a bare mark naming its dataset', async () => {
    const kinds = await scanAs(ANONYMOUS);
    expect(restrictedNodes).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === `withheld node ${dataset}`)).toHaveLength(restrictedNodes);
    expect(kinds.filter((k) => k === `withheld edge ${dataset}`)).toHaveLength(restrictedEdges);
    expect(kinds.filter((k) => k.startsWith('withheld'))).toHaveLength(restrictedNodes + restrictedEdges);
  });

  it('withholds nothing from an officer', async () => {
    const kinds = await scanAs(signedInViewer('fictional-officer', ['officer']));
    expect(kinds.filter((k) => k.startsWith('withheld'))).toEqual([]);
    expect(kinds.filter((k) => k === 'node').length).toBeGreaterThan(restrictedNodes);
  });
});
