/**
 * `npm run bench:trace-unrelated`: the starter trace (resolution 09(iii) downstream, over
 * HTTP on the embedded engine) on the curated graph and on the same graph with 5,000
 * edges no trace follows on one node of its path (FICTIONAL documents ABOUT that action
 * and the action REFERENCES them; 2,500 each way), two stacks side by side whose traces
 * take turns. Prints p50/p95 of each, the ratio of the p50s and the median of the paired
 * ratios (goal: at most 1.2), the DynamoDB requests and rounds per trace, and checks the
 * answers are identical.
 *
 *   npm run bench:trace-unrelated [-- --iterations 200 --edges 5000]
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Graph } from '../../functions/core/dataset.js';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createEdge } from '../fixtures/graph-builders.js';
import { CURATED_DATASET_DIR, startTestStack, type TestStack } from '../fixtures/local-graph.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
const OFFICER: Viewer = { role: 'officer', subject: 'storage-test' };

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '200' }, warmup: { type: 'string', default: '20' }, edges: { type: 'string', default: '5000' } } });
const iterations = Number(values.iterations);
const extra = Number(values.edges);
const HUB = 'luton/action:csp-business-plan-2019-20-13';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Two stacks side by side, the plain graph and the noisy one, their traces taking turns,
// so both see the same machine load and the ratio holds on a busy machine.
const plain = await startTestStack(CURATED_DATASET_DIR);
const noisy = await startTestStack(CURATED_DATASET_DIR);
try {
  // The curated dataset reloaded (as its own descriptor says) with the extra edges; its
  // dependencies stay loaded as they are.
  const curated = (await buildDatasetWithDependencies(CURATED_DATASET_DIR)).find((dataset) => dataset.dir === CURATED_DATASET_DIR)!;
  const documents = Array.from({ length: extra }, (_, i) => `${curated.descriptor.namespace}/document:fictional-unrelated-${i}`);
  const graph: Graph = {
    nodes: curated.graph.nodes,
    edges: [
      ...curated.graph.edges,
      ...documents.map((doc, i) => (i % 2 === 0 ? createEdge(HUB, 'REFERENCES', doc) : createEdge(doc, 'ABOUT', HUB))),
    ],
  };
  await loadGraph(noisy.store, graph, curated.descriptor);
  const partition = await noisy.store.readNeighbourhood(OFFICER, HUB);
  console.log(`Added ${extra.toLocaleString('en-GB')} unrelated edges on ${HUB} (it now has ${partition.out.length} out and ${partition.in.length} in edges).`);

  async function timed(stack: TestStack): Promise<number> {
    const started = performance.now();
    const response = await stack.query(TRACE_QUERY);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return performance.now() - started;
  }
  for (let i = 0; i < Number(values.warmup); i++) {
    await timed(plain);
    await timed(noisy);
  }
  const latencies = { plain: [] as number[], noisy: [] as number[] };
  const ratios: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // The order alternates, so neither graph always runs second.
    let p: number;
    let n: number;
    if (i % 2 === 0) {
      p = await timed(plain);
      n = await timed(noisy);
    } else {
      n = await timed(noisy);
      p = await timed(plain);
    }
    latencies.plain.push(p);
    latencies.noisy.push(n);
    ratios.push(n / p);
  }
  const report = async (label: string, stack: TestStack, sample: number[]) => {
    const sorted = [...sample].sort((x, y) => x - y);
    const { result, requests, rounds } = await stack.recorder.during(() => stack.query(TRACE_QUERY));
    console.log(`${label}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, ${requests.length} requests in ${rounds} rounds per trace`);
    return { p50: percentile(sorted, 50), answer: JSON.stringify(result.data) };
  };
  const quiet = await report('Curated graph', plain, latencies.plain);
  const loud = await report(`With ${extra.toLocaleString('en-GB')} unrelated edges`, noisy, latencies.noisy);
  const pairedRatio = percentile([...ratios].sort((x, y) => x - y), 50);
  console.log(`Ratio of p50: ${(loud.p50 / quiet.p50).toFixed(2)}x; median of ${iterations} paired ratios: ${pairedRatio.toFixed(2)}x (goal <= 1.2x); identical answer: ${loud.answer === quiet.answer}`);
  if (loud.answer !== quiet.answer) process.exitCode = 1;
} finally {
  await plain.close();
  await noisy.close();
}
