/**
 * Loads a validated graph into the table as one dataset, so that after any sequence of
 * loads, however interrupted, the table holds exactly one version of each dataset once
 * its load ends, and no load can change another dataset's items.
 *
 * 1. Read the dataset's record. Version V recorded and no load left unfinished: the
 *    table already holds V, and nothing is written (an unchanged dataset costs one read).
 * 2. Check, before any write, that every key of V's items is the dataset's own (ids of
 *    its namespace; an edge with at least one end in it). The items themselves are
 *    built as their batches are written, so a large dataset is never all in memory.
 * 3. Claim the namespace (a conditional put: one owner per namespace).
 * 4. Mark "loading V" on the record.
 * 5. Write every item of V (puts overwrite, so repeating a write changes nothing);
 *    items of edges to another namespace's nodes only where absent or already ours.
 * 6. Find the dataset's items of any other version through the dataset index (a key
 *    range per shard, never a Scan) and delete each on condition that it is still
 *    this dataset's and still of another version.
 * 7. Write the exact counts per type, then record V as loaded and clear the mark.
 *
 * A load killed anywhere leaves the mark, so the next start re-runs a load to the end,
 * whichever version it brings. The record's revision makes two loaders racing fail
 * with a ConflictError rather than both claim success.
 */
import { createHash, type Hash } from 'node:crypto';
import { canonicalGraph, type Graph } from '../core/dataset.js';
import { ANONYMOUS } from '../core/access.js';
import { UnknownDatasetError } from '../core/datasets.js';
import { BadInputError, ConflictError } from '../core/errors.js';
import type { DatasetDescriptor } from '../core/namespaces.js';
import { SEARCH_INDEX_FORMAT } from '../core/search-index.js';
import { datasetItems } from './dataset-items.js';
import { REMOVAL_MARK, type DynamoGraphStore } from './graph-store.js';
import { DATASET_NAME_PATTERN, KEY_LAYOUT, TYPE_SHARD_SIZE, UNQUALIFIED_CLAIM } from './keys.js';
import { isPublic } from '../core/visibility.js';

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

export interface LoadOptions {
  /** Nodes per type-index shard (tests force small shards). @default TYPE_SHARD_SIZE */
  shardSize?: number;
}

/**
 * A dataset named without a descriptor holds ids without a namespace, as every dataset
 * did before namespaces. It owns the unqualified ids, and only one dataset can.
 */
type LoadTarget = DatasetDescriptor | string;

function describe(target: LoadTarget): { name: string; namespace: string | undefined; descriptor: DatasetDescriptor | null } {
  return typeof target === 'string' ? { name: target, namespace: undefined, descriptor: null } : { name: target.name, namespace: target.namespace, descriptor: target };
}

/** The content hash of a graph alone (exports report it). */
export function graphVersion(graph: Graph): string {
  return hashGraph(createHash('sha256'), graph).digest('hex').slice(0, 16);
}

/** Nodes or edges serialised per hash update: a few MB of text at a time. */
const HASH_CHUNK = 1_000;

/**
 * Feeds the hash `JSON.stringify(canonicalGraph(graph))`, the same text and so the same
 * digest, a chunk of nodes or edges at a time: as one string, a graph of a million edges
 * (about 1.7 KB per node with its edges) is longer than the longest string V8 can hold,
 * and costs its whole length in memory again.
 */
export function hashGraph(hash: Hash, graph: Graph): Hash {
  return hashCanonical(hash, canonicalGraph(graph));
}

/** `hashGraph` of a graph already in canonical order. */
function hashCanonical(hash: Hash, { nodes, edges }: Graph): Hash {
  const list = (key: string, items: readonly unknown[]) => {
    hash.update(`"${key}":[`);
    for (let i = 0; i < items.length; i += HASH_CHUNK) {
      hash.update((i > 0 ? ',' : '') + items.slice(i, i + HASH_CHUNK).map((item) => JSON.stringify(item)).join(','));
    }
    hash.update(']');
  };
  hash.update('{');
  list('nodes', nodes);
  hash.update(',');
  list('edges', edges);
  hash.update('}');
  return hash;
}

/**
 * The version a load records: a hash of the graph, of what the dataset says about
 * itself, of the key layout and of the search index's format, so a change to any of
 * them loads the dataset again.
 */
export function datasetVersion(graph: Graph, target: LoadTarget, options: LoadOptions = {}): string {
  return versionOfCanonical(canonicalGraph(graph), target, options);
}

function versionOfCanonical(canonical: Graph, target: LoadTarget, options: LoadOptions): string {
  const extra = { layout: KEY_LAYOUT, search: SEARCH_INDEX_FORMAT, shardSize: options.shardSize ?? TYPE_SHARD_SIZE, descriptor: describe(target).descriptor };
  return hashCanonical(createHash('sha256'), canonical).update(JSON.stringify(extra)).digest('hex').slice(0, 16);
}

