/**
 * GraphiQL's assets are precompressed at build time and sent in the coding the browser
 * accepts: brotli first, then gzip, else as built; every coding decodes to the same bytes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../functions/graphiql/precompress.js';
import { acceptedEncodings } from '../../functions/local/http-server.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

const dir = mkdtempSync(path.join(tmpdir(), 'graphiql-'));
// A fictional built page: a repetitive script (compresses well), a tiny one and a font-like binary.
const script = `console.log(${JSON.stringify('fictional GraphiQL asset '.repeat(400))});\n`;
const tiny = 'export{};\n';
let stack: LocalStack;

beforeAll(async () => {
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>Fictional page</title>${'<p>fictional</p>'.repeat(200)}`);
  writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), script);
  writeFileSync(path.join(dir, 'assets', 'tiny-abc123.js'), tiny);
  await precompressDir(dir);
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'graphiql-assets-test', graphiqlDir: dir });
});

afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The raw bytes on the wire (no decoding), with the headers. */
function raw(urlPath: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${stack.port}${urlPath}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('precompressDir', () => {
  it('writes brotli and gzip twins beside assets worth compressing, and none beside a tiny one', () => {
    expect(readdirSync(path.join(dir, 'assets')).sort()).toEqual(['app-abc123.js', 'app-abc123.js.br', 'app-abc123.js.gz', 'tiny-abc123.js']);
  });
});

describe('serving GraphiQL assets', () => {
  it('sends brotli to a browser that accepts it, smaller than the asset and decoding to it', async () => {
    const response = await raw('/graphiql/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
    expect(response.body.length).toBeLessThan(Buffer.byteLength(script) / 10);
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('sends gzip when brotli is not accepted, or refused with q=0', async () => {
    for (const header of ['gzip', 'br;q=0, gzip;q=0.5']) {
      const response = await raw('/graphiql/assets/app-abc123.js', { 'accept-encoding': header });
      expect(response.headers['content-encoding'], header).toBe('gzip');
      expect(gunzipSync(response.body).toString()).toBe(script);
    }
  });

  it('sends the asset as built when no coding is accepted, and for a file with no twin', async () => {
    const plain = await raw('/graphiql/assets/app-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    const small = await raw('/graphiql/assets/tiny-abc123.js', { 'accept-encoding': 'br, gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe(tiny);
  });

  it('compresses the page itself, which is never cached without revalidation', async () => {
    const page = await raw('/graphql', { accept: 'text/html', 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(page.body).toString()).toContain('Fictional page');
  });
});

describe('acceptedEncodings', () => {
  it('reads tokens, quality values and the wildcard', () => {
    expect([...acceptedEncodings('gzip, deflate, br')].sort()).toEqual(['br', 'deflate', 'gzip']);
    expect([...acceptedEncodings('*;q=0.1, gzip;q=0')]).toEqual(['br']);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});
