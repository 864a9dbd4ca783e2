/**
 * The DynamoDB adapter of the graph: reads and writes nodes and edges as items of the
 * single table. The domain core never sees an item or a key; it gets GraphNode and
 * GraphEdge values back.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Citation } from '../core/citations.js';
import type { EdgeProps, GraphEdge, GraphNode, Properties } from '../core/dataset.js';
import { ConflictError, UnavailableError } from '../core/errors.js';
import { NODE_TYPES, type EdgeTypeName, type NodeTypeName } from '../core/model.js';
import { searchableText } from '../core/search.js';
import type { Direction, GraphReader, NodeSummary, Page, PageWindow } from '../core/ports.js';
import { datasetKey, datasetPartition, edgeKey, edgeSortPrefix, nodeKey, nodePartition, nodeTypeIndexKeys, typePartition } from './keys.js';
import { aliasKey, countPartition, parseCountSortKey } from './keys.js';
import type { DatasetInfo } from '../core/datasets.js';
import type { DatasetDescriptor } from '../core/namespaces.js';
import { REVERSE_INDEX, TYPE_INDEX } from './table-definition.js';

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;
const MAX_RETRIES = 8;
const BASE_DELAY_MS = 25;
const MAX_DELAY_MS = 1000;

type Item = Record<string, unknown>;

export interface StoredNode extends GraphNode {
  dataset?: string;
}

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

export function nodeToItem(node: GraphNode, dataset?: { name: string; version: string }): Item {
  return {
    ...nodeKey(node.id),
    ...nodeTypeIndexKeys(node.type, node.id),
    entity: 'node',
    id: node.id,
    type: node.type,
    label: node.label,
    props: node.props,
    sources: node.sources,
    search: searchableText(node),
    ...(dataset ? { ds: dataset.name, dsv: dataset.version } : {}),
  };
}

export function edgeToItem(edge: GraphEdge, dataset?: { name: string; version: string }): Item {
  return {
    ...edgeKey(edge.from, edge.type, edge.to),
    entity: 'edge',
    from: edge.from,
    type: edge.type,
    to: edge.to,
    props: edge.props,
    sources: edge.sources,
    ...(dataset ? { ds: dataset.name, dsv: dataset.version } : {}),
  };
}

export function itemToNode(item: Item): GraphNode {
  return {
    id: item.id as string,
    type: item.type as NodeTypeName,
    label: item.label as string,
    props: (item.props ?? {}) as Properties,
    sources: (item.sources ?? []) as Citation[],
    ...(typeof item.ds === 'string' ? { dataset: item.ds } : {}),
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
  };
}

export class DynamoGraphStore implements GraphReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  /**
   * Reads nodes by id: BatchGetItem in chunks of 100, unprocessed keys retried with
   * capped backoff. The result is aligned with `ids`: null where no node exists.
   */
  async getNodes(ids: readonly string[]): Promise<Array<GraphNode | null>> {
    const unique = [...new Set(ids)];
    const found = new Map<string, GraphNode>();
    await Promise.all(
      chunk(unique, BATCH_GET_LIMIT).map(async (ids) => {
        let keys: Item[] = ids.map((id) => ({ ...nodeKey(id) }));
        for (let attempt = 0; keys.length > 0; attempt++) {
          if (attempt > MAX_RETRIES) throw new UnavailableError(undefined, { cause: new Error(`BatchGetItem left ${keys.length} key(s) unprocessed after ${MAX_RETRIES} retries`) });
          if (attempt > 0) await sleep(backoff(attempt));
          const response = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
          for (const item of response.Responses?.[this.tableName] ?? []) found.set(item.id as string, itemToNode(item));
          keys = (response.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
        }
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  }

  /** Every edge leaving (`out`) or entering (`in`) a node, all pages, optionally of one type. */
  async getEdges(id: string, direction: Direction, type?: EdgeTypeName): Promise<GraphEdge[]> {
    const items = await this.queryAll(
      direction === 'out'
        ? { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': nodePartition(id), ':prefix': edgeSortPrefix(type) } }
        : { IndexName: REVERSE_INDEX, KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)', ExpressionAttributeValues: { ':pk': nodePartition(id), ':prefix': edgeSortPrefix(type) } },
    );
    return items.map(itemToEdge);
  }

  /** One page of the nodes of a type, in id order. */
  /**
   * One page of the nodes of a type, in id order: `size` after a node id (forwards) or
   * before one (backwards, read in descending order and returned ascending). Whether more
   * lie beyond either end is settled by a one-item look each way, only where it is not
   * already known.
   */
  async listNodes(type: NodeTypeName, window: PageWindow, scope?: ReadonlySet<string> | null): Promise<Page<GraphNode>> {
    if (scope) return this.listNodesOf(type, window, scope);
    const forward = window.direction === 'forward';
    const bound = forward ? window.after : window.before;
    const response = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TYPE_INDEX,
        KeyConditionExpression: bound ? `gsi2pk = :pk AND gsi2sk ${forward ? '>' : '<'} :bound` : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': typePartition(type), ...(bound ? { ':bound': bound } : {}) },
        ScanIndexForward: forward,
        Limit: window.size,
      }),
    );
    const read = (response.Items ?? []).map(itemToNode);
    const items = forward ? read : [...read].reverse();
    // DynamoDB may return a LastEvaluatedKey on an exactly-full last page; a look beyond settles it.
    const beyondFar = response.LastEvaluatedKey !== undefined && read.length === window.size && (await this.anyNodeBeyond(type, read[read.length - 1]!.id, forward));
    // Behind the cursor: the node it names, or any before it, when a cursor was given.
    const behind = bound ? await this.anyNodeBeyond(type, bound, !forward, true) : false;
    return forward ? { items, hasNextPage: beyondFar, hasPreviousPage: behind } : { items, hasNextPage: behind, hasPreviousPage: beyondFar };
  }

  /** Whether any node of the type has an id after (or before) `id`, or equal to it when `inclusive`. */
  private async anyNodeBeyond(type: NodeTypeName, id: string, after: boolean, inclusive = false): Promise<boolean> {
    const op = after ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
    const peek = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TYPE_INDEX,
        KeyConditionExpression: `gsi2pk = :pk AND gsi2sk ${op} :id`,
        ExpressionAttributeValues: { ':pk': typePartition(type), ':id': id },
        ScanIndexForward: after,
        Limit: 1,
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { '#id': 'id' },
      }),
    );
    return (peek.Items ?? []).length > 0;
  }

  async countNodes(type: NodeTypeName, scope?: ReadonlySet<string> | null): Promise<number> {
    let count = 0;
    const filter = scope ? datasetFilter(scope) : undefined;
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TYPE_INDEX,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': typePartition(type), ...filter?.values },
          ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += response.Count ?? 0;
      start = response.LastEvaluatedKey;
    } while (start);
    return count;
  }

  /** Id, type, label and search text of every node of the given types, for ranking a search. */
  async listSummaries(types: readonly NodeTypeName[], scope?: ReadonlySet<string> | null): Promise<NodeSummary[]> {
    const filter = scope ? datasetFilter(scope) : undefined;
    const pages = await Promise.all(
      types.map((type) =>
        this.queryAll({
          IndexName: TYPE_INDEX,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': typePartition(type), ...filter?.values },
          // Attribute names in projections go through placeholders: several are reserved words.
          ProjectionExpression: '#id, #type, #label, #search',
          ExpressionAttributeNames: { '#id': 'id', '#type': 'type', '#label': 'label', '#search': 'search', ...filter?.names },
          ...(filter ? { FilterExpression: filter.expression } : {}),
        }),
      ),
    );
    return pages.flat().map((item) => ({ id: item.id as string, type: item.type as NodeTypeName, label: item.label as string, search: (item.search ?? '') as string }));
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      items.push(...((response.Items ?? []) as Item[]));
      start = response.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Writes items in chunks of 25; unprocessed items are retried with capped backoff
   * and never dropped. Puts overwrite, so a repeated write is a no-op in effect.
   */
  async writeItems(items: Item[], concurrency = 4): Promise<void> {
    const chunks = chunk(items, BATCH_WRITE_LIMIT);
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const batch = chunks[next++]!;
        await this.batchWrite(batch.map((Item) => ({ PutRequest: { Item } })));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  }

  async deleteItems(keys: Array<{ pk: string; sk: string }>): Promise<void> {
    for (const batch of chunk(keys, BATCH_WRITE_LIMIT)) {
      await this.batchWrite(batch.map((Key) => ({ DeleteRequest: { Key } })));
    }
  }

  private async batchWrite(requests: Item[]): Promise<void> {
    let pending = requests;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > MAX_RETRIES) throw new UnavailableError(undefined, { cause: new Error(`BatchWriteItem left ${pending.length} item(s) unprocessed after ${MAX_RETRIES} retries`) });
      if (attempt > 0) await sleep(backoff(attempt));
      const response = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }));
      pending = (response.UnprocessedItems?.[this.tableName] ?? []) as Item[];
    }
  }

  /** Keys of the items a dataset wrote under a version other than `keepVersion`. */
  async staleDatasetKeys(dataset: string, keepVersion: string): Promise<Array<{ pk: string; sk: string }>> {
    const keys: Array<{ pk: string; sk: string }> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#ds = :ds AND #dsv <> :keep',
          ExpressionAttributeNames: { '#ds': 'ds', '#dsv': 'dsv', '#pk': 'pk', '#sk': 'sk' },
          ExpressionAttributeValues: { ':ds': dataset, ':keep': keepVersion },
          ProjectionExpression: '#pk, #sk',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of response.Items ?? []) keys.push({ pk: item.pk as string, sk: item.sk as string });
      start = response.LastEvaluatedKey;
    } while (start);
    return keys;
  }

  async listDatasets(): Promise<Array<{ name: string; version: string; loadedAt: string; nodeCount: number; edgeCount: number }>> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': datasetPartition() } });
    // A dataset whose first load has not finished has no version yet, and is not listed.
    return items.filter((item) => typeof item.version === 'string').map((item) => ({
      name: item.sk as string,
      version: item.version as string,
      loadedAt: item.loadedAt as string,
      nodeCount: item.nodes as number,
      edgeCount: item.edges as number,
    }));
  }

  /** The last version of a dataset loaded to the end, or null. */
  async getDatasetVersion(name: string): Promise<{ version: string; loadedAt: string; nodes: number; edges: number } | null> {
    const response = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: datasetKey(name), ConsistentRead: true }));
    const item = response.Item;
    return item && typeof item.version === 'string' ? { version: item.version, loadedAt: item.loadedAt as string, nodes: item.nodes as number, edges: item.edges as number } : null;
  }

  /** The dataset's record as the loader needs it: null when the dataset was never loaded. */
  async getDatasetLoadState(name: string): Promise<DatasetLoadState | null> {
    const response = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: datasetKey(name), ConsistentRead: true }));
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
      new UpdateCommand({
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

  /** Records `version` as loaded to the end, if this loader's mark (`markedRev`) still stands. */
  async finishDatasetLoad(name: string, record: { version: string; nodes: number; edges: number }, markedRev: number): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: datasetKey(name),
        UpdateExpression: 'SET #version = :version, #nodes = :nodes, #edges = :edges, #loadedAt = :now, #rev = :rev REMOVE #loading, #loadStartedAt',
        ConditionExpression: '#rev = :marked AND #loading = :version',
        ExpressionAttributeNames: { '#version': 'version', '#nodes': 'nodes', '#edges': 'edges', '#loadedAt': 'loadedAt', '#rev': 'rev', '#loading': 'loading', '#loadStartedAt': 'loadStartedAt' },
        ExpressionAttributeValues: { ':version': record.version, ':nodes': record.nodes, ':edges': record.edges, ':now': new Date().toISOString(), ':rev': markedRev + 1, ':marked': markedRev },
      }),
      name,
    );
  }

  private async conditional(command: UpdateCommand, name: string): Promise<void> {
    try {
      await this.doc.send(command);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
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
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...datasetKey(name), entity: 'dataset', ...record, loadedAt: new Date().toISOString() },
          ...(expectedPrevious === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#version = :previous', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':previous': expectedPrevious } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`Dataset "${name}" was changed by another loader while this one ran; run the load again.`);
      }
      throw error;
    }
  }
  // -------------------------------------------------------------------------------
  // Many datasets: reads limited to some datasets, old ids through alias items, and
  // what the API shows of each dataset.
  // -------------------------------------------------------------------------------

  /**
   * One page of the nodes of a type that belong to the datasets in `scope`, in id order.
   * The type index holds every dataset's nodes, so pages are read (a page size at a
   * time) until `size` matching nodes are found or the index ends; one more match is
   * looked for to tell whether another page follows.
   */
  private async listNodesOf(type: NodeTypeName, window: PageWindow, scope: ReadonlySet<string>): Promise<Page<GraphNode>> {
    const forward = window.direction === 'forward';
    const bound = forward ? window.after : window.before;
    const read = await this.matchingNodes(type, scope, { bound, forward, inclusive: false, want: window.size + 1, pageSize: window.size + 1 });
    const beyondFar = read.length > window.size;
    const page = read.slice(0, window.size);
    const items = forward ? page : [...page].reverse();
    const behind = bound ? (await this.matchingNodes(type, scope, { bound, forward: !forward, inclusive: true, want: 1, pageSize: window.size + 1 })).length > 0 : false;
    return forward ? { items, hasNextPage: beyondFar, hasPreviousPage: behind } : { items, hasNextPage: behind, hasPreviousPage: beyondFar };
  }

  /** Up to `want` nodes of the type in scope, from `bound` on in the given direction. */
  private async matchingNodes(
    type: NodeTypeName,
    scope: ReadonlySet<string>,
    options: { bound: string | null; forward: boolean; inclusive: boolean; want: number; pageSize: number },
  ): Promise<GraphNode[]> {
    const { bound, forward, inclusive, want, pageSize } = options;
    const op = forward ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
    const filter = datasetFilter(scope);
    const found: GraphNode[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: TYPE_INDEX,
          KeyConditionExpression: bound ? `gsi2pk = :pk AND gsi2sk ${op} :bound` : 'gsi2pk = :pk',
          FilterExpression: filter.expression,
          ExpressionAttributeNames: filter.names,
          ExpressionAttributeValues: { ':pk': typePartition(type), ...(bound ? { ':bound': bound } : {}), ...filter.values },
          ScanIndexForward: forward,
          Limit: pageSize,
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(response.Items ?? []).map(itemToNode));
      start = response.LastEvaluatedKey;
    } while (start && found.length < want);
    return found.slice(0, want);
  }

  /** The qualified id each old (unqualified) id now names, aligned with `ids`; null where none. */
  async resolveAliases(ids: readonly string[]): Promise<Array<string | null>> {
    const found = new Map<string, string>();
    for (const batch of chunk([...new Set(ids)], BATCH_GET_LIMIT)) {
      let keys: Item[] = batch.map((id) => ({ ...aliasKey(id) }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > MAX_RETRIES) throw new UnavailableError(undefined, { cause: new Error(`BatchGetItem left ${keys.length} alias key(s) unprocessed after ${MAX_RETRIES} retries`) });
        if (attempt > 0) await sleep(backoff(attempt));
        const response = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of response.Responses?.[this.tableName] ?? []) {
          if (typeof item.target === 'string') found.set(String(item.pk).slice(aliasKey('').pk.length), item.target);
        }
        keys = (response.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
      }
    }
    return ids.map((id) => found.get(id) ?? null);
  }

  /**
   * Every dataset loaded to the end, as the API shows it. Counts per type come from the
   * count items where the loader wrote them, else from the dataset record.
   */
  async listDatasetInfo(): Promise<DatasetInfo[]> {
    const [records, counts] = await Promise.all([
      this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': datasetPartition() }, ConsistentRead: true }),
      this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': countPartition() } }),
    ]);
    const countsOf = new Map<string, Partial<Record<NodeTypeName, number>>>();
    for (const item of counts) {
      const parsed = parseCountSortKey(String(item.sk));
      // Visibility: what anyone may see, where the count item says so.
      const value = typeof item.public === 'number' ? item.public : item.all;
      if (!parsed || typeof value !== 'number' || !(parsed.type in NODE_TYPES)) continue;
      if (!countsOf.has(parsed.dataset)) countsOf.set(parsed.dataset, {});
      if (value > 0) countsOf.get(parsed.dataset)![parsed.type as NodeTypeName] = value;
    }
    return records
      .filter((item) => typeof item.version === 'string')
      .map((item): DatasetInfo => {
        const name = String(item.sk);
        const council = item.council as { name?: unknown; onsCode?: unknown } | undefined;
        const perType = countsOf.get(name) ?? ((item.typeCounts ?? {}) as Partial<Record<NodeTypeName, number>>);
        const fromItems = countsOf.has(name);
        return {
          name,
          title: typeof item.title === 'string' ? item.title : name,
          namespace: typeof item.namespace === 'string' ? item.namespace : null,
          council: council && typeof council.name === 'string' ? { name: council.name, onsCode: typeof council.onsCode === 'string' ? council.onsCode : null } : null,
          fictional: item.fictional === true,
          version: item.version as string,
          loadedAt: item.loadedAt as string,
          nodeCount: fromItems ? Object.values(perType).reduce((a, b) => a + (b ?? 0), 0) : (item.nodes as number),
          edgeCount: item.edges as number,
          nodeCounts: perType,
        };
      });
  }

  /**
   * Records what a dataset declares about itself (title, namespace, council, fictional,
   * dependencies) and its node counts per type on its record, once a load has finished.
   */
  async describeDataset(descriptor: DatasetDescriptor, typeCounts: Partial<Record<NodeTypeName, number>>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: datasetKey(descriptor.name),
        UpdateExpression: 'SET #title = :title, #namespace = :namespace, #council = :council, #fictional = :fictional, #dependencies = :dependencies, #typeCounts = :typeCounts',
        ConditionExpression: 'attribute_exists(#version)',
        ExpressionAttributeNames: {
          '#title': 'title',
          '#namespace': 'namespace',
          '#council': 'council',
          '#fictional': 'fictional',
          '#dependencies': 'dependencies',
          '#typeCounts': 'typeCounts',
          '#version': 'version',
        },
        ExpressionAttributeValues: {
          ':title': descriptor.title,
          ':namespace': descriptor.namespace,
          ':council': descriptor.council ?? null,
          ':fictional': descriptor.fictional === true,
          ':dependencies': descriptor.dependencies,
          ':typeCounts': typeCounts,
        },
      }),
    );
  }
}

/** A filter keeping items of the datasets in scope (`ds IN (...)`). */
function datasetFilter(scope: ReadonlySet<string>): { expression: string; names: Record<string, string>; values: Record<string, string> } {
  const names = [...scope];
  const values = Object.fromEntries(names.map((name, i) => [`:ds${i}`, name]));
  return { expression: `#ds IN (${Object.keys(values).join(', ')})`, names: { '#ds': 'ds' }, values };
}
