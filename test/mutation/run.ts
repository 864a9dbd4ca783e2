/**
 * npm run test:mutation [core|storage|graphql ...] [--chunk NN] [--list] [--score]
 *
 * StrykerJS over each folder in turn (all three by default), chunk by chunk
 * (test/mutation/chunks.ts), then each folder's score from its chunks' reports. A folder
 * under its target, or a chunk whose run failed, makes the script exit 1.
 *
 *   --list        print each folder's chunks and stop
 *   --chunk NN    run only that chunk of the folder(s), then score with the other chunks' last reports
 *   --score       run nothing: score the chunks' last reports
 *   --save-baseline  after the runs, store the record of every chunk that has one as its
 *                 committed baseline (test/mutation/baseline.ts), to commit with the change
 *
 * Reruns are incremental per chunk: only mutants in changed code, or covered by changed
 * tests, are tested again, and an interrupted folder run resumes at the chunk it stopped in.
 * A chunk with no record of its own starts from its committed baseline, if any, and a
 * chunk with no report on this machine is scored from that baseline (the score line says which).
 * STRYKER_CONCURRENCY sets the test runner processes (default 2).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { baselineFile, readBaseline, restoreRecord, saveRecord } from './baseline.js';
import { folderChunks, mergeReports, score, type Chunk, type FolderSpec, type Report } from './chunks.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FOLDERS = JSON.parse(readFileSync(path.join(ROOT, 'test', 'mutation', 'folders.json'), 'utf8')) as Record<string, FolderSpec>;

const reportFile = (folder: string, chunk: string) => path.join(ROOT, 'reports', 'mutation', folder, `${chunk}.json`);
const recordFile = (folder: string, chunk: string) => path.join(ROOT, 'reports', 'mutation', folder, `${chunk}.incremental.json`);
const BASELINE_DIR = path.join(ROOT, 'test', 'mutation', 'baseline');

/**
 * The environment of a Stryker run. Its tests run in a sandbox one folder deeper than the
 * repository, where `../shared/sources` (the source texts' shared copy beside the
 * repository) would point elsewhere, so that folder is passed as SCRUTINY_SOURCES.
 */
function strykerEnv(folder: string, chunk: Chunk): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, STRYKER_FOLDER: folder, STRYKER_CHUNK: chunk.name, STRYKER_MUTATE: chunk.files.join(',') };
  const shared = path.resolve(ROOT, '..', 'shared', 'sources');
  if (!env.SCRUTINY_SOURCES && existsSync(shared)) env.SCRUTINY_SOURCES = shared;
  return env;
}

