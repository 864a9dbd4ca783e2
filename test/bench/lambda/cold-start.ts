/**
 * Bundles the GraphQL handler and two yardsticks with the same GraphFunction construct (the
 * same esbuild options, the same environment): a bare Apollo Server with one field (the
 * goal's yardstick, test/bench/lambda/bare-apollo-handler.ts) and a bare Apollo Server given
 * the project's own SDL (like for like in schema, bare-apollo-schema-handler.ts). Then it
 * starts fresh Node processes that import a bundle and answer one API Gateway event, in
 * rounds of one each (the order rotating), and reports the bundle sizes and the median of
 * the paired ratios against each yardstick.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { PROJECT_ROOT } from '../../../functions/local/dataset-files.js';
import { GraphFunction } from '../../../infra/constructs/graph-function.js';
import { createHttpApiEvent } from '../../fixtures/api-gateway-events.js';

export interface LambdaBundle {
  file: string;
  bytes: number;
  mapBytes: number;
  environment: Record<string, string>;
}

export interface ColdStartRun {
  wallMs: number;
  cpuMs: number;
  importMs: number;
}

export interface ColdStartReport {
  graphql: LambdaBundle;
  bare: LambdaBundle;
  bareSchema: LambdaBundle;
  pairs: number;
  /** GraphQL against the bare one-field Apollo: the goal's ratio. */
  medianWallRatio: number;
  medianCpuRatio: number;
  /** GraphQL against the bare Apollo given the project's SDL: like for like in schema. */
  schemaWallRatio: number;
  schemaCpuRatio: number;
  graphqlRuns: ColdStartRun[];
  bareRuns: ColdStartRun[];
  bareSchemaRuns: ColdStartRun[];
  /** Instructions of one cold start each (countInstructions), when asked for and valgrind is installed. */
  instructions?: { graphql: number; bare: number; bareSchema: number };
}

/** Synthesizes one stack holding the three functions into `outdir`; returns their bundles. */
export function buildBundles(outdir: string): { graphql: LambdaBundle; bare: LambdaBundle; bareSchema: LambdaBundle } {
  const app = new App({ outdir });
  const stack = new Stack(app, 'ColdStartBench');
  new GraphFunction(stack, 'Graphql', { entry: path.join(PROJECT_ROOT, 'functions/handlers/graphql.ts'), projectRoot: PROJECT_ROOT, description: 'graphql' });
  new GraphFunction(stack, 'Bare', { entry: path.join(PROJECT_ROOT, 'test/bench/lambda/bare-apollo-handler.ts'), projectRoot: PROJECT_ROOT, description: 'bare' });
  new GraphFunction(stack, 'BareSchema', { entry: path.join(PROJECT_ROOT, 'test/bench/lambda/bare-apollo-schema-handler.ts'), projectRoot: PROJECT_ROOT, description: 'bare-schema' });
  app.synth();
  const template = JSON.parse(readFileSync(path.join(outdir, 'ColdStartBench.template.json'), 'utf8'));
  const assets = JSON.parse(readFileSync(path.join(outdir, 'ColdStartBench.assets.json'), 'utf8'));
  const find = (description: string): LambdaBundle => {
    const fn = Object.values<{ Type: string; Properties: { Description?: string; Code: { S3Key: string }; Handler: string; Environment?: { Variables?: Record<string, string> } } }>(template.Resources).find(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === description,
    )!;
    const dir = path.join(outdir, assets.files[fn.Properties.Code.S3Key.replace(/\.zip$/, '')].source.path as string);
    const file = path.join(dir, `${fn.Properties.Handler.split('.')[0]}.mjs`);
    let mapBytes = 0;
    try {
      mapBytes = statSync(`${file}.map`).size;
    } catch {
      // No source map shipped.
    }
    return { file, bytes: statSync(file).size, mapBytes, environment: fn.Properties.Environment?.Variables ?? {} };
  };
  return { graphql: find('graphql'), bare: find('bare'), bareSchema: find('bare-schema') };
}

// Runs in the child: import, answer one event, report timings relative to the process's own start.
const RUNNER = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
const imported = performance.now();
const context = { awsRequestId: 'bench', functionName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
const result = await handler(JSON.parse(event), context);
if (result.statusCode !== 200) throw new Error('status ' + result.statusCode + ': ' + result.body);
if (JSON.parse(result.body).errors) throw new Error('errors in the answer: ' + result.body);
const cpu = process.cpuUsage();
process.stdout.write('\\n@@RESULT@@' + JSON.stringify({ importMs: imported, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;

/** A cold start's environment: nothing of this shell's but PATH, fixed local credentials, and the function's own variables. */
function childEnvironment(home: string, env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: home, AWS_REGION: 'eu-west-2', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_EC2_METADATA_DISABLED: 'true', ...env };
}

function runOnce(bundle: LambdaBundle, event: unknown, env: Record<string, string>): Promise<ColdStartRun> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'cold-start-'));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // NODE_OPTIONS as the function's own environment sets it (source maps or not).
    const nodeOptions = (bundle.environment.NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeOptions, '--input-type=module', '-e', RUNNER, pathToFileURL(bundle.file).href, JSON.stringify(event)], {
      cwd: home,
      env: childEnvironment(home, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      rmSync(home, { recursive: true, force: true });
      const at = stdout.lastIndexOf('@@RESULT@@');
      if (code !== 0 || at < 0) return reject(new Error(`The bundle exited with ${code}:\n${stderr}\n${stdout}`));
      const { importMs, cpuMs } = JSON.parse(stdout.slice(at + '@@RESULT@@'.length)) as { importMs: number; cpuMs: number };
      resolve({ wallMs, cpuMs, importMs });
    });
  });
}

