/**
 * `npm run bench:abuse`: the hostile-input battery. Starts `npm start`'s server in its own
 * process (in-memory engine, curated dataset, 127.0.0.1 only), sends each hostile case
 * once, and prints per case: HTTP status, error code, time, response size, the server's
 * RSS before and after, and the slowest answer to /healthz while the case ran (how long
 * the server was blocked). Every request has a timeout; the server is stopped at the end.
 * Not part of `npm test`: figures vary with the machine.
 *
 *   npm run bench:abuse [-- --timeout 20000]
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { STARTER_QUERY } from '../../functions/graphiql/starter-query.js';
import { queryLimitsRule } from '../../functions/graphql/limits.js';
import { startServerProcess } from '../fixtures/local-process.js';

const { values } = parseArgs({ options: { timeout: { type: 'string', default: '20000' } } });
const timeoutMs = Number(values.timeout);

const PLAN = 'luton/plan:csp-plan-2017-20';
const aliased = (n: number, field: (i: number) => string) => `{ ${Array.from({ length: n }, (_, i) => field(i)).join(' ')} }`;

/** 24 fragments, each spreading the next twice: about 1 KB that expands to 2^24 fields. */
function fragmentBomb(levels = 24): string {
  let query = `query Bomb { node(id: "${PLAN}") { ...F0 } }\n`;
  for (let i = 0; i < levels; i++) query += `fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }\n`;
  return `${query}fragment F${levels} on Node { id label }\n`;
}

interface Outcome {
  status: number | string;
  code: string;
  bytes: number;
  note?: string;
}

type Case = { name: string; send: (url: string) => Promise<Outcome> };

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Outcome> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text, signal: AbortSignal.timeout(timeoutMs) });
  return outcomeOf(response);
}

async function outcomeOf(response: Response): Promise<Outcome> {
  const raw = Buffer.from(await response.arrayBuffer());
  let code = '';
  try {
    const json = JSON.parse(raw.toString('utf8')) as { errors?: Array<{ extensions?: { code?: string } }> } | Array<unknown>;
    code = Array.isArray(json) ? 'batch answered' : (json.errors?.[0]?.extensions?.code ?? (json.errors ? '(no code)' : 'data' in json ? 'data' : '(plain error)'));
  } catch {
    code = '(not JSON)';
  }
  return { status: response.status, code, bytes: raw.length };
}

/** A raw keep-alive request of `size` bytes; notes whether the server closed the socket after answering. */
function oversizedBody(port: number, size: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0) || 'none';
      const code = /"code":"([A-Z_]+)"/.exec(response)?.[1] ?? '';
      resolve({ status, code, bytes: Buffer.byteLength(response), note: closed ? 'socket closed by server' : 'socket left open' });
    };
    const timer = setTimeout(() => finish(false), 3_000);
    socket.on('data', (chunk) => (response += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => finish(true));
    const body = JSON.stringify({ query: `{ datasets { name } } # ${'x'.repeat(size)}` });
    socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body);
  });
}

const nested = (levels: number): string => (levels === 0 ? 'id' : `relationships { from { ${nested(levels - 1)} } }`);

