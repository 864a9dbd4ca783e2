/**
 * `npm run bench:scale`: what the everyday queries cost as the graph grows, and what the
 * GraphQL Lambda costs to start. Not part of `npm test`: figures vary with the machine.
 *
 * The curated graph alone, and each synthetic graph (test/bench/synthetic-graph.ts, three
 * edges per node, loaded by the loader as a FICTIONAL dataset of its own) with the curated
 * graph loaded on top, each in an engine process of its own on loopback, both served at
 * once. Over HTTP against the local servers it runs
 *
 *   trace    the starter trace (test/fixtures/trace-query.ts)
 *   chains   deliveryChains from the same request
 *   search   search(text: "operation octans")
 *   count    nodes(type: PERSON) { totalCount }
 *
 * on the curated and the large graph in turn (the order alternating), so both sides of
 * each pair see the same machine load, and prints p50, p95, DynamoDB requests and rounds
 * per call, the ratio of the p50s and the median of the paired ratios, checking that every
 * answer is identical to the curated one (the count grows by exactly the synthetic
 * people); then a table of the goals on the largest graph (median paired ratio within its
 * bound, the same answer, no more requests per call than on the smallest synthetic graph,
 * which holds the same datasets: searches and listings read each dataset's own index, so
 * a dataset more than the curated graph costs a few requests whatever its size). Then it
 * bundles the GraphQL handler and a bare Apollo handler with the same construct and
 * reports bundle sizes and the median paired cold-start ratio (the goal's), and the same
 * against a bare Apollo given the project's SDL (like for like in schema; test/bench/lambda/cold-start.ts). Each synthetic load prints its seconds, DynamoDB
 * requests, the CPU seconds of the loader and of the engine (the engine's bounds the load),
 * and the load average. The npm script runs with an 8 GB heap: the synthetic graph of a
 * million edges is held whole, as the loader takes it.
 *
 *   npm run bench:scale                                   # curated, then 1,000 and 100,000 nodes (300,000 edges)
 *   npm run bench:scale -- --nodes 1000 --edges 1000000   # curated, 1,000 nodes, then 333,334 nodes / 1,000,002 edges
 *   npm run bench:scale -- --nodes 100000,333334 --iterations 20 --budget 30 --pairs 10
 *   npm run bench:scale -- --skip-lambda | --lambda-only
 *   npm run bench:scale -- --lambda-only --instructions   (also counts one cold start of each under valgrind's callgrind)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { startLocalEngine } from '../../functions/local/engine.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
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
    instructions: { type: 'boolean', default: false },
  },
});
const sizes = [
  ...(values.nodes ? values.nodes.split(',').map(Number) : []),
  ...(values.edges ? values.edges.split(',').map((edges) => Math.ceil(Number(edges) / 3)) : []),
];
// By default a small synthetic graph first, the reference for requests per call (the same datasets as the large one).
if (sizes.length === 0) sizes.push(1_000, 100_000);
const iterations = Number(values.iterations);
const budgetMs = Number(values.budget) * 1000;
const pairs = Number(values.pairs);
if (sizes.some((n) => !(Number.isInteger(n) && n > 0 && n <= 2_000_000))) throw new Error('--nodes must be whole numbers from 1 to 2,000,000 (--edges: up to 6,000,000).');
if (!(iterations >= 3 && iterations <= 1000) || !(budgetMs > 0) || !(pairs >= 1 && pairs <= 100)) throw new Error('--iterations must be 3-1000, --budget positive seconds, --pairs 1-100.');

const here = path.dirname(fileURLToPath(import.meta.url));
/** Heap of each engine process, in MB. */
const ENGINE_HEAP_MB = 16_384;
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

/** One query on the curated graph and on a large one, their runs taking turns. */
interface PairFigures {
  curated: QueryFigures;
  large: QueryFigures;
  /** Median over the pairs of (large / curated): both sides of a pair saw the same machine load. */
  pairedRatio: number;
}

interface GraphFigures {
  graph: string;
  syntheticNodes: number;
  syntheticLoadSeconds: number;
  curatedLoadSeconds: number;
  queries: Record<string, PairFigures>;
}

