// Mutation testing (npm run test:mutation). One folder per run, chosen by STRYKER_FOLDER
// (test/mutation/folders.json), and within it the files of one chunk (STRYKER_MUTATE,
// STRYKER_CHUNK), so each chunk keeps its own incremental record and report;
// test/mutation/run.ts runs the chunks in turn and scores each folder.
import { readFileSync } from 'node:fs';

const FOLDERS = JSON.parse(readFileSync(new URL('./test/mutation/folders.json', import.meta.url), 'utf8'));
const folder = process.env.STRYKER_FOLDER ?? 'core';
const spec = FOLDERS[folder];
if (!spec) throw new Error(`STRYKER_FOLDER must be one of ${Object.keys(FOLDERS).join(', ')}; got "${folder}".`);
const chunk = process.env.STRYKER_CHUNK ?? 'all';
const mutate = process.env.STRYKER_MUTATE
  ? process.env.STRYKER_MUTATE.split(',')
  : [...spec.dirs.map((dir) => `${dir}/**/*.ts`), ...spec.exclude.map((dir) => `!${dir}/**`)];
const reports = `reports/mutation/${folder}/${chunk}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate,
  // The vitest runner measures which tests cover each mutant and runs only those.
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
  // A mutant that loops is stopped soon after the time its tests normally take.
  timeoutMS: 5000,
  // The first full run of the suite (with coverage) is slow on a busy machine.
  dryRunTimeoutMinutes: 30,
  // Mutants in module-level constants would each rerun every test; they are left out.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `${reports}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `${reports}.json` },
  htmlReporter: { fileName: `${reports}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // The target is the folder's, checked by test/mutation/run.ts over all its chunks; a
  // chunk on its own may sit either side of it.
  thresholds: { high: spec.target + 5, low: spec.target, break: null },
  // Not copied into the sandbox: other sandboxes and build output the tests never read.
  ignorePatterns: ['.stryker-tmp*', 'cdk.out', '.local-data', 'exports', 'reports'],
  // A folder of its own, so chunks can run side by side.
  tempDirName: `.stryker-tmp-${folder}-${chunk}`,
  cleanTempDir: true,
};
