/**
 * `npm run bench:start`: the resident memory of `npm start`'s server process (run with
 * the start script's Node flags, test/fixtures/local-process.ts), on a first start (no
 * GraphiQL build and an empty data folder: GraphiQL is built, in a child process, and the
 * datasets loaded) and on a warm start (both present: the same data folder and table, so
 * nothing is loaded), on a free port, with a temporary data folder. For each: the RSS when
 * it is ready, after GraphiQL's page and a trace query have been served, and the peak
 * (VmHWM) of the server process; the datasets are validated and loaded in a child process
 * that has exited by then (functions/local/load-process.ts). Not part of `npm test`.
 * The goal: under 250 MB.
 *
 *   npm run bench:start [-- --runs first,warm] [-- --memory]
 *
 * A first start removes dist/graphiql, which the start then builds again.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_GRAPHIQL_DIR } from '../../functions/local/stack.js';
import { startServerProcess } from '../fixtures/local-process.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: 'first,warm' }, memory: { type: 'boolean', default: false } } });
const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-start-'));

async function memoryMb(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

console.log(`Storage: ${values.memory ? 'in memory' : 'a temporary data folder'}`);
console.log('| start | datasets | ready in s | RSS when ready MB | RSS after page + trace MB | peak RSS MB | under 250 MB |');
console.log('|---|---|---:|---:|---:|---:|---|');
for (const run of values.runs!.split(',').map((r) => r.trim())) {
  if (run === 'first') await rm(DEFAULT_GRAPHIQL_DIR, { recursive: true, force: true });
  else if (run !== 'warm') throw new Error(`--runs takes first and warm; got ${run}`);
  const started = performance.now();
  const server = await startServerProcess(values.memory ? { SCRUTINY_MEMORY: '1' } : { SCRUTINY_DATA_DIR: dataDir, TABLE_NAME: 'bench-start' }, 600_000);
  const loaded = /^Loaded dataset /m.test(server.output()) ? 'loaded' : 'none loaded';
  try {
    const readySeconds = (performance.now() - started) / 1000;
    const ready = await memoryMb(server.child.pid!);
    const page = await fetch(server.url, { headers: { accept: 'text/html' } });
    if (!page.ok || !(await page.text()).includes('<html')) throw new Error(`GraphiQL's page: HTTP ${page.status}`);
    const trace = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TRACE_QUERY }) });
    if (!trace.ok) throw new Error(`The trace query: HTTP ${trace.status}`);
    await trace.text();
    const served = await memoryMb(server.child.pid!);
    console.log(`| ${run} | ${loaded} | ${readySeconds.toFixed(1)} | ${ready.rss.toFixed(0)} | ${served.rss.toFixed(0)} | ${served.peak.toFixed(0)} | ${served.peak < 250 ? 'yes' : 'NO'} |`);
  } finally {
    await server.stop('SIGINT');
  }
}
await rm(dataDir, { recursive: true, force: true });
