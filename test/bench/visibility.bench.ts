/**
 * `npm run bench:visibility` — what the visibility filter costs: p50 and p95 of a trace
 * and of a search through the real server and storage (Apollo, per-request loaders,
 * the store over HTTP to an in-memory engine), read as an anonymous caller (every read
 * filtered: restricted items dropped, type pages filtered by the server) and as an
 * officer (the filter lets everything through untouched). Not part of `npm test`.
 *
 * The table holds the curated Luton graph (with the registry) and the fictional
 * Exampleton dataset with restricted content. Requests of the two viewers alternate, after a warm-up, so drift in the
 * machine's load falls on both alike. BENCH_ROUNDS (default 60) requests per case.
 */
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import { buildDatasetWithDependencies } from '../../functions/local/dataset-files.js';
import { startLocalEngine } from '../../functions/local/engine.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';
import { RESTRICTED_DATASET_DIR } from '../fixtures/restricted-graph.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const WARM_UP = 5;
const OFFICER: Viewer = { role: 'officer', subject: 'bench' };

const CASES = [
  { name: 'trace 09(iii) downstream', query: '{ trace(from: "luton/resolution:cdc-2019-03-05-09-iii") { paths nodes { id label } edges { type } gaps { code } } }' },
  { name: 'search "operation octans"', query: '{ search(text: "operation octans", first: 20) { totalCount nodes { id label } } }' },
] as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const engine = await startLocalEngine();
  const server = createGraphServer();
  try {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    await ensureTable(client, 'bench-visibility');
    const store = new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), 'bench-visibility');
    // Luton with the registry it depends on, and the fictional Exampleton dataset, each a dataset of its own.
    await loadDatasets(store, await buildDatasetWithDependencies(CURATED_DATASET_DIR));
    await loadDatasets(store, await buildDatasetWithDependencies(RESTRICTED_DATASET_DIR));
    await server.start();

    const once = async (query: string, viewer: Viewer): Promise<number> => {
      const started = performance.now();
      const response = await server.executeOperation({ query }, { contextValue: createRequestContext(store, 'bench', viewer) });
      const elapsed = performance.now() - started;
      if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error(`the benchmark query failed: ${JSON.stringify(response.body)}`);
      return elapsed;
    };

    console.log(`${ROUNDS} requests per viewer and case, alternating, after ${WARM_UP} warm-up rounds`);
    for (const { name, query } of CASES) {
      const times = new Map<string, number[]>([['anonymous (filtered)', []], ['officer (unfiltered)', []]]);
      for (let round = 0; round < WARM_UP + ROUNDS; round++) {
        const order: Array<[string, Viewer]> = round % 2 === 0 ? [['anonymous (filtered)', ANONYMOUS], ['officer (unfiltered)', OFFICER]] : [['officer (unfiltered)', OFFICER], ['anonymous (filtered)', ANONYMOUS]];
        for (const [label, viewer] of order) {
          const elapsed = await once(query, viewer);
          if (round >= WARM_UP) times.get(label)!.push(elapsed);
        }
      }
      console.log(`\n${name}`);
      const p50s: number[] = [];
      for (const [label, list] of times) {
        list.sort((a, b) => a - b);
        p50s.push(percentile(list, 50));
        console.log(`  ${label.padEnd(22)} p50 ${percentile(list, 50).toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms`);
      }
      console.log(`  filter cost at p50: ${(p50s[0]! - p50s[1]!).toFixed(1)} ms (${(((p50s[0]! - p50s[1]!) / p50s[1]!) * 100).toFixed(1)}%)`);
    }
  } finally {
    await server.stop();
    await engine.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