/** A graph loaded into an engine process of its own, served by a local stack. */
interface PreparedGraph {
  graph: string;
  syntheticNodes: number;
  syntheticLoadSeconds: number;
  curatedLoadSeconds: number;
  stack: LocalStack;
  recorder: RequestRecorder;
  close(): Promise<void>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function startEngineProcess(): Promise<{ endpoint: string; child: ChildProcess }> {
  // The engine holds the whole table in memory: 2.8 GB resident at 100,000 synthetic
  // nodes, so some 9 GB at a million edges, past V8's default heap limit (4.5 GB here).
  const child = spawn(process.execPath, [`--max-old-space-size=${ENGINE_HEAP_MB}`, '--import', 'tsx', path.join(here, 'engine-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
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

async function recordedCall(g: PreparedGraph, text: string): Promise<{ requests: number; rounds: number; answer: string }> {
  const { result, requests, rounds } = await g.recorder.during(() => query(g.stack.url, text));
  return { requests: requests.length, rounds, answer: JSON.stringify(result) };
}

async function timedCall(g: PreparedGraph, text: string): Promise<number> {
  const t = performance.now();
  await query(g.stack.url, text);
  return performance.now() - t;
}

/**
 * The query on both graphs, the order alternating within each pair, until `iterations`
 * pairs or the budget (at least three pairs).
 */
async function measurePair(curated: PreparedGraph, large: PreparedGraph, text: string): Promise<PairFigures> {
  const [c, l] = [await recordedCall(curated, text), await recordedCall(large, text)];
  const times = { curated: [] as number[], large: [] as number[] };
  const ratios: number[] = [];
  const started = performance.now();
  while (ratios.length < iterations && (ratios.length < 3 || performance.now() - started < budgetMs)) {
    let tc: number;
    let tl: number;
    if (ratios.length % 2 === 0) {
      tc = await timedCall(curated, text);
      tl = await timedCall(large, text);
    } else {
      tl = await timedCall(large, text);
      tc = await timedCall(curated, text);
    }
    times.curated.push(tc);
    times.large.push(tl);
    ratios.push(tl / tc);
  }
  const figures = (sample: number[], call: typeof c): QueryFigures => {
    const sorted = [...sample].sort((x, y) => x - y);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), runs: sorted.length, ...call };
  };
  return { curated: figures(times.curated, c), large: figures(times.large, l), pairedRatio: percentile(ratios.sort((x, y) => x - y), 50) };
}

const SYNTHETIC: DatasetDescriptor = { name: 'synthetic', namespace: 'synthetic', title: 'Synthetic benchmark graph (fictional)', fictional: true, dependencies: [] };

function graphLabel(syntheticNodes: number): string {
  return syntheticNodes === 0 ? 'curated' : `${syntheticNodes.toLocaleString('en-GB')} nodes / ${(syntheticNodes * 3).toLocaleString('en-GB')} edges + curated`;
}

async function prepareGraph(syntheticNodes: number): Promise<PreparedGraph> {
  const graph = graphLabel(syntheticNodes);
  console.log(`\n${graph}`);
  const engine = await startEngineProcess();
  let stack: LocalStack | undefined;
  try {
    let loadRequests = 0;
    const client = createDynamoDbClient({ endpoint: engine.endpoint, onRequest: () => void loadRequests++ });
    await ensureTable(client, TABLE);
    const store = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint, onRequest: () => void loadRequests++ }), TABLE);
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
      const cpu = process.cpuUsage();
      const engineCpu = await cpuSeconds(engine.child.pid);
      loadRequests = 0;
      const result = await loadGraph(store, synthetic, SYNTHETIC);
      const used = process.cpuUsage(cpu);
      const engineUsed = (await cpuSeconds(engine.child.pid)) - engineCpu;
      console.log(
        `  synthetic dataset loaded: ${result.nodes} nodes, ${result.edges} edges in ${((performance.now() - started) / 1000).toFixed(0)} s, ` +
          `${loadRequests.toLocaleString('en-GB')} DynamoDB requests; CPU ${((used.user + used.system) / 1e6).toFixed(0)} s loader, ${Number.isNaN(engineUsed) ? '?' : engineUsed.toFixed(0)} s engine; ` +
          `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`,
      );
    }
    const syntheticLoadSeconds = (performance.now() - started) / 1000;
    const recorder = new RequestRecorder();
    started = performance.now();
    stack = await startLocalStack({ endpoint: engine.endpoint, tableName: TABLE, port: 0, datasetDir: CURATED_DATASET_DIR, onRequest: recorder.observe });
    const curatedLoadSeconds = (performance.now() - started) / 1000;
    console.log(`  curated graph loaded on top in ${curatedLoadSeconds.toFixed(1)} s (server start included)`);
    // Three warm-ups of each, so start-up and compilation do not count.
    for (let i = 0; i < 3; i++) for (const q of QUERIES) await query(stack.url, q.query);
    const served = stack;
    return {
      graph,
      syntheticNodes,
      syntheticLoadSeconds,
      curatedLoadSeconds,
      stack: served,
      recorder,
      close: async () => {
        await served.close();
        engine.child.kill('SIGTERM');
      },
    };
  } catch (error) {
    await stack?.close();
    engine.child.kill('SIGTERM');
    throw error;
  }
}

