/**
 * How `npm run test:mutation` cuts a folder into chunks and puts their reports back
 * together. A whole folder takes hours on two cores, and Stryker writes its incremental
 * record only when a run completes; a chunk (a few files, some minutes) keeps its own
 * record, so an interrupted folder run resumes at the chunk it stopped in, and a rerun
 * tests only mutants in changed code or covered by changed tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface FolderSpec {
  dirs: string[];
  exclude: string[];
  target: number;
}

export interface Chunk {
  /** Stable while the folder's files stay the same: `01`, `02`, … in file order. */
  name: string;
  files: string[];
  lines: number;
}

export interface MutantResult {
  status: string;
  mutatorName: string;
  location: { start: { line: number; column?: number } };
  replacement?: string;
}

export interface Report {
  files: Record<string, { mutants: MutantResult[] }>;
  [key: string]: unknown;
}

/** A chunk holds files up to this many source lines (a file longer than that is a chunk alone). */
export const CHUNK_LINES = 800;

/** The TypeScript files of a folder, relative to root, in a stable order. */
export function folderFiles(root: string, spec: FolderSpec): string[] {
  const excluded = spec.exclude.map((dir) => dir.replace(/\/$/, '') + '/');
  const files: string[] = [];
  for (const dir of spec.dirs) {
    for (const entry of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
      const file = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (!excluded.some((prefix) => file.startsWith(prefix))) files.push(file);
    }
  }
  return files.sort();
}

/** Consecutive files, in order, grouped while a group stays within maxLines. */
export function chunkFiles(files: Array<{ file: string; lines: number }>, maxLines = CHUNK_LINES): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  for (const { file, lines } of files) {
    if (!current || current.lines + lines > maxLines) {
      current = { name: String(chunks.length + 1).padStart(2, '0'), files: [], lines: 0 };
      chunks.push(current);
    }
    current.files.push(file);
    current.lines += lines;
  }
  return chunks;
}

export function folderChunks(root: string, spec: FolderSpec, maxLines = CHUNK_LINES): Chunk[] {
  return chunkFiles(
    folderFiles(root, spec).map((file) => ({ file, lines: readFileSync(path.join(root, file), 'utf8').split('\n').length })),
    maxLines,
  );
}

/**
 * One report from the chunks' reports, each contributing only the files now in its chunk
 * (a report written before the chunks moved may hold files another chunk now owns). A
 * chunk with no report yet is listed, not guessed.
 */
export function mergeReports(chunks: Chunk[], reports: ReadonlyMap<string, Report>): { report: Report; missing: string[] } {
  const report: Report = { files: {} };
  const missing: string[] = [];
  for (const chunk of chunks) {
    const chunkReport = reports.get(chunk.name);
    if (!chunkReport) {
      missing.push(chunk.name);
      continue;
    }
    for (const file of chunk.files) {
      const result = chunkReport.files[file];
      if (result) report.files[file] = result;
    }
  }
  return { report, missing };
}

/** Stryker's mutation score: detected (killed or timed out) over detected and undetected (survived or not covered). */
export function score(report: Report) {
  const counts: Record<string, number> = {};
  for (const file of Object.values(report.files)) for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { counts, detected, undetected, score: detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected) };
}
