/**
 * `npm run token -- --role officer` prints a token the local server accepts: both use
 * the dev issuer's key kept in one folder, whichever of them made it first.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

const run = promisify(execFile);
let issuerDir: string;
let stack: LocalStack | undefined;

function token(...args: string[]) {
  const { NODE_OPTIONS: _loader, ...env } = process.env;
  return run(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'functions', 'cli', 'token.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...env, SCRUTINY_ISSUER_DIR: issuerDir },
  });
}

async function viewerWith(bearer: string) {
  const response = await fetch(stack!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query: '{ viewer { role signedIn } }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: { viewer: unknown } } };
}

beforeAll(async () => {
  issuerDir = await mkdtemp(path.join(tmpdir(), 'token-cli-'));
});

afterAll(async () => {
  await stack?.close();
  await rm(issuerDir, { recursive: true, force: true });
});

describe('npm run token', () => {
  it('prints an officer token, made before the server ever started, that the server then accepts', async () => {
    const { stdout } = await token('--role', 'officer');
    const printed = stdout.trim();
    expect(printed.split('.')).toHaveLength(3);
    stack = await startLocalStack({ port: 0, dataDir: null, issuerDir, datasetDir: MINI_DATASET_DIR, tableName: 'token-cli-test' });
    expect(await viewerWith(printed)).toEqual({ status: 200, body: { data: { viewer: { role: 'OFFICER', signedIn: true } } } });
  }, 60_000);

  it('prints an editor token too, from the same key', async () => {
    const { stdout } = await token('--role', 'editor', '--expires-in', '120');
    expect((await viewerWith(stdout.trim())).body.data?.viewer).toEqual({ role: 'EDITOR', signedIn: true });
  }, 30_000);

  it('refuses an unknown role and says which roles exist', async () => {
    const failure = await token('--role', 'admin').catch((error: { code: number; stderr: string }) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/--role must be one of officer, editor, public; got "admin"/);
  }, 30_000);
});
