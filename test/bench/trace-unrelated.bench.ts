/**
 * `npm run bench:trace-unrelated`: the starter trace (resolution 09(iii) downstream, over
 * HTTP on the embedded engine) on the curated graph, then on the same graph with 5,000
 * edges no trace follows on one node of its path (FICTIONAL documents ABOUT that action
 * and the action REFERENCES them; 2,500 each way). Prints p50/p95 of each, the ratio,
 * the DynamoDB requests and items read per trace, and checks the answers are identical.
 *
 *   npm run bench:trace-unrelated [-- --iterations 200 --edges 5000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Graph } from '../../functions/core/dataset.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createEdge } from '../fixtures/graph-builders.js';
import { CURATED_DATASET_DIR, startTestStack } from '../fixtures/local-graph.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
const OFFICER: Viewer = { role: 'officer', subject: 'storage-test' };

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' }, edges: { type: 'string', default: '5000' } } });
const iterations = Number(values.iterations);
const extra = Number(values.edges);
const HUB = 'action:csp-business-plan-2019-20-13';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const stack = await startTestStack(CURATED_DATASET_DIR);
try {
  async function run(label: string): Promise<{ p50: number; answer: string }> {
    for (let i = 0; i < Number(values.warmup); i++) await stack.query(TRACE_QUERY);
    const latencies: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      const response = await stack.query(TRACE_QUERY);
      latencies.push(performance.now() - started);
      if (response.errors) throw new Error(JSON.stringify(response.errors));
    }
    latencies.sort((a, b) => a - b);
    const { result, requests } = await stack.recorder.during(() => stack.query(TRACE_QUERY));
    const p50 = percentile(latencies, 50);
    console.log(`${label}: p50 ${p50.toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ${requests.length} requests per trace`);
    return { p50, answer: JSON.stringify(result.data) };
  }

  const plain = await run('Curated graph');
  const curated = await loadGraphFromDir(CURATED_DATASET_DIR);
  const documents = Array.from({ length: extra }, (_, i) => `document:fictional-unrelated-${i}`);
  const noisy: Graph = {
    nodes: curated.nodes,
    edges: [
      ...curated.edges,
      ...documents.map((doc, i) => (i % 2 === 0 ? createEdge(HUB, 'REFERENCES', doc) : createEdge(doc, 'ABOUT', HUB))),
    ],
  };
  await loadGraph(stack.store, noisy, 'luton-2020');
  const partition = await stack.store.readNeighbourhood(OFFICER, HUB);
  console.log(`Added ${extra.toLocaleString('en-GB')} unrelated edges on ${HUB} (it now has ${partition.out.length} out and ${partition.in.length} in edges).`);
  const loud = await run(`With ${extra.toLocaleString('en-GB')} unrelated edges`);
  console.log(`Ratio of p50: ${(loud.p50 / plain.p50).toFixed(2)}x; identical answer: ${loud.answer === plain.answer}`);
  if (loud.answer !== plain.answer) process.exitCode = 1;
} finally {
  await stack.close();
}
