/**
 * Spawns Amazon's DynamoDB Local (the jar inside the npm package
 * amplify-dynamodb-simulator) on loopback, in memory, and stops it. Java 17 or later
 * must be on the PATH (Debian: openjdk-17-jre-headless).
 *
 * The jar comes from one pinned package version, fetched with `npm pack` (only that
 * tarball, none of the package's own dependencies) and checked against the registry's
 * integrity hash before it is unpacked into .cache/ (ignored by git).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SIMULATOR = { name: 'amplify-dynamodb-simulator', version: '2.9.30', integrity: 'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==' } as const;
const CACHE = path.join(ROOT, '.cache', `dynamodb-local-${SIMULATOR.version}`);
/** Folder holding DynamoDBLocal.jar and DynamoDBLocal_lib/. */
export const EMULATOR_DIR = path.join(CACHE, 'package', 'emulator');

export async function javaVersion(): Promise<string | null> {
  try {
    const { stderr, stdout } = await run('java', ['-version']);
    return (stderr || stdout).split('\n')[0] ?? 'java';
  } catch {
    return null;
  }
}

/** Fetches and unpacks the pinned jar once; later calls reuse it. */
export async function ensureDynamoDbLocal(): Promise<string> {
  if (existsSync(path.join(EMULATOR_DIR, 'DynamoDBLocal.jar'))) return EMULATOR_DIR;
  await rm(CACHE, { recursive: true, force: true });
  await mkdir(CACHE, { recursive: true });
  const spec = `${SIMULATOR.name}@${SIMULATOR.version}`;
  const { stdout } = await run('npm', ['pack', spec, '--silent', '--pack-destination', CACHE], { cwd: CACHE });
  const tarball = path.join(CACHE, stdout.trim().split('\n').at(-1)!);
  const digest = `sha512-${createHash('sha512').update(await readFile(tarball)).digest('base64')}`;
  if (digest !== SIMULATOR.integrity) throw new Error(`${spec} does not match its pinned integrity (${digest}); refusing to run it.`);
  await run('tar', ['-xzf', tarball, '-C', CACHE, 'package/emulator']);
  await rm(tarball);
  return EMULATOR_DIR;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface DynamoDbLocal {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts DynamoDB Local in memory on a free port and waits until it answers. */
export async function startDynamoDbLocal(emulatorDir: string = EMULATOR_DIR, timeoutMs = 60_000): Promise<DynamoDbLocal> {
  const port = await freePort();
  const child: ChildProcess = spawn('java', [`-Djava.library.path=${path.join(emulatorDir, 'DynamoDBLocal_lib')}`, '-jar', path.join(emulatorDir, 'DynamoDBLocal.jar'), '-inMemory', '-port', String(port)], {
    cwd: emulatorDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with ${child.exitCode}:\n${output}`);
    // Any HTTP answer (DynamoDB Local says 400 to a bare GET) means it is listening.
    const answered = await fetch(endpoint).then(() => true, () => false);
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    endpoint,
    close: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
