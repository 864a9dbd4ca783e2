/**
 * The DynamoDB adapter of the graph: reads and writes nodes and edges as items of the
 * single table. The domain core never sees an item or a key; it gets GraphNode and
 * GraphEdge values back. Key shapes are in keys.ts; what a load writes is produced in
 * dataset-items.ts.
 */
import type { DeleteInput, QueryInput, TableClient, UpdateInput, WriteRequest } from './table-client.js';
import type { GraphEdge, GraphNode } from '../core/dataset.js';
import { ConflictError, UnavailableError } from '../core/errors.js';
import type { DatasetInfo } from '../core/datasets.js';
import { NODE_TYPES, type EdgeTypeName, type NodeTypeName } from '../core/model.js';
import type { Direction, GraphReader, Page, PageWindow } from '../core/ports.js';
import { itemToEdge, itemToNode, type Item, type TypeCount } from './dataset-items.js';
import {
  aliasKey,
  countKey,
  countPartition,
  countSortPrefix,
  DATASET_INDEX_SHARDS,
  datasetIndexPartition,
  datasetKey,
  datasetPartition,
  edgeSortPrefix,
  isEdgeItemKey,
  isInEdgeItemKey,
  namespaceClaimKey,
  namespacePartition,
  NODE_SORT_KEY,
  nodeKey,
  nodePartition,
  otherVersionRanges,
  parseCountSortKey,
  typePartition,
  walkSortRange,
  type ItemKey,
  type Walk,
} from './keys.js';
import { DynamoSearchIndex } from './search-index-store.js';
import { DATASET_INDEX, TYPE_INDEX } from './table-definition.js';
import { seesRestricted, type Viewer } from '../core/access.js';
import { canRead, visibleItems, withVisibility } from './visibility.js';

export { itemToEdge, itemToNode } from './dataset-items.js';

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const MAX_RETRIES = 8;
const BASE_DELAY_MS = 25;
const MAX_DELAY_MS = 1000;
/** Single-item conditional writes and deletes in flight at once. */
const SINGLE_WRITE_CONCURRENCY = 8;
/** BatchWriteItem requests of a load in flight at once. */
const WRITE_CONCURRENCY = 4;

/**
 * Where a dataset's loading stands. `version` is the last version loaded to the end
 * (null before the first); `loading` is the version of a load that was started and has
 * not finished: under way, or interrupted (null when neither). `rev` counts changes to
 * the record, so two loaders cannot both act on the same state.
 */
export interface DatasetLoadState {
  version: string | null;
  loading: string | null;
  rev: number;
}

/** What a dataset record's `loading` holds while the dataset is being removed (a load holds the version it writes). */
export const REMOVAL_MARK = 'removal';

/** What a dataset record says about the dataset beside its version. */
export interface DatasetFacts {
  namespace?: string;
  title?: string;
  council?: { name: string; onsCode?: string };
  fictional?: boolean;
  dependencies?: string[];
}

export interface DatasetRecord extends DatasetFacts {
  name: string;
  version: string;
  loadedAt: string;
  nodeCount: number;
  edgeCount: number;
}

/** A node with its edges, as one read of its partition returns them. */
export interface Neighbourhood {
  node: GraphNode | null;
  out: GraphEdge[];
  in: GraphEdge[];
}

/** Counts of one type in one dataset: all nodes, and those anyone may see. */
export interface DatasetTypeCount {
  dataset: string;
  type: NodeTypeName;
  all: number;
  public: number;
}

