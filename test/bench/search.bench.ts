/**
 * `npm run bench:search [-- --nodes 100000] [-- --iterations 100] [-- "query" ...]`:
 * search over the index on the local engine, at the curated graph's size and at scale;
 * not part of `npm test` (figures vary with the machine).
 *
 * 1. The index's write cost (items and bytes per node) for each dataset of data/ and for
 *    `--nodes N` synthetic nodes (test/bench/synthetic-graph.ts).
 * 2. Two tables, each in its own engine process on loopback: the curated graph alone
 *    (every dataset of data/, as `npm start` loads them),
 *    and N synthetic nodes with 3N edges loaded as a dataset with its index and the
 *    curated graph loaded on top. For each query, searches over HTTP take turns between
 *    the two servers, so the p50 ratio is not skewed by the machine's load; it prints
 *    p50/p95, DynamoDB requests and rounds per search, the ratio to the curated graph,
 *    and whether the answer (hits and total) is the same. `--nodes 0` measures the
 *    curated graph alone; 333334 gives 1M edges.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildDatasets, findDatasetDirs } from '../../functions/local/dataset-files.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { RequestRecorder } from '../fixtures/local-graph.js';
import { loadSyntheticDataset, measureSearches, searchIndexCost, syntheticNodes, type IndexCost, type SearchMeasure } from './search-scale.js';

const DEFAULT_QUERIES = ['operation octans', 'octans', 'octens', 'oper oct', 'anti social behavour', 'pedresen', 'high town', 'police'];
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

function describe(m: SearchMeasure, base?: SearchMeasure): string {
  const ratio = base ? `, ${(m.p50 / base.p50).toFixed(2)}× curated` : '';
  const same = base ? (base.totalCount === m.totalCount && base.ids.join() === m.ids.join() ? ', same answer' : ', DIFFERENT ANSWER') : '';
  return `p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms${ratio}; ${m.requests} requests in ${m.rounds} rounds; ${m.totalCount} hits${same}`;
}

/** A local engine in its own process, so the server and the engine do not share one thread. */
async function startEngineProcess(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { NODE_OPTIONS: _loader, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'engine-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for await (const line of createInterface({ input: child.stdout! })) {
    if (new URL(line).hostname !== '127.0.0.1') throw new Error(`benchmarks use a loopback engine only; got ${line}`);
    return { endpoint: line, stop: async () => void (child.kill('SIGTERM'), await exited) };
  }
  throw new Error('The engine process ended without printing its endpoint.');
}

// The curated graph: every dataset of data/, each with an index of its own.
const curatedDatasets = await buildDatasets(await findDatasetDirs());
for (const { descriptor, graph } of curatedDatasets) printCost(`Dataset ${descriptor.name}`, searchIndexCost(graph.nodes, descriptor.name));
const total = curatedDatasets.map(({ descriptor, graph }) => searchIndexCost(graph.nodes, descriptor.name)).reduce((sum, c) => ({ nodes: sum.nodes + c.nodes, items: sum.items + c.items, bytes: sum.bytes + c.bytes }), { nodes: 0, items: 0, bytes: 0 });
console.log(`Curated graph (${curatedDatasets.length} datasets): ${total.nodes.toLocaleString('en-GB')} nodes, index items ${total.items.toLocaleString('en-GB')} (${(total.items / total.nodes).toFixed(2)} per node), ${(total.bytes / 1024 / 1024).toFixed(2)} MB (${(total.bytes / total.nodes).toFixed(0)} bytes per node)`);
if (nodeCount > 0) printCost(`Synthetic graph of ${nodeCount.toLocaleString('en-GB')} nodes`, searchIndexCost(syntheticNodes(nodeCount), 'synthetic'));

const engines: Array<{ stop(): Promise<void> }> = [];
const stacks: LocalStack[] = [];
try {
  const startStack = async (endpoint: string) => {
    const recorder = new RequestRecorder();
    const stack = await startLocalStack({ port: 0, endpoint, tableName: TABLE, onRequest: recorder.observe });
    stacks.push(stack);
    return { url: stack.url, recorder };
  };
  const curatedEngine = await startEngineProcess();
  engines.push(curatedEngine);
  await ensureTable(createDynamoDbClient({ endpoint: curatedEngine.endpoint }), TABLE);
  const targets = [await startStack(curatedEngine.endpoint)];
  if (nodeCount > 0) {
    const scaleEngine = await startEngineProcess();
    engines.push(scaleEngine);
    const client = createDynamoDbClient({ endpoint: scaleEngine.endpoint });
    await ensureTable(client, TABLE);
    const load = await loadSyntheticDataset(new DynamoGraphStore(createTableClient({ endpoint: scaleEngine.endpoint }), TABLE), nodeCount, (line) => console.log(line));
    console.log(`  loaded ${load.items.toLocaleString('en-GB')} items in ${load.seconds.toFixed(0)} s`);
    targets.push(await startStack(scaleEngine.endpoint));
  }
  const scale = nodeCount > 0 ? `${nodeCount.toLocaleString('en-GB')} synthetic nodes + ${(3 * nodeCount).toLocaleString('en-GB')} edges, curated on top` : '';
  console.log(`\nsearch(text:) over HTTP, first page of 20, ${iterations} searches per query and graph${nodeCount > 0 ? ', taking turns' : ''}:`);
  for (const text of queries) {
    const [curated, large] = await measureSearches(targets, text, { iterations, warmup });
    console.log(`  "${text}"\n    curated: ${describe(curated!)}`);
    if (large) console.log(`    ${scale}: ${describe(large, curated)}`);
  }
} finally {
  for (const stack of stacks) await stack.close();
  for (const engine of engines) await engine.stop();
}