/**
 * Instructions one fresh process executes to import the bundle and answer the event,
 * counted by valgrind's callgrind (`--single-threaded`, so the compiler, the collector and
 * the CA-store loading all run on the one counted thread). Unlike time, the count hardly
 * moves with what else the machine is doing, so it settles a ratio on a busy machine.
 * Undefined when valgrind is not installed.
 */
export function countInstructions(bundle: LambdaBundle, event: unknown, env: Record<string, string>): Promise<number | undefined> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'cold-start-'));
  const nodeOptions = (bundle.environment.NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const args = ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', process.execPath, '--single-threaded', ...nodeOptions, '--input-type=module', '-e', RUNNER, pathToFileURL(bundle.file).href, JSON.stringify(event)];
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, {
      cwd: home,
      env: childEnvironment(home, env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      rmSync(home, { recursive: true, force: true });
      if (error.code === 'ENOENT') resolve(undefined);
      else reject(error);
    });
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      const collected = /Collected : (\d+)/.exec(output);
      if (code !== 0 || !collected || !output.includes('@@RESULT@@')) return reject(new Error(`The bundle under callgrind exited with ${code}:\n${output.slice(-2000)}`));
      resolve(Number(collected[1]));
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * `pairs` rounds of one cold start of each bundle. The GraphQL handler answers `query`
 * against the table at `endpoint` (a loopback engine), the bare one `{ hello }`, and the
 * bare one with the project's SDL the same `query` from a resolver, with no storage.
 */
export async function measureColdStarts(options: { endpoint: string; tableName: string; query: string; pairs: number; instructions?: boolean }): Promise<ColdStartReport> {
  if (new URL(options.endpoint).hostname !== '127.0.0.1') throw new Error(`The cold-start benchmark uses a loopback engine only; got ${options.endpoint}`);
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'cold-start-cdk-'));
  try {
    const { graphql, bare, bareSchema } = buildBundles(outdir);
    const graphqlEvent = createHttpApiEvent({ body: { query: options.query } });
    const bareEvent = createHttpApiEvent({ body: { query: '{ hello }' } });
    const graphqlEnv = { ...graphql.environment, TABLE_NAME: options.tableName, DYNAMODB_ENDPOINT: options.endpoint };
    const starts = [
      { bundle: graphql, event: graphqlEvent, env: graphqlEnv, runs: [] as ColdStartRun[] },
      { bundle: bare, event: bareEvent, env: { ...bare.environment }, runs: [] as ColdStartRun[] },
      { bundle: bareSchema, event: graphqlEvent, env: { ...bareSchema.environment }, runs: [] as ColdStartRun[] },
    ];
    // One unmeasured run each, so the file cache is warm for all.
    for (const { bundle, event, env } of starts) await runOnce(bundle, event, env);
    for (let i = 0; i < options.pairs; i++) {
      // Each round starts with the next bundle, so each takes every place in turn.
      for (let k = 0; k < starts.length; k++) {
        const start = starts[(i + k) % starts.length]!;
        start.runs.push(await runOnce(start.bundle, start.event, start.env));
      }
    }
    const [graphqlRuns, bareRuns, bareSchemaRuns] = starts.map((s) => s.runs) as [ColdStartRun[], ColdStartRun[], ColdStartRun[]];
    let instructions: ColdStartReport['instructions'];
    if (options.instructions) {
      const counts: Array<number | undefined> = [];
      for (const { bundle, event, env } of starts) counts.push(await countInstructions(bundle, event, env));
      const [graphqlCount, bareCount, bareSchemaCount] = counts;
      if (graphqlCount !== undefined && bareCount !== undefined && bareSchemaCount !== undefined) instructions = { graphql: graphqlCount, bare: bareCount, bareSchema: bareSchemaCount };
    }
    const ratio = (against: ColdStartRun[], key: 'wallMs' | 'cpuMs') => median(graphqlRuns.map((run, i) => run[key] / against[i]![key]));
    return {
      graphql,
      bare,
      bareSchema,
      pairs: options.pairs,
      instructions,
      medianWallRatio: ratio(bareRuns, 'wallMs'),
      medianCpuRatio: ratio(bareRuns, 'cpuMs'),
      schemaWallRatio: ratio(bareSchemaRuns, 'wallMs'),
      schemaCpuRatio: ratio(bareSchemaRuns, 'cpuMs'),
      graphqlRuns,
      bareRuns,
      bareSchemaRuns,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export { median };
