/**
 * Every key string of the single-table design is built here, and only here.
 *
 *   item            pk                   sk                          index keys
 *   node            N#<id>               #NODE                       gsi2 T#<dataset>#<Type>#<shard> / <id>
 *   out edge        N#<from>             <lane>E#<TYPE>#<to>         —
 *   in-edge copy    N#<to>               <lane>I#<TYPE>#<from>       —
 *   alias           A#<old id>           #ALIAS                      —
 *   count           META#COUNT           <dataset>#<Type>            —
 *   namespace claim META#NAMESPACE       <namespace>                 —
 *   dataset record  META#DATASET         <name>                      —
 *   every item a load writes (nodes, edges, copies, aliases) also:   gsi3 D#<dataset>#<shard> / <dsv>#<pk>#<sk>
 *
 * One partition per node. A node's partition holds its body, its outgoing edges and a
 * copy of each incoming edge, so ONE Query on N#<id> returns all three. That is why
 * there is no reverse index any more: an inverted GSI would cost the same write per
 * edge (GSI replication) and would still need a second request per node to read the
 * incoming side, where the copy comes back in the same page as the body.
 *
 * Lanes: a trace walks each edge type one way downstream and maybe another upstream
 * (EDGE_TYPES in the model). The sort key starts with a lane saying which walks use the
 * item, ordered so that each walk's items, with the body, are one contiguous range:
 *
 *   !E# !I#   used downstream only     (sorts before #NODE)
 *   #NODE     the body
 *   E#  I#    used by both walks
 *   UE# UI#   used upstream only
 *   XE# XI#   no walk follows it
 *
 * A downstream walk reads `!` to `I$` and an upstream walk `#NODE` to `UI$`: a node with
 * thousands of edges no walk follows costs the walk nothing. Within a lane, direction
 * then type then the far end, so one type is read with begins_with. A change in the
 * model's walk directions moves items between lanes: KEY_LAYOUT (part of every dataset
 * version) changes with it, so the next load rewrites every item.
 *
 * Sharding: a bulk load writes every node of a big type in a burst, and one GSI partition
 * takes about 1,000 writes a second, so a single T#<Type> partition throttles the whole
 * load. The type index is therefore keyed per dataset and split into shards by a hash
 * of the id: one shard per TYPE_SHARD_SIZE nodes of that type in that dataset, at most
 * MAX_TYPE_SHARDS (16 shards take ~16,000 writes a second, more than one loader issues),
 * and a small type keeps one shard, so listing it reads one partition. The shard count
 * of each dataset and type is kept on its count item, which readers read first anyway.
 * The dataset index takes every item of a load, so it is sharded too, with a fixed
 * count (DATASET_INDEX_SHARDS), since removing stale items must find every shard that
 * any earlier version wrote.
 *
 * Ownership is structural: every key a dataset writes holds an id of its own namespace
 * (or its own name), see `ownsId`; the loader refuses anything else before writing.
 */
import { fnv1a } from '../core/fnv.js';
import { EDGE_TYPES, type EdgeTypeSpec } from '../core/model.js';
import { namespaceOf } from '../core/namespaces.js';

const NODE_PREFIX = 'N#';
const TYPE_PREFIX = 'T#';
const DATASET_INDEX_PREFIX = 'D#';
const ALIAS_PREFIX = 'A#';
export const NODE_SORT_KEY = '#NODE';
export const ALIAS_SORT_KEY = '#ALIAS';
const DATASET_PARTITION = 'META#DATASET';
const COUNT_PARTITION = 'META#COUNT';
const NAMESPACE_PARTITION = 'META#NAMESPACE';
const OUT = 'E#';
const IN = 'I#';

/** Nodes per type-index shard, before a type of one dataset is split. */
export const TYPE_SHARD_SIZE = 10_000;
export const MAX_TYPE_SHARDS = 16;
/** Shards of the dataset index: fixed, so every version's items are found. */
export const DATASET_INDEX_SHARDS = 8;

/**
 * The claim that owns ids written without a namespace (the ids published before
 * namespaces, and their aliases). `~` sorts after every namespace and is not a
 * namespace character, so no real namespace can take it.
 */
export const UNQUALIFIED_CLAIM = '~unqualified';

export type Lane = '!' | '' | 'U' | 'X';

/** Bumped whenever key shapes change; part of every dataset version, so a changed layout reloads. */
export const KEY_LAYOUT = `2:${laneFingerprint()}`;

export interface ItemKey {
  pk: string;
  sk: string;
}

