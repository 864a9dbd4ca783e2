/**
 * Bundles the GraphQL handler and a bare Apollo handler with the same GraphFunction
 * construct (the same esbuild options, the same environment), then starts fresh Node
 * processes that import a bundle and answer one API Gateway event, in pairs (the order
 * alternating), and reports the bundle sizes and the median of the paired ratios.
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
  pairs: number;
  medianWallRatio: number;
  medianCpuRatio: number;
  graphqlRuns: ColdStartRun[];
  bareRuns: ColdStartRun[];
  /** Instructions of one cold start each (countInstructions), when asked for and valgrind is installed. */
  instructions?: { graphql: number; bare: number };
}

/** Synthesizes one stack holding both functions into `outdir`; returns the two bundles. */
export function buildBundles(outdir: string): { graphql: LambdaBundle; bare: LambdaBundle } {
  const app = new App({ outdir });
  const stack = new Stack(app, 'ColdStartBench');
  new GraphFunction(stack, 'Graphql', { entry: path.join(PROJECT_ROOT, 'functions/handlers/graphql.ts'), projectRoot: PROJECT_ROOT, description: 'graphql' });
  new GraphFunction(stack, 'Bare', { entry: path.join(PROJECT_ROOT, 'test/bench/lambda/bare-apollo-handler.ts'), projectRoot: PROJECT_ROOT, description: 'bare' });
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
  return { graphql: find('graphql'), bare: find('bare') };
}

// Runs in the child: import, answer one event, report timings relative to the process's own start.
const RUNNER = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
const imported = performance.now();
const context = { awsRequestId: 'bench', functionName: 'bench', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
const result = await handler(JSON.parse(event), context);
if (result.statusCode !== 200) throw new Error('status ' + result.statusCode + ': ' + result.body);
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
 * `pairs` paired cold starts. The GraphQL handler answers `query` against the table at
 * `endpoint` (a loopback engine), the bare one answers `{ hello }`.
 */
export async function measureColdStarts(options: { endpoint: string; tableName: string; query: string; pairs: number; instructions?: boolean }): Promise<ColdStartReport> {
  if (new URL(options.endpoint).hostname !== '127.0.0.1') throw new Error(`The cold-start benchmark uses a loopback engine only; got ${options.endpoint}`);
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'cold-start-cdk-'));
  try {
    const { graphql, bare } = buildBundles(outdir);
    const graphqlEvent = createHttpApiEvent({ body: { query: options.query } });
    const bareEvent = createHttpApiEvent({ body: { query: '{ hello }' } });
    const graphqlEnv = { ...graphql.environment, TABLE_NAME: options.tableName, DYNAMODB_ENDPOINT: options.endpoint };
    const bareEnv = { ...bare.environment };
    // One unmeasured run each, so the file cache is warm for both.
    await runOnce(graphql, graphqlEvent, graphqlEnv);
    await runOnce(bare, bareEvent, bareEnv);
    const graphqlRuns: ColdStartRun[] = [];
    const bareRuns: ColdStartRun[] = [];
    for (let i = 0; i < options.pairs; i++) {
      if (i % 2 === 0) {
        graphqlRuns.push(await runOnce(graphql, graphqlEvent, graphqlEnv));
        bareRuns.push(await runOnce(bare, bareEvent, bareEnv));
      } else {
        bareRuns.push(await runOnce(bare, bareEvent, bareEnv));
        graphqlRuns.push(await runOnce(graphql, graphqlEvent, graphqlEnv));
      }
    }
    let instructions: ColdStartReport['instructions'];
    if (options.instructions) {
      const [graphqlCount, bareCount] = [await countInstructions(graphql, graphqlEvent, graphqlEnv), await countInstructions(bare, bareEvent, bareEnv)];
      if (graphqlCount !== undefined && bareCount !== undefined) instructions = { graphql: graphqlCount, bare: bareCount };
    }
    return {
      graphql,
      bare,
      pairs: options.pairs,
      instructions,
      medianWallRatio: median(graphqlRuns.map((run, i) => run.wallMs / bareRuns[i]!.wallMs)),
      medianCpuRatio: median(graphqlRuns.map((run, i) => run.cpuMs / bareRuns[i]!.cpuMs)),
      graphqlRuns,
      bareRuns,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export { median };
