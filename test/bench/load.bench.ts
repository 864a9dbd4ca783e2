/**
 * `npm run bench:load`: a sustained load of the full trace of resolution 09(iii) on the local server (32
 * connections for 30 s by default, autocannon), in three set-ups, all on loopback:
 *
 *   embedded  `npm start --memory` as people run it (the engine inside the server)
 *   clean     the server reading an engine process through the fault proxy, no faults
 *   faults    the same with 20% of storage requests throttled (DynamoDB's own error
 *             answers), 20% of batch requests cut short and 5% of connections reset
 *
 * For each: throughput, latency p50/p99, answers by status and error code, answers
 * that differ from the fault-free one (must be 0), and the resident memory of the
 * server (and engine) before and after (flat is the goal).
 *
 *   npm run bench:load -- [--duration 30] [--connections 32] [--runs embedded,clean,faults]
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { TRACE_QUERY } from '../fixtures/trace-query.js';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { startFaultProxy, type FaultRates } from '../fixtures/fault-proxy.js';
import { startServerProcess } from '../fixtures/local-process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '32' },
    runs: { type: 'string', default: 'embedded,clean,faults' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
if (!(duration > 0 && duration <= 120) || !(connections > 0 && connections <= 256)) throw new Error('--duration must be 1-120 s and --connections 1-256.');

const FAULTS: FaultRates = { throttle: 0.2, partialBatch: 0.2, reset: 0.05, serverError: 0 };
const body = JSON.stringify({ query: TRACE_QUERY });

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function startEngineProcess(): Promise<{ endpoint: string; pid: number; stop(): Promise<void> }> {
  const { NODE_OPTIONS: _loader, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'test', 'bench', 'engine-process.ts')], { cwd: PROJECT_ROOT, env });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`Engine exited with ${code}`)));
  });
  return { endpoint, pid: child.pid!, stop: async () => void (child.kill('SIGTERM'), await exited) };
}

interface Outcome {
  run: string;
  throughput: number;
  p50: number;
  p99: number;
  total: number;
  answers: Record<string, number>;
  wrong: number;
  rss: Array<{ process: string; before: number; after: number }>;
}

async function measure(run: string): Promise<Outcome> {
  const engine = run === 'embedded' ? null : await startEngineProcess();
  const proxy = engine ? await startFaultProxy(engine.endpoint, { seed: 7 }) : null;
  const server = await startServerProcess({ SCRUTINY_MEMORY: '1', ...(proxy ? { DYNAMODB_ENDPOINT: proxy.endpoint } : {}) });
  try {
    const url = server.url;
    const expected = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
    if (!expected.includes('"trace"')) throw new Error(`The trace of 09(iii) failed before the load: ${expected.slice(0, 300)}`);
    // A short warm-up, so "before" is the resident size of a server that has served.
    await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 4, amount: 40 });
    const processes = [{ process: 'server', pid: server.child.pid! }, ...(engine ? [{ process: 'engine', pid: engine.pid }] : [])];
    const before = await Promise.all(processes.map((p) => rssMb(p.pid)));
    if (run === 'faults') proxy!.setRates(FAULTS);

    const answers: Record<string, number> = {};
    let wrong = 0;
    const result = await autocannon({
      url,
      connections,
      duration,
      timeout: 15,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          onResponse: (status: number, text: string) => {
            let code = 'data';
            if (status !== 200 || text !== expected) {
              try {
                code = (JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code ?? 'no code';
              } catch {
                code = 'not JSON';
              }
              if (status === 200 && code === 'data') wrong++;
            }
            const key = `${status} ${code}`;
            answers[key] = (answers[key] ?? 0) + 1;
          },
        },
      ],
    });
    if (proxy) proxy.setRates({ throttle: 0, partialBatch: 0, reset: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await Promise.all(processes.map((p) => rssMb(p.pid)));
    if (result.errors + result.timeouts > 0) answers['no answer (error or timeout)'] = result.errors + result.timeouts;
    return {
      run,
      throughput: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      total: result.requests.total,
      answers,
      wrong,
      rss: processes.map((p, i) => ({ process: p.process, before: before[i]!, after: after[i]! })),
    };
  } finally {
    await server.stop('SIGTERM');
    await proxy?.close();
    await engine?.stop();
  }
}

console.log(`Starter trace, ${connections} connections for ${duration} s each, on loopback (faults: ${JSON.stringify(FAULTS)}):`);
for (const run of values.runs!.split(',')) {
  const outcome = await measure(run.trim());
  console.log(`\n${outcome.run}: ${outcome.throughput.toFixed(1)} req/s, p50 ${outcome.p50} ms, p99 ${outcome.p99} ms, ${outcome.total} requests`);
  console.log(`  answers: ${Object.entries(outcome.answers).map(([k, n]) => `${k}: ${n}`).join(', ')}; wrong or partial data: ${outcome.wrong}`);
  for (const { process: name, before, after } of outcome.rss) console.log(`  ${name} RSS: ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after (${after - before >= 0 ? '+' : ''}${(after - before).toFixed(0)} MB)`);
}
