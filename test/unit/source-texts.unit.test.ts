/**
 * Third-party text is found outside the repository, on a search path, and used only when
 * its sha256 is the one the dataset records. Every text here is fictional, written for
 * these tests, in temporary folders.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SourceTextError } from '../../functions/core/errors.js';
import { buildDatasetWithDependencies, DATA_DIR, findDatasetDirs, PROJECT_ROOT, readDatasetFiles, readDatasetFolder } from '../../functions/local/dataset-files.js';
import { addToSourceCache, readSourceText, sourceCacheDir, sourceSearchPath, type SourceTextRef } from '../../functions/local/source-texts.js';
import { writeQuarryDataset } from '../fixtures/quarry-dataset.js';

const TEXT = [
  "FICTIONAL TEXT WRITTEN FOR THE PROJECT'S TESTS; IT DESCRIBES NOTHING REAL.",
  'Minutes of the Fictional Quarry Committee, 3 May 2031.',
  'RESOLVED that the Fictional Lighting Officer report back in September.',
].join('\n');
const OTHER_TEXT = `${TEXT}\nA line added after the citations were checked.`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let root: string;
/** A repository root inside the temporary folder, so that `../shared/sources` is ours too. */
let projectRoot: string;
let envDir: string;
let sharedDir: string;
let home: string;
let ref: SourceTextRef;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'source-texts-'));
  projectRoot = path.join(root, 'repo');
  envDir = path.join(root, 'env-sources');
  sharedDir = path.join(root, 'shared', 'sources');
  home = path.join(root, 'home');
  for (const dir of [projectRoot, envDir, sharedDir, home]) mkdirSync(dir, { recursive: true });
  ref = { document: 'fictional/document:quarry-minutes', file: `fictional-quarry-minutes-${randomUUID().slice(0, 8)}.txt`, sha256: sha256(TEXT), title: 'Fictional Quarry Committee minutes', publisher: 'Fictional Borough Council' };
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

const cacheDir = () => path.join(home, '.cache', 'scrutiny-graph', 'sources');
const options = (env: NodeJS.ProcessEnv = { SCRUTINY_SOURCES: envDir }) => ({ projectRoot, env, homeDir: home });
const put = (dir: string, text: string = TEXT) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, ref.file), text);
};

function thrown(work: () => unknown): SourceTextError {
  try {
    work();
  } catch (error) {
    if (error instanceof SourceTextError) return error;
    throw error;
  }
  throw new Error('expected a SourceTextError');
}

describe('readSourceText', () => {
  it('searches SCRUTINY_SOURCES, then ../shared/sources beside the repository, then the cache', () => {
    expect(sourceSearchPath(options()).map((p) => p.dir)).toEqual([envDir, sharedDir, cacheDir()]);
    expect(sourceSearchPath(options({})).map((p) => p.dir)).toEqual([sharedDir, cacheDir()]);
  });

  it('reads the first copy on the path, in that order', () => {
    put(envDir);
    put(sharedDir);
    put(cacheDir());
    expect(readSourceText(ref, options())).toEqual({ text: TEXT, path: path.join(envDir, ref.file) });
    rmSync(path.join(envDir, ref.file));
    expect(readSourceText(ref, options()).path).toBe(path.join(sharedDir, ref.file));
    rmSync(path.join(sharedDir, ref.file));
    expect(readSourceText(ref, options()).path).toBe(path.join(cacheDir(), ref.file));
  });

  it('takes the cache under XDG_CACHE_HOME when that is set', () => {
    const xdg = path.join(root, 'xdg');
    put(path.join(xdg, 'scrutiny-graph', 'sources'));
    expect(sourceCacheDir({ XDG_CACHE_HOME: xdg }, home)).toBe(path.join(xdg, 'scrutiny-graph', 'sources'));
    expect(readSourceText(ref, options({ XDG_CACHE_HOME: xdg })).path).toBe(path.join(xdg, 'scrutiny-graph', 'sources', ref.file));
  });

  it('fails with SOURCE_TEXT_MISSING naming the document, every place searched and how to provide the file', () => {
    const error = thrown(() => readSourceText(ref, options()));
    expect(error.code).toBe('SOURCE_TEXT_MISSING');
    expect(error.details).toEqual({ document: ref.document, file: ref.file, expected: ref.sha256, searched: [envDir, sharedDir, cacheDir()] });
    expect(error.message).toMatch(/^SOURCE_TEXT_MISSING: /);
    for (const words of [ref.file, ref.document, 'Fictional Quarry Committee minutes', ref.sha256, envDir, sharedDir, cacheDir(), 'npm run sources -- --from <path to the file>', 'SCRUTINY_SOURCES']) {
      expect(error.message).toContain(words);
    }
  });

  it('refuses a file whose sha256 is not the recorded one, even with the right copy further down the path', () => {
    put(envDir, OTHER_TEXT);
    put(cacheDir());
    const error = thrown(() => readSourceText(ref, options()));
    expect(error.code).toBe('SOURCE_TEXT_MISMATCH');
    expect(error.details).toMatchObject({ document: ref.document, path: path.join(envDir, ref.file), expected: sha256(TEXT), found: sha256(OTHER_TEXT) });
    expect(error.message).toContain(path.join(envDir, ref.file));
    expect(error.message).toContain(sha256(OTHER_TEXT));
  });
});

