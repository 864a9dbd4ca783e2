/**
 * `npm run bench`: latency of the full trace of resolution 09(iii) against the local engine (p50/p95),
 * DynamoDB requests and sequential rounds per trace, and server start-up time to the
 * first answer. Not part of `npm test`: figures vary with the machine.
 *
 *   npm run bench [-- --iterations 300] [-- --dataset DIR]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CURATED_DATASET_DIR, startTestStack } from '../fixtures/local-graph.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';
import { startServerProcess } from '../fixtures/local-process.js';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '300' }, warmup: { type: 'string', default: '30' }, starts: { type: 'string', default: '5' }, dataset: { type: 'string' } } });
const iterations = Number(values.iterations);
const datasetDir = values.dataset ?? CURATED_DATASET_DIR;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const stack = await startTestStack(datasetDir);
try {
  for (let i = 0; i < Number(values.warmup); i++) await stack.query(TRACE_QUERY);
  const latencies: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    const response = await stack.query(TRACE_QUERY);
    latencies.push(performance.now() - started);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
  }
  latencies.sort((a, b) => a - b);
  const { result, requests, rounds } = await stack.recorder.during(() => stack.query<{ trace: { nodes: unknown[]; edges: unknown[]; paths: string[][] } }>(TRACE_QUERY));
  const byCommand = requests.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.command]: (acc[r.command] ?? 0) + 1 }), {});
  const trace = result.data!.trace;
  const levels = Math.max(...trace.paths.map((path) => path.length));
  console.log(`Trace of 09(iii) (${trace.nodes.length} nodes, ${trace.edges.length} edges, ${levels} levels) over HTTP against dynalite, ${iterations} runs:`);
  console.log(`  p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`);
  console.log(`  DynamoDB requests per trace: ${requests.length} (${Object.entries(byCommand).map(([c, n]) => `${n} ${c.replace('Command', '')}`).join(', ')})`);
  console.log(`  sequential rounds: ${rounds} for ${levels} levels of nodes (root included)`);
} finally {
  await stack.close();
}

const startTimes: number[] = [];
for (let i = 0; i < Number(values.starts); i++) {
  const started = performance.now();
  const server = await startServerProcess({ SCRUTINY_MEMORY: '1', ...(values.dataset ? { SCRUTINY_DATASET_DIR: values.dataset } : {}) });
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { nodeCount } }' }) });
  if (!response.ok) throw new Error(`Start ${i}: HTTP ${response.status}`);
  startTimes.push(performance.now() - started);
  await server.stop();
}
startTimes.sort((a, b) => a - b);
console.log(`Start-up to first answer (process spawn, in-memory engine, dataset load, first query), ${startTimes.length} starts:`);
console.log(`  median ${percentile(startTimes, 50).toFixed(0)} ms, max ${startTimes.at(-1)!.toFixed(0)} ms`);
