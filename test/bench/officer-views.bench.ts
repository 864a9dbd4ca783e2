/**
 * `npm run bench:views`: what an officer reads to answer "what became of resolution
 * 09(iii)?", before and after delivery chains, and what the tracker returns, on the
 * curated graph over HTTP against the embedded engine. Not part of `npm test`.
 *
 * - before: the trace query the GraphiQL starter tab ran (every neighbour, paths as ids);
 * - after: `deliveryChains` for 09(iii), with what a view shows of each step;
 * - the tracker: rows, NOT_RECORDED rows;
 * and the DynamoDB requests and sequential rounds of each.
 *
 *   npm run bench:views [-- --dataset DIR]
 */
import { parseArgs } from 'node:util';
import { CURATED_DATASET_DIR, startTestStack, type TestStack } from '../fixtures/local-graph.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';

const { values } = parseArgs({ options: { dataset: { type: 'string' } } });

const CHAINS = `query DeliveryOf09iii {
  deliveryChains(from: "luton/resolution:cdc-2019-03-05-09-iii") {
    delivery
    chains {
      steps {
        stage label date
        node { id }
        via { type basis rationale sources { quote locator } }
        context { role printedRole node { label } }
      }
      gap { stage reason }
    }
  }
}`;

const TRACKER = `query Tracker($after: String) {
  tracker(first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    rows { request { id } number date delivery lastActivity takenUpBy { label } latestProgress { asAt } reportedAt { label } gaps { stage reason } }
  }
}`;

function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countObjects(item), 0);
  if (value && typeof value === 'object') return 1 + Object.values(value).reduce<number>((sum, item) => sum + countObjects(item), 0);
  return 0;
}

async function measure(stack: TestStack, query: string, variables?: Record<string, unknown>) {
  const { result, requests, rounds } = await stack.recorder.during(() => stack.query<Record<string, unknown>>(query, variables));
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const json = JSON.stringify(result.data, null, 2);
  const byCommand = requests.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.command.replace('Command', '')]: (acc[r.command.replace('Command', '')] ?? 0) + 1 }), {});
  return { data: result.data!, lines: json.split('\n').length, kb: Buffer.byteLength(json) / 1024, objects: countObjects(result.data), requests: requests.length, byCommand, rounds };
}

const describeReads = (m: { requests: number; byCommand: Record<string, number>; rounds: number }) =>
  `${m.requests} DynamoDB requests (${Object.entries(m.byCommand).map(([c, n]) => `${n} ${c}`).join(', ')}) in ${m.rounds} sequential rounds`;

const stack = await startTestStack(values.dataset ?? CURATED_DATASET_DIR);
try {
  // One warm-up each, so start-up effects do not count.
  await stack.query(TRACE_QUERY);
  await stack.query(CHAINS);

  const before = await measure(stack, TRACE_QUERY);
  const trace = before.data.trace as { nodes: unknown[]; edges: unknown[]; paths: unknown[] };
  console.log('Before: the starter trace of 09(iii)');
  console.log(`  ${before.lines} lines of JSON (${before.kb.toFixed(1)} KB), ${before.objects} objects: ${trace.nodes.length} nodes, ${trace.edges.length} edges, ${trace.paths.length} paths of bare ids`);
  console.log(`  ${describeReads(before)}`);

  const after = await measure(stack, CHAINS);
  const chains = (after.data.deliveryChains as { chains: Array<{ steps: Array<{ stage: string; label: string }>; gap: unknown }> }).chains;
  const steps = chains.reduce((sum, c) => sum + c.steps.length, 0);
  console.log('After: deliveryChains of 09(iii)');
  console.log(`  ${after.lines} lines of JSON (${after.kb.toFixed(1)} KB), ${after.objects} objects: ${chains.length} chains, ${steps} steps (${chains[0]!.steps.length} in the first)`);
  console.log(`  first chain: ${chains[0]!.steps.map((s) => s.stage).join(' → ')}; ${JSON.stringify(chains[0], null, 2).split('\n').length} lines of JSON on its own`);
  console.log(`  ${describeReads(after)}`);

  let tracker = await measure(stack, TRACKER);
  const rows: Array<{ delivery: string }> = [];
  let page = tracker.data.tracker as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; rows: Array<{ delivery: string }> };
  rows.push(...page.rows);
  while (page.pageInfo.hasNextPage) {
    tracker = await measure(stack, TRACKER, { after: page.pageInfo.endCursor });
    page = tracker.data.tracker as typeof page;
    rows.push(...page.rows);
  }
  console.log('The tracker');
  console.log(`  ${rows.length} rows (totalCount ${page.totalCount}), ${rows.filter((r) => r.delivery === 'NOT_RECORDED').length} NOT_RECORDED, ${rows.filter((r) => r.delivery === 'RECORDED').length} RECORDED`);
  console.log(`  last page: ${describeReads(tracker)}`);
} finally {
  await stack.close();
}