describe('addToSourceCache (npm run sources -- --from)', () => {
  it('copies a file whose sha256 is a cited text into the cache under the name the dataset gives it', async () => {
    const download = path.join(root, 'downloaded pack.txt');
    writeFileSync(download, TEXT);
    const { ref: matched, path: written } = await addToSourceCache(download, [ref], cacheDir());
    expect(matched).toBe(ref);
    expect(written).toBe(path.join(cacheDir(), ref.file));
    expect(readFileSync(written, 'utf8')).toBe(TEXT);
    expect(readSourceText(ref, options({})).path).toBe(written);
  });

  it('refuses a file that is none of the cited texts and copies nothing', async () => {
    const download = path.join(root, 'other.txt');
    writeFileSync(download, OTHER_TEXT);
    await expect(addToSourceCache(download, [ref], cacheDir())).rejects.toMatchObject({ code: 'SOURCE_TEXT_MISMATCH', details: { found: sha256(OTHER_TEXT), expected: [ref.sha256] } });
    expect(existsSync(cacheDir())).toBe(false);
  });
});

describe('building a dataset whose Document names a text outside the repository', () => {
  let datasetDir: string;

  beforeEach(() => {
    datasetDir = path.join(root, 'fictional-quarry');
    mkdirSync(datasetDir);
    writeQuarryDataset(datasetDir, ref.file, ref.sha256);
  });

  it('validates its citations against the text found through SCRUTINY_SOURCES', async () => {
    put(envDir);
    vi.stubEnv('SCRUTINY_SOURCES', envDir);
    const [built] = await buildDatasetWithDependencies(datasetDir);
    expect(built!.texts.get('fictional/document:quarry-minutes')).toBe(TEXT);
    expect(built!.graph.nodes[0]!.props).toMatchObject({ textFile: ref.file, sha256: ref.sha256 });
  });

  it('builds nothing when the text is missing or another text', async () => {
    vi.stubEnv('SCRUTINY_SOURCES', envDir);
    await expect(buildDatasetWithDependencies(datasetDir)).rejects.toMatchObject({ code: 'SOURCE_TEXT_MISSING', details: { document: 'fictional/document:quarry-minutes' } });
    put(envDir, OTHER_TEXT);
    await expect(buildDatasetWithDependencies(datasetDir)).rejects.toMatchObject({ code: 'SOURCE_TEXT_MISMATCH' });
  });
});

describe('the repository', () => {
  it('holds no third-party text: every text file under data/ and test/ says FICTIONAL on its first line', () => {
    const texts = ['data', 'test'].flatMap((top) => readdirSync(path.join(PROJECT_ROOT, top), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.txt')).map((name) => path.join(top, name)));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((name) => !/^FICTIONAL\b/.test(readFileSync(path.join(PROJECT_ROOT, name), 'utf8').split('\n')[0]!))).toEqual([]);
  });

  it('names every real council\'s document text by file and hash, to be found outside the repository', async () => {
    const real: string[] = [];
    for (const dir of await findDatasetDirs(DATA_DIR)) {
      const { descriptor } = await readDatasetFolder(dir);
      if (descriptor.fictional) continue;
      for (const { content } of await readDatasetFiles(dir)) {
        for (const node of ((content as { nodes?: Array<Record<string, unknown>> }).nodes ?? []).filter((n) => n.type === 'Document' && (n.path !== undefined || n.textFile !== undefined))) {
          real.push(`${descriptor.name}: ${String(node.id)} ${node.path !== undefined ? `path ${String(node.path)}` : `textFile ${String(node.textFile)}`}`);
        }
      }
    }
    expect(real).toEqual([
      'luton-2020: document:luton-cdc-2020-03-02-agenda-pack textFile luton-crime-and-disorder-committee-2020-03-02.txt',
      'registry: document:luton-cdc-2020-03-02-agenda-pack textFile luton-crime-and-disorder-committee-2020-03-02.txt',
    ]);
  });
});
