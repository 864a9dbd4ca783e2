/** `npm run data:check [-- DIR]`: validates the curated dataset and prints counts or every problem. */
import { DEFAULT_DATASET_DIR, loadGraphFromDir } from '../local/dataset-files.js';
import { InvalidDatasetError } from '../core/errors.js';

const dir = process.argv[2] ?? DEFAULT_DATASET_DIR;
try {
  const graph = await loadGraphFromDir(dir);
  const count = (items: Array<{ type: string }>) =>
    Object.entries(items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [item.type]: (acc[item.type] ?? 0) + 1 }), {}))
      .sort(([a], [b]) => a.localeCompare(b));
  console.log(`OK: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
  for (const [type, n] of count(graph.nodes)) console.log(`  node ${type}: ${n}`);
  for (const [type, n] of count(graph.edges)) console.log(`  edge ${type}: ${n}`);
} catch (error) {
  if (error instanceof InvalidDatasetError) {
    console.error(error.problems.map((p) => `${p.file}: ${p.entry}: ${p.message}`).join('\n'));
    console.error(`\n${error.problems.length} problem(s).`);
    process.exit(1);
  }
  throw error;
}
