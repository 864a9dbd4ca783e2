/**
 * Every key string of the single-table design is built here, and only here.
 *
 *   item        pk                 sk                        gsi1pk (reverse)   gsi1sk                  gsi2pk (by type)   gsi2sk
 *   node        N#<id>             #NODE                     —                  —                       T#<Type>           <id>
 *   edge        N#<from>           E#<TYPE>#<to>             N#<to>             E#<TYPE>#<from>         —                  —
 *   dataset     META#DATASET       <name>                    —                  —                       —                  —
 *
 * A node and its outgoing edges share a partition, so one Query on pk = N#<id> with
 * sk beginning E# lists them; the inverted index lists the incoming edges of a node
 * the same way. Edge type sits before the far end in the sort key so one type can be
 * read with begins_with. Node items carry gsi2 keys only, so the type index holds
 * nodes and no edges.
 */
const NODE_PREFIX = 'N#';
const EDGE_PREFIX = 'E#';
const TYPE_PREFIX = 'T#';
export const NODE_SORT_KEY = '#NODE';
const DATASET_PARTITION = 'META#DATASET';

export interface ItemKey {
  pk: string;
  sk: string;
}

export function nodeKey(id: string): ItemKey {
  return { pk: `${NODE_PREFIX}${id}`, sk: NODE_SORT_KEY };
}

export function nodeTypeIndexKeys(type: string, id: string): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: typePartition(type), gsi2sk: id };
}

export function typePartition(type: string): string {
  return `${TYPE_PREFIX}${type}`;
}

export function edgeKey(from: string, type: string, to: string): ItemKey & { gsi1pk: string; gsi1sk: string } {
  return {
    pk: `${NODE_PREFIX}${from}`,
    sk: `${EDGE_PREFIX}${type}#${to}`,
    gsi1pk: `${NODE_PREFIX}${to}`,
    gsi1sk: `${EDGE_PREFIX}${type}#${from}`,
  };
}

/** Partition holding a node and its outgoing edges (and, in the reverse index, its incoming ones). */
export function nodePartition(id: string): string {
  return `${NODE_PREFIX}${id}`;
}

/** Sort-key prefix selecting edges, optionally of one type. */
export function edgeSortPrefix(type?: string): string {
  return type ? `${EDGE_PREFIX}${type}#` : EDGE_PREFIX;
}

export function idFromNodePartition(pk: string): string {
  if (!pk.startsWith(NODE_PREFIX)) throw new Error(`Not a node partition key: ${pk}`);
  return pk.slice(NODE_PREFIX.length);
}

export function datasetPartition(): string {
  return DATASET_PARTITION;
}

export function datasetKey(name: string): ItemKey {
  return { pk: DATASET_PARTITION, sk: name };
}

export function isNodeItemKey(key: ItemKey): boolean {
  return key.pk.startsWith(NODE_PREFIX) && key.sk === NODE_SORT_KEY;
}

export function isEdgeItemKey(key: ItemKey): boolean {
  return key.pk.startsWith(NODE_PREFIX) && key.sk.startsWith(EDGE_PREFIX);
}

// ---------------------------------------------------------------------------------
// Many datasets: alias items (an old, unqualified id and the qualified id it now names)
// and the count items per dataset and type. Read by the API.
//
//   item        pk                 sk                        attributes
//   alias       A#<old id>         #ALIAS                    target (qualified id)
//   count       META#COUNT         <dataset>#<Type>          all, public
// ---------------------------------------------------------------------------------
const ALIAS_PREFIX = 'A#';
export const ALIAS_SORT_KEY = '#ALIAS';
const COUNT_PARTITION = 'META#COUNT';

export function aliasKey(oldId: string): ItemKey {
  return { pk: `${ALIAS_PREFIX}${oldId}`, sk: ALIAS_SORT_KEY };
}

export function countPartition(): string {
  return COUNT_PARTITION;
}

/** The dataset and node type a count item's sort key names. */
export function parseCountSortKey(sk: string): { dataset: string; type: string } | undefined {
  const at = sk.lastIndexOf('#');
  return at > 0 ? { dataset: sk.slice(0, at), type: sk.slice(at + 1) } : undefined;
}
