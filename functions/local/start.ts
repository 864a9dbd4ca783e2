/**
 * `npm start`: the embedded engine, the table, the curated dataset and GraphQL with
 * GraphiQL at http://localhost:4000/graphql. Data persists in .local-data/ unless
 * `--memory` (or SCRUTINY_MEMORY=1) is given. Ctrl-C shuts everything down cleanly.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { InvalidDatasetError, SourceTextError } from '../core/errors.js';
import { DEFAULT_DEV_ORIGINS, parseOrigins } from '../graphql/cors.js';
import { PROJECT_ROOT } from './dataset-files.js';
import { DEFAULT_ISSUER_DIR } from './dev-issuer.js';
import { DEFAULT_DATA_DIR, DEFAULT_GRAPHIQL_DIR, startLocalStack } from './stack.js';

const started = performance.now();
const args = new Set(process.argv.slice(2));
const inMemory = args.has('--memory') || process.env.SCRUTINY_MEMORY === '1';
const dataDir = process.env.SCRUTINY_DATA_DIR ? path.resolve(process.env.SCRUTINY_DATA_DIR) : DEFAULT_DATA_DIR;
const port = Number(process.env.PORT ?? 4000);
/** The dev issuer's key folder, shared with `npm run token` (kept even with --memory, so its tokens work). */
const issuerDir = process.env.SCRUTINY_ISSUER_DIR ? path.resolve(process.env.SCRUTINY_ISSUER_DIR) : DEFAULT_ISSUER_DIR;
/** One dataset folder and its dependencies (tests and curators use it); every folder under data/ by default. */
const datasetDir = process.env.SCRUTINY_DATASET_DIR ? path.resolve(process.env.SCRUTINY_DATASET_DIR) : undefined;
/** Another DynamoDB-compatible engine (DynamoDB Local, say) instead of the embedded one, and its table. */
const endpoint = process.env.DYNAMODB_ENDPOINT || undefined;
const tableName = process.env.TABLE_NAME || undefined;
/** Front-end dev servers that may call the API from a browser (CORS_ORIGINS, comma-separated; `*` for any). */
const allowedOrigins = parseOrigins(process.env.CORS_ORIGINS, DEFAULT_DEV_ORIGINS);

/**
 * Rebuilds GraphiQL when its sources are newer than the build (or there is none). The
 * build runs in a child process (Vite's own CLI), so the server never holds Vite, Rolldown
 * and the parsed React tree: it stays at its warm-start size (`npm run bench:start`).
 */
async function ensureGraphiqlBuilt(): Promise<void> {
  const sourceDir = path.join(PROJECT_ROOT, 'functions', 'graphiql');
  const built = await stat(path.join(DEFAULT_GRAPHIQL_DIR, 'index.html')).catch(() => null);
  if (built) {
    const sources = await readdir(sourceDir);
    const times = await Promise.all(sources.map(async (name) => (await stat(path.join(sourceDir, name))).mtimeMs));
    if (Math.max(...times) <= built.mtimeMs) return;
  }
  console.log('Building GraphiQL (once; offline)...');
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--config', path.join(sourceDir, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(signal ? 128 : exitCode));
  });
  if (code !== 0) throw new Error(`Building GraphiQL failed (vite exited with ${code}); the messages above say why. \`npm run build:graphiql\` repeats the build on its own.`);
}

try {
  await ensureGraphiqlBuilt();
  const stack = await startLocalStack({ port, dataDir: inMemory ? null : dataDir, issuerDir, datasetDir, endpoint, tableName, allowedOrigins, loadInChildProcess: true });
  for (const load of stack.loads) {
    if (load.interrupted) console.log(`An unfinished load of dataset ${load.dataset} (version ${load.interrupted}) was found; the dataset was loaded again in full.`);
    console.log(
      load.written
        ? `Loaded dataset ${load.dataset} (version ${load.version}): ${load.nodes} nodes, ${load.edges} edges${load.removed ? `, ${load.removed} stale items removed` : ''}.`
        : `Dataset ${load.dataset} (version ${load.version}) already loaded: ${load.nodes} nodes, ${load.edges} edges.`,
    );
  }
  console.log(
    endpoint
      ? `Storage: table ${tableName ?? 'scrutiny-graph'} at ${endpoint}`
      : `Storage: ${inMemory ? 'in memory (nothing kept after exit)' : path.relative(PROJECT_ROOT, dataDir) || dataDir} via ${stack.endpoint}`,
  );
  console.log(`Sign in as a role: npm run token -- --role officer, then in GraphiQL's Headers tab {"Authorization": "Bearer <token>"} (keys: ${path.relative(PROJECT_ROOT, issuerDir) || issuerDir})`);
  console.log(`Browsers may call it from: ${allowedOrigins.join(', ') || 'this origin only'} (set CORS_ORIGINS to change)`);
  console.log(`GraphQL and GraphiQL: http://localhost:${stack.port}/graphql  (ready in ${Math.round(performance.now() - started)} ms; Ctrl-C to stop)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down...`);
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof InvalidDatasetError) {
    console.error(error.message);
    console.error('Nothing was written. Fix the files above (npm run data:check lists every problem) and start again.');
  } else if (error instanceof SourceTextError) {
    console.error(error.message);
    console.error('Nothing was loaded.');
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is in use. Stop the other process or choose another port: PORT=4001 npm start`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
