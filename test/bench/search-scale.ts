/**
 * Pieces of the search benchmark that other benchmarks reuse: loading the synthetic
 * graph as a dataset of its own (nodes, edges and search index, tagged like a load),
 * the write cost of a graph's search index, and the latency and requests of a search
 * over HTTP.
 */
import { performance } from 'node:perf_hooks';
import type { GraphNode } from '../../functions/core/dataset.js';
import { buildSearchIndex } from '../../functions/core/search-index.js';
import { edgeToItem, inEdgeToItem, nodeToItem, typeCounts, type Item } from '../../functions/storage/dataset-items.js';
import type { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { datasetIndexKeys } from '../../functions/storage/keys.js';
import { indexItems } from '../../functions/storage/search-index-store.js';
import type { RequestRecorder } from '../fixtures/local-graph.js';
import { syntheticBatches, syntheticNode } from './synthetic-graph.js';

export const SEARCH_QUERY = `query ($text: String!, $first: Int, $after: String) { search(text: $text, first: $first, after: $after) { totalCount nodes { id label } pageInfo { hasNextPage endCursor } } }`;

/** Size of an item as DynamoDB bills it: attribute names plus values (strings in UTF-8, numbers about half their digits). */
export function itemBytes(value: unknown, name = ''): number {
  const own = Buffer.byteLength(name, 'utf8');
  if (typeof value === 'string') return own + Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return own + Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return own + 1;
  if (Array.isArray(value)) return own + 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  if (typeof value === 'object') return own + 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [k, v]) => sum + 1 + itemBytes(v, k), 0);
  return own;
}

export interface IndexCost {
  nodes: number;
  items: number;
  bytes: number;
  byKind: Record<string, { items: number; bytes: number }>;
  terms: number;
  postings: number;
  variants: number;
  buckets: number;
}

/** Items and bytes the search index of these nodes adds to a load, tagged as the loader writes them. */
export function searchIndexCost(nodes: Iterable<GraphNode>, dataset = 'bench'): IndexCost {
  const tag = { name: dataset, version: '0123456789abcdef' };
  const index = buildSearchIndex(nodes);
  const items: Item[] = indexItems(index, tag).map((item) => ({ ...item, ...datasetIndexKeys(tag.name, tag.version, item as { pk: string; sk: string }) }));
  const byKind: IndexCost['byKind'] = {};
  let bytes = 0;
  for (const item of items) {
    const size = itemBytes(item);
    const kind = (byKind[item.entity as string] ??= { items: 0, bytes: 0 });
    kind.items++;
    kind.bytes += size;
    bytes += size;
  }
  return { nodes: index.stats.nodes, items: items.length, bytes, byKind, terms: index.stats.terms, postings: index.stats.postings, variants: index.stats.variants, buckets: index.buckets };
}

export function* syntheticNodes(count: number): Generator<GraphNode> {
  for (let i = 0; i < count; i++) yield syntheticNode(i);
}

/**
 * Loads `nodeCount` synthetic nodes and three edges each as dataset `synthetic`, with
 * its search index, and records the dataset as loaded, as the loader would.
 */
export async function loadSyntheticDataset(store: DynamoGraphStore, nodeCount: number, report: (line: string) => void = () => undefined): Promise<{ seconds: number; items: number }> {
  const started = performance.now();
  const tag = { name: 'synthetic', version: `synthetic-${nodeCount}` };
  const rev = await store.beginDatasetLoad(tag.name, tag.version, 0);
  // As the loader writes a dataset (dataset-items.ts), a batch at a time: nodes in their type shards, edges and their copies.
  const counts = typeCounts({ nodes: [...syntheticNodes(nodeCount)], edges: [] });
  let loaded = 0;
  let items = 0;
  let nextReport = 0.1;
  for (const { nodes, edges } of syntheticBatches(nodeCount, 2_000)) {
    const batch = [...nodes.map((n) => nodeToItem(n, tag, counts.get(n.type)!.shards)), ...edges.flatMap((e) => [edgeToItem(e, tag), inEdgeToItem(e, tag)])];
    await store.writeItems(batch, 8);
    items += batch.length;
    loaded += nodes.length;
    if (loaded / nodeCount >= nextReport) {
      report(`  synthetic graph: ${Math.round((100 * loaded) / nodeCount)}% of ${nodeCount.toLocaleString('en-GB')} nodes after ${((performance.now() - started) / 1000).toFixed(0)} s`);
      nextReport += 0.1;
    }
  }
  const index = indexItems(buildSearchIndex(syntheticNodes(nodeCount)), tag).map((item) => ({ ...item, ...datasetIndexKeys(tag.name, tag.version, item as { pk: string; sk: string }) }));
  await store.writeItems(index, 8);
  items += index.length;
  await store.replaceCounts(tag.name, tag.version, counts);
  await store.finishDatasetLoad(tag.name, { version: tag.version, nodes: nodeCount, edges: 3 * nodeCount }, rev);
  return { seconds: (performance.now() - started) / 1000, items };
}

export interface SearchMeasure {
  text: string;
  p50: number;
  p95: number;
  /** DynamoDB requests of one search (first page). */
  requests: number;
  /** Sequential rounds of requests of one search. */
  rounds: number;
  totalCount: number;
  /** Ids of the first page, best first. */
  ids: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface SearchAnswer {
  data?: { search: { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  errors?: unknown;
}

async function post(url: string, variables: Record<string, unknown>): Promise<SearchAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SEARCH_QUERY, variables }) });
  const body = (await response.json()) as SearchAnswer;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body;
}

export interface SearchTarget {
  /** GraphQL endpoint. */
  url: string;
  /** Records the DynamoDB requests of the server behind `url`. */
  recorder: RequestRecorder;
}

/** p50/p95 of `search(text:)` over HTTP and the DynamoDB requests one search makes. */
export async function measureSearch(url: string, recorder: RequestRecorder, text: string, options: { iterations?: number; warmup?: number; first?: number } = {}): Promise<SearchMeasure> {
  return (await measureSearches([{ url, recorder }], text, options))[0]!;
}

/**
 * The same measures for several servers, their searches taking turns, so that a ratio
 * between them is not skewed by what else the machine is doing at the time.
 */
export async function measureSearches(targets: readonly SearchTarget[], text: string, options: { iterations?: number; warmup?: number; first?: number } = {}): Promise<SearchMeasure[]> {
  const variables = { text, first: options.first ?? 20 };
  for (let i = 0; i < (options.warmup ?? 10); i++) for (const target of targets) await post(target.url, variables);
  const times = targets.map(() => [] as number[]);
  for (let i = 0; i < (options.iterations ?? 100); i++) {
    for (const [t, target] of targets.entries()) {
      const started = performance.now();
      await post(target.url, variables);
      times[t]!.push(performance.now() - started);
    }
  }
  const measures: SearchMeasure[] = [];
  for (const [t, target] of targets.entries()) {
    const sorted = times[t]!.sort((a, b) => a - b);
    const { result, requests, rounds } = await target.recorder.during(() => post(target.url, variables));
    const search = result.data!.search;
    measures.push({ text, p50: percentile(sorted, 50), p95: percentile(sorted, 95), requests: requests.length, rounds, totalCount: search.totalCount, ids: search.nodes.map((n) => n.id) });
  }
  return measures;
}