interface CountItem extends DatasetTypeCount {
  version: string;
  shards: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Capped exponential backoff with full jitter. */
function backoff(attempt: number): number {
  return Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** `items` in arrays of `size`, produced as they are asked for. */
function* batchesOf<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Runs `work` over `items`, at most `concurrency` at a time, taking each item from the
 * iterator only when a worker is free. The first failure stops every worker from
 * taking more, and is thrown once those in flight have settled.
 */
async function inParallel<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure) {
      try {
        const next = iterator.next();
        if (next.done) return;
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure.error;
}

const isConditionFailure = (error: unknown) => (error as Error)?.name === 'ConditionalCheckFailedException';

export class DynamoGraphStore implements GraphReader {
  constructor(
    private readonly db: TableClient,
    readonly tableName: string,
  ) {}

  /** The search index's reads (search-index-store.ts), as the viewer may see the index. */
  searchIndex(viewer: Viewer): DynamoSearchIndex {
    return new DynamoSearchIndex(this.db, this.tableName, viewer);
  }

  /**
   * Reads nodes by id: BatchGetItem in chunks of 100, unprocessed keys retried with
   * capped backoff. The result is aligned with `ids`: null where no node exists, and
   * where the viewer may not see it (the same null, so existence does not show).
   */
  async getNodes(viewer: Viewer, ids: readonly string[]): Promise<Array<GraphNode | null>> {
    const found = new Map<string, GraphNode>();
    for (const item of visibleItems(viewer, await this.batchGet([...new Set(ids)].map((id) => nodeKey(id))))) found.set(item.id as string, itemToNode(item));
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * The qualified id each old (unqualified) id now stands for, aligned with `ids`:
   * null where no alias exists.
   */
  async resolveAliases(ids: readonly string[]): Promise<Array<string | null>> {
    const found = new Map<string, string>();
    for (const item of await this.batchGet([...new Set(ids)].map((id) => aliasKey(id)))) found.set((item.pk as string).slice(aliasKey('').pk.length), item.target as string);
    return ids.map((id) => found.get(id) ?? null);
  }

  private async batchGet(allKeys: ItemKey[]): Promise<Item[]> {
    const items: Item[] = [];
    await Promise.all(
      chunk(allKeys, BATCH_GET_LIMIT).map(async (batch) => {
        let keys: Item[] = batch.map((key) => ({ pk: key.pk, sk: key.sk }));
        for (let attempt = 0; keys.length > 0; attempt++) {
          if (attempt > MAX_RETRIES) throw new UnavailableError(undefined, { cause: new Error(`BatchGetItem left ${keys.length} key(s) unprocessed after ${MAX_RETRIES} retries`) });
          if (attempt > 0) await sleep(backoff(attempt));
          const response = await this.db.batchGet(({ RequestItems: { [this.tableName]: { Keys: keys } } }));
          items.push(...((response.Responses?.[this.tableName] ?? []) as Item[]));
          keys = (response.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
        }
      }),
    );
    return items;
  }

  /**
   * A node, its outgoing edges and its incoming edges: one Query on its partition
   * (more only when the partition is larger than a page). With `walk`, only the range
   * of items that walk follows is read (see keys.ts, lanes): edges no such walk uses,
   * however many, are not read at all. What the viewer may not see is left out, the node
   * itself included.
   */
  async readNeighbourhood(viewer: Viewer, id: string, walk?: Walk): Promise<Neighbourhood> {
    const range = walk ? walkSortRange(walk) : undefined;
    const items = await this.queryAll(
      range
        ? { KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': nodePartition(id), ':from': range.from, ':to': range.to } }
        : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': nodePartition(id) } },
    );
    const result: Neighbourhood = { node: null, out: [], in: [] };
    for (const item of visibleItems(viewer, items)) {
      const key = { pk: item.pk as string, sk: item.sk as string };
      if (key.sk === NODE_SORT_KEY) result.node = itemToNode(item);
      else if (isEdgeItemKey(key)) result.out.push(itemToEdge(item));
      else if (isInEdgeItemKey(key)) result.in.push(itemToEdge(item));
    }
    return result;
  }

  /** Every edge leaving (`out`) or entering (`in`) a node that the viewer may see, all pages, optionally of one type. */
  async getEdges(viewer: Viewer, id: string, direction: Direction, type?: EdgeTypeName): Promise<GraphEdge[]> {
    if (!type) return (await this.readNeighbourhood(viewer, id))[direction];
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': nodePartition(id), ':prefix': edgeSortPrefix(direction, type) },
    });
    return visibleItems(viewer, items).map(itemToEdge);
  }

  /**
   * The count items that describe loaded data: those written by a dataset's last
   * finished load, or by a load that got as far as writing them (it had removed every
   * other version's items by then). A dataset never loaded to that point has none.
   */
  private async liveCounts(scope?: Iterable<string> | null): Promise<CountItem[]> {
    const [records, counts] = await Promise.all([
      this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': datasetPartition() } }),
      this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': countPartition() } }),
    ]);
    const live = new Map<string, Set<string>>();
    for (const record of records) {
      const versions = new Set([record.version, record.loading].filter((v): v is string => typeof v === 'string'));
      live.set(record.sk as string, versions);
    }
    const wanted = scope ? new Set(scope) : undefined;
    return counts
      .map((item) => ({ ...parseCountSortKey(item.sk as string), item }))
      .filter(({ dataset, item }) => (!wanted || wanted.has(dataset)) && live.get(dataset)?.has(item.dsv as string))
      .map(({ dataset, type, item }) => ({ dataset, type: type as NodeTypeName, version: item.dsv as string, all: item.all as number, public: item.public as number, shards: item.shards as number }));
  }

  /**
   * Exact counts per dataset and type, read from the count items: no node is read. A
   * viewer who may not see restricted nodes gets the public count as `all` too.
   */
  async countsByDataset(viewer: Viewer, scope?: Iterable<string> | null): Promise<DatasetTypeCount[]> {
    const all = seesRestricted(viewer);
    return (await this.liveCounts(scope)).map(({ dataset, type, all: every, public: visible }) => ({ dataset, type, all: all ? every : visible, public: visible }));
  }

  /**
   * How many nodes of a type the loaded datasets (or the named ones) hold: two small
   * Queries of the record and count partitions, whatever the size of the graph.
   */
  async countNodes(viewer: Viewer, type: NodeTypeName, scope?: Iterable<string> | null): Promise<number> {
    // The count items' `public` attribute for a viewer who may not see restricted nodes.
    const visibility = seesRestricted(viewer) ? 'all' : 'public';
    return (await this.liveCounts(scope)).filter((c) => c.type === type).reduce((sum, c) => sum + c[visibility], 0);
  }

  /** The type-index partitions holding a type's nodes, over every loaded dataset (or those in scope). */
  private async typePartitions(type: NodeTypeName, scope?: Iterable<string> | null): Promise<string[]> {
    const counts = (await this.liveCounts(scope)).filter((c) => c.type === type);
    return counts.flatMap((c) => Array.from({ length: c.shards }, (_, shard) => typePartition(c.dataset, type, shard)));
  }

  /**
   * One page of the nodes of a type, in id order, merged over every dataset and shard
   * of the type index: `size` after a node id (forwards) or before one (backwards,
   * returned ascending). Each partition is read for at most `size + 1` items past the
   * cursor, so the merged list says by itself whether a node lies beyond the page;
   * whether any lies behind the cursor is a one-item look per partition, made in the
   * same round.
   */
  async listNodes(viewer: Viewer, type: NodeTypeName, window: PageWindow, scope?: Iterable<string> | null): Promise<Page<GraphNode>> {
    const forward = window.direction === 'forward';
    const bound = forward ? window.after : window.before;
    const partitions = await this.typePartitions(type, scope);
    const [pages, behind] = await Promise.all([
      Promise.all(
        partitions.map((partition) =>
          // Restricted nodes are dropped by the server before the page is cut, so an
          // anonymous page, its cursors and what lies beyond are the public graph's alone.
          this.queryUpTo(
            withVisibility(viewer, {
              IndexName: TYPE_INDEX,
              KeyConditionExpression: bound ? `gsi2pk = :pk AND gsi2sk ${forward ? '>' : '<'} :bound` : 'gsi2pk = :pk',
              ExpressionAttributeValues: { ':pk': partition, ...(bound ? { ':bound': bound } : {}) },
              ScanIndexForward: forward,
            }),
            window.size + 1,
          ).then((items) => visibleItems(viewer, items)),
        ),
      ),
      // Behind the cursor: the node it names, or any before it, when a cursor was given.
      bound ? this.anyInPartitions(viewer, partitions, bound, !forward) : Promise.resolve(false),
    ]);
    const merged = pages.flat().map(itemToNode);
    merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * (forward ? 1 : -1));
    const beyond = merged.length > window.size;
    const page = merged.slice(0, window.size);
    const items = forward ? page : page.reverse();
    return forward ? { items, hasNextPage: beyond, hasPreviousPage: behind } : { items, hasNextPage: behind, hasPreviousPage: beyond };
  }

  /** Whether any partition holds a node the viewer may see at `id` or after it (`after`), or at or before it. */
  private async anyInPartitions(viewer: Viewer, partitions: readonly string[], id: string, after: boolean): Promise<boolean> {
    const found = await Promise.all(
      partitions.map(async (partition) => {
        // Filtered on the server, a one-item look may read on past restricted nodes.
        const peek = await this.queryUpTo(
          withVisibility(viewer, {
            IndexName: TYPE_INDEX,
            KeyConditionExpression: `gsi2pk = :pk AND gsi2sk ${after ? '>=' : '<='} :id`,
            ExpressionAttributeValues: { ':pk': partition, ':id': id },
            ScanIndexForward: after,
            ProjectionExpression: '#id',
            ExpressionAttributeNames: { '#id': 'id' },
          }),
          1,
        );
        return visibleItems(viewer, peek).length > 0;
      }),
    );
    return found.some(Boolean);
  }

  private async queryAll(input: Omit<QueryInput, 'TableName'>): Promise<Item[]> {
    return this.queryUpTo(input, Number.POSITIVE_INFINITY);
  }

  /** Up to `limit` items of a Query, over as many pages as that takes. */
  private async queryUpTo(input: Omit<QueryInput, 'TableName'>, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const left = limit - items.length;
      const response = await this.db.query(
        ({ ...input, TableName: this.tableName, ExclusiveStartKey: start, ...(Number.isFinite(left) ? { Limit: left } : {}) }),
      );
      items.push(...((response.Items ?? []) as Item[]));
      start = response.LastEvaluatedKey;
    } while (start && items.length < limit);
    return items;
  }

  /**
   * Writes items in chunks of 25, `concurrency` requests in flight; unprocessed items
   * are retried with capped backoff and never dropped. Puts overwrite, so a repeated
   * write is a no-op in effect. Items are taken from `items` a batch at a time, as
   * requests go out, so a lazily produced list is never all in memory.
   */
  async writeItems(items: Iterable<Item>, concurrency = WRITE_CONCURRENCY): Promise<void> {
    await inParallel(batchesOf(items, BATCH_WRITE_LIMIT), concurrency, (batch) => this.batchWrite(batch.map((Item) => ({ PutRequest: { Item } }))));
  }

  /**
   * Writes each item only where no item is, or where the same dataset wrote it: a load
   * can never replace another dataset's item. Refused: a ConflictError naming the item.
   */
  async writeOwnItems(items: Item[], dataset: string): Promise<void> {
    await inParallel(items, SINGLE_WRITE_CONCURRENCY, async (item) => {
      try {
        await this.db.put(
          ({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk) OR #ds = :me',
            ExpressionAttributeNames: { '#ds': 'ds' },
            ExpressionAttributeValues: { ':me': dataset },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        throw new ConflictError(`Dataset "${dataset}" cannot write ${item.pk as string} / ${item.sk as string}: another dataset wrote that item. Only one dataset may record an edge.`);
      }
    });
  }

  /**
   * Deletes each item only while it is still the dataset's and of another version than
   * `keepVersion` (the condition is checked on the item itself, so an index that lags
   * can never make a load delete what it has just written). Returns how many went.
   */
  async deleteStaleItems(keys: readonly ItemKey[], dataset: string, keepVersion: string): Promise<number> {
    return this.deleteEachWhere(keys, { ConditionExpression: '#ds = :me AND #dsv <> :keep', ExpressionAttributeNames: { '#ds': 'ds', '#dsv': 'dsv' }, ExpressionAttributeValues: { ':me': dataset, ':keep': keepVersion } });
  }

  /**
   * Deletes each item whose own attributes still meet `condition` when the delete reaches
   * it; one that no longer does is left, not an error. Returns how many went.
   */
  private async deleteEachWhere(keys: readonly ItemKey[], condition: Pick<DeleteInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<number> {
    let deleted = 0;
    await inParallel(keys, SINGLE_WRITE_CONCURRENCY, async (key) => {
      try {
        await this.db.delete({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ...condition });
        deleted++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
    return deleted;
  }

  private async batchWrite(requests: WriteRequest[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_RETRIES) throw new UnavailableError(undefined, { cause: new Error(`BatchWriteItem left ${pending.length} item(s) unprocessed after ${MAX_RETRIES} retries`) });
      if (attempt > 0) await sleep(backoff(attempt));
      const response = await this.db.batchWrite({ RequestItems: { [this.tableName]: pending } });
      pending = response.UnprocessedItems?.[this.tableName] ?? [];
    }
  }

  /**
   * Keys of the items a dataset wrote under a version other than `keepVersion`, read
   * from the dataset index by key range: the items of `keepVersion` are not read, and
   * no other dataset's items are either.
   */
  async staleDatasetKeys(dataset: string, keepVersion: string): Promise<ItemKey[]> {
    const { below, from } = otherVersionRanges(keepVersion);
    const queries = Array.from({ length: DATASET_INDEX_SHARDS }, (_, shard) => datasetIndexPartition(dataset, shard)).flatMap((partition) => [
      { KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :bound', ExpressionAttributeValues: { ':pk': partition, ':bound': below } },
      { KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk >= :bound', ExpressionAttributeValues: { ':pk': partition, ':bound': from } },
    ]);
    const pages = await Promise.all(queries.map((query) => this.queryAll({ ...query, IndexName: DATASET_INDEX })));
    return pages.flat().map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
  }

  /** Keys of every item a dataset wrote, of any version, read from the dataset index. */
  async datasetItemKeys(dataset: string): Promise<ItemKey[]> {
    const partitions = Array.from({ length: DATASET_INDEX_SHARDS }, (_, shard) => datasetIndexPartition(dataset, shard));
    const pages = await Promise.all(partitions.map((partition) => this.queryAll({ IndexName: DATASET_INDEX, KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': partition } })));
    return pages.flat().map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
  }

  /**
   * Claims a namespace for a dataset: a conditional put, so a namespace has one owner.
   * Claiming one's own namespace again changes nothing.
   */
  async claimNamespace(namespace: string, dataset: string): Promise<void> {
    try {
      await this.db.put(
        ({
          TableName: this.tableName,
          Item: { ...namespaceClaimKey(namespace), entity: 'namespace', owner: dataset },
          ConditionExpression: 'attribute_not_exists(pk) OR #owner = :me',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':me': dataset },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const owner = (await this.db.get(({ TableName: this.tableName, Key: namespaceClaimKey(namespace), ConsistentRead: true }))).Item?.owner;
      throw new ConflictError(
        `Namespace "${namespace}" belongs to dataset "${String(owner)}"; dataset "${dataset}" cannot write into it. Give "${dataset}" a namespace of its own in its dataset.yaml.`,
      );
    }
  }

  /** The dataset that owns a namespace, or null. */
  async namespaceOwner(namespace: string): Promise<string | null> {
    const response = await this.db.get(({ TableName: this.tableName, Key: namespaceClaimKey(namespace), ConsistentRead: true }));
    return (response.Item?.owner as string | undefined) ?? null;
  }

  /**
   * Replaces a dataset's count items with those of `version`: first the counts of types
   * the version no longer has go, then each type's count is written. Each is exact.
   * Returns how many count items went.
   */
  async replaceCounts(dataset: string, version: string, counts: ReadonlyMap<NodeTypeName, TypeCount>): Promise<number> {
    const existing = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': countPartition(), ':prefix': countSortPrefix(dataset) },
    });
    const gone = existing.filter((item) => {
      const parsed = parseCountSortKey(item.sk as string);
      return parsed.dataset === dataset && !counts.has(parsed.type as NodeTypeName);
    });
    const deleted = await this.deleteEachWhere(
      gone.map((item) => ({ pk: item.pk as string, sk: item.sk as string })),
      { ConditionExpression: '#ds = :me', ExpressionAttributeNames: { '#ds': 'ds' }, ExpressionAttributeValues: { ':me': dataset } },
    );
    await this.writeItems(
      [...counts].map(([type, count]) => ({ ...countKey(dataset, type), entity: 'count', ds: dataset, dsv: version, all: count.all, public: count.public, shards: count.shards })),
    );
    return deleted;
  }

  /**
   * The datasets loaded, as the viewer may know them: a caller who may not see restricted
   * items gets the public part's version and counts, so neither reveals that they exist.
   */
  async listDatasets(viewer: Viewer): Promise<DatasetRecord[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': datasetPartition() } });
    const all = seesRestricted(viewer);
    const pick = (item: Item, full: string, publicPart: string) => (all || item[publicPart] === undefined ? item[full] : item[publicPart]);
    // A dataset whose first load has not finished has no version yet, and is not listed.
    return items.filter((item) => typeof item.version === 'string').map((item) => ({
      name: item.sk as string,
      version: pick(item, 'version', 'publicVersion') as string,
      loadedAt: item.loadedAt as string,
      nodeCount: pick(item, 'nodes', 'publicNodes') as number,
      edgeCount: pick(item, 'edges', 'publicEdges') as number,
      ...factsOf(item),
    }));
  }

  /**
   * Every dataset loaded to the end, as the API shows it: what it says about itself, and
   * its nodes per type from its count items (what anyone may see).
   */
  async listDatasetInfo(viewer: Viewer): Promise<DatasetInfo[]> {
    const [records, counts] = await Promise.all([this.listDatasets(viewer), this.liveCounts()]);
    const all = seesRestricted(viewer);
    const countsOf = new Map<string, Partial<Record<NodeTypeName, number>>>();
    for (const count of counts) {
      // A viewer who may not see restricted nodes counts the public ones (`all` where a count item predates visibility).
      const visible = all || typeof count.public !== 'number' ? count.all : count.public;
      if (!(count.type in NODE_TYPES) || !(visible > 0)) continue;
      if (!countsOf.has(count.dataset)) countsOf.set(count.dataset, {});
      countsOf.get(count.dataset)![count.type] = visible;
    }
    return records.map((record): DatasetInfo => {
      const nodeCounts = countsOf.get(record.name) ?? {};
      return {
        name: record.name,
        title: record.title ?? record.name,
        namespace: record.namespace ?? null,
        council: record.council ? { name: record.council.name, onsCode: record.council.onsCode ?? null } : null,
        fictional: record.fictional === true,
        version: record.version,
        loadedAt: record.loadedAt,
        nodeCount: Object.values(nodeCounts).reduce((sum, n) => sum + (n ?? 0), 0),
        edgeCount: record.edgeCount,
        nodeCounts,
      };
    });
  }

  /** The last version of a dataset loaded to the end, or null. */
  async getDatasetVersion(name: string): Promise<{ version: string; loadedAt: string; nodes: number; edges: number } | null> {
    const response = await this.db.get(({ TableName: this.tableName, Key: datasetKey(name), ConsistentRead: true }));
    const item = response.Item;
    return item && typeof item.version === 'string' ? { version: item.version, loadedAt: item.loadedAt as string, nodes: item.nodes as number, edges: item.edges as number } : null;
  }

  /** The dataset's record as the loader needs it: null when the dataset was never loaded. */
  async getDatasetLoadState(name: string): Promise<DatasetLoadState | null> {
    const response = await this.db.get(({ TableName: this.tableName, Key: datasetKey(name), ConsistentRead: true }));
    const item = response.Item;
    if (!item) return null;
    return { version: typeof item.version === 'string' ? item.version : null, loading: typeof item.loading === 'string' ? item.loading : null, rev: typeof item.rev === 'number' ? item.rev : 0 };
  }

  /**
   * Marks a load of `version` as under way, before its first write, if the record is
   * still at `expectedRev`. Returns the new revision, which finishing the load needs.
   */
  async beginDatasetLoad(name: string, version: string, expectedRev: number): Promise<number> {
    const rev = expectedRev + 1;
    await this.conditional(
      ({
        TableName: this.tableName,
        Key: datasetKey(name),
        UpdateExpression: 'SET #entity = :entity, #loading = :loading, #loadStartedAt = :now, #rev = :rev',
        ConditionExpression: expectedRev === 0 ? 'attribute_not_exists(#rev)' : '#rev = :expected',
        ExpressionAttributeNames: { '#entity': 'entity', '#loading': 'loading', '#loadStartedAt': 'loadStartedAt', '#rev': 'rev' },
        ExpressionAttributeValues: { ':entity': 'dataset', ':loading': version, ':now': new Date().toISOString(), ':rev': rev, ...(expectedRev === 0 ? {} : { ':expected': expectedRev }) },
      }),
      name,
    );
    return rev;
  }

  /**
   * Records `version` as loaded to the end, with what the dataset says about itself,
   * if this loader's mark (`markedRev`) still stands.
   */
  async finishDatasetLoad(
    name: string,
    record: { version: string; nodes: number; edges: number; publicPart?: { version: string; nodes: number; edges: number } },
    markedRev: number,
    facts: DatasetFacts = {},
  ): Promise<void> {
    // What an anonymous reader may know of the dataset: its public part's version and counts.
    const publicPart = record.publicPart ?? { version: record.version, nodes: record.nodes, edges: record.edges };
    const set: Record<string, unknown> = {
      version: record.version,
      nodes: record.nodes,
      edges: record.edges,
      publicVersion: publicPart.version,
      publicNodes: publicPart.nodes,
      publicEdges: publicPart.edges,
      loadedAt: new Date().toISOString(),
      rev: markedRev + 1,
    };
    const remove = ['loading', 'loadStartedAt'];
    for (const field of ['namespace', 'title', 'council', 'fictional', 'dependencies'] as const) {
      if (facts[field] === undefined) remove.push(field);
      else set[field] = facts[field];
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':marked': markedRev };
    const assignments = Object.entries(set).map(([field, value]) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      return `#${field} = :${field}`;
    });
    for (const field of remove) names[`#${field}`] = field;
    await this.conditional(
      ({
        TableName: this.tableName,
        Key: datasetKey(name),
        UpdateExpression: `SET ${assignments.join(', ')} REMOVE ${remove.map((field) => `#${field}`).join(', ')}`,
        ConditionExpression: '#rev = :marked AND #loading = :version',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
      name,
    );
  }

  private async conditional(command: UpdateInput, name: string): Promise<void> {
    try {
      await this.db.update(command);
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`Dataset "${name}" was changed by another loader while this one ran; run the load again.`);
      }
      throw error;
    }
  }

  /**
   * Records the loaded version of a dataset, only if it is still `expectedPrevious`
   * (null: not loaded yet), so two loaders racing cannot both claim success.
   */
  async putDatasetVersion(name: string, record: { version: string; nodes: number; edges: number }, expectedPrevious: string | null): Promise<void> {
    try {
      await this.db.put(
        ({
          TableName: this.tableName,
          Item: { ...datasetKey(name), entity: 'dataset', ...record, loadedAt: new Date().toISOString() },
          ...(expectedPrevious === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':previous': expectedPrevious } }),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`Dataset "${name}" was changed by another loader while this one ran; run the load again.`);
      }
      throw error;
    }
  }

  /**
   * Marks a dataset's removal as under way, if its record is still at `expectedRev`: the
   * record loses its version, so the dataset is no longer listed (nor searched) while its
   * items go, and a loader that was running can no longer finish. Returns the new revision.
   */
  async beginDatasetRemoval(name: string, expectedRev: number | null): Promise<number> {
    const rev = (expectedRev ?? 0) + 1;
    await this.conditional(
      ({
        TableName: this.tableName,
        Key: datasetKey(name),
        UpdateExpression: 'SET #entity = :entity, #loading = :removal, #loadStartedAt = :now, #rev = :rev REMOVE #version',
        // With no record, one is made for the removal, so a first load cannot begin beside it.
        ConditionExpression: expectedRev === null ? 'attribute_not_exists(pk)' : '#rev = :expected',
        ExpressionAttributeNames: { '#entity': 'entity', '#loading': 'loading', '#loadStartedAt': 'loadStartedAt', '#rev': 'rev', '#version': 'version' },
        ExpressionAttributeValues: { ':entity': 'dataset', ':removal': REMOVAL_MARK, ':now': new Date().toISOString(), ':rev': rev, ...(expectedRev === null ? {} : { ':expected': expectedRev }) },
      }),
      name,
    );
    return rev;
  }

  /** Gives up every namespace the dataset owns (its own, and the unqualified ids'), so another dataset may claim it. */
  async releaseNamespaces(dataset: string): Promise<string[]> {
    const claims = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': namespacePartition() } });
    const owned = claims.filter((item) => item.owner === dataset).map((item) => ({ pk: item.pk as string, sk: item.sk as string }));
    await this.deleteEachWhere(owned, { ConditionExpression: '#owner = :me', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':me': dataset } });
    return owned.map((key) => key.sk).sort();
  }

  /** Deletes the dataset's record, the last step of its removal, if the remover's mark (`markedRev`) still stands. */
  async deleteDatasetRecord(name: string, markedRev: number): Promise<void> {
    try {
      await this.db.delete(
        ({
          TableName: this.tableName,
          Key: datasetKey(name),
          ConditionExpression: '#rev = :marked AND #loading = :removal',
          ExpressionAttributeNames: { '#rev': 'rev', '#loading': 'loading' },
          ExpressionAttributeValues: { ':marked': markedRev, ':removal': REMOVAL_MARK },
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError(`Dataset "${name}" was changed by another loader while it was being removed; run the removal again.`);
      throw error;
    }
  }

  // -------------------------------------------------------------------------------
  // Many datasets, for exports and imports: what each dataset's record says of it.
  // -------------------------------------------------------------------------------

  /** Sets what a dataset says about itself on its record, which must exist (an import restores it so). */
  async recordDatasetFacts(name: string, facts: DatasetFacts): Promise<void> {
    const fields = (['namespace', 'title', 'council', 'fictional', 'dependencies'] as const).filter((field) => facts[field] !== undefined);
    if (fields.length === 0) return;
    await this.db.update(
      ({
        TableName: this.tableName,
        Key: datasetKey(name),
        UpdateExpression: `SET ${fields.map((field) => `#${field} = :${field}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(#version)',
        ExpressionAttributeNames: { '#version': 'version', ...Object.fromEntries(fields.map((field) => [`#${field}`, field])) },
        ExpressionAttributeValues: Object.fromEntries(fields.map((field) => [`:${field}`, facts[field]])),
      }),
    );
  }
}

function factsOf(item: Item): DatasetFacts {
  const facts: DatasetFacts = {};
  if (typeof item.namespace === 'string') facts.namespace = item.namespace;
  if (typeof item.title === 'string') facts.title = item.title;
  if (item.council && typeof item.council === 'object') facts.council = item.council as DatasetFacts['council'];
  if (typeof item.fictional === 'boolean') facts.fictional = item.fictional;
  if (Array.isArray(item.dependencies)) facts.dependencies = item.dependencies as string[];
  return facts;
}
