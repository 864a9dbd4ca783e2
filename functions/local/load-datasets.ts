/** Loads built datasets into a table, dependencies first; `npm start`, `load:aws` and `export` share it. */
import { loadGraph, type LoadResult } from '../storage/dataset-loader.js';
import type { DynamoGraphStore } from '../storage/graph-store.js';
import type { BuiltDataset } from './dataset-files.js';

/** Loads each dataset in the order given (as buildDatasets returns them); each load is idempotent. */
export async function loadDatasets(store: DynamoGraphStore, datasets: readonly BuiltDataset[]): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const { descriptor, graph } of datasets) results.push(await loadGraph(store, graph, descriptor));
  return results;
}