export type StorageDirection = 'out' | 'in';
export type Walk = 'DOWNSTREAM' | 'UPSTREAM';

/** Which walks use an edge item stored on its `direction` side. */
export function laneOf(type: string, direction: StorageDirection): Lane {
  const spec = (EDGE_TYPES as Record<string, EdgeTypeSpec>)[type];
  const down = spec?.downstream === direction;
  const up = spec?.upstream === direction;
  if (down && up) return '';
  if (down) return '!';
  if (up) return 'U';
  return 'X';
}

/** The walks whose read of a node's partition includes its edges of this type on this side. */
export function walksReading(type: string, direction: StorageDirection): Walk[] {
  const lane = laneOf(type, direction);
  return lane === '' ? ['DOWNSTREAM', 'UPSTREAM'] : lane === '!' ? ['DOWNSTREAM'] : lane === 'U' ? ['UPSTREAM'] : [];
}

function laneFingerprint(): string {
  return Object.keys(EDGE_TYPES)
    .map((type) => `${laneOf(type, 'out') || '='}${laneOf(type, 'in') || '='}`)
    .join('');
}

export function nodePartition(id: string): string {
  return `${NODE_PREFIX}${id}`;
}

export function nodeKey(id: string): ItemKey {
  return { pk: nodePartition(id), sk: NODE_SORT_KEY };
}

export function idFromNodePartition(pk: string): string {
  if (!pk.startsWith(NODE_PREFIX)) throw new Error(`Not a node partition key: ${pk}`);
  return pk.slice(NODE_PREFIX.length);
}

/** The out-edge item, in the source's partition. */
export function edgeKey(from: string, type: string, to: string): ItemKey {
  return { pk: nodePartition(from), sk: `${laneOf(type, 'out')}${OUT}${type}#${to}` };
}

/** The copy of an edge kept in its target's partition, so a node's incoming edges come with it. */
export function inEdgeKey(from: string, type: string, to: string): ItemKey {
  return { pk: nodePartition(to), sk: `${laneOf(type, 'in')}${IN}${type}#${from}` };
}

/** Sort-key prefix of one node's edges of one type on one side. */
export function edgeSortPrefix(direction: StorageDirection, type: string): string {
  return `${laneOf(type, direction)}${direction === 'out' ? OUT : IN}${type}#`;
}

/** Sort-key range (inclusive) of a node's body and every edge item a walk follows. */
export function walkSortRange(walk: Walk): { from: string; to: string } {
  return walk === 'DOWNSTREAM' ? { from: '!', to: 'I$' } : { from: NODE_SORT_KEY, to: 'UI$' };
}

export function isNodeItemKey(key: ItemKey): boolean {
  return key.pk.startsWith(NODE_PREFIX) && key.sk === NODE_SORT_KEY;
}

function edgeSide(sk: string): StorageDirection | undefined {
  const rest = sk.startsWith('!') || sk.startsWith('U') || sk.startsWith('X') ? sk.slice(1) : sk;
  if (rest.startsWith(OUT)) return 'out';
  if (rest.startsWith(IN)) return 'in';
  return undefined;
}

/** An out-edge item: the edge itself. */
export function isEdgeItemKey(key: ItemKey): boolean {
  return key.pk.startsWith(NODE_PREFIX) && edgeSide(key.sk) === 'out';
}

/** A copy of an edge in its target's partition: derived, never exported or counted as an edge. */
export function isInEdgeItemKey(key: ItemKey): boolean {
  return key.pk.startsWith(NODE_PREFIX) && edgeSide(key.sk) === 'in';
}

/** FNV-1a, 32 bits: a stable, well-spread hash for choosing a shard. */
export function shardOf(value: string, shards: number): number {
  return fnv1a(value) % shards;
}

/** How many type-index shards a type with `count` nodes in one dataset gets. */
export function typeShardCount(count: number, shardSize: number = TYPE_SHARD_SIZE): number {
  return Math.max(1, Math.min(MAX_TYPE_SHARDS, Math.ceil(count / shardSize)));
}

export function typePartition(dataset: string, type: string, shard: number): string {
  return `${TYPE_PREFIX}${dataset}#${type}#${shard}`;
}

export function nodeTypeIndexKeys(dataset: string, type: string, id: string, shards: number): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: typePartition(dataset, type, shardOf(id, shards)), gsi2sk: id };
}

export function datasetIndexPartition(dataset: string, shard: number): string {
  return `${DATASET_INDEX_PREFIX}${dataset}#${shard}`;
}