function cases(port: number): Case[] {
  return [
    { name: 'starter query (baseline)', send: (url) => postJson(url, { query: STARTER_QUERY }) },
    { name: `trace paths, ${PLAN}, maxDepth 10 (baseline)`, send: (url) => postJson(url, { query: `{ trace(from: "${PLAN}", maxDepth: 10) { paths } }` }) },
    { name: `fragment bomb (${Buffer.byteLength(fragmentBomb())} B, 24 doubling fragments)`, send: (url) => postJson(url, { query: fragmentBomb() }) },
    { name: '1,000 aliased traces with paths', send: (url) => postJson(url, { query: aliased(1000, (i) => `t${i}: trace(from: "${PLAN}", maxDepth: 10) { paths }`) }) },
    { name: '20 aliased traces with paths (at the alias limit)', send: (url) => postJson(url, { query: aliased(20, (i) => `t${i}: trace(from: "${PLAN}", maxDepth: 10) { paths }`) }) },
    { name: '1,000 aliased __schema', send: (url) => postJson(url, { query: aliased(1000, (i) => `s${i}: __schema { types { name fields { name } } }`) }) },
    { name: '1,000 aliased searches', send: (url) => postJson(url, { query: aliased(1000, (i) => `s${i}: search(text: "community safety") { totalCount nodes { id } }`) }) },
    { name: '4 searches (one past the cap)', send: (url) => postJson(url, { query: aliased(4, (i) => `s${i}: search(text: "community safety") { totalCount }`) }) },
    { name: 'id of 3,000 bytes', send: (url) => postJson(url, { query: 'query ($id: ID!) { node(id: $id) { id } }', variables: { id: `action:${'x'.repeat(2993)}` } }) },
    { name: 'cursor of 2,000 characters', send: (url) => postJson(url, { query: 'query ($after: String) { nodes(type: PERSON, after: $after) { totalCount } }', variables: { after: 'Y'.repeat(2000) } }) },
    { name: 'null bytes in an id', send: (url) => postJson(url, { query: '{ node(id: "action:\\u0000\\u0000") { id } }' }) },
    { name: 'depth 41 (20 nested relationships)', send: (url) => postJson(url, { query: `{ node(id: "${PLAN}") { ${nested(20)} } }` }) },
    { name: 'body of 3 MB on a keep-alive socket', send: () => oversizedBody(port, 3_000_000) },
    { name: 'GET /graphiql/% (malformed path)', send: async (url) => outcomeOf(await fetch(url.replace('/graphql', '/graphiql/%'), { signal: AbortSignal.timeout(timeoutMs) })) },
    { name: 'malformed JSON body', send: (url) => postJson(url, '{"query": "{ datasets { name } }"') },
    { name: 'batched array of 100 operations', send: (url) => postJson(url, Array.from({ length: 100 }, () => ({ query: '{ datasets { name } }' }))) },
    { name: 'body that is not a GraphQL request', send: (url) => postJson(url, { hello: 'world' }) },
  ];
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Polls /healthz every 20 ms while `work` runs; the slowest answer is how long the server was blocked. */
async function whileProbing<T>(healthUrl: string, work: () => Promise<T>): Promise<{ result: T; slowestHealthMs: number }> {
  let running = true;
  let slowest = 0;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      try {
        await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
      } catch {
        // A timed-out probe still counts its time.
      }
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    return { result: await work(), slowestHealthMs: slowest };
  } finally {
    running = false;
    await probe;
    slowest = Math.max(slowest, 0);
  }
}

// How long the limit rule takes on the fragment bomb, in this process (graphql-js's own rules alone for comparison).
const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const bombDocument = parse(fragmentBomb());
const timeValidation = (rules: Parameters<typeof validate>[2]) => {
  const runs: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    validate(schema, bombDocument, rules);
    runs.push(performance.now() - started);
  }
  return runs.sort((a, b) => a - b)[25]!;
};
timeValidation([...specifiedRules, queryLimitsRule()]); // warm-up
const graphqlOnly = timeValidation(specifiedRules);
const withLimits = timeValidation([...specifiedRules, queryLimitsRule()]);

const server = await startServerProcess({ SCRUTINY_MEMORY: '1' });
const port = Number(new URL(server.url).port);
const healthUrl = server.url.replace('/graphql', '/healthz');
const rows: string[][] = [];
try {
  for (const { name, send } of cases(port)) {
    const before = rssMb(server.child.pid!);
    const started = performance.now();
    let outcome: Outcome;
    let slowestHealthMs = 0;
    try {
      ({ result: outcome, slowestHealthMs } = await whileProbing(healthUrl, () => send(server.url)));
    } catch (error) {
      outcome = { status: 'failed', code: (error as Error).name, bytes: 0 };
    }
    const ms = performance.now() - started;
    const after = rssMb(server.child.pid!);
    rows.push([name, String(outcome.status), outcome.code, ms.toFixed(0), outcome.bytes.toLocaleString('en-GB'), before.toFixed(0), after.toFixed(0), slowestHealthMs.toFixed(0), outcome.note ?? '']);
  }
} finally {
  await server.stop();
}

const header = ['case', 'HTTP', 'code', 'ms', 'response bytes', 'RSS before MB', 'RSS after MB', 'slowest /healthz ms', 'note'];
console.log(`Hostile-input battery against npm start (in-memory engine, curated dataset), 127.0.0.1:${port}\n`);
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nValidation of the fragment bomb in-process (median of 50): ${withLimits.toFixed(2)} ms with the query limits, ${graphqlOnly.toFixed(2)} ms for graphql-js's own rules alone.`);
