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
import { ANONYMOUS } from '../../functions/core/access.js';

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

  it('passes a Scan failure to the reader', async () => {
    await expect(async () => {
      for await (const page of scanPages(doc(), 'no-such-table', { segments: 3 })) void page;
    }).rejects.toThrow(/non-existent table|not found/i);
  });
});
