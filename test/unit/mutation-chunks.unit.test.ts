import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkFiles, folderChunks, folderFiles, mergeReports, score, type Report } from '../mutation/chunks.js';

const mutant = (status: string, line = 1) => ({ status, mutatorName: 'ConditionalExpression', location: { start: { line } } });

describe('mutation chunks', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mutation-chunks-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lists a folder’s TypeScript files in order, leaving out excluded folders and declaration files', () => {
    mkdirSync(path.join(root, 'src', 'sub'), { recursive: true });
    mkdirSync(path.join(root, 'src', 'generated'), { recursive: true });
    for (const file of ['src/b.ts', 'src/a.ts', 'src/sub/c.ts', 'src/generated/g.ts', 'src/types.d.ts', 'src/notes.md']) writeFileSync(path.join(root, file), 'x\n');
    expect(folderFiles(root, { dirs: ['src'], exclude: ['src/generated'], target: 80 })).toEqual(['src/a.ts', 'src/b.ts', 'src/sub/c.ts']);
  });

  it('groups consecutive files while a group stays within the line budget, a longer file alone', () => {
    const chunks = chunkFiles(
      [
        { file: 'a.ts', lines: 300 },
        { file: 'b.ts', lines: 500 },
        { file: 'c.ts', lines: 1 },
        { file: 'd.ts', lines: 900 },
        { file: 'e.ts', lines: 10 },
      ],
      800,
    );
    expect(chunks).toEqual([
      { name: '01', files: ['a.ts', 'b.ts'], lines: 800 },
      { name: '02', files: ['c.ts'], lines: 1 },
      { name: '03', files: ['d.ts'], lines: 900 },
      { name: '04', files: ['e.ts'], lines: 10 },
    ]);
  });

  it('counts each file’s lines when chunking a folder on disk', () => {
    writeFileSync(path.join(root, 'src', 'a.ts'), 'one\ntwo\nthree\n');
    const chunks = folderChunks(root, { dirs: ['src'], exclude: ['src/generated'], target: 80 }, 5);
    expect(chunks.map((chunk) => [chunk.files, chunk.lines])).toEqual([
      [['src/a.ts'], 4],
      [['src/b.ts', 'src/sub/c.ts'], 4],
    ]);
  });

  it('merges each chunk’s own files only, and names the chunks with no report', () => {
    const chunks = [
      { name: '01', files: ['a.ts', 'b.ts'], lines: 10 },
      { name: '02', files: ['c.ts'], lines: 10 },
      { name: '03', files: ['d.ts'], lines: 10 },
    ];
    const stale: Report = { files: { 'c.ts': { mutants: [mutant('Survived')] }, 'a.ts': { mutants: [mutant('Killed')] } } };
    const current: Report = { files: { 'c.ts': { mutants: [mutant('Killed'), mutant('Timeout', 2)] } } };
    const { report, missing } = mergeReports(chunks, new Map([['01', stale], ['02', current]]));
    expect(Object.keys(report.files).sort()).toEqual(['a.ts', 'c.ts']);
    expect(report.files['c.ts']!.mutants.map((m) => m.status)).toEqual(['Killed', 'Timeout']);
    expect(missing).toEqual(['03']);
  });

  it('scores detected (killed, timed out) over detected and undetected (survived, not covered)', () => {
    const report: Report = {
      files: {
        'a.ts': { mutants: [mutant('Killed'), mutant('Killed'), mutant('Timeout'), mutant('Survived')] },
        'b.ts': { mutants: [mutant('NoCoverage'), mutant('Ignored'), mutant('CompileError')] },
      },
    };
    const result = score(report);
    expect(result.detected).toBe(3);
    expect(result.undetected).toBe(2);
    expect(result.score).toBe(60);
    expect(score({ files: {} }).score).toBe(100);
  });
});
