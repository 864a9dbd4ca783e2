/**
 * `npm run test:dynamodb-local`: the storage, integration and end-to-end tiers against
 * Amazon's DynamoDB Local (Java 17+ needed; the jar is fetched once, pinned and
 * checked). Every engine listens on 127.0.0.1 only as far as the tests are concerned:
 * the guard in test/setup/local-only.ts still refuses any endpoint off this machine.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ensureDynamoDbLocal, javaVersion, startDynamoDbLocal } from './dynamodb-local.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = performance.now();

const java = await javaVersion();
if (!java) {
  console.error('DynamoDB Local needs Java 17 or later on the PATH (Debian: apt-get install openjdk-17-jre-headless).');
  process.exit(1);
}
const emulatorDir = await ensureDynamoDbLocal();
console.log(`DynamoDB Local from ${path.relative(ROOT, emulatorDir)} on ${java}`);
// One shared instance for the `npm start` processes that end-to-end tests spawn.
const shared = await startDynamoDbLocal(emulatorDir);
let code = 1;
try {
  const vitest = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/conformance/vitest.dynamodb-local.config.ts', ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, DYNAMODB_ENDPOINT: shared.endpoint, DYNAMODB_LOCAL_DIR: emulatorDir },
  });
  code = await new Promise<number>((resolve) => vitest.once('exit', (exit) => resolve(exit ?? 1)));
} finally {
  await shared.close();
}
console.log(`DynamoDB Local tier ${code === 0 ? 'passed' : 'failed'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);
