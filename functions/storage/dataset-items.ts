/**
 * Every item a load writes for a dataset, produced in one place: nodes (with their
 * type-index and dataset-index keys), out edges, the in-edge copies, aliases of old
 * ids, and the exact counts per type. Anything else a load should write for a dataset
 * (search postings, materialised chains) is added in `datasetItems`, so the loader's
 * ownership check, version tagging and stale removal cover it too.
 *
 * Ownership is checked here, before anything is written: a node must be of the
 * dataset's namespace; an edge must have one end in it. An edge whose other end lies
 * in another namespace (a link to a registry body) is marked `shared`: its items sit
 * in, or name, another dataset's node, so the loader writes them with a conditional
 * put that refuses to replace an item another dataset wrote.
 */
import type { Citation } from '../core/citations.js';
import type { Visibility } from '../core/access.js';
import type { EdgeProps, Graph, GraphEdge, GraphNode, Properties } from '../core/dataset.js';
import { InvalidDatasetError, type DatasetProblem } from '../core/errors.js';
import type { EdgeTypeName, NodeTypeName } from '../core/model.js';
import { localIdOf } from '../core/namespaces.js';
import { searchableText } from '../core/search.js';
import { buildSearchIndex } from '../core/search-index.js';
import { indexItemStream } from './search-index-store.js';
import { aliasKey, datasetIndexKeys, edgeKey, inEdgeKey, nodeKey, nodeTypeIndexKeys, ownsId, typeShardCount, TYPE_SHARD_SIZE } from './keys.js';
import { restrictionOf, visibilityAttributes } from './visibility.js';

export type Item = Record<string, unknown>;

/** Which dataset, at which version, a load writes. */
export interface DatasetTag {
  name: string;
  version: string;
}

export interface DatasetItemOptions {
  /** The dataset's namespace; undefined for a dataset whose ids carry none (written before namespaces). */
  namespace: string | undefined;
  /** Write an alias item `A#<local id>` for each node, so its old unqualified id resolves. */
  legacyAliases?: boolean;
  /** Nodes per type-index shard. @default TYPE_SHARD_SIZE */
  shardSize?: number;
}

export interface TypeCount {
  all: number;
  public: number;
  /** Type-index shards the type's nodes are spread over. */
  shards: number;
}

export interface DatasetItems {
  /**
   * Items whose keys hold only the dataset's own ids, written in batches: produced as
   * they are written, so a graph of a million edges never has all its items in memory
   * at once. Each call iterates them afresh.
   */
  own: Iterable<Item>;
  /** Items of edges to another namespace's node: each written only if absent or already this dataset's. */
  shared: Item[];
  counts: Map<NodeTypeName, TypeCount>;
}

/** A node's or edge's visibility: `public` unless it carries a restriction (functions/core/visibility.ts). */
export function visibilityOf(value: GraphNode | GraphEdge): Visibility {
  return value.restriction ? 'restricted' : 'public';
}

function tagged(item: Item & { pk: string; sk: string }, dataset: DatasetTag): Item {
  return { ...item, ...datasetIndexKeys(dataset.name, dataset.version, item), ds: dataset.name, dsv: dataset.version };
}

export function nodeToItem(node: GraphNode, dataset: DatasetTag, shards = 1): Item {
  return tagged(
    {
      ...nodeKey(node.id),
      ...nodeTypeIndexKeys(dataset.name, node.type, node.id, shards),
      entity: 'node',
      id: node.id,
      type: node.type,
      label: node.label,
      props: node.props,
      sources: node.sources,
      search: searchableText(node),
      ...visibilityAttributes(node),
    },
    dataset,
  );
}

function edgeAttributes(edge: GraphEdge) {
  return { from: edge.from, type: edge.type, to: edge.to, props: edge.props, sources: edge.sources, ...visibilityAttributes(edge) };
}

export function edgeToItem(edge: GraphEdge, dataset: DatasetTag): Item {
  return tagged({ ...edgeKey(edge.from, edge.type, edge.to), entity: 'edge', ...edgeAttributes(edge) }, dataset);
}

/** The copy of an edge in its target's partition: the whole edge, so a node read needs nothing else. */
export function inEdgeToItem(edge: GraphEdge, dataset: DatasetTag): Item {
  return tagged({ ...inEdgeKey(edge.from, edge.type, edge.to), entity: 'in-edge', ...edgeAttributes(edge) }, dataset);
}

