import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CommonJS (main) and ESM (module) builds; Node loads the first for
    // Apollo, Vite would pick the second for our code, and graphql refuses to mix them.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/local-only.ts'],
    // A focused test must never pass CI by hiding the rest.
    allowOnly: false,
    testTimeout: 60000,
    hookTimeout: 120000,
  },
});
