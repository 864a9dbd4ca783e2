/**
 * Loads that heal: a loader process killed at any point leaves a table that the next
 * load, of either version, brings back to exactly one version of the dataset. Each
 * table is scanned whole and compared item by item with the version it should hold.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { scanTable } from '../fixtures/table-scan.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { datasetVersion, loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { datasetItems } from '../../functions/storage/dataset-items.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { countKey, datasetKey, namespaceClaimKey } from '../../functions/storage/keys.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { variantGraph, type Variant } from '../fixtures/load-variants.js';
import { FICTIONAL_DATASET } from '../fixtures/datasets.js';
import { ANONYMOUS } from '../../functions/core/access.js';

const DATASET = FICTIONAL_DATASET.name;
let engine: LocalEngine;
let tables = 0;

beforeAll(async () => {
  engine = await startLocalEngine();
});

afterAll(async () => {
  await engine?.close();
});

const client = () => createDynamoDbClient({ endpoint: engine.endpoint });
const store = (table: string) => new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), table);
const version = (variant: Variant) => datasetVersion(variantGraph(variant), FICTIONAL_DATASET);

async function freshTable(): Promise<string> {
  const table = `loads-${++tables}`;
  await ensureTable(client(), table);
  return table;
}

/** Runs the loader in its own process, killed where `killAt` says; resolves with how it ended. */
function loadInProcess(table: string, variant: Variant, killAt?: string): Promise<{ signal: NodeJS.Signals | null; code: number | null; output: string }> {
  const { NODE_OPTIONS: _loader, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test', 'fixtures', 'load-process.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...env, DYNAMODB_ENDPOINT: engine.endpoint, TABLE_NAME: table, VARIANT: variant, ...(killAt ? { KILL_AT: killAt } : {}) },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    }),
  );
}

async function killedLoad(table: string, variant: Variant, killAt: string): Promise<void> {
  const ended = await loadInProcess(table, variant, killAt);
  expect(ended.signal, ended.output).toBe('SIGKILL');
}

const sortKey = (item: Record<string, unknown>) => `${item.pk as string} ${item.sk as string}`;

async function scan(table: string): Promise<Array<Record<string, unknown>>> {
  const items = await scanTable(createTableClient({ endpoint: engine.endpoint }), table);
  return items.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}

/** The table holds exactly the variant: its items, each as written, nothing else, and a finished record. */
async function expectExactly(table: string, variant: Variant): Promise<void> {
  const graph = variantGraph(variant);
  const tag = { name: DATASET, version: version(variant) };
  const expected = [...datasetItems(graph, tag, { namespace: FICTIONAL_DATASET.namespace }).own].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  const items = await scan(table);
  const record = items.find((item) => item.pk === datasetKey(DATASET).pk);
  const claim = items.find((item) => item.pk === namespaceClaimKey(FICTIONAL_DATASET.namespace).pk);
  const counts = items.filter((item) => item.pk === countKey(DATASET, 'Place').pk);
  expect(items.filter((item) => item !== record && item !== claim && !counts.includes(item))).toEqual(expected);
  expect(claim).toMatchObject({ owner: DATASET });
  expect(counts).toEqual([expect.objectContaining({ ...countKey(DATASET, 'Place'), dsv: tag.version, all: graph.nodes.length, public: graph.nodes.length })]);
  expect(record).toMatchObject({ version: tag.version, nodes: graph.nodes.length, edges: graph.edges.length });
  expect(record).not.toHaveProperty('loading');
}

async function dsvCounts(table: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const item of await scan(table)) if (typeof item.dsv === 'string') counts[item.dsv] = (counts[item.dsv] ?? 0) + 1;
  return counts;
}

describe('a load killed part-way', () => {
  it('A loaded; B killed after two batches; A again: A is loaded again in full, not "already loaded", and the table holds exactly A', async () => {
    const table = await freshTable();
    await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    await killedLoad(table, 'B', 'after:BatchWriteItemCommand:2');
    // The kill really left B's content in the table.
    expect((await dsvCounts(table))[version('B')]).toBeGreaterThanOrEqual(50);
    const result = await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    expect(result).toMatchObject({ written: true, version: version('A'), interrupted: version('B') });
    await expectExactly(table, 'A');
  });

  it('A loaded; B killed mid-way through its writes; B again: the table holds exactly B', async () => {
    const table = await freshTable();
    await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    await killedLoad(table, 'B', 'after:BatchWriteItemCommand:4');
    const result = await loadGraph(store(table), variantGraph('B'), FICTIONAL_DATASET);
    expect(result).toMatchObject({ written: true, interrupted: version('B') });
    await expectExactly(table, 'B');
  });

  it('A loaded; B killed while removing what A held and B does not; A again: the table holds exactly A', async () => {
    const table = await freshTable();
    await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    // B writes 80 nodes and 79 edges, each with its copy, in 10 batches; then it deletes A's items one by one.
    await killedLoad(table, 'B', 'after:DeleteItemCommand:5');
    expect(Object.keys(await dsvCounts(table)).sort()).toEqual([version('A'), version('B')].sort());
    await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    await expectExactly(table, 'A');
  });

  it('B killed after marking its load, before any write, on an empty table; then A: the table holds exactly A', async () => {
    const table = await freshTable();
    await killedLoad(table, 'B', 'after:UpdateItemCommand:1');
    // It claimed the unqualified ids first, which writes no item of the dataset.
    expect(await store(table).getDatasetLoadState(DATASET)).toEqual({ version: null, loading: version('B'), rev: 1 });
    expect(await store(table).listDatasets(ANONYMOUS)).toEqual([]);
    await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    await expectExactly(table, 'A');
  });

  it('A loaded; B killed after every write, just before it is recorded; B again: loaded again, then exactly B', async () => {
    const table = await freshTable();
    await loadGraph(store(table), variantGraph('A'), FICTIONAL_DATASET);
    await killedLoad(table, 'B', 'before:UpdateItemCommand:2');
    // Every node, edge and edge copy of B, its search index, and B's one count item (all places).
    const own = [...datasetItems(variantGraph('B'), { name: DATASET, version: version('B') }, { namespace: FICTIONAL_DATASET.namespace }).own];
    expect(own.length).toBeGreaterThan(80 + 79 * 2);
    expect(await dsvCounts(table)).toEqual({ [version('B')]: own.length + 1 });
    const result = await loadGraph(store(table), variantGraph('B'), FICTIONAL_DATASET);
    expect(result).toMatchObject({ written: true, interrupted: version('B') });
    await expectExactly(table, 'B');
  });

  it('a finished load leaves nothing to heal: the next load of the same version writes nothing', async () => {
    const table = await freshTable();
    const ended = await loadInProcess(table, 'B');
    expect(ended.code, ended.output).toBe(0);
    expect(JSON.parse(ended.output.trim().split('\n').at(-1)!)).toMatchObject({ written: true, interrupted: null });
    const again = await loadGraph(store(table), variantGraph('B'), FICTIONAL_DATASET);
    expect(again).toMatchObject({ written: false, interrupted: null });
    await expectExactly(table, 'B');
  });
});
