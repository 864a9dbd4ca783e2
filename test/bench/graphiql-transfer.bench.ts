/**
 * `npm run bench:graphiql`: bytes on the wire for GraphiQL, as built (what was served
 * before precompression) and precompressed (brotli, gzip). Two measures:
 *   - every asset of the build fetched once per coding, over raw HTTP (no decoding);
 *   - one page load in headless Chromium (Debian's), as built against precompressed,
 *     summing the encoded body sizes Chromium reports for every response.
 * Builds GraphiQL first when dist/graphiql is missing. Not part of `npm test`.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchChromium } from '../fixtures/chromium.js';
import { build } from 'vite';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { DEFAULT_GRAPHIQL_DIR, startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

const TWIN = /\.(br|gz)$/;

if (!existsSync(path.join(DEFAULT_GRAPHIQL_DIR, 'index.html')) || !readdirSync(path.join(DEFAULT_GRAPHIQL_DIR, 'assets')).some((f) => TWIN.test(f))) {
  console.log('Building GraphiQL...');
  await build({ configFile: path.join(PROJECT_ROOT, 'functions', 'graphiql', 'vite.config.ts'), logLevel: 'warn' });
}

// "Before": the same build without its compressed twins.
const plainDir = mkdtempSync(path.join(tmpdir(), 'graphiql-plain-'));
cpSync(DEFAULT_GRAPHIQL_DIR, plainDir, { recursive: true, filter: (source) => !TWIN.test(source) });

const assets = readdirSync(path.join(DEFAULT_GRAPHIQL_DIR, 'assets')).filter((f) => !TWIN.test(f));

function wireBytes(port: number, urlPath: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port}${urlPath}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${urlPath}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

async function allAssets(port: number, acceptEncoding: string): Promise<number> {
  let total = await wireBytes(port, '/graphql', { accept: 'text/html', 'accept-encoding': acceptEncoding });
  for (const file of assets) total += await wireBytes(port, `/graphiql/assets/${file}`, { 'accept-encoding': acceptEncoding });
  return total;
}

/** Encoded body bytes per response of one page load, keyed by method and path. */
async function pageLoad(stack: LocalStack): Promise<Map<string, number>> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const sizes: Array<Promise<[string, number]>> = [];
    page.on('requestfinished', (req) => sizes.push(req.sizes().then((s) => [`${req.method()} ${new URL(req.url()).pathname}`, s.responseBodySize])));
    await page.goto(stack.url.replace('127.0.0.1', 'localhost'));
    await page.locator('.graphiql-query-editor .view-lines').first().waitFor({ timeout: 60_000 });
    await page.waitForLoadState('networkidle');
    return new Map(await Promise.all(sizes));
  } finally {
    await browser.close();
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const stacks: LocalStack[] = [];
try {
  const plain = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'bench-plain', graphiqlDir: plainDir });
  stacks.push(plain);
  const compressed = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'bench-compressed', graphiqlDir: DEFAULT_GRAPHIQL_DIR });
  stacks.push(compressed);

  const identity = await allAssets(compressed.port, 'identity');
  const gzip = await allAssets(compressed.port, 'gzip');
  const br = await allAssets(compressed.port, 'gzip, deflate, br');
  console.log(`GraphiQL build, page and ${assets.length} assets fetched once each over HTTP:`);
  console.log(`  as built (before): ${mb(identity)}`);
  console.log(`  gzip:              ${mb(gzip)} (${((100 * gzip) / identity).toFixed(1)}%)`);
  console.log(`  brotli:            ${mb(br)} (${((100 * br) / identity).toFixed(1)}%)`);

  const before = await pageLoad(plain);
  const after = await pageLoad(compressed);
  // Lazily loaded files (an icon font) may or may not load before the network settles: compare the responses both loads made.
  const common = [...before.keys()].filter((key) => after.has(key));
  const sum = (load: Map<string, number>) => common.reduce((total, key) => total + load.get(key)!, 0);
  const api = common.filter((key) => key.startsWith('POST ')).reduce((total, key) => total + after.get(key)!, 0);
  console.log(`One GraphiQL page load in headless Chromium, the ${common.length} responses both loads made (bodies as transferred):`);
  console.log(`  before (as built):     ${mb(sum(before))}`);
  console.log(`  after (precompressed): ${mb(sum(after))} (${((100 * sum(after)) / sum(before)).toFixed(1)}%), of which ${mb(api)} is GraphiQL's schema introspection answer (API JSON, not precompressed)`);
} finally {
  for (const stack of stacks) await stack.close();
  rmSync(plainDir, { recursive: true, force: true });
}
