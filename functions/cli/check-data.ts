/**
 * `npm run data:check [-- DIR]`: validates every dataset folder under data/ together (so
 * links into a dependency resolve), or one folder and its dependencies, and prints the
 * counts of each, or every problem.
 */
import path from 'node:path';
import { buildDatasets, buildDatasetWithDependencies, findDatasetDirs } from '../local/dataset-files.js';
import { InvalidDatasetError, SourceTextError } from '../core/errors.js';

const dir = process.argv[2];
try {
  const datasets = dir ? await buildDatasetWithDependencies(path.resolve(dir)) : await buildDatasets(await findDatasetDirs());
  const count = (items: Array<{ type: string }>) =>
    Object.entries(items.reduce<Record<string, number>>((acc, item) => ({ ...acc, [item.type]: (acc[item.type] ?? 0) + 1 }), {}))
      .sort(([a], [b]) => a.localeCompare(b));
  for (const { descriptor, graph } of datasets) {
    console.log(`OK: ${descriptor.name} (namespace ${descriptor.namespace}${descriptor.fictional ? ', fictional' : ''}): ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
    for (const [type, n] of count(graph.nodes)) console.log(`  node ${type}: ${n}`);
    for (const [type, n] of count(graph.edges)) console.log(`  edge ${type}: ${n}`);
  }
} catch (error) {
  if (error instanceof InvalidDatasetError) {
    console.error(error.problems.map((p) => `${p.file}: ${p.entry}: ${p.message}`).join('\n'));
    console.error(`\n${error.problems.length} problem(s).`);
    process.exit(1);
  }
  if (error instanceof SourceTextError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
