/**
 * The storage, integration and end-to-end tiers against Amazon's DynamoDB Local instead
 * of the embedded dynalite: engines started in-process come from engine-shim.ts; the
 * `npm start` processes that end-to-end tests spawn use DYNAMODB_ENDPOINT, a DynamoDB
 * Local that test/conformance/run.ts starts for them. The engine-leak test is about
 * dynalite itself and stays out; unit tests touch no engine and stay out too.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';
import base from '../../vitest.config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENGINE = path.join(ROOT, 'functions', 'local', 'engine.ts');
const SHIM = path.join(ROOT, 'test', 'conformance', 'engine-shim.ts');

const externalEngine: Plugin = {
  name: 'dynamodb-local-engine',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!importer || importer === SHIM) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    return resolved?.id === ENGINE ? SHIM : null;
  },
};

export default defineConfig({
  ...base,
  plugins: [externalEngine],
  test: {
    ...base.test,
    // Replaces the base list (a merge would add to it).
    include: ['test/integration/**/*.integration.test.ts', 'test/infra/**/*.integration.test.ts', 'test/e2e/**/*.e2e.test.ts'],
    exclude: ['**/node_modules/**', 'test/integration/engine-leak.integration.test.ts'],
    // One DynamoDB Local (a JVM) per test file: two files at a time keep memory modest.
    maxWorkers: 2,
    // A JVM per file starts slower than dynalite, and `npm start` loads the curated
    // dataset through it twice in one test.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
