/**
 * `npm run bench:synthetic-load`: what one load of a synthetic dataset costs, and where
 * the time goes. The synthetic graph (test/bench/synthetic-graph.ts, three edges per
 * node, FICTIONAL) is loaded by the loader, as bench:scale loads it, into a fresh engine
 * process of its own on loopback; then it prints the wall seconds, the DynamoDB requests
 * by command, the CPU seconds of the loader and of the engine process, the engine's
 * peak resident memory, the loader's heap, and the load average before and after.
 *
 *   npm run bench:synthetic-load                      # 10,000 nodes / 30,000 edges
 *   npm run bench:synthetic-load -- --nodes 60000
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Graph } from '../../functions/core/dataset.js';
import { qualify, type DatasetDescriptor } from '../../functions/core/namespaces.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { syntheticBatches } from './synthetic-graph.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '10000' } } });
const nodeCount = Number(values.nodes);
if (!(Number.isInteger(nodeCount) && nodeCount > 0 && nodeCount <= 2_000_000)) throw new Error('--nodes must be a whole number from 1 to 2,000,000.');

const here = path.dirname(fileURLToPath(import.meta.url));
const TABLE = 'scrutiny-graph';
const SYNTHETIC: DatasetDescriptor = { name: 'synthetic', namespace: 'synthetic', title: 'Synthetic benchmark graph (fictional)', fictional: true, dependencies: [] };
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');

/** CPU seconds and resident MB of a process (Linux /proc; NaN elsewhere). */
async function usage(pid: number | undefined): Promise<{ cpu: number; rssMb: number }> {
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return { cpu: (Number(fields[11]) + Number(fields[12])) / 100, rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024 };
  } catch {
    return { cpu: Number.NaN, rssMb: Number.NaN };
  }
}

const child = spawn(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', path.join(here, 'engine-process.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  let endpoint: string | undefined;
  for await (const line of createInterface({ input: child.stdout! })) {
    if (line.trim()) {
      endpoint = line.trim();
      break;
    }
  }
  if (!endpoint || new URL(endpoint).hostname !== '127.0.0.1') throw new Error(`benchmarks use a loopback engine only; got ${endpoint}`);

  const requests = new Map<string, number>();
  const client = createDynamoDbClient({ endpoint, onRequest: (command) => void requests.set(command, (requests.get(command) ?? 0) + 1) });
  await ensureTable(client, TABLE);
  const store = new DynamoGraphStore(createTableClient({ endpoint, onRequest: (command) => void requests.set(command, (requests.get(command) ?? 0) + 1) }), TABLE);
  const q = (id: string) => qualify(SYNTHETIC.namespace, id);
  const graph: Graph = { nodes: [], edges: [] };
  for (const { nodes, edges } of syntheticBatches(nodeCount, 10_000)) {
    for (const node of nodes) graph.nodes.push({ ...node, id: q(node.id) });
    for (const edge of edges) graph.edges.push({ ...edge, from: q(edge.from), to: q(edge.to) });
  }

  console.log(`bench:synthetic-load on ${new Date().toISOString()}, Node ${process.version}: ${nodeCount.toLocaleString('en-GB')} synthetic nodes, ${graph.edges.length.toLocaleString('en-GB')} edges; load average ${load()}`);
  let enginePeakMb = 0;
  const sampler = setInterval(() => void usage(child.pid).then(({ rssMb }) => (enginePeakMb = Math.max(enginePeakMb, rssMb || 0))), 1000);
  requests.clear();
  const engineBefore = await usage(child.pid);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await loadGraph(store, graph, SYNTHETIC);
  const seconds = (performance.now() - started) / 1000;
  const loaderCpu = process.cpuUsage(cpu);
  const engineAfter = await usage(child.pid);
  clearInterval(sampler);

  const total = [...requests.values()].reduce((sum, n) => sum + n, 0);
  console.log(`loaded ${result.nodes.toLocaleString('en-GB')} nodes, ${result.edges.toLocaleString('en-GB')} edges in ${seconds.toFixed(1)} s`);
  console.log(`DynamoDB requests: ${total.toLocaleString('en-GB')} (${[...requests].map(([command, n]) => `${command.replace(/Command$/, '')} ${n.toLocaleString('en-GB')}`).join(', ')})`);
  console.log(`CPU: loader ${((loaderCpu.user + loaderCpu.system) / 1e6).toFixed(1)} s, engine ${(engineAfter.cpu - engineBefore.cpu).toFixed(1)} s`);
  console.log(`memory: engine peak ${Math.max(enginePeakMb, engineAfter.rssMb).toFixed(0)} MB resident, loader heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB after the load`);
  console.log(`load average after: ${load()}`);
} finally {
  child.kill('SIGTERM');
}
