/**
 * `npm run bench:search [-- "query" ...]` — what search returns for some queries over
 * the curated graph, and how long ranking takes; not part of `npm test`.
 *
 * Ranks in memory over the same summaries the API reads from the type index (label
 * and searchable text of every node), as `Query.search` does, without the storage
 * round trip. Prints the top five hits of each query with their scores, then the
 * median and 95th-percentile time to rank all nodes over BENCH_ROUNDS (default 200).
 */
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import type { NodeSummary } from '../../functions/core/ports.js';
import { rankSearch, searchableText } from '../../functions/core/search.js';

const DEFAULT_QUERIES = ['octans', 'octens', 'operation octans', 'oper oct', 'anti social behavour', 'pedersen', 'pedresen', 'high town', '2019'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const graph = await loadGraphFromDir();
  const summaries: NodeSummary[] = graph.nodes.map((node) => ({ id: node.id, type: node.type, label: node.label, search: searchableText(node) }));
  const queries = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_QUERIES;
  console.log(`${summaries.length} nodes`);
  for (const query of queries) {
    const hits = rankSearch(query, summaries);
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const started = performance.now();
      rankSearch(query, summaries);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`\n"${query}": ${hits.length} hit(s); ranking ${summaries.length} nodes p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms`);
    for (const hit of hits.slice(0, 5)) console.log(`  ${hit.score.toFixed(1).padStart(6)}  ${hit.id}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
