/**
 * npm run test:mutation [core|storage|graphql ...]: StrykerJS over each folder in turn
 * (all three by default), then the score of each from its JSON report. A folder under
 * its target fails its run (Stryker's `thresholds.break`), and this script exits 1.
 * Reruns are incremental: only mutants in changed code, or covered by changed tests,
 * are tested again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGETS: Record<string, number> = { core: 85, storage: 85, graphql: 75 };

interface Report {
  files: Record<string, { mutants: Array<{ status: string; mutatorName: string; location: { start: { line: number } }; replacement?: string }> }>;
}

/** Stryker's mutation score: detected (killed or timed out) over detected and undetected (survived or not covered). */
export function score(report: Report) {
  const counts: Record<string, number> = {};
  for (const file of Object.values(report.files)) for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const undetected = (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { counts, detected, undetected, score: detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected) };
}

function main(): number {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((folder) => !(folder in TARGETS));
  if (unknown.length) {
    console.error(`Unknown folder(s) ${unknown.join(', ')}; choose from ${Object.keys(TARGETS).join(', ')}.`);
    return 2;
  }
  const folders = asked.length ? asked : Object.keys(TARGETS);
  const rows: string[] = [];
  let failed = false;
  for (const folder of folders) {
    const started = Date.now();
    const run = spawnSync('npx', ['stryker', 'run'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, STRYKER_FOLDER: folder } });
    const minutes = ((Date.now() - started) / 60000).toFixed(1);
    const file = path.join(ROOT, 'reports', 'mutation', `${folder}.json`);
    if (!existsSync(file)) {
      rows.push(`${folder.padEnd(8)} no report (stryker exited ${run.status})`);
      failed = true;
      continue;
    }
    const result = score(JSON.parse(readFileSync(file, 'utf8')) as Report);
    const below = result.score < TARGETS[folder]!;
    failed ||= below || run.status !== 0;
    const { Killed = 0, Timeout = 0, Survived = 0, NoCoverage = 0 } = result.counts;
    rows.push(
      `${folder.padEnd(8)} ${result.score.toFixed(1).padStart(5)}%  target ${TARGETS[folder]}%  killed ${Killed}, timed out ${Timeout}, survived ${Survived}, no coverage ${NoCoverage}  ${minutes} min${below ? '  BELOW TARGET' : ''}`,
    );
  }
  console.log(`\nMutation score per folder (reports/mutation/<folder>.html lists every survivor):\n${rows.join('\n')}`);
  return failed ? 1 : 0;
}

process.exitCode = main();