export function aliasToItem(oldId: string, target: string, dataset: DatasetTag): Item {
  return tagged({ ...aliasKey(oldId), entity: 'alias', target }, dataset);
}

export function itemToNode(item: Item): GraphNode {
  return {
    id: item.id as string,
    type: item.type as NodeTypeName,
    label: item.label as string,
    props: (item.props ?? {}) as Properties,
    sources: (item.sources ?? []) as Citation[],
    ...(typeof item.ds === 'string' ? { dataset: item.ds } : {}),
    ...restrictionOf(item),
  };
}

export function itemToEdge(item: Item): GraphEdge {
  return {
    from: item.from as string,
    type: item.type as EdgeTypeName,
    to: item.to as string,
    props: (item.props ?? { basis: 'stated' }) as EdgeProps,
    sources: (item.sources ?? []) as Citation[],
    ...(typeof item.ds === 'string' ? { dataset: item.ds } : {}),
    ...restrictionOf(item),
  };
}

/** The problems that keep a graph from being written as this dataset: ids outside its namespace. */
export function ownershipProblems(graph: Graph, dataset: string, namespace: string | undefined): DatasetProblem[] {
  const file = `dataset ${dataset}`;
  const where = namespace === undefined ? 'ids without a namespace' : `ids of namespace "${namespace}"`;
  const problems: DatasetProblem[] = [];
  for (const node of graph.nodes) {
    if (!ownsId(namespace, node.id)) problems.push({ file, entry: `node ${node.id}`, message: `is not this dataset's to write: a dataset writes only nodes with ${where}.` });
  }
  for (const edge of graph.edges) {
    if (!ownsId(namespace, edge.from) && !ownsId(namespace, edge.to)) {
      problems.push({ file, entry: `edge ${edge.from} -${edge.type}-> ${edge.to}`, message: `links two nodes of other datasets: an edge needs one end with ${where}.` });
    }
  }
  return problems;
}

/** Exact counts per type, and the type-index shards each type gets. */
export function typeCounts(graph: Graph, shardSize: number = TYPE_SHARD_SIZE): Map<NodeTypeName, TypeCount> {
  const counts = new Map<NodeTypeName, TypeCount>();
  for (const node of graph.nodes) {
    const count = counts.get(node.type) ?? { all: 0, public: 0, shards: 1 };
    count.all++;
    if (visibilityOf(node) === 'public') count.public++;
    counts.set(node.type, count);
  }
  for (const count of counts.values()) count.shards = typeShardCount(count.all, shardSize);
  return counts;
}

/** The dataset's search index (keys under S#<dataset>#), postings carrying their node's visibility. */
export function searchItems(graph: Pick<Graph, 'nodes'>, dataset: DatasetTag): Item[] {
  return [...searchItemStream(graph, dataset)];
}

function* searchItemStream(graph: Pick<Graph, 'nodes'>, dataset: DatasetTag): Generator<Item> {
  for (const item of indexItemStream(buildSearchIndex(graph.nodes, visibilityOf), dataset)) yield tagged(item as Item & { pk: string; sk: string }, dataset);
}

/**
 * Every item of the graph as this dataset at this version, or an InvalidDatasetError
 * naming each id that is not the dataset's own (nothing is written then).
 */
export function datasetItems(graph: Graph, dataset: DatasetTag, options: DatasetItemOptions): DatasetItems {
  const problems = ownershipProblems(graph, dataset.name, options.namespace);
  if (problems.length > 0) throw new InvalidDatasetError(problems);

  const counts = typeCounts(graph, options.shardSize);
  const crosses = (edge: GraphEdge) => !ownsId(options.namespace, edge.from) || !ownsId(options.namespace, edge.to);
  const shared: Item[] = [];
  for (const edge of graph.edges) if (crosses(edge)) shared.push(edgeToItem(edge, dataset), inEdgeToItem(edge, dataset));
  function* own(): Generator<Item> {
    for (const node of graph.nodes) yield nodeToItem(node, dataset, counts.get(node.type)!.shards);
    for (const edge of graph.edges) {
      if (crosses(edge)) continue;
      yield edgeToItem(edge, dataset);
      yield inEdgeToItem(edge, dataset);
    }
    if (options.legacyAliases) for (const node of graph.nodes) yield aliasToItem(localIdOf(node.id), node.id, dataset);
    yield* searchItemStream(graph, dataset);
  }
  return { own: { [Symbol.iterator]: own }, shared, counts };
}
