/**
 * Reads the whole graph as a stream, for exports: a parallel segmented Scan
 * (TotalSegments workers, 4 by default) whose pages are handed on as they arrive.
 * At most a few pages per segment are buffered, so memory does not grow with the
 * table. Items come in no particular order; callers that need an order sort.
 */
import type { TableClient } from './table-client.js';
import type { Viewer } from '../core/access.js';
import type { GraphItem } from '../core/export/export-graph.js';
import { itemToEdge, itemToNode } from './graph-store.js';
import { aliasKey, countPartition, datasetKey, datasetOfSearchKey, isEdgeItemKey, isInEdgeItemKey, isNodeItemKey, namespacePartition } from './keys.js';
import { canRead } from './visibility.js';

type Item = Record<string, unknown>;

export interface ScanOptions {
  /** Parallel Scan segments. @default 4 */
  segments?: number;
  /** Items per Scan page (the Limit); DynamoDB also caps a page at 1 MB. */
  pageSize?: number;
  /** Pages buffered per segment before its worker waits for the reader. @default 2 */
  bufferPages?: number;
  /** Called for every page read, with its item count (progress, request counts). */
  onPage?: (items: number) => void;
}

/** A dataset version record (META#DATASET), met while scanning. */
export interface DatasetItem {
  kind: 'dataset';
  name: string;
  version: string;
}

/** An item that follows from the graph (an edge's copy under its target, an alias, a count, a namespace claim, the search index). */
export interface DerivedItem {
  kind: 'derived';
  pk: string;
  sk: string;
}

/** An item that is neither node, edge nor dataset record: something else lives in the table. */
export interface OtherItem {
  kind: 'other';
  pk: string;
  sk: string;
}

export type ScannedItem = Exclude<GraphItem, { kind: 'withheld' }> | DatasetItem | DerivedItem | OtherItem;

const DATASET_PARTITION = datasetKey('').pk;
const ALIAS_PREFIX = aliasKey('').pk;

// Everything a GraphNode or GraphEdge needs, and not the search text (the largest attribute).
const PROJECTION = 'pk, sk, id, #type, label, props, sources, #from, #to, version, ds, vis, restriction';
const PROJECTION_NAMES = { '#type': 'type', '#from': 'from', '#to': 'to' };

/** Every item of the table, page by page, read by `segments` parallel workers. */
export async function* scanPages(db: TableClient, tableName: string, options: ScanOptions = {}): AsyncGenerator<Item[]> {
  const segments = Math.max(1, Math.floor(options.segments ?? 4));
  const capacity = segments * Math.max(1, options.bufferPages ?? 2);
  const queue: Item[][] = [];
  let running = segments;
  let failure: unknown;
  let stopped = false;
  // One waiter at a time on each side: the reader waits for pages, workers wait for room.
  let wakeReader: (() => void) | undefined;
  const roomWaiters: Array<() => void> = [];
  const signalReader = () => {
    wakeReader?.();
    wakeReader = undefined;
  };

  const worker = async (segment: number) => {
    let start: Record<string, unknown> | undefined;
    try {
      do {
        while (queue.length >= capacity && !stopped) await new Promise<void>((resolve) => roomWaiters.push(resolve));
        if (stopped) return;
        const response = await db.scan(
          ({
            TableName: tableName,
            Segment: segment,
            TotalSegments: segments,
            ProjectionExpression: PROJECTION,
            ExpressionAttributeNames: PROJECTION_NAMES,
            ExclusiveStartKey: start,
            ...(options.pageSize ? { Limit: options.pageSize } : {}),
          }),
        );
        const items = (response.Items ?? []) as Item[];
        options.onPage?.(items.length);
        if (items.length) {
          queue.push(items);
          signalReader();
        }
        start = response.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      failure ??= error;
      stopped = true;
    } finally {
      running--;
      signalReader();
    }
  };

  const workers = Array.from({ length: segments }, (_, segment) => worker(segment));
  try {
    for (;;) {
      if (failure) throw failure;
      const page = queue.shift();
      if (page) {
        roomWaiters.shift()?.();
        yield page;
        continue;
      }
      if (running === 0) break;
      await new Promise<void>((resolve) => (wakeReader = resolve));
    }
    if (failure) throw failure;
  } finally {
    // The reader stopped early (or failed): release the workers and let them finish.
    stopped = true;
    for (const wake of roomWaiters.splice(0)) wake();
    await Promise.allSettled(workers);
  }
}

export function classifyItem(item: Item): ScannedItem {
  const key = { pk: String(item.pk), sk: String(item.sk) };
  if (isNodeItemKey(key)) return { kind: 'node', node: itemToNode(item) };
  if (isEdgeItemKey(key)) return { kind: 'edge', edge: itemToEdge(item) };
  if (key.pk === DATASET_PARTITION) return { kind: 'dataset', name: key.sk, version: String(item.version) };
  if (isInEdgeItemKey(key) || key.pk.startsWith(ALIAS_PREFIX) || key.pk === countPartition() || key.pk === namespacePartition() || datasetOfSearchKey(key.pk) !== null) {
    return { kind: 'derived', ...key };
  }
  return { kind: 'other', ...key };
}

/** Every item, classified: nodes, edges, dataset records and anything else. */
export async function* scanTable(db: TableClient, tableName: string, options: ScanOptions = {}): AsyncGenerator<ScannedItem> {
  for await (const page of scanPages(db, tableName, options)) for (const item of page) yield classifyItem(item);
}

/**
 * The nodes and edges of the graph the viewer may see, for the exporter; dataset records
 * and other items are skipped. A node or edge the viewer may not see is never read into
 * a value: it is passed on as a bare `withheld` mark, so the manifest can count it.
 */
export async function* scanGraph(db: TableClient, tableName: string, viewer: Viewer, options: ScanOptions = {}): AsyncGenerator<GraphItem> {
  for await (const page of scanPages(db, tableName, options)) {
    for (const item of page) {
      const key = { pk: String(item.pk), sk: String(item.sk) };
      const kind = isNodeItemKey(key) ? 'node' : isEdgeItemKey(key) ? 'edge' : undefined;
      if (!kind) continue;
      if (!canRead(viewer, item)) yield { kind: 'withheld', of: kind, ...(typeof item.ds === 'string' ? { dataset: item.ds } : {}) };
      else yield kind === 'node' ? { kind, node: itemToNode(item) } : { kind, edge: itemToEdge(item) };
    }
  }
}
