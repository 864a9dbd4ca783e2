/**
 * The command line around source texts kept outside the repository: `npm run data:check`
 * stops with the error's code and what to do (no stack trace) when a text is missing or
 * another text, and `npm run sources -- --from FILE` fills the cache only with a text the
 * datasets cite. The dataset here is fictional, written for the test in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDatasetWithDependencies, PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';
import { writeQuarryDataset } from '../fixtures/quarry-dataset.js';

const TEXT = "FICTIONAL TEXT WRITTEN FOR THE PROJECT'S TESTS; IT DESCRIBES NOTHING REAL.\nMinutes of the Fictional Quarry Committee, 3 May 2031.\n";
const FILE = `fictional-quarry-minutes-${randomUUID().slice(0, 8)}.txt`;

let root: string;
let datasetDir: string;
let sourcesDir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(script: string, args: string[], env: Record<string, string>): Promise<Run> {
  const { NODE_OPTIONS: _loader, SCRUTINY_SOURCES: _sources, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'functions', 'cli', script), ...args], { cwd: PROJECT_ROOT, env: { ...inherited, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sources-cli-'));
  datasetDir = path.join(root, 'fictional-quarry');
  sourcesDir = path.join(root, 'sources');
  mkdirSync(datasetDir);
  mkdirSync(sourcesDir);
  writeQuarryDataset(datasetDir, FILE, createHash('sha256').update(TEXT).digest('hex'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('npm run data:check', () => {
  it('stops with SOURCE_TEXT_MISSING, the folders searched and how to provide the file', async () => {
    const { code, stdout, stderr } = await cli('check-data.ts', [datasetDir], { SCRUTINY_SOURCES: sourcesDir });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^SOURCE_TEXT_MISSING: /);
    for (const words of [FILE, 'fictional/document:quarry-minutes', sourcesDir, path.resolve(PROJECT_ROOT, '..', 'shared', 'sources'), 'npm run sources -- --from']) expect(stderr).toContain(words);
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses another text under the same name with SOURCE_TEXT_MISMATCH, and accepts the recorded one', async () => {
    writeFileSync(path.join(sourcesDir, FILE), `${TEXT}A line added later.\n`);
    const mismatch = await cli('check-data.ts', [datasetDir], { SCRUTINY_SOURCES: sourcesDir });
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/^SOURCE_TEXT_MISMATCH: /);
    expect(mismatch.stderr).toContain(path.join(sourcesDir, FILE));
    writeFileSync(path.join(sourcesDir, FILE), TEXT);
    const ok = await cli('check-data.ts', [datasetDir], { SCRUTINY_SOURCES: sourcesDir });
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^OK: fictional-quarry \(namespace fictional, fictional\): 1 nodes, 0 edges/);
  });
});

describe('npm run sources -- --from', () => {
  it('copies a cited text into the cache under its name, and refuses any other file', async () => {
    // The pack as this machine provides it (SCRUTINY_SOURCES, ../shared/sources or the cache).
    const [registry] = await buildDatasetWithDependencies(path.join(path.dirname(CURATED_DATASET_DIR), 'registry'));
    const pack = path.join(root, 'pack as downloaded.txt');
    writeFileSync(pack, registry!.texts.get('registry/document:luton-cdc-2020-03-02-agenda-pack')!);
    const cache = path.join(root, 'xdg-cache');
    const cached = path.join(cache, 'scrutiny-graph', 'sources', 'luton-crime-and-disorder-committee-2020-03-02.txt');

    const refused = await cli('sources.ts', ['--from', path.join(datasetDir, 'minutes.yaml')], { XDG_CACHE_HOME: cache });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^SOURCE_TEXT_MISMATCH: .*minutes\.yaml .* is none of the texts the datasets cite; nothing was copied/);
    expect(existsSync(cache)).toBe(false);

    const copied = await cli('sources.ts', ['--from', pack], { XDG_CACHE_HOME: cache });
    expect(copied).toMatchObject({ code: 0, stderr: '' });
    expect(copied.stdout).toContain(`copied to ${cached}`);
    expect(readFileSync(cached)).toEqual(readFileSync(pack));
  });
});
