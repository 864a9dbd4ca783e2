/**
 * Loads a validated graph into the table. Idempotent: the dataset's content hash is
 * recorded last, so a second load of the same data writes nothing, and a load that
 * stops half way is simply repeated in full next time (every write is an overwrite).
 */
import { createHash } from 'node:crypto';
import { canonicalGraph, type Graph } from '../core/dataset.js';
import { DynamoGraphStore, edgeToItem, nodeToItem } from './graph-store.js';

export interface LoadResult {
  dataset: string;
  version: string;
  /** False when the table already held this exact version. */
  written: boolean;
  nodes: number;
  edges: number;
  /** Items of an earlier version of the dataset that are no longer in it, removed. */
  removed: number;
}

export function graphVersion(graph: Graph): string {
  return createHash('sha256').update(JSON.stringify(canonicalGraph(graph))).digest('hex').slice(0, 16);
}

export async function loadGraph(store: DynamoGraphStore, graph: Graph, dataset: string): Promise<LoadResult> {
  const version = graphVersion(graph);
  const current = await store.getDatasetVersion(dataset);
  const counts = { nodes: graph.nodes.length, edges: graph.edges.length };
  if (current?.version === version) return { dataset, version, written: false, removed: 0, ...counts };

  const tag = { name: dataset, version };
  await store.writeItems([...graph.nodes.map((n) => nodeToItem(n, tag)), ...graph.edges.map((e) => edgeToItem(e, tag))]);
  const stale = await store.staleDatasetKeys(dataset, version);
  await store.deleteItems(stale);
  await store.putDatasetVersion(dataset, { version, ...counts }, current?.version ?? null);
  return { dataset, version, written: true, removed: stale.length, ...counts };
}
