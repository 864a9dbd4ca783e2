/**
 * The export's file-system adapters in a temporary folder: the folder sink writes plain
 * file names only, creating the folder, and reports a failed write; the spill store keeps
 * sorted runs as JSON lines, reads them back in order, and removes its folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directorySink, fileSpillStore } from '../../functions/core/export/fs.js';

const made: string[] = [];
const bytes = (text: string) => new TextEncoder().encode(text);
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'export-fs-test-'));
  made.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('directorySink', () => {
  it('creates the folder and writes each file whole', async () => {
    const dir = path.join(tempDir(), 'nested', 'export');
    const sink = directorySink(dir);
    const a = await sink.open('a.csv');
    await a.write(bytes('id,label\r\n'));
    await a.write(bytes('fictional/plan:p1,Plan\r\n'));
    await a.close();
    const b = await sink.open('b.json');
    await b.write(bytes('{}'));
    await b.close();
    expect(readdirSync(dir).sort()).toEqual(['a.csv', 'b.json']);
    expect([readFileSync(path.join(dir, 'a.csv'), 'utf8'), readFileSync(path.join(dir, 'b.json'), 'utf8')]).toEqual(['id,label\r\nfictional/plan:p1,Plan\r\n', '{}']);
  });

  it('writes a file larger than a stream buffer without losing any of it', async () => {
    const dir = tempDir();
    const file = await directorySink(dir).open('big.txt');
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 200; i++) await file.write(bytes(line));
    await file.close();
    expect(readFileSync(path.join(dir, 'big.txt'), 'utf8')).toBe(line.repeat(200));
  });

  it.each(['sub/a.csv', 'sub\\a.csv', '.hidden', '../escape.csv'])('refuses the file name %s, writing nothing', async (name) => {
    const dir = path.join(tempDir(), 'out');
    await expect(directorySink(dir).open(name)).rejects.toThrow(`Export file names must be plain names; got "${name}"`);
    expect(() => readdirSync(dir)).toThrow();
  });

  it('reports a file that cannot be written, on the next write or on close', async () => {
    const root = tempDir();
    // A file where the sink's folder should be: the folder cannot be made.
    writeFileSync(path.join(root, 'taken'), 'not a folder');
    await expect(directorySink(path.join(root, 'taken')).open('a.csv')).rejects.toMatchObject({ code: 'EEXIST' });
    const dir = tempDir();
    const sink = directorySink(dir);
    // A folder where the file should be: the stream fails after open() returns.
    mkdirSync(path.join(dir, 'blocked.csv'));
    const file = await sink.open('blocked.csv');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(() => file.write(bytes('x'))).toThrow(/EISDIR/);
    await expect(file.close()).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('fileSpillStore', () => {
  it('keeps each run as its lines, in order, more than one batch of them, and reads runs apart', async () => {
    const parent = tempDir();
    const store = fileSpillStore(parent);
    const many = Array.from({ length: 2500 }, (_, i) => `{"k":"${String(i).padStart(5, '0')}"}`);
    const first = await store.writeRun(many);
    const second = await store.writeRun(['{"k":"b"}', '', '{"k":"c"}']);
    const empty = await store.writeRun([]);
    expect(await collect(first.read())).toEqual(many);
    expect(await collect(second.read())).toEqual(['{"k":"b"}', '{"k":"c"}']);
    expect(await collect(empty.read())).toEqual([]);
    const [folder] = readdirSync(parent);
    expect(folder).toMatch(/^export-sort-/);
    expect(readdirSync(path.join(parent, folder!)).sort()).toEqual(['run-0.jsonl', 'run-1.jsonl', 'run-2.jsonl']);
    // JSON lines: each line ended, none added, an empty run an empty file.
    const text = (name: string) => readFileSync(path.join(parent, folder!, name), 'utf8');
    expect([text('run-1.jsonl'), text('run-2.jsonl')]).toEqual(['{"k":"b"}\n\n{"k":"c"}\n', '']);
    expect(text('run-0.jsonl')).toBe(`${many.join('\n')}\n`);
    await store.dispose();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('makes no folder until a run is written, and disposes of nothing then', async () => {
    const parent = tempDir();
    const store = fileSpillStore(parent);
    await store.dispose();
    expect(readdirSync(parent)).toEqual([]);
  });
});
