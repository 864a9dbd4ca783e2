/**
 * `npm run bench:export` — export throughput and memory, not part of `npm test`.
 *
 * For the curated graph and for synthetic graphs (default 10,000, 50,000 and 100,000
 * nodes, three edges per node; BENCH_SIZES=10000,100000 to change), each in its own engine
 * process: load the graph, then export it (all formats) in a fresh worker process
 * that samples its RSS and heap every 100 ms. The engine runs apart so its memory
 * (it holds the whole table) is not counted as the exporter's. The largest graph is
 * exported once more with the V8 heap capped (BENCH_HEAP_CAP_MB, default 128).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Graph } from '../../functions/core/dataset.js';
import { InvalidDatasetError } from '../../functions/core/errors.js';
import { buildDatasetWithDependencies, DEFAULT_DATASET_DIR, mergeGraphs, type BuiltDataset } from '../../functions/local/dataset-files.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { edgeToItem, inEdgeToItem, nodeToItem } from '../../functions/storage/dataset-items.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createFixtureGraph } from '../fixtures/export-graph.js';
import { syntheticBatches } from './synthetic-graph.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { testDataset } from '../fixtures/datasets.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const TABLE = 'bench';
const SIZES = (process.env.BENCH_SIZES ?? '10000,50000,100000').split(',').map(Number);
/** The largest graph is exported a second time with the V8 heap capped here: it finishes only if memory is bounded. */
const HEAP_CAP_MB = Number(process.env.BENCH_HEAP_CAP_MB ?? 128);
const LOAD_BATCH_NODES = 2_500;

interface WorkerResult {
  nodes: number;
  edges: number;
  seconds: number;
  itemsPerSecond: number;
  baselineRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  bytesWritten: number;
}

interface Row extends WorkerResult {
  graph: string;
  loadSeconds: number;
  loadItemsPerSecond: number;
}

function tsx(file: string, env: Record<string, string> = {}, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(here, file)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) if (line.trim()) return line.trim();
  throw new Error('child process ended without output');
}

async function withEngine<T>(work: (endpoint: string) => Promise<T>): Promise<T> {
  const engine = tsx('engine-process.ts');
  try {
    const endpoint = await firstLine(engine);
    if (new URL(endpoint).hostname !== '127.0.0.1') throw new Error(`benchmarks use a loopback engine only; got ${endpoint}`);
    return await work(endpoint);
  } finally {
    engine.kill('SIGTERM');
  }
}

async function runWorker(endpoint: string, nodeArgs: string[] = []): Promise<WorkerResult> {
  const out = await mkdtemp(path.join(tmpdir(), 'bench-export-'));
  try {
    const worker = tsx('export-worker.ts', { ENDPOINT: endpoint, TABLE, OUT: out }, nodeArgs);
    const done = new Promise<number>((resolve) => worker.on('close', (code) => resolve(code ?? 1)));
    const line = await firstLine(worker);
    if ((await done) !== 0) throw new Error('export worker failed');
    return JSON.parse(line) as WorkerResult;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function benchCurated(): Promise<Row> {
  let graph: Graph;
  let datasets: BuiltDataset[] | undefined;
  let name = 'curated (data/luton-2020 and data/registry)';
  try {
    datasets = await buildDatasetWithDependencies(DEFAULT_DATASET_DIR);
    graph = mergeGraphs(datasets);
  } catch (error) {
    if (!(error instanceof InvalidDatasetError)) throw error;
    console.log(`data/luton-2020 does not validate right now (${error.problems.length} problems): measuring the fixture graph instead.`);
    graph = createFixtureGraph();
    name = 'fixture (curated data invalid)';
  }
  return withEngine(async (endpoint) => {
    const client = createDynamoDbClient({ endpoint });
    await ensureTable(client, TABLE);
    const started = performance.now();
    const store = new DynamoGraphStore(createTableClient({ endpoint }), TABLE);
    if (datasets) await loadDatasets(store, datasets);
    else await loadGraph(store, graph, testDataset('fixture'));
    const loadSeconds = (performance.now() - started) / 1000;
    const items = graph.nodes.length + graph.edges.length;
    return { graph: name, loadSeconds, loadItemsPerSecond: Math.round(items / loadSeconds), ...(await runWorker(endpoint)) };
  });
}

const SYNTHETIC = { name: 'synthetic', version: 'bench' };

async function benchSynthetic(nodeCount: number, capHeap: boolean): Promise<Row[]> {
  return withEngine(async (endpoint) => {
    const client = createDynamoDbClient({ endpoint });
    await ensureTable(client, TABLE);
    const store = new DynamoGraphStore(createTableClient({ endpoint }), TABLE);
    const started = performance.now();
    let loaded = 0;
    let nextReport = 0.1;
    for (const { nodes, edges } of syntheticBatches(nodeCount, LOAD_BATCH_NODES)) {
      await store.writeItems([...nodes.map((n) => nodeToItem(n, SYNTHETIC)), ...edges.flatMap((e) => [edgeToItem(e, SYNTHETIC), inEdgeToItem(e, SYNTHETIC)])], 8);
      loaded += nodes.length;
      if (loaded / nodeCount >= nextReport) {
        const seconds = (performance.now() - started) / 1000;
        console.log(`  loading ${nodeCount.toLocaleString('en-GB')} nodes: ${Math.round((100 * loaded) / nodeCount)}% after ${seconds.toFixed(0)} s`);
        nextReport += 0.1;
      }
    }
    const loadSeconds = (performance.now() - started) / 1000;
    const items = nodeCount * 4;
    const name = `synthetic ${nodeCount.toLocaleString('en-GB')} nodes`;
    const load = { loadSeconds, loadItemsPerSecond: Math.round(items / loadSeconds) };
    const rows: Row[] = [{ graph: name, ...load, ...(await runWorker(endpoint)) }];
    if (capHeap) rows.push({ graph: `${name}, heap capped at ${HEAP_CAP_MB} MB`, ...load, ...(await runWorker(endpoint, [`--max-old-space-size=${HEAP_CAP_MB}`])) });
    return rows;
  });
}

const rows: Row[] = [await benchCurated()];
for (const size of SIZES) {
  console.log(`synthetic graph of ${size.toLocaleString('en-GB')} nodes and ${(size * 3).toLocaleString('en-GB')} edges`);
  for (const row of await benchSynthetic(size, size === Math.max(...SIZES))) {
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}

console.log('\n| graph | nodes | edges | load s (items/s) | export s | export items/s | peak RSS MB (baseline) | peak heap MB | output MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.graph} | ${r.nodes} | ${r.edges} | ${r.loadSeconds.toFixed(1)} (${r.loadItemsPerSecond}) | ${r.seconds.toFixed(1)} | ${r.itemsPerSecond} | ${r.peakRssMb} (${r.baselineRssMb}) | ${r.peakHeapMb} | ${(r.bytesWritten / 2 ** 20).toFixed(1)} |`,
  );
}