export async function loadGraph(store: DynamoGraphStore, graph: Graph, target: LoadTarget, options: LoadOptions = {}): Promise<LoadResult> {
  const { name, namespace, descriptor } = describe(target);
  if (!DATASET_NAME_PATTERN.test(name)) {
    throw new BadInputError(`Dataset name "${name}" cannot be used: write it in lower-case letters, digits and hyphens (e.g. "luton-2020").`, { argument: 'dataset' });
  }
  // Sorted once for both versions: the public part of the sorted graph is the sorted public part.
  const canonical = canonicalGraph(graph);
  const version = versionOfCanonical(canonical, target, options);
  const state = await store.getDatasetLoadState(name);
  const counts = { nodes: graph.nodes.length, edges: graph.edges.length };
  const interrupted = state?.loading ?? null;
  if (interrupted === REMOVAL_MARK) {
    throw new ConflictError(`Dataset "${name}" is being removed, and a removal that has begun must finish first: run \`npm run remove:aws -- ${name}\` again, then load it.`);
  }
  if (state?.version === version && interrupted === null) return { dataset: name, version, written: false, removed: 0, interrupted, ...counts };

  const tag = { name, version };
  // Refuses, before any write, every item whose key is not this dataset's own.
  const items = datasetItems(graph, tag, { namespace, legacyAliases: descriptor?.legacyIds === 'unqualified', shardSize: options.shardSize });
  await store.claimNamespace(namespace ?? UNQUALIFIED_CLAIM, name);
  if (namespace !== undefined && descriptor?.legacyIds === 'unqualified') await store.claimNamespace(UNQUALIFIED_CLAIM, name);

  const rev = await store.beginDatasetLoad(name, version, state?.rev ?? 0);
  await store.writeOwnItems(items.shared, name);
  await store.writeItems(items.own);
  // A removal that began meanwhile takes the record from this load (and a load after it may
  // have made a new one, at the same revision but another version): stop before deleting or counting.
  const now = await store.getDatasetLoadState(name);
  if (now?.rev !== rev || now.loading !== version) throw new ConflictError(`Dataset "${name}" was changed by another loader, or its removal began, while this one ran; run the load again.`);
  const removed = await store.deleteStaleItems(await store.staleDatasetKeys(name, version), name, version);
  await store.replaceCounts(name, version, items.counts);
  // What an anonymous reader may know of the dataset: its public part's version and counts.
  // The version is the one a load of the public part alone would record (the dataset's own
  // when nothing is restricted), so it changes with the descriptor too, and says nothing
  // of what is restricted.
  const publicGraph = { nodes: canonical.nodes.filter(isPublic), edges: canonical.edges.filter(isPublic) };
  const publicPart = { version: versionOfCanonical(publicGraph, target, options), nodes: publicGraph.nodes.length, edges: publicGraph.edges.length };
  await store.finishDatasetLoad(name, { version, ...counts, publicPart }, rev, descriptor ? { namespace, title: descriptor.title, council: descriptor.council, fictional: descriptor.fictional ?? false, dependencies: descriptor.dependencies } : {});
  return { dataset: name, version, written: true, removed, interrupted, ...counts };
}

export interface RemoveResult {
  dataset: string;
  /** Items of the dataset deleted: nodes, edges, their index and search items, aliases. */
  removed: number;
  /** Namespaces it owned, now free for another dataset. */
  namespaces: string[];
}

/** Passes over the dataset index a removal makes at most: each deletes what the index lists, until it lists nothing. */
const REMOVAL_PASSES = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Removes a dataset from the table: its items, its count items, its namespace claims and
 * its record. Refused while another loaded dataset depends on it (a council's links to a
 * registry body would lose their far end), and for a name nothing in the table carries.
 * The dataset stops being listed and searched at the first write, and a load of it is
 * refused until the removal is done; one that stopped part-way is finished by running it
 * again, which also clears what a loader wrote after the record had gone.
 */
export async function removeDataset(store: DynamoGraphStore, name: string): Promise<RemoveResult> {
  const [state, datasets] = await Promise.all([store.getDatasetLoadState(name), store.listDatasets(ANONYMOUS)]);
  const dependents = datasets.filter((d) => d.name !== name && d.dependencies?.includes(name)).map((d) => `"${d.name}"`).sort();
  if (dependents.length > 0) {
    throw new ConflictError(`Dataset "${name}" cannot be removed while ${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on it; remove ${dependents.length === 1 ? 'that dataset' : 'those datasets'} first.`);
  }
  const rev = await store.beginDatasetRemoval(name, state ? state.rev : null);
  // Every version's items: none carries the empty version, so the condition keeps none. The
  // index is read again after each pass, for items a loader wrote meanwhile or the index
  // lists late, until it lists nothing; a removal that cannot get there stops, to be run again.
  let removed = 0;
  for (let pass = 0; ; pass++) {
    const keys = await store.datasetItemKeys(name);
    if (keys.length === 0) break;
    if (pass === REMOVAL_PASSES) throw new ConflictError(`Dataset "${name}": the dataset index still lists ${keys.length} of its items after ${REMOVAL_PASSES} passes; run the removal again.`);
    if (pass > 0) await sleep(100 * pass);
    removed += await store.deleteStaleItems(keys, name, '');
  }
  const counts = await store.replaceCounts(name, '', new Map());
  const namespaces = await store.releaseNamespaces(name);
  await store.deleteDatasetRecord(name, rev);
  // No record before, and nothing carrying the name: no dataset of that name, and the table is as it was.
  if (!state && removed === 0 && counts === 0 && namespaces.length === 0) throw new UnknownDatasetError(name, datasets.map((d) => d.name).sort(), 'dataset');
  return { dataset: name, removed, namespaces };
}