async function measureGraph(curated: PreparedGraph, syntheticNodes: number): Promise<GraphFigures> {
  const large = await prepareGraph(syntheticNodes);
  try {
    const queries: Record<string, PairFigures> = {};
    for (const q of QUERIES) {
      const f = (queries[q.name] = await measurePair(curated, large, q.query));
      console.log(
        `  ${q.label}: p50 ${f.large.p50.toFixed(1)} ms (curated ${f.curated.p50.toFixed(1)} ms), p95 ${f.large.p95.toFixed(1)} ms, ${f.large.runs} pairs; ` +
          `${f.large.requests} requests in ${f.large.rounds} rounds (curated ${f.curated.requests} in ${f.curated.rounds}); median paired ratio ${f.pairedRatio.toFixed(2)}×`,
      );
    }
    return { graph: large.graph, syntheticNodes, syntheticLoadSeconds: large.syntheticLoadSeconds, curatedLoadSeconds: large.curatedLoadSeconds, queries };
  } finally {
    await large.close();
  }
}

function syntheticPeople(nodeCount: number): number {
  let people = 0;
  for (let i = 0; i < nodeCount; i++) if (syntheticNode(i).type === 'Person') people++;
  return people;
}

/** Whether the large graph's answer is the curated one; the count must grow by exactly the synthetic people. */
function sameAnswer(name: string, figures: PairFigures, syntheticNodes: number): string {
  const mine = figures.large.answer;
  const base = figures.curated.answer;
  if (name !== 'count') return mine === base ? 'same' : 'DIFFERS';
  const count = (answer: string) => (JSON.parse(answer) as { nodes: { totalCount: number } }).nodes.totalCount;
  const people = syntheticPeople(syntheticNodes);
  return count(mine) === count(base) + people ? `+${people.toLocaleString('en-GB')} synthetic` : 'WRONG';
}

/** Bounds on the ratio to the curated graph (issue goals: search at 1M edges; the rest follow the answer). */
const BOUNDS: Record<string, number> = { trace: 1.2, chains: 1.2, search: 1.5, count: 1.2 };

function printTable(curated: PreparedGraph, results: GraphFigures[], final: boolean): boolean {
  let allSame = true;
  console.log('\n| query | graph | p50 ms (curated) | p95 ms (curated) | requests/call (curated) | rounds (curated) | p50 ratio | median paired ratio | answer |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const q of QUERIES) {
    for (const r of results) {
      const f = r.queries[q.name]!;
      const same = sameAnswer(q.name, f, r.syntheticNodes);
      if (same === 'DIFFERS' || same === 'WRONG') allSame = false;
      console.log(
        `| ${q.label} | ${r.graph} | ${f.large.p50.toFixed(1)} (${f.curated.p50.toFixed(1)}) | ${f.large.p95.toFixed(1)} (${f.curated.p95.toFixed(1)}) | ${f.large.requests} (${f.curated.requests}) | ` +
          `${f.large.rounds} (${f.curated.rounds}) | ${(f.large.p50 / f.curated.p50).toFixed(2)}× | ${f.pairedRatio.toFixed(2)}× | ${same} |`,
      );
    }
  }
  console.log('\n| graph | synthetic load s | curated load on top s |');
  console.log('|---|---:|---:|');
  for (const r of [curated, ...results]) console.log(`| ${r.graph} | ${r.syntheticLoadSeconds.toFixed(1)} | ${r.curatedLoadSeconds.toFixed(1)} |`);

  // Once every graph is measured, the goals on the largest: the median paired ratio within
  // its bound, the same answer, and requests per call that do not grow with the graph. A
  // synthetic graph is a dataset more than the curated one, and searches and listings read
  // each dataset's own index, so requests are compared with the smallest synthetic graph
  // (the same datasets); with one size only, with the curated graph.
  if (!final) return allSame;
  const largest = results.at(-1)!;
  const smallest = results[0]!;
  const reference = results.length > 1 ? smallest.graph : 'curated';
  console.log(`\nGoals, ${largest.graph} (the search bound is the issue's for 1M edges); requests compared with ${reference}:`);
  console.log('| query | median paired ratio to curated | bound | requests per call: curated / smallest synthetic / largest | answer | met |');
  console.log('|---|---:|---:|---|---|---|');
  for (const q of QUERIES) {
    const f = largest.queries[q.name]!;
    const answer = sameAnswer(q.name, f, largest.syntheticNodes);
    const allowed = results.length > 1 ? smallest.queries[q.name]!.large.requests : f.curated.requests;
    const met = f.pairedRatio <= BOUNDS[q.name]! && f.large.requests <= allowed && answer !== 'DIFFERS' && answer !== 'WRONG';
    const requests = `${f.curated.requests} / ${results.length > 1 ? smallest.queries[q.name]!.large.requests : '-'} / ${f.large.requests}`;
    console.log(`| ${q.label} | ${f.pairedRatio.toFixed(2)}× | ≤ ${BOUNDS[q.name]!.toFixed(1)}× | ${requests} | ${answer} | ${met ? 'yes' : 'NO'} |`);
  }
  return allSame;
}

