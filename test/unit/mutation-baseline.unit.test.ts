import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { baselineFile, readBaseline, restoreRecord, saveRecord } from '../mutation/baseline.js';

// A record shaped like Stryker's incremental file, cut down; the file and mutant are invented.
const record = (status: string) =>
  JSON.stringify({ schemaVersion: '2', files: { 'src/a.ts': { mutants: [{ id: '1', status, mutatorName: 'EqualityOperator', location: { start: { line: 3, column: 5 } } }] } } });

describe('mutation baselines', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mutation-baseline-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  /** A record path and a baseline path, neither file yet written. */
  const paths = () => {
    const dir = path.join(root, String(++n));
    return { recordPath: path.join(dir, 'reports', 'storage', '01.incremental.json'), baselinePath: baselineFile(path.join(dir, 'baseline'), 'storage', '01') };
  };
  const write = (file: string, content: string | Buffer) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };

  it('names a chunk’s baseline by folder and chunk', () => {
    expect(baselineFile('/b', 'graphql', '03')).toBe(path.join('/b', 'graphql-03.incremental.json.gz'));
  });

  it('stores a record and gives it back, unchanged, to a chunk that has none', () => {
    const { recordPath, baselinePath } = paths();
    write(recordPath, record('Killed'));
    expect(saveRecord(recordPath, baselinePath)).toBe(true);
    expect(readFileSync(baselinePath).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    rmSync(recordPath);
    expect(restoreRecord(baselinePath, recordPath)).toBe(true);
    expect(readFileSync(recordPath, 'utf8')).toBe(record('Killed'));
  });

  it('reads a baseline\'s statuses back for scoring, and nothing where there is none', () => {
    const { recordPath, baselinePath } = paths();
    expect(readBaseline(baselinePath)).toBeUndefined();
    write(recordPath, record('Survived'));
    saveRecord(recordPath, baselinePath);
    expect(readBaseline(baselinePath)).toEqual(JSON.parse(record('Survived')));
  });

  it('never replaces a record the chunk already has', () => {
    const { recordPath, baselinePath } = paths();
    write(recordPath, record('Killed'));
    saveRecord(recordPath, baselinePath);
    write(recordPath, record('Survived'));
    expect(restoreRecord(baselinePath, recordPath)).toBe(false);
    expect(readFileSync(recordPath, 'utf8')).toBe(record('Survived'));
  });

  it('does nothing without a baseline, or without a record to store', () => {
    const { recordPath, baselinePath } = paths();
    expect(restoreRecord(baselinePath, recordPath)).toBe(false);
    expect(existsSync(recordPath)).toBe(false);
    expect(saveRecord(recordPath, baselinePath)).toBe(false);
    expect(existsSync(baselinePath)).toBe(false);
  });

  it('stores the same record as the same bytes, and a changed record as new ones', () => {
    const { recordPath, baselinePath } = paths();
    write(recordPath, record('Killed'));
    saveRecord(recordPath, baselinePath);
    const first = readFileSync(baselinePath);
    saveRecord(recordPath, baselinePath);
    expect(readFileSync(baselinePath).equals(first)).toBe(true);
    write(recordPath, record('Survived'));
    saveRecord(recordPath, baselinePath);
    expect(readFileSync(baselinePath).equals(first)).toBe(false);
    rmSync(recordPath);
    restoreRecord(baselinePath, recordPath);
    expect(readFileSync(recordPath, 'utf8')).toBe(record('Survived'));
  });

  it('refuses a damaged baseline or record rather than passing it on', () => {
    const { recordPath, baselinePath } = paths();
    write(baselinePath, gzipSync('{"files": {'));
    expect(() => restoreRecord(baselinePath, recordPath)).toThrow(SyntaxError);
    expect(existsSync(recordPath)).toBe(false);
    write(recordPath, '{"files": {');
    rmSync(baselinePath);
    expect(() => saveRecord(recordPath, baselinePath)).toThrow(SyntaxError);
    expect(existsSync(baselinePath)).toBe(false);
  });
});
