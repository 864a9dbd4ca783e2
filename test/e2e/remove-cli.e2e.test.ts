/**
 * `npm run remove:aws -- DATASET` against a local engine (DYNAMODB_ENDPOINT): it removes a
 * fictional council's dataset and says what went; it refuses a dataset others depend on,
 * a name no dataset has, and a missing or extra argument, with the error's code and no
 * stack trace, and exit codes 1 and 2.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { HARBOURSIDE, MILLBROOK, REGISTRY, harboursideGraph, millbrookGraph, registryGraph } from '../fixtures/fictional-councils.js';

const TABLE = 'remove-cli';
let engine: LocalEngine;
let store: DynamoGraphStore;

function remove(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _loader, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'functions', 'cli', 'remove.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...inherited, TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: engine.endpoint } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  engine = await startLocalEngine();
  await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), TABLE);
  store = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), TABLE);
  await loadGraph(store, registryGraph(), REGISTRY);
  await loadGraph(store, harboursideGraph(), HARBOURSIDE);
  await loadGraph(store, millbrookGraph(), MILLBROOK);
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('npm run remove:aws', () => {
  it('refuses a missing or extra argument with its usage and exit code 2', async () => {
    for (const args of [[], [MILLBROOK.name, 'extra']]) {
      const { code, stdout, stderr } = await remove(args);
      expect([code, stdout]).toEqual([2, '']);
      expect(stderr).toMatch(/^Usage: TABLE_NAME=<table> npm run remove:aws -- <dataset name>/);
    }
  });

  it('refuses a dataset others depend on, and an unknown name, with the code and no stack trace', async () => {
    const dependedOn = await remove([REGISTRY.name]);
    expect([dependedOn.code, dependedOn.stdout]).toEqual([1, '']);
    expect(dependedOn.stderr).toBe(`CONFLICT: Dataset "registry" cannot be removed while "${HARBOURSIDE.name}", "${MILLBROOK.name}" depend on it; remove those datasets first.\n`);
    const unknown = await remove(['no-such-dataset']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^UNKNOWN_DATASET: No dataset is named "no-such-dataset"; the loaded datasets are /);
    expect(unknown.stderr).not.toMatch(/^\s+at /m);
  });

  it('removes a dataset and says how many items went and which namespace is free', async () => {
    const { code, stdout, stderr } = await remove([MILLBROOK.name]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(new RegExp(`^Removed ${MILLBROOK.name} from ${TABLE}: \\d+ items deleted; namespace "millbrook" released\\.\\n$`));
    expect(Number(/: (\d+) items/.exec(stdout)![1])).toBeGreaterThan(20);
    expect((await store.listDatasets({ role: 'officer' })).map((d) => d.name)).toEqual([HARBOURSIDE.name, REGISTRY.name]);
    // Harbourside also owns the ids published before namespaces.
    const second = await remove([HARBOURSIDE.name]);
    expect(second.stdout).toMatch(new RegExp(`^Removed ${HARBOURSIDE.name} from ${TABLE}: \\d+ items deleted; namespace "harbourside" and the ids without a namespace released\\.\\n$`));
  });
});
