/**
 * `npm run bench:sign-in` — what signing in costs a request; not part of `npm test`.
 *
 * 1. Verifying one dev-issuer access token with aws-jwt-verify once the keys are cached
 *    (the steady state of a warm Lambda or a running `npm start`), BENCH_ROUNDS times.
 * 2. The same small query over loopback HTTP against the local server (in-memory engine,
 *    the small test dataset), sent in turn without a token, with an officer's token, and
 *    with a forged token (refused with 401), BENCH_ROUNDS times each, interleaved.
 * Prints p50 and p95 of each. Bounded: loopback only, sequential requests.
 */
import { ANONYMOUS } from '../../functions/core/access.js';
import { jwksVerifier, loopbackFetcher, viewerFromAuthorization } from '../../functions/graphql/authentication.js';
import { DEV_JWKS_PATH } from '../../functions/local/dev-issuer.js';
import { startLocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';
import { createTestKey, signJwt, nowSeconds } from '../fixtures/tokens.js';

const ROUNDS = Math.min(5_000, Number(process.env.BENCH_ROUNDS ?? 500));
const QUERY = JSON.stringify({ query: '{ node(id: "operation:octans") { id label } }' });

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(3)} ms, p95 ${percentile(sorted, 95).toFixed(3)} ms`;
};

async function main(): Promise<void> {
  const stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'bench-sign-in' });
  try {
    const officer = stack.devIssuer.sign({ role: 'officer' });
    const forger = createTestKey();
    const forged = signJwt(forger, { iss: stack.devIssuer.issuer, aud: stack.devIssuer.audience, token_use: 'access', sub: 'x', 'cognito:groups': ['officer'], exp: nowSeconds() + 600 }, { kid: stack.devIssuer.kid });

    const verifier = jwksVerifier({ issuer: stack.devIssuer.issuer, audience: stack.devIssuer.audience, jwksUri: `http://127.0.0.1:${stack.port}${DEV_JWKS_PATH}`, fetcher: loopbackFetcher });
    await viewerFromAuthorization(`Bearer ${officer}`, verifier); // fetches and caches the keys
    const verify: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      await viewerFromAuthorization(`Bearer ${officer}`, verifier);
      verify.push(performance.now() - started);
    }
    const anonymousDecision: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      if ((await viewerFromAuthorization(undefined, verifier)) !== ANONYMOUS) throw new Error('expected the anonymous viewer');
      anonymousDecision.push(performance.now() - started);
    }
    console.log(`verify an officer token (keys cached), ${ROUNDS} rounds: ${summary(verify)}`);
    console.log(`decide an anonymous request, ${ROUNDS} rounds: ${summary(anonymousDecision)}`);

    const send = async (authorization?: string) => {
      const started = performance.now();
      const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: QUERY });
      await response.arrayBuffer();
      return { ms: performance.now() - started, status: response.status };
    };
    for (let i = 0; i < 50; i++) await send(); // warm up
    const runs = { anonymous: [] as number[], officer: [] as number[], forged: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      const a = await send();
      const o = await send(`Bearer ${officer}`);
      const f = await send(`Bearer ${forged}`);
      if (a.status !== 200 || o.status !== 200 || f.status !== 401) throw new Error(`unexpected statuses ${a.status} ${o.status} ${f.status}`);
      runs.anonymous.push(a.ms);
      runs.officer.push(o.ms);
      runs.forged.push(f.ms);
    }
    console.log(`HTTP node query over loopback, ${ROUNDS} rounds each:`);
    console.log(`  anonymous:            ${summary(runs.anonymous)}`);
    console.log(`  officer token:        ${summary(runs.officer)}`);
    console.log(`  forged token (401):   ${summary(runs.forged)}`);
  } finally {
    await stack.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
