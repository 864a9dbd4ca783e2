/**
 * The suite Stryker runs against each mutant (npm run test:mutation), chosen per folder
 * (STRYKER_FOLDER). Every mutant reruns the test files that cover it, setup included, so
 * each folder faces the unit tier and the integration files written for that layer:
 * the core is pure and faces the unit tier alone. Left out everywhere: the e2e tier
 * (separate processes and a browser, which a mutant never reaches), the infra tier (the
 * CDK stack is not mutated), the codegen freshness check (a separate process), and the
 * tests that check data rather than code and load the whole curated graph or run 10,000
 * Queries for every mutant they touch (curated dataset, engine leak). The export round
 * trip loads the curated graph too, but it is the table import's test on real data, so
 * the storage run keeps it and pays for it; the import of many datasets (export-datasets)
 * is small and kept too. The many-datasets storage tests (ownership, stale
 * items, counts, paging over shards) are the only tests of the loader's guarantees run
 * in-process; the interrupted-load tests kill loader child processes, where no mutant is
 * switched on, so they are left out. The table client's own file tests it against the engine
 * and through the fault proxy; the table admin's file creates, keeps and rebuilds tables;
 * the table import's file imports small fictional graphs into fresh tables and exports them;
 * the search index store's file reads the index of three small fictional datasets.
 * The GraphQL layer faces every test of its API served in process (sign-in, CORS, HTTP
 * caching, paging, visibility, the delivery views, the request context's reads, what
 * failures log and count, the resolvers' own refusals, the suggested evidence); the search
 * index's end-to-end file (search-index.integration) is left out, since one of its tests
 * loads 10,000 nodes.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

const LAYER_TESTS: Record<string, string[]> = {
  core: [],
  storage: ['storage', 'table-client', 'table-admin', 'table-import', 'search-index-store', 'remove-dataset', 'datasets', 'graph-scan', 'export-handler', 'export-roundtrip', 'export-datasets'],
  graphql: [
    'graphql-api',
    'graphql-rules',
    'lambda-handler',
    'authentication',
    'sign-in',
    'sign-in-failures',
    'lambda-sign-in',
    'cors',
    'http-caching',
    'http-server',
    'relay-connections',
    'typed-fields',
    'visibility-leak',
    'far-end-visibility',
    'kestrelford-api',
    'delivery-api',
    'request-context',
    'observability',
    'graphql-errors',
    'suggested-evidence',
  ],
};
/**
 * Test files a chunk leaves out of its folder's list. Storage's chunk 03 holds keys.ts,
 * which every storage test covers, so each of its mutants would rerun the export round
 * trip, which loads the whole registry first (the chunk was projected at about two hours
 * with it). Leaving a test out can only let more mutants survive, never fewer, so the
 * chunk's score stays an honest lower bound.
 */
const CHUNK_OMITS: Record<string, string[]> = {
  'storage-03': ['export-roundtrip'],
};
const folder = process.env.STRYKER_FOLDER ?? 'core';
const omit = CHUNK_OMITS[`${folder}-${process.env.STRYKER_CHUNK ?? 'all'}`] ?? [];
const layer = LAYER_TESTS[folder]?.filter((name) => !omit.includes(name));
if (!layer) throw new Error(`STRYKER_FOLDER must be one of ${Object.keys(LAYER_TESTS).join(', ')}; got "${folder}".`);

// Spread, not mergeConfig: merging would add these lists to the base ones, not replace them.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/unit/**/*.test.ts', ...layer.map((name) => `test/integration/${name}.integration.test.ts`)],
    exclude: ['test/unit/curated-dataset.unit.test.ts', 'test/unit/codegen.unit.test.ts'],
    // Stryker switches mutants on at run time, so modules need not be loaded afresh for
    // each test file; sharing them makes every mutant's rerun cheaper.
    isolate: false,
  },
});
