/**
 * The search index as items of the graph table, beside the nodes: the items a load
 * writes (`searchIndexItems`) and the reads a search makes (`DynamoSearchIndex`).
 * Design and costs: core/search-index.ts and the README's "Search" section.
 */
import type { Viewer, Visibility } from '../core/access.js';
import type { GraphNode } from '../core/dataset.js';
import { UnavailableError } from '../core/errors.js';
import { buildSearchIndex, variantBucket, type Posting, type SearchIndexContent, type SearchIndexReader, type TermEntry } from '../core/search-index.js';
import {
  nodeKey,
  searchBlockKey,
  searchBlockPartition,
  searchMetaKey,
  searchTermKey,
  searchTermPartition,
  searchVariantBucketKey,
  termOfSearchTermKey,
} from './keys.js';
import type { QueryInput, TableClient } from './table-client.js';
import { readableVisibilities, visibleItems, withVisibility } from './visibility.js';

type Item = Record<string, unknown>;

const BATCH_GET_LIMIT = 100;
const MAX_RETRIES = 8;

/** The index items of a dataset's nodes, tagged like every item a load writes. */
export function searchIndexItems(graph: { nodes: Iterable<GraphNode> }, dataset: { name: string; version: string }, visibilityOf?: (node: GraphNode) => Visibility): Item[] {
  return indexItems(buildSearchIndex(graph.nodes, visibilityOf), dataset);
}

export function indexItems(index: SearchIndexContent, dataset: { name: string; version: string }): Item[] {
  return [...indexItemStream(index, dataset)];
}

/** The same items as `indexItems`, one at a time, so a large index is written without a second copy in memory. */
export function* indexItemStream(index: SearchIndexContent, dataset: { name: string; version: string }): Generator<Item> {
  const tag = { ds: dataset.name, dsv: dataset.version };
  for (const entry of index.terms) {
    yield {
      ...searchTermKey(dataset.name, entry.term, entry.vis),
      entity: 'search-term',
      ...tag,
      vis: entry.vis,
      n: entry.n,
      ...(entry.postings ? { p: entry.postings.map(([id, label]) => [id, label]) } : { b: entry.blocks }),
    };
  }
  for (const block of index.blocks) {
    yield { ...searchBlockKey(dataset.name, block.term, block.vis, block.block), entity: 'search-block', ...tag, vis: block.vis, p: block.postings.map(([id, label]) => [id, label]) };
  }
  for (const [bucket, variants] of index.variants) {
    yield { ...searchVariantBucketKey(dataset.name, bucket), entity: 'search-variants', ...tag, v: Object.fromEntries([...variants].map(([variant, terms]) => [variant, terms.join(' ')])) };
  }
  yield { ...searchMetaKey(dataset.name), entity: 'search-meta', ...tag, buckets: index.buckets, ...index.stats };
}

function toEntry(item: Item): TermEntry {
  const { term, vis } = termOfSearchTermKey(item.sk as string);
  const postings = item.p as Array<[string, string]> | undefined;
  return { term, vis: vis as Visibility, n: item.n as number, ...(postings ? { postings } : { blocks: item.b as number }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The index as one viewer may read it: term entries, postings and node texts the viewer
 * may not see are left out here, in storage, as in every other read (visibility.ts), so a
 * search neither finds nor counts them, whatever its caller asks for.
 */
export class DynamoSearchIndex implements SearchIndexReader {
  constructor(
    private readonly db: TableClient,
    private readonly tableName: string,
    private readonly viewer: Viewer,
  ) {}

  async variantBuckets(dataset: string): Promise<number | null> {
    const response = await this.db.get(({ TableName: this.tableName, Key: searchMetaKey(dataset) }));
    return typeof response.Item?.buckets === 'number' ? response.Item.buckets : null;
  }

  async termsWithPrefix(dataset: string, prefix: string): Promise<TermEntry[]> {
    const items = await this.queryAll(
      withVisibility(this.viewer, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': searchTermPartition(dataset, prefix), ':prefix': prefix },
      }),
    );
    return visibleItems(this.viewer, items).map(toEntry);
  }

  async termsExactly(dataset: string, terms: readonly string[]): Promise<TermEntry[]> {
    const items = await this.batchGet(terms.flatMap((term) => readableVisibilities(this.viewer).map((vis) => searchTermKey(dataset, term, vis))));
    return visibleItems(this.viewer, items).map(toEntry);
  }

  async variantTerms(dataset: string, variants: readonly string[], buckets: number): Promise<Map<string, string[]>> {
    const wanted = [...new Set(variants.map((v) => variantBucket(v, buckets)))];
    const items = await this.batchGet(wanted.map((bucket) => searchVariantBucketKey(dataset, bucket)));
    const found = new Map<string, string[]>();
    for (const item of items) {
      const map = (item.v ?? {}) as Record<string, string>;
      for (const variant of variants) if (Object.hasOwn(map, variant)) found.set(variant, map[variant]!.split(' '));
    }
    return found;
  }

  async blockPostings(dataset: string, term: string, vis: Visibility): Promise<Posting[]> {
    if (!readableVisibilities(this.viewer).includes(vis)) return [];
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': searchBlockPartition(dataset, term, vis) } });
    return visibleItems(this.viewer, items).flatMap((item) => item.p as Array<[string, string]>);
  }

  async nodeTexts(ids: readonly string[]): Promise<Array<string | null>> {
    const items = await this.batchGet(
      [...new Set(ids)].map((id) => nodeKey(id)),
      { ProjectionExpression: '#id, #search, #vis', ExpressionAttributeNames: { '#id': 'id', '#search': 'search', '#vis': 'vis' } },
    );
    const texts = new Map(visibleItems(this.viewer, items).map((item) => [item.id as string, (item.search ?? '') as string]));
    return ids.map((id) => texts.get(id) ?? null);
  }

  private async queryAll(input: Omit<QueryInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const response = await this.db.query(({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      items.push(...((response.Items ?? []) as Item[]));
      start = response.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** BatchGetItem in chunks of 100; unprocessed keys retried with capped backoff, never dropped. */
  private async batchGet(keys: ReadonlyArray<{ pk: string; sk: string }>, projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {}): Promise<Item[]> {
    const found: Item[] = [];
    await Promise.all(
      Array.from({ length: Math.ceil(keys.length / BATCH_GET_LIMIT) }, async (_, c) => {
        let pending: Item[] = keys.slice(c * BATCH_GET_LIMIT, (c + 1) * BATCH_GET_LIMIT).map((key) => ({ ...key }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > MAX_RETRIES) throw new UnavailableError(undefined, { cause: new Error(`BatchGetItem left ${pending.length} key(s) unprocessed after ${MAX_RETRIES} retries`) });
          if (attempt > 0) await sleep(Math.random() * Math.min(1000, 25 * 2 ** attempt));
          const response = await this.db.batchGet(({ RequestItems: { [this.tableName]: { Keys: pending, ...projection } } }));
          found.push(...((response.Responses?.[this.tableName] ?? []) as Item[]));
          pending = (response.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
        }
      }),
    );
    return found;
  }
}
