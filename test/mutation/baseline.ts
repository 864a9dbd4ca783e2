/**
 * The committed baseline of each chunk's incremental record. A first run of all three
 * folders takes many hours on two cores, longer than one sitting, and Stryker's record of
 * a chunk is what lets a later run retest only mutants in changed code or covered by
 * changed tests. The record of every completed chunk is kept, gzipped, in
 * test/mutation/baseline/<folder>-<chunk>.incremental.json.gz (`--save-baseline`), and a
 * chunk with no record of its own (a fresh clone) starts from it, so the work of one
 * machine carries to the next instead of starting again from nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export const baselineFile = (dir: string, folder: string, chunk: string) => path.join(dir, `${folder}-${chunk}.incremental.json.gz`);

/**
 * Writes the baseline into `record` when the chunk has no record of its own; a record
 * already there (a later run on this machine) is never replaced. Returns whether it wrote.
 */
export function restoreRecord(baseline: string, record: string): boolean {
  if (existsSync(record) || !existsSync(baseline)) return false;
  const text = gunzipSync(readFileSync(baseline)).toString('utf8');
  // A damaged baseline must not reach Stryker as a record: it would fail the chunk's run.
  JSON.parse(text);
  mkdirSync(path.dirname(record), { recursive: true });
  writeFileSync(record, text);
  return true;
}

/**
 * Stores `record` as the chunk's baseline (gzip at a fixed level, so the same record
 * always gives the same bytes and an unchanged chunk leaves git clean). Returns whether
 * there was a record to store.
 */
export function saveRecord(record: string, baseline: string): boolean {
  if (!existsSync(record)) return false;
  const text = readFileSync(record, 'utf8');
  JSON.parse(text);
  mkdirSync(path.dirname(baseline), { recursive: true });
  const bytes = gzipSync(text, { level: 9 });
  if (existsSync(baseline) && readFileSync(baseline).equals(bytes)) return true;
  writeFileSync(baseline, bytes);
  return true;
}

/**
 * The statuses a baseline holds, for scoring a chunk this machine has not run: a record is
 * a Stryker result like a report (files, each with its mutants). Undefined without one.
 */
export function readBaseline(baseline: string): unknown {
  if (!existsSync(baseline)) return undefined;
  return JSON.parse(gunzipSync(readFileSync(baseline)).toString('utf8')) as unknown;
}
