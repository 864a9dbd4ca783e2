/**
 * Loads a validated graph into the table, so that after any sequence of loads, however
 * interrupted, the table holds exactly one version of the dataset once a load ends.
 *
 * 1. Read the dataset's record. Version V recorded and no load left unfinished: the
 *    table already holds V, and nothing is written (an unchanged dataset costs one read).
 * 2. Otherwise mark "loading V" on the record, before the first write.
 * 3. Write every item of V (puts overwrite, so repeating a write changes nothing), then
 *    delete the dataset's items of any other version: what an earlier version held,
 *    and what an interrupted load of another version had written.
 * 4. Record V as loaded and clear the mark.
 *
 * A load killed anywhere leaves the mark, so the next start re-runs a load to the end,
 * whichever version it brings: loading A, then B killed half way, then A again
 * rewrites A's items over B's and removes B's own. Items are found by their dataset
 * tag (`ds`, `dsv`), never by key shape, so datasets sharing a table stay apart.
 * The record's revision makes two loaders racing fail with a ConflictError rather
 * than both claim success.
 */
import { createHash } from 'node:crypto';
import { canonicalGraph, type Graph } from '../core/dataset.js';
import type { NodeTypeName } from '../core/model.js';
import type { DatasetDescriptor } from '../core/namespaces.js';
import { DynamoGraphStore, edgeToItem, nodeToItem } from './graph-store.js';

/** Nodes per type, for the dataset's record. */
export function nodeCountsByType(graph: Graph): Partial<Record<NodeTypeName, number>> {
  const counts: Partial<Record<NodeTypeName, number>> = {};
  for (const node of graph.nodes) counts[node.type] = (counts[node.type] ?? 0) + 1;
  return counts;
}

export interface LoadResult {
  dataset: string;
  version: string;
  /** False when the table already held this exact version. */
  written: boolean;
  nodes: number;
  edges: number;
  /** Items of another version of the dataset (earlier, or an interrupted load's), removed. */
  removed: number;
  /** Version of an unfinished load found at the start and replaced by this one, if any. */
  interrupted: string | null;
}

export function graphVersion(graph: Graph): string {
  return createHash('sha256').update(JSON.stringify(canonicalGraph(graph))).digest('hex').slice(0, 16);
}

/**
 * Loads `graph` as dataset `dataset`. With a `descriptor` (what the dataset's folder
 * declares: title, namespace, council, ...), a load that writes also records it, with the
 * node counts per type, on the dataset's record.
 */
export async function loadGraph(store: DynamoGraphStore, graph: Graph, dataset: string, descriptor?: DatasetDescriptor): Promise<LoadResult> {
  const version = graphVersion(graph);
  const state = await store.getDatasetLoadState(dataset);
  const counts = { nodes: graph.nodes.length, edges: graph.edges.length };
  const interrupted = state?.loading ?? null;
  if (state?.version === version && interrupted === null) return { dataset, version, written: false, removed: 0, interrupted, ...counts };

  const rev = await store.beginDatasetLoad(dataset, version, state?.rev ?? 0);
  const tag = { name: dataset, version };
  await store.writeItems([...graph.nodes.map((n) => nodeToItem(n, tag)), ...graph.edges.map((e) => edgeToItem(e, tag))]);
  const stale = await store.staleDatasetKeys(dataset, version);
  await store.deleteItems(stale);
  await store.finishDatasetLoad(dataset, { version, ...counts }, rev);
  if (descriptor) await store.describeDataset({ ...descriptor, name: dataset }, nodeCountsByType(graph));
  return { dataset, version, written: true, removed: stale.length, interrupted, ...counts };
}
