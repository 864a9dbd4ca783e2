/**
 * `npm run bench:datasets`: what loading one dataset costs, alone and with another
 * dataset of growing size in the same table. For each table: the curated dataset's first
 * load, a reload of a changed version (one node fewer, so stale items are removed) and a
 * reload of the same version, each as DynamoDB requests by command and wall seconds, on
 * the embedded engine in memory. The registry Luton depends on is loaded first in every
 * table (its own cost is printed apart). The other dataset is synthetic (FICTIONAL, from
 * the project's generator, three edges per node) in its own namespace. Last, the second
 * council in data/ (Kestrelford, fictional) is loaded into a table without and with Luton.
 *
 *   npm run bench:datasets [-- --other 5000]     (other dataset sizes: 0, N and 2N nodes)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Graph } from '../../functions/core/dataset.js';
import { qualify } from '../../functions/core/namespaces.js';
import { buildDatasetWithDependencies, DATA_DIR } from '../../functions/local/dataset-files.js';
import path from 'node:path';
import { startLocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';
import { syntheticBatches } from './synthetic-graph.js';

const { values } = parseArgs({ options: { other: { type: 'string', default: '5000' } } });
const other = Number(values.other);
if (!(Number.isInteger(other) && other > 0 && other <= 200_000)) throw new Error('--other must be a whole number of nodes from 1 to 200000.');

function syntheticDataset(nodes: number): Graph {
  const graph: Graph = { nodes: [], edges: [] };
  for (const batch of syntheticBatches(nodes, 1000)) {
    graph.nodes.push(...batch.nodes.map((n) => ({ ...n, id: qualify('synthetic', n.id) })));
    graph.edges.push(...batch.edges.map((e) => ({ ...e, from: qualify('synthetic', e.from), to: qualify('synthetic', e.to) })));
  }
  return graph;
}

const built = await buildDatasetWithDependencies(CURATED_DATASET_DIR);
const registry = built.find((d) => d.descriptor.name === 'registry')!;
const luton = built.find((d) => d.descriptor.name === 'luton-2020')!;
const kestrelford = (await buildDatasetWithDependencies(path.join(DATA_DIR, 'kestrelford-2024'))).find((d) => d.descriptor.name === 'kestrelford-2024')!;
const curated = luton.graph;
const dropped = curated.nodes.find((n) => n.type === 'Person')!.id;
const changed: Graph = { nodes: curated.nodes.filter((n) => n.id !== dropped), edges: curated.edges.filter((e) => e.from !== dropped && e.to !== dropped) };

const engine = await startLocalEngine();
let counting: Record<string, number> | null = null;
const client = createDynamoDbClient({
  endpoint: engine.endpoint,
  onRequest: (command) => {
    if (counting) counting[command] = (counting[command] ?? 0) + 1;
  },
});
const doc = createTableClient({
  endpoint: engine.endpoint,
  onRequest: (command) => {
    if (counting) counting[command] = (counting[command] ?? 0) + 1;
  },
});

async function measure(work: () => Promise<unknown>): Promise<{ requests: number; byCommand: Record<string, number>; seconds: number }> {
  counting = {};
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const byCommand = counting;
  counting = null;
  return { requests: Object.values(byCommand).reduce((a, b) => a + b, 0), byCommand, seconds };
}

const describe = (m: { requests: number; byCommand: Record<string, number>; seconds: number }) =>
  `${String(m.requests).padStart(6)} requests ${m.seconds.toFixed(2).padStart(7)} s  (${Object.entries(m.byCommand).map(([c, n]) => `${n} ${c.replace('Command', '')}`).join(', ')})`;

console.log(`Registry: ${registry.graph.nodes.length} nodes. Kestrelford (fictional): ${kestrelford.graph.nodes.length} nodes, ${kestrelford.graph.edges.length} edges.`);
console.log(`Luton dataset: ${curated.nodes.length} nodes, ${curated.edges.length} edges. Changed version: ${dropped} removed.`);
try {
  let table = 0;
  for (const size of [0, other, 2 * other]) {
    const tableName = `bench-datasets-${++table}`;
    await ensureTable(client, tableName);
    const store = new DynamoGraphStore(doc, tableName);
    console.log(`\n${tableName}: registry first load ${describe(await measure(() => loadGraph(store, registry.graph, registry.descriptor)))}`);
    if (size > 0) {
      const started = performance.now();
      await loadGraph(store, syntheticDataset(size), { name: 'synthetic', namespace: 'synthetic', title: 'Synthetic (fictional)', fictional: true, dependencies: [] });
      console.log(`\nOther dataset present: ${size.toLocaleString('en-GB')} nodes, ${(3 * size).toLocaleString('en-GB')} edges (loaded in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } else {
      console.log('\nNo other dataset present');
    }
    console.log(`  first load      ${describe(await measure(() => loadGraph(store, curated, luton.descriptor)))}`);
    console.log(`  changed reload  ${describe(await measure(() => loadGraph(store, changed, luton.descriptor)))}`);
    console.log(`  same again      ${describe(await measure(() => loadGraph(store, changed, luton.descriptor)))}`);
  }
  // Two councils: Kestrelford's load into a table holding only the registry, then into one that also holds Luton.
  for (const withLuton of [false, true]) {
    const tableName = `bench-datasets-${++table}`;
    await ensureTable(client, tableName);
    const store = new DynamoGraphStore(doc, tableName);
    await loadGraph(store, registry.graph, registry.descriptor);
    if (withLuton) await loadGraph(store, luton.graph, luton.descriptor);
    console.log(`\nKestrelford into a table with the registry${withLuton ? ' and Luton' : ' only'}`);
    console.log(`  first load      ${describe(await measure(() => loadGraph(store, kestrelford.graph, kestrelford.descriptor)))}`);
    console.log(`  same again      ${describe(await measure(() => loadGraph(store, kestrelford.graph, kestrelford.descriptor)))}`);
  }
} finally {
  await engine.close();
}
