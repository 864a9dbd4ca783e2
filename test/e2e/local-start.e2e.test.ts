/**
 * `npm start` as a user runs it: the embedded engine, the dataset loaded once, data
 * kept on disk across restarts, and a clean shutdown on Ctrl-C.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../fixtures/local-process.js';
import { writeQuarryDataset } from '../fixtures/quarry-dataset.js';

const dataDir = await mkdtemp(path.join(tmpdir(), 'scrutiny-start-'));

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function datasets(url: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ datasets { name version nodeCount } }' }) });
  return ((await response.json()) as { data: { datasets: Array<{ name: string; version: string; nodeCount: number }> } }).data.datasets;
}

describe('npm start', () => {
  it('loads every dataset under data/ on first start, dependencies first, loads nothing twice on the next, and exits cleanly on Ctrl-C', async () => {
    // One table for both starts (on the embedded engine the data folder alone would do).
    const table = { SCRUTINY_DATA_DIR: dataDir, TABLE_NAME: 'start-twice' };
    const first = await startServerProcess(table);
    expect(first.output()).toMatch(/Loaded dataset registry[^\n]*\n(.*\n)*Loaded dataset luton-2020/);
    const loaded = await datasets(first.url);
    expect(loaded.map((d) => d.name).sort()).toEqual(['kestrelford-2024', 'luton-2020', 'registry']);
    expect(loaded.every((d) => d.nodeCount > 0)).toBe(true);
    expect(await first.stop('SIGINT')).toBe(0);
    expect(first.output()).toMatch(/SIGINT: shutting down/);

    const second = await startServerProcess(table);
    expect(second.output()).toMatch(/Dataset registry \(version \w+\) already loaded/);
    expect(second.output()).toMatch(/Dataset luton-2020 \(version \w+\) already loaded/);
    expect(await datasets(second.url)).toEqual(loaded);
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('serves GraphiQL itself at /graphql to a browser', async () => {
    const server = await startServerProcess({ SCRUTINY_MEMORY: '1' });
    try {
      const page = await fetch(server.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toMatch(/Scrutiny Graph – GraphiQL/);
      // Every script and stylesheet is served from this origin.
      expect(html).not.toMatch(/(src|href)="https?:\/\//);
    } finally {
      await server.stop();
    }
  });

  it('stops before serving, with the loader\'s message and exit code 1, when a dataset cannot be loaded', async () => {
    // The datasets load in a child process: its errors reach the user as a load in the server's own would.
    const root = path.join(dataDir, 'datasets');
    const noDescriptor = path.join(root, 'fictional-empty');
    const quarry = path.join(root, 'fictional-quarry');
    const sources = path.join(root, 'sources');
    for (const dir of [noDescriptor, quarry, sources]) await mkdir(dir, { recursive: true });
    const file = `fictional-quarry-minutes-${randomUUID().slice(0, 8)}.txt`;
    writeQuarryDataset(quarry, file, createHash('sha256').update('FICTIONAL TEXT: no file holds it.\n').digest('hex'));

    const invalid = startServerProcess({ SCRUTINY_MEMORY: '1', SCRUTINY_DATASET_DIR: noDescriptor });
    await expect(invalid).rejects.toThrow(/^Server exited with 1:\n[\s\S]*The dataset has 1 problem; nothing was written:\n  fictional-empty\/dataset\.yaml: file: is missing[^\n]*\nNothing was written\. Fix the files above/);
    await expect(invalid).rejects.not.toThrow(/^\s+at /m);

    const missingText = startServerProcess({ SCRUTINY_MEMORY: '1', SCRUTINY_DATASET_DIR: quarry, SCRUTINY_SOURCES: sources });
    await expect(missingText).rejects.toThrow(new RegExp(`^Server exited with 1:\\n[\\s\\S]*SOURCE_TEXT_MISSING: ${file} was not found[\\s\\S]*\\nNothing was loaded\\.\\n`));
    await expect(missingText).rejects.not.toThrow(/^\s+at /m);
  });
});
