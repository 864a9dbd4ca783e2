/**
 * `npm run bench:search [-- --nodes 100000] [-- --iterations 100] [-- "query" ...]`:
 * search over the index on the local engine, at the curated graph's size and at scale;
 * not part of `npm test` (figures vary with the machine).
 *
 * 1. The curated graph alone: the index's write cost (items and bytes per node), then
 *    for each query p50/p95 of `search(text:)` over HTTP, DynamoDB requests and rounds
 *    per search, and the hits.
 * 2. `--nodes N` synthetic nodes with 3N edges (test/bench/synthetic-graph.ts) loaded
 *    as a dataset with its index, the curated graph loaded on top: the index's write
 *    cost at that size, the same measures, the ratio of p50 to the curated graph's, and
 *    a check that every query gives the same answer (no synthetic node matches them).
 *    `--nodes 0` skips it; 333334 gives 1M edges.
 */
import { parseArgs } from 'node:util';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { startLocalEngine } from '../../functions/local/engine.js';
import { startLocalStack } from '../../functions/local/stack.js';
import { createDocumentClient, createDynamoDbClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { CURATED_DATASET_DIR, RequestRecorder } from '../fixtures/local-graph.js';
import { loadSyntheticDataset, measureSearch, searchIndexCost, syntheticNodes, type IndexCost, type SearchMeasure } from './search-scale.js';

const DEFAULT_QUERIES = ['operation octans', 'octans', 'octens', 'oper oct', 'anti social behavour', 'pedresen', 'high town', '2019'];
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { nodes: { type: 'string', default: '100000' }, iterations: { type: 'string', default: '100' }, warmup: { type: 'string', default: '10' } },
});
const nodeCount = Number(values.nodes);
const iterations = Number(values.iterations);
const warmup = Number(values.warmup);
if (!(Number.isInteger(nodeCount) && nodeCount >= 0 && nodeCount <= 400_000)) throw new Error('--nodes must be a whole number from 0 to 400000.');
if (!(iterations >= 1 && iterations <= 2_000)) throw new Error('--iterations must be from 1 to 2000.');
const queries = positionals.length ? positionals : DEFAULT_QUERIES;
const TABLE = 'scrutiny-graph';

function printCost(title: string, cost: IndexCost): void {
  const kinds = Object.entries(cost.byKind).map(([kind, { items, bytes }]) => `${kind} ${items.toLocaleString('en-GB')} (${(bytes / 1024).toFixed(0)} KB)`).join(', ');
  console.log(`${title}: ${cost.nodes.toLocaleString('en-GB')} nodes, ${cost.terms.toLocaleString('en-GB')} terms, ${cost.postings.toLocaleString('en-GB')} postings, ${cost.variants.toLocaleString('en-GB')} variants in ${cost.buckets} buckets`);
  console.log(`  index items ${cost.items.toLocaleString('en-GB')} (${(cost.items / cost.nodes).toFixed(2)} per node), ${(cost.bytes / 1024 / 1024).toFixed(2)} MB (${(cost.bytes / cost.nodes).toFixed(0)} bytes per node): ${kinds}`);
}

async function measureAll(url: string, recorder: RequestRecorder): Promise<SearchMeasure[]> {
  const results: SearchMeasure[] = [];
  for (const text of queries) results.push(await measureSearch(url, recorder, text, { iterations, warmup }));
  return results;
}

function printMeasures(title: string, measures: readonly SearchMeasure[], baseline?: readonly SearchMeasure[]): void {
  console.log(`\n${title} (${iterations} searches per query, over HTTP, first page of 20):`);
  for (const m of measures) {
    const base = baseline?.find((b) => b.text === m.text);
    const ratio = base ? `, ${(m.p50 / base.p50).toFixed(2)}× curated` : '';
    const same = base ? (base.totalCount === m.totalCount && base.ids.join() === m.ids.join() ? ', same answer' : ', DIFFERENT ANSWER') : '';
    console.log(`  "${m.text}": p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms${ratio}; ${m.requests} requests in ${m.rounds} rounds; ${m.totalCount} hits${same}; first: ${m.ids.slice(0, 3).join(', ')}`);
  }
}

const curatedGraph = await loadGraphFromDir(CURATED_DATASET_DIR);
printCost('Curated graph', searchIndexCost(curatedGraph.nodes));

const curated = await (async () => {
  const recorder = new RequestRecorder();
  const stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: CURATED_DATASET_DIR, onRequest: recorder.observe });
  try {
    return await measureAll(stack.url, recorder);
  } finally {
    await stack.close();
  }
})();
printMeasures('Curated graph', curated);

if (nodeCount > 0) {
  console.log();
  printCost(`Synthetic graph of ${nodeCount.toLocaleString('en-GB')} nodes`, searchIndexCost(syntheticNodes(nodeCount), 'synthetic'));
  const engine = await startLocalEngine();
  try {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, TABLE);
    const load = await loadSyntheticDataset(new DynamoGraphStore(createDocumentClient(client), TABLE), nodeCount, (line) => console.log(line));
    console.log(`  loaded ${load.items.toLocaleString('en-GB')} items in ${load.seconds.toFixed(0)} s`);
    const recorder = new RequestRecorder();
    const stack = await startLocalStack({ port: 0, endpoint: engine.endpoint, tableName: TABLE, datasetDir: CURATED_DATASET_DIR, onRequest: recorder.observe });
    try {
      printMeasures(`${nodeCount.toLocaleString('en-GB')} synthetic nodes, ${(3 * nodeCount).toLocaleString('en-GB')} edges, curated on top`, await measureAll(stack.url, recorder), curated);
    } finally {
      await stack.close();
    }
  } finally {
    await engine.close();
  }
}