async function lambda(): Promise<void> {
  const engine = await startLocalEngine();
  try {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, TABLE);
    const datasets = await buildDatasetWithDependencies(CURATED_DATASET_DIR);
    await loadDatasets(new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), TABLE), datasets);
    const document = datasets.at(-1)!.graph.nodes.find((node) => node.type === 'Document')!;
    console.log(`\nLambda: bundling the GraphQL handler and two bare Apollo handlers with GraphFunction, then ${pairs} rounds of a cold start of each (fresh process, one API Gateway event each)`);
    const report = await measureColdStarts({ endpoint: engine.endpoint, tableName: TABLE, query: `{ node(id: "${document.id}") { id label } }`, pairs, instructions: values.instructions });
    const kb = (bytes: number) => `${bytes.toLocaleString('en-GB')} bytes (${(bytes / 1024).toFixed(0)} KB)`;
    const med = (runs: Array<{ wallMs: number; importMs: number; cpuMs: number }>, key: 'wallMs' | 'importMs' | 'cpuMs') => {
      const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
      return percentile(sorted, 50).toFixed(0);
    };
    console.log(`| bundle | size | source map | NODE_OPTIONS | median wall ms | median import ms | median CPU ms |`);
    console.log('|---|---:|---:|---|---:|---:|---:|');
    const row = (name: string, bundle: typeof report.graphql, runs: typeof report.graphqlRuns) =>
      console.log(`| ${name} | ${kb(bundle.bytes)} | ${kb(bundle.mapBytes)} | ${bundle.environment.NODE_OPTIONS ?? ''} | ${med(runs, 'wallMs')} | ${med(runs, 'importMs')} | ${med(runs, 'cpuMs')} |`);
    row('GraphQL handler', report.graphql, report.graphqlRuns);
    row('bare Apollo', report.bare, report.bareRuns);
    row("bare Apollo, the project's SDL", report.bareSchema, report.bareSchemaRuns);
    console.log(`Cold start, GraphQL / bare Apollo, median of ${report.pairs} paired ratios: wall ${report.medianWallRatio.toFixed(2)}×, CPU ${report.medianCpuRatio.toFixed(2)}× (goal ≤ 1.3×); bundle ${report.graphql.bytes <= 1_000_000 ? '≤' : '>'} 1 MB (1,000,000 bytes).`);
    console.log(`Like for like in schema, GraphQL / bare Apollo given the project's SDL (Apollo builds and validates it as for any project; one resolver, no storage), median of ${report.pairs}: wall ${report.schemaWallRatio.toFixed(2)}×, CPU ${report.schemaCpuRatio.toFixed(2)}× (not the goal's measure).`);
    if (report.instructions) {
      const { graphql, bare, bareSchema } = report.instructions;
      const n = (count: number) => count.toLocaleString('en-GB');
      console.log(`Instructions of one cold start under callgrind: GraphQL ${n(graphql)}, bare Apollo ${n(bare)}: ${(graphql / bare).toFixed(2)}×; bare Apollo given the project's SDL ${n(bareSchema)}: ${(graphql / bareSchema).toFixed(2)}× (load-independent; not the goal's measure).`);
    } else if (values.instructions) {
      console.log('Instructions: valgrind is not installed, so no count.');
    }
    console.log(`Goals: bundle ≤ 1 MB ${report.graphql.bytes <= 1_000_000 ? 'met' : 'NOT met'}; cold init ≤ 1.3× bare Apollo ${Math.max(report.medianWallRatio, report.medianCpuRatio) <= 1.3 ? 'met' : 'NOT met'} (wall and CPU).`);
  } finally {
    await engine.close();
  }
}

console.log(`bench:scale on ${new Date().toISOString()}, Node ${process.version}; sizes: curated, ${sizes.map((n) => n.toLocaleString('en-GB')).join(', ')} synthetic nodes`);
if (!values['lambda-only']) {
  // The curated graph stays up beside each large graph, so every query's runs take turns
  // on the two under the same machine load. The table so far is printed after each
  // graph, so a run stopped during a large graph keeps what it measured.
  const curated = await prepareGraph(0);
  try {
    const results: GraphFigures[] = [];
    for (const size of sizes) {
      results.push(await measureGraph(curated, size));
      if (!printTable(curated, results, results.length === sizes.length)) process.exitCode = 1;
    }
  } finally {
    await curated.close();
  }
}
if (!values['skip-lambda']) await lambda();
