// Mutation testing (npm run test:mutation). One folder per run, chosen by
// STRYKER_FOLDER, so each folder has its own score, target and incremental record;
// test/mutation/run.ts runs them in turn.
const FOLDERS = {
  core: { mutate: ['functions/core/**/*.ts'], target: 85 },
  storage: { mutate: ['functions/storage/**/*.ts'], target: 85 },
  graphql: { mutate: ['functions/graphql/**/*.ts', '!functions/graphql/generated/**', '!functions/graphql/codegen/**'], target: 75 },
};
const folder = process.env.STRYKER_FOLDER ?? 'core';
const spec = FOLDERS[folder];
if (!spec) throw new Error(`STRYKER_FOLDER must be one of ${Object.keys(FOLDERS).join(', ')}; got "${folder}".`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: spec.mutate,
  // The vitest runner measures which tests cover each mutant and runs only those.
  coverageAnalysis: 'perTest',
  // The machine is shared; one worker keeps the run from starving everything else.
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  // A mutant that loops is stopped soon after the time its tests normally take.
  timeoutMS: 5000,
  // The first full run of the suite (with coverage) is slow on a busy machine.
  dryRunTimeoutMinutes: 30,
  // Mutants in module-level constants would each rerun every test; they are left out.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `reports/mutation/${folder}.incremental.json`,
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${folder}.json` },
  htmlReporter: { fileName: `reports/mutation/${folder}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: spec.target + 5, low: spec.target, break: spec.target },
  // Not copied into the sandbox: other folders' sandboxes and build output the tests never read.
  ignorePatterns: ['.stryker-tmp*', 'cdk.out', '.local-data', 'exports'],
  // A folder of its own, so folders can run side by side.
  tempDirName: `.stryker-tmp-${folder}`,
  cleanTempDir: true,
};
