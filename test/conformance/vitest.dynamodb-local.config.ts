/**
 * The storage, integration and end-to-end tiers against Amazon's DynamoDB Local instead
 * of the embedded dynalite: engines started in-process come from engine-shim.ts; the
 * `npm start` processes that end-to-end tests spawn use DYNAMODB_ENDPOINT, a DynamoDB
 * Local that test/conformance/run.ts starts for them. The engine-leak test is about
 * dynalite itself and stays out.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type Plugin } from 'vitest/config';
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

export default mergeConfig(
  base,
  defineConfig({
    plugins: [externalEngine],
    test: {
      include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/infra/bundles.integration.test.ts'],
      exclude: ['test/integration/engine-leak.integration.test.ts'],
      // One DynamoDB Local (a JVM) per test file: two files at a time keep memory modest.
      maxWorkers: 2,
    },
  }),
);
