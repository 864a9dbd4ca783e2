/**
 * `npm run bench:scale`: what the everyday queries cost as the graph grows, and what the
 * GraphQL Lambda costs to start. Not part of `npm test`: figures vary with the machine.
 *
 * For the curated graph alone, then for each synthetic graph (test/bench/synthetic-graph.ts,
 * three edges per node) with the curated graph loaded on top, each in its own engine
 * process on loopback, it runs over HTTP against the local server:
 *
 *   trace    the starter trace (test/fixtures/trace-query.ts)
 *   chains   deliveryChains from the same request
 *   search   search(text: "operation octans")
 *   count    nodes(type: PERSON) { totalCount }
 *
 * and prints p50, p95, DynamoDB requests per call and the p50 ratio to the curated graph,
 * checking that every answer is identical to the curated one (the count grows by exactly
 * the synthetic people). Then it bundles the GraphQL handler and a bare Apollo handler
 * with the same construct and reports bundle sizes and the median paired cold-start ratio
 * (test/bench/lambda/cold-start.ts).
 *
 *   npm run bench:scale                                   # curated, then 100,000 nodes / 300,000 edges
 *   npm run bench:scale -- --edges 1000000                # 333,334 nodes / 1,000,002 edges
 *   npm run bench:scale -- --nodes 100000,333334 --iterations 20 --budget 30 --pairs 10
 *   npm run bench:scale -- --skip-lambda | --lambda-only
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { startLocalEngine } from '../../functions/local/engine.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDocumentClient, createDynamoDbClient } from '../../functions/storage/dynamodb-client.js';
import type { Graph } from '../../functions/core/dataset.js';
import { qualify, type DatasetDescriptor } from '../../functions/core/namespaces.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { CURATED_DATASET_DIR, RequestRecorder } from '../fixtures/local-graph.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';
import { measureColdStarts } from './lambda/cold-start.js';
import { syntheticBatches, syntheticNode } from './synthetic-graph.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string' },
    edges: { type: 'string' },
    iterations: { type: 'string', default: '20' },
    budget: { type: 'string', default: '30' },
    pairs: { type: 'string', default: '10' },
    'skip-lambda': { type: 'boolean', default: false },
    'lambda-only': { type: 'boolean', default: false },
  },
});
const sizes = [
  ...(values.nodes ? values.nodes.split(',').map(Number) : []),
  ...(values.edges ? values.edges.split(',').map((edges) => Math.ceil(Number(edges) / 3)) : []),
];
if (sizes.length === 0) sizes.push(100_000);
const iterations = Number(values.iterations);
const budgetMs = Number(values.budget) * 1000;
const pairs = Number(values.pairs);
if (sizes.some((n) => !(Number.isInteger(n) && n > 0 && n <= 2_000_000))) throw new Error('--nodes must be whole numbers from 1 to 2,000,000 (--edges: up to 6,000,000).');
if (!(iterations >= 3 && iterations <= 1000) || !(budgetMs > 0) || !(pairs >= 1 && pairs <= 100)) throw new Error('--iterations must be 3-1000, --budget positive seconds, --pairs 1-100.');

const here = path.dirname(fileURLToPath(import.meta.url));
const TABLE = 'scrutiny-graph';
const ROOT = /trace\(from: "([^"]+)"/.exec(TRACE_QUERY)?.[1];
if (!ROOT) throw new Error('The starter trace query names no root.');

const QUERIES: Array<{ name: string; label: string; query: string }> = [
  { name: 'trace', label: 'starter trace', query: TRACE_QUERY },
  {
    name: 'chains',
    label: 'delivery chains',
    query: `{ deliveryChains(from: "${ROOT}") { delivery chains { steps { stage label date node { id } via { type basis sources { quote locator } } context { role node { id label } } } gap { stage reason } } } }`,
  },
  { name: 'search', label: 'search "operation octans"', query: '{ search(text: "operation octans") { totalCount nodes { id label } } }' },
  { name: 'count', label: 'nodes(type: PERSON) totalCount', query: '{ nodes(type: PERSON) { totalCount } }' },
];

interface QueryFigures {
  p50: number;
  p95: number;
  runs: number;
  requests: number;
  rounds: number;
  answer: string;
}

interface GraphFigures {
  graph: string;
  syntheticNodes: number;
  syntheticLoadSeconds: number;
  curatedLoadSeconds: number;
  queries: Record<string, QueryFigures>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function startEngineProcess(): Promise<{ endpoint: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'engine-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (!line.trim()) continue;
    const endpoint = line.trim();
    if (new URL(endpoint).hostname !== '127.0.0.1') throw new Error(`benchmarks use a loopback engine only; got ${endpoint}`);
    return { endpoint, child };
  }
  throw new Error('The engine process ended without printing its endpoint.');
}

async function query(url: string, text: string): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (!response.ok || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  return body.data!;
}

async function measureQuery(stack: LocalStack, recorder: RequestRecorder, text: string): Promise<QueryFigures> {
  const { result, requests, rounds } = await recorder.during(() => query(stack.url, text));
  const latencies: number[] = [];
  const started = performance.now();
  while (latencies.length < iterations && (latencies.length < 3 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await query(stack.url, text);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), runs: latencies.length, requests: requests.length, rounds, answer: JSON.stringify(result) };
}

const SYNTHETIC: DatasetDescriptor = { name: 'synthetic', namespace: 'synthetic', title: 'Synthetic benchmark graph (fictional)', fictional: true, dependencies: [] };

async function measureGraph(syntheticNodes: number): Promise<GraphFigures> {
  const graph = syntheticNodes === 0 ? 'curated' : `${syntheticNodes.toLocaleString('en-GB')} nodes / ${(syntheticNodes * 3).toLocaleString('en-GB')} edges + curated`;
  console.log(`\n${graph}`);
  const engine = await startEngineProcess();
  let stack: LocalStack | undefined;
  try {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, TABLE);
    const store = new DynamoGraphStore(createDocumentClient(client), TABLE);
    let started = performance.now();
    // A dataset of its own, loaded by the loader as any council's is (namespace `synthetic`),
    // so its nodes are counted, indexed and searched like the curated graph's.
    if (syntheticNodes > 0) {
      const q = (id: string) => qualify(SYNTHETIC.namespace, id);
      const synthetic: Graph = { nodes: [], edges: [] };
      for (const { nodes, edges } of syntheticBatches(syntheticNodes, 10_000)) {
        for (const node of nodes) synthetic.nodes.push({ ...node, id: q(node.id) });
        for (const edge of edges) synthetic.edges.push({ ...edge, from: q(edge.from), to: q(edge.to) });
      }
      const result = await loadGraph(store, synthetic, SYNTHETIC);
      console.log(`  synthetic dataset loaded: ${result.nodes} nodes, ${result.edges} edges in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    const syntheticLoadSeconds = (performance.now() - started) / 1000;
    const recorder = new RequestRecorder();
    started = performance.now();
    stack = await startLocalStack({ endpoint: engine.endpoint, tableName: TABLE, port: 0, datasetDir: CURATED_DATASET_DIR, onRequest: recorder.observe });
    const curatedLoadSeconds = (performance.now() - started) / 1000;
    console.log(`  curated graph loaded on top in ${curatedLoadSeconds.toFixed(1)} s (server start included)`);
    // Three warm-ups of each, so start-up and compilation do not count.
    for (let i = 0; i < 3; i++) for (const q of QUERIES) await query(stack.url, q.query);
    const queries: Record<string, QueryFigures> = {};
    for (const q of QUERIES) {
      queries[q.name] = await measureQuery(stack, recorder, q.query);
      const f = queries[q.name]!;
      console.log(`  ${q.label}: p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms (${f.runs} runs), ${f.requests} requests in ${f.rounds} rounds`);
    }
    return { graph, syntheticNodes, syntheticLoadSeconds, curatedLoadSeconds, queries };
  } finally {
    await stack?.close();
    engine.child.kill('SIGTERM');
  }
}

function syntheticPeople(nodeCount: number): number {
  let people = 0;
  for (let i = 0; i < nodeCount; i++) if (syntheticNode(i).type === 'Person') people++;
  return people;
}

/** Whether a graph's answer is the curated one; the count must grow by exactly the synthetic people. */
function sameAnswer(name: string, curated: GraphFigures, other: GraphFigures): string {
  const mine = other.queries[name]!.answer;
  const base = curated.queries[name]!.answer;
  if (name !== 'count') return mine === base ? 'same' : 'DIFFERS';
  const count = (answer: string) => (JSON.parse(answer) as { nodes: { totalCount: number } }).nodes.totalCount;
  return count(mine) === count(base) + syntheticPeople(other.syntheticNodes) ? `+${syntheticPeople(other.syntheticNodes)} synthetic` : 'WRONG';
}