export function datasetIndexKeys(dataset: string, version: string, key: ItemKey): { gsi3pk: string; gsi3sk: string } {
  return { gsi3pk: datasetIndexPartition(dataset, shardOf(`${key.pk}#${key.sk}`, DATASET_INDEX_SHARDS)), gsi3sk: `${version}#${key.pk}#${key.sk}` };
}

/**
 * The dataset-index sort keys of every version but `version`: those below `below` and
 * those from `from` on. Versions never contain `#`, and `$` is the character after it.
 */
export function otherVersionRanges(version: string): { below: string; from: string } {
  return { below: `${version}#`, from: `${version}$` };
}

export function aliasKey(oldId: string): ItemKey {
  return { pk: `${ALIAS_PREFIX}${oldId}`, sk: ALIAS_SORT_KEY };
}

export function countPartition(): string {
  return COUNT_PARTITION;
}

export function countKey(dataset: string, type: string): ItemKey {
  return { pk: COUNT_PARTITION, sk: `${dataset}#${type}` };
}

export function countSortPrefix(dataset: string): string {
  return `${dataset}#`;
}

/** Dataset and type of a count item's sort key. */
export function parseCountSortKey(sk: string): { dataset: string; type: string } {
  const at = sk.lastIndexOf('#');
  return { dataset: sk.slice(0, at), type: sk.slice(at + 1) };
}

export function namespacePartition(): string {
  return NAMESPACE_PARTITION;
}

export function namespaceClaimKey(namespace: string): ItemKey {
  return { pk: NAMESPACE_PARTITION, sk: namespace };
}

export function datasetPartition(): string {
  return DATASET_PARTITION;
}

export function datasetKey(name: string): ItemKey {
  return { pk: DATASET_PARTITION, sk: name };
}

/** Dataset names go into keys between `#` separators: lower-case letters, digits and hyphens. */
export const DATASET_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Whether an id belongs to the namespace (`undefined`: the unqualified ids of a dataset
 * loaded without one).
 */
export function ownsId(namespace: string | undefined, id: string): boolean {
  return namespaceOf(id) === namespace;
}

/*
 * Search index keys. Every item of a dataset's index lives under `S#<dataset>#`, so it
 * belongs to that dataset alone (see core/search-index.ts for the design):
 *
 *   item            pk                              sk
 *   term entry      S#<dataset>#W#<first 2 letters> <term>#<vis>
 *   posting block   S#<dataset>#P#<term>#<vis>      <block, 5 digits>
 *   variant bucket  S#<dataset>#Y                   <bucket, 5 digits>
 *   index meta      S#<dataset>#META                #
 *
 * Terms are normalised words ([a-z0-9]+), so `#` never occurs inside one.
 */
const SEARCH_PREFIX = 'S#';

function searchPrefix(dataset: string): string {
  return `${SEARCH_PREFIX}${dataset}#`;
}

/** Partition of the term entries starting with the first two letters of `termOrPrefix`. */
export function searchTermPartition(dataset: string, termOrPrefix: string): string {
  return `${searchPrefix(dataset)}W#${termOrPrefix.slice(0, 2)}`;
}

export function searchTermKey(dataset: string, term: string, vis: string): ItemKey {
  return { pk: searchTermPartition(dataset, term), sk: `${term}#${vis}` };
}

/** The term and visibility a term entry's sort key names. */
export function termOfSearchTermKey(sk: string): { term: string; vis: string } {
  const at = sk.lastIndexOf('#');
  return { term: sk.slice(0, at), vis: sk.slice(at + 1) };
}

export function searchBlockPartition(dataset: string, term: string, vis: string): string {
  return `${searchPrefix(dataset)}P#${term}#${vis}`;
}

export function searchBlockKey(dataset: string, term: string, vis: string, block: number): ItemKey {
  return { pk: searchBlockPartition(dataset, term, vis), sk: String(block).padStart(5, '0') };
}

export function searchVariantBucketKey(dataset: string, bucket: number): ItemKey {
  return { pk: `${searchPrefix(dataset)}Y`, sk: String(bucket).padStart(5, '0') };
}

export function searchMetaKey(dataset: string): ItemKey {
  return { pk: `${searchPrefix(dataset)}META`, sk: '#' };
}

/** The dataset whose search index holds an item with this partition key; null for any other item. */
export function datasetOfSearchKey(pk: string): string | null {
  if (!pk.startsWith(SEARCH_PREFIX)) return null;
  const end = pk.indexOf('#', SEARCH_PREFIX.length);
  return end > SEARCH_PREFIX.length ? pk.slice(SEARCH_PREFIX.length, end) : null;
}