function runChunk(folder: string, chunk: Chunk): boolean {
  // A killed or failed run must not leave the previous result standing in for this one;
  // the incremental record stays, so the rerun resumes from it.
  rmSync(reportFile(folder, chunk.name), { force: true });
  console.log(`\n== ${folder} chunk ${chunk.name}: ${chunk.files.join(', ')} (${chunk.lines} lines)`);
  if (restoreRecord(baselineFile(BASELINE_DIR, folder, chunk.name), recordFile(folder, chunk.name))) {
    console.log(`== ${folder} chunk ${chunk.name}: starting from the committed baseline (${path.relative(ROOT, baselineFile(BASELINE_DIR, folder, chunk.name))})`);
  }
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run'], { cwd: ROOT, stdio: 'inherit', env: strykerEnv(folder, chunk) });
  console.log(`== ${folder} chunk ${chunk.name}: stryker exited ${run.status} after ${((Date.now() - started) / 60000).toFixed(1)} min`);
  return run.status === 0 && existsSync(reportFile(folder, chunk.name));
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      chunk: { type: 'string' },
      list: { type: 'boolean', default: false },
      score: { type: 'boolean', default: false },
      'save-baseline': { type: 'boolean', default: false },
    },
  });
  const unknown = positionals.filter((folder) => !(folder in FOLDERS));
  if (unknown.length) {
    console.error(`Unknown folder(s) ${unknown.join(', ')}; choose from ${Object.keys(FOLDERS).join(', ')}.`);
    return 2;
  }
  const folders = positionals.length ? positionals : Object.keys(FOLDERS);
  const rows: string[] = [];
  let failed = false;
  for (const folder of folders) {
    const spec = FOLDERS[folder]!;
    const chunks = folderChunks(ROOT, spec);
    if (values.list) {
      for (const chunk of chunks) console.log(`${folder} ${chunk.name} ${String(chunk.lines).padStart(5)} lines  ${chunk.files.join(' ')}`);
      continue;
    }
    if (values.chunk !== undefined && !chunks.some((chunk) => chunk.name === values.chunk)) {
      console.error(`${folder} has chunks ${chunks.map((chunk) => chunk.name).join(', ')}; no chunk ${values.chunk}.`);
      return 2;
    }
    const started = Date.now();
    const failedChunks: string[] = [];
    if (!values.score) {
      for (const chunk of chunks) {
        if (values.chunk !== undefined && chunk.name !== values.chunk) continue;
        if (!runChunk(folder, chunk)) failedChunks.push(chunk.name);
      }
    }
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    if (values['save-baseline']) {
      const saved = chunks.filter((chunk) => saveRecord(recordFile(folder, chunk.name), baselineFile(BASELINE_DIR, folder, chunk.name)));
      console.log(`== ${folder}: baseline stored for ${saved.length ? `chunk ${saved.map((chunk) => chunk.name).join(', ')}` : 'no chunk (none has a record yet)'} in ${path.relative(ROOT, BASELINE_DIR)}`);
    }
    const reports = new Map<string, Report>();
    const dates: string[] = [];
    // A chunk this machine has not run (or whose run failed) is scored from its committed baseline, and says so.
    const fromBaseline: string[] = [];
    for (const chunk of chunks) {
      const file = reportFile(folder, chunk.name);
      if (!existsSync(file)) {
        const baseline = failedChunks.includes(chunk.name) ? undefined : readBaseline(baselineFile(BASELINE_DIR, folder, chunk.name));
        if (baseline !== undefined) {
          reports.set(chunk.name, baseline as Report);
          fromBaseline.push(chunk.name);
        }
        continue;
      }
      reports.set(chunk.name, JSON.parse(readFileSync(file, 'utf8')) as Report);
      dates.push(statSync(file).mtime.toISOString().slice(0, 16));
    }
    const { report, missing } = mergeReports(chunks, reports);
    const result = score(report);
    const below = result.score < spec.target;
    failed ||= below || missing.length > 0 || failedChunks.length > 0;
    const { Killed = 0, Timeout = 0, Survived = 0, NoCoverage = 0 } = result.counts;
    const when = dates.length ? `reports ${dates.sort()[0]}..${dates.at(-1)} UTC` : 'no reports';
    rows.push(
      `${folder.padEnd(8)} ${result.score.toFixed(1).padStart(5)}%  target ${spec.target}%  killed ${Killed}, timed out ${Timeout}, survived ${Survived}, no coverage ${NoCoverage}` +
        `  ${chunks.length - missing.length}/${chunks.length} chunks, ${when}, this run ${minutes} min` +
        (fromBaseline.length ? `  from the committed baseline: chunk ${fromBaseline.join(', ')}` : '') +
        (below ? '  BELOW TARGET' : '') +
        (missing.length ? `  NOT RUN: chunk ${missing.join(', ')}` : '') +
        (failedChunks.length ? `  FAILED: chunk ${failedChunks.join(', ')}` : ''),
    );
  }
  if (values.list) return 0;
  console.log(`\nMutation score per folder (reports/mutation/<folder>/<chunk>.html lists every survivor):\n${rows.join('\n')}`);
  return failed ? 1 : 0;
}

process.exitCode = main();