function printTable(results: GraphFigures[]): boolean {
  const curated = results[0]!;
  let allSame = true;
  console.log('\n| query | graph | p50 ms | p95 ms | requests/call | rounds | p50 ratio to curated | answer |');
  console.log('|---|---|---:|---:|---:|---:|---:|---|');
  for (const q of QUERIES) {
    for (const r of results) {
      const f = r.queries[q.name]!;
      const same = r === curated ? 'reference' : sameAnswer(q.name, curated, r);
      if (same === 'DIFFERS' || same === 'WRONG') allSame = false;
      console.log(`| ${q.label} | ${r.graph} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.requests} | ${f.rounds} | ${(f.p50 / curated.queries[q.name]!.p50).toFixed(2)}× | ${same} |`);
    }
  }
  console.log('\n| graph | synthetic load s | curated load on top s |');
  console.log('|---|---:|---:|');
  for (const r of results) console.log(`| ${r.graph} | ${r.syntheticLoadSeconds.toFixed(1)} | ${r.curatedLoadSeconds.toFixed(1)} |`);
  return allSame;
}

async function lambda(): Promise<void> {
  const engine = await startLocalEngine();
  try {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, TABLE);
    const datasets = await buildDatasetWithDependencies(CURATED_DATASET_DIR);
    await loadDatasets(new DynamoGraphStore(createDocumentClient(client), TABLE), datasets);
    const document = datasets.at(-1)!.graph.nodes.find((node) => node.type === 'Document')!;
    console.log(`\nLambda: bundling both handlers with GraphFunction, then ${pairs} paired cold starts (fresh process, one API Gateway event each)`);
    const report = await measureColdStarts({ endpoint: engine.endpoint, tableName: TABLE, query: `{ node(id: "${document.id}") { id label } }`, pairs });
    const kb = (bytes: number) => `${bytes.toLocaleString('en-GB')} bytes (${(bytes / 1024).toFixed(0)} KB)`;
    const med = (runs: Array<{ wallMs: number; importMs: number; cpuMs: number }>, key: 'wallMs' | 'importMs' | 'cpuMs') => {
      const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
      return percentile(sorted, 50).toFixed(0);
    };
    console.log(`| bundle | size | source map | NODE_OPTIONS | median wall ms | median import ms | median CPU ms |`);
    console.log('|---|---:|---:|---|---:|---:|---:|');
    console.log(`| GraphQL handler | ${kb(report.graphql.bytes)} | ${kb(report.graphql.mapBytes)} | ${report.graphql.environment.NODE_OPTIONS ?? ''} | ${med(report.graphqlRuns, 'wallMs')} | ${med(report.graphqlRuns, 'importMs')} | ${med(report.graphqlRuns, 'cpuMs')} |`);
    console.log(`| bare Apollo | ${kb(report.bare.bytes)} | ${kb(report.bare.mapBytes)} | ${report.bare.environment.NODE_OPTIONS ?? ''} | ${med(report.bareRuns, 'wallMs')} | ${med(report.bareRuns, 'importMs')} | ${med(report.bareRuns, 'cpuMs')} |`);
    console.log(`Cold start, GraphQL / bare Apollo, median of ${report.pairs} paired ratios: wall ${report.medianWallRatio.toFixed(2)}×, CPU ${report.medianCpuRatio.toFixed(2)}× (goal ≤ 1.3×); bundle ${report.graphql.bytes <= 1_000_000 ? '≤' : '>'} 1 MB (1,000,000 bytes).`);
  } finally {
    await engine.close();
  }
}

console.log(`bench:scale on ${new Date().toISOString()}, Node ${process.version}; sizes: curated, ${sizes.map((n) => n.toLocaleString('en-GB')).join(', ')} synthetic nodes`);
if (!values['lambda-only']) {
  // The table so far after each graph, so a run stopped during a large graph keeps what it measured.
  const results: GraphFigures[] = [await measureGraph(0)];
  for (const size of sizes) {
    results.push(await measureGraph(size));
    if (!printTable(results)) process.exitCode = 1;
  }
}
if (!values['skip-lambda']) await lambda();
