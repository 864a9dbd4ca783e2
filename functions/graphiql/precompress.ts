/**
 * Precompression of the built GraphiQL page: every text asset gets a brotli (`.br`) and a
 * gzip (`.gz`) twin at build time (the cost is paid once per build, never per request).
 * The local server sends the twin the browser accepts.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Files worth compressing: text, and the TrueType icon font (woff/woff2 and images are compressed already). */
export const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.map', '.ttf']);
/** Below this, headers outweigh any saving. */
const MIN_BYTES = 1024;
/**
 * Brotli quality 9, not the maximum 11: on Monaco (2.8 MB) 11 is about 10% smaller but
 * some 20 times slower (tens of seconds), and the page is built on a first `npm start`.
 */
const BROTLI_QUALITY = 9;

export interface PrecompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Writes `<file>.br` and `<file>.gz` beside each compressible file of `dir`, where smaller. */
export async function precompressDir(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  const files = (await filesUnder(dir)).filter((f) => COMPRESSIBLE.has(path.extname(f)));
  for (const file of files) {
    if ((await stat(file)).size < MIN_BYTES) continue;
    const body = await readFile(file);
    const [br, gz] = await Promise.all([
      brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gzipAsync(body, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    if (br.length < body.length) await writeFile(`${file}.br`, br);
    if (gz.length < body.length) await writeFile(`${file}.gz`, gz);
    result.files += 1;
    result.bytes += body.length;
    result.brotliBytes += Math.min(br.length, body.length);
    result.gzipBytes += Math.min(gz.length, body.length);
  }
  return result;
}

/** Vite plugin: precompresses the output folder once the bundle is written. */
export const precompress = (outDir: string): Plugin => ({
  name: 'precompress-brotli-gzip',
  apply: 'build',
  async closeBundle() {
    await precompressDir(outDir);
  },
});
