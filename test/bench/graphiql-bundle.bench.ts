/**
 * `npm run bench:bundle`: what the Trace view adds to GraphiQL's download, gzipped.
 *
 * Builds GraphiQL twice into temporary folders with the project's own Vite config: as
 * shipped, and with the Trace view replaced by an empty plugin (everything else equal).
 * Prints the assets gzipped (level 9): the chunk fetched only when the Trace view first
 * draws (elkjs and layout.ts) and the rest of GraphiQL (page, scripts, CSS, Monaco and its
 * workers), whose difference is the Trace view's own code.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';

const CONFIG = path.join(PROJECT_ROOT, 'functions', 'graphiql', 'vite.config.ts');

interface Sizes {
  rest: number;
  traceViewOnly: number;
  files: Map<string, number>;
}

/** Replaces the Trace view module with an empty plugin of the same title. */
function withoutTraceView(stubFile: string): Plugin {
  return {
    name: 'bench-without-trace-view',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && /[\\/]functions[\\/]graphiql[\\/]/.test(importer) && source === './trace-view') return stubFile;
      return null;
    },
  };
}

async function measure(outDir: string, plugins: Plugin[]): Promise<Sizes> {
  await build({ configFile: CONFIG, logLevel: 'error', plugins, build: { outDir, emptyOutDir: true } });
  const html = await readFile(path.join(outDir, 'index.html'));
  const sizes: Sizes = { rest: gzipSync(html, { level: 9 }).length, traceViewOnly: 0, files: new Map() };
  for (const name of await readdir(path.join(outDir, 'assets'))) {
    const size = gzipSync(await readFile(path.join(outDir, 'assets', name)), { level: 9 }).length;
    sizes.files.set(name, size);
    if (name.startsWith('layout-')) sizes.traceViewOnly += size;
    else sizes.rest += size;
  }
  return sizes;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const work = await mkdtemp(path.join(tmpdir(), 'graphiql-bundle-'));
try {
  const stub = path.join(work, 'trace-view-stub.ts');
  await writeFile(stub, "export const traceViewPlugin = { title: 'Trace view', icon: () => null, content: () => null };\n");
  const shipped = await measure(path.join(work, 'with'), []);
  const without = await measure(path.join(work, 'without'), [withoutTraceView(stub)]);
  const row = (name: string, a: number, b: number) => console.log(`  ${name.padEnd(34)} ${kb(a).padStart(10)} ${kb(b).padStart(10)} ${kb(a - b).padStart(10)}`);
  console.log('GraphiQL assets, gzipped (level 9):');
  console.log(`  ${''.padEnd(34)} ${'with'.padStart(10)} ${'without'.padStart(10)} ${'added'.padStart(10)}   (the Trace view)`);
  row('the rest of GraphiQL', shipped.rest, without.rest);
  row('when the Trace view first draws', shipped.traceViewOnly, without.traceViewOnly);
  row('total', shipped.rest + shipped.traceViewOnly, without.rest + without.traceViewOnly);
} finally {
  await rm(work, { recursive: true, force: true });
}
