/**
 * The search index's items and reads (functions/storage/search-index-store.ts) on the
 * embedded engine, over the three small fictional datasets (test/fixtures/fictional-councils.ts):
 * what each item written holds, and what each read asks the table for. The index's
 * ranking and its behaviour at scale are tested in search-index.integration.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../functions/core/access.js';
import type { GraphNode } from '../../functions/core/dataset.js';
import { buildSearchIndex, type SearchIndexContent } from '../../functions/core/search-index.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { DynamoSearchIndex, indexItems } from '../../functions/storage/search-index-store.js';
import { searchVariantBucketKey } from '../../functions/storage/keys.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { HARBOURSIDE, harboursideGraph, loadFictionalCouncils } from '../fixtures/fictional-councils.js';
import { aroundCalls, type TableOperation } from '../fixtures/table-calls.js';

const TABLE = 'search-index-store';
let engine: LocalEngine;

beforeAll(async () => {
  engine = await startLocalEngine();
  await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), TABLE);
  await loadFictionalCouncils(new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), TABLE));
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

/** A reader over the loaded table, and every call it makes. */
function watchedIndex(viewer = ANONYMOUS, alter?: (operation: TableOperation, output: Record<string, unknown>, input: Record<string, unknown>) => void) {
  const calls: Array<{ operation: TableOperation; input: Record<string, unknown> }> = [];
  const client = aroundCalls(createTableClient({ endpoint: engine.endpoint }), async (operation, input, next) => {
    calls.push({ operation, input });
    const output = await next(input);
    alter?.(operation, output, input);
    return output;
  });
  return { index: new DynamoSearchIndex(client, TABLE, viewer), calls };
}

describe('the items of a dataset\'s search index', () => {
  it('carry the dataset\'s name and version and their kind, with variants listed by spaces', () => {
    // "patrol" and "petrol" share the one-letter-deleted variant "ptrol".
    const place = (slug: string, name: string): GraphNode => ({ id: `harbourside/place:${slug}`, type: 'Place', label: name, props: { name }, sources: [] });
    const nodes: GraphNode[] = [...harboursideGraph().nodes, place('patrol-point', 'Fictional Patrol Point'), place('petrol-point', 'Fictional Petrol Point')];
    const content: SearchIndexContent = buildSearchIndex(nodes);
    const items = indexItems(content, { name: 'fictional', version: 'v1' });
    expect(items.length).toBe(content.terms.length + content.blocks.length + content.variants.size + 1);
    for (const item of items) expect([item.ds, item.dsv]).toEqual(['fictional', 'v1']);
    const kinds = new Map<string, number>();
    for (const item of items) kinds.set(item.entity as string, (kinds.get(item.entity as string) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({
      'search-term': content.terms.length,
      ...(content.blocks.length ? { 'search-block': content.blocks.length } : {}),
      'search-variants': content.variants.size,
      'search-meta': 1,
    });
    // A variant that stands for two terms or more, written as one string of them.
    const [bucket, variants] = [...content.variants].find(([, map]) => [...map.values()].some((terms) => terms.length > 1))!;
    const key = searchVariantBucketKey('fictional', bucket);
    const bucketItem = items.find((item) => item.pk === key.pk && item.sk === key.sk)!;
    expect(bucketItem.v).toEqual(Object.fromEntries([...variants].map(([variant, terms]) => [variant, terms.join(' ')])));
    expect(Object.values(bucketItem.v as Record<string, string>).some((terms) => terms.includes(' '))).toBe(true);
    const meta = items.at(-1)!;
    expect(meta).toMatchObject({ entity: 'search-meta', buckets: content.buckets, ...content.stats });
  });
});

describe('the search index\'s reads', () => {
  it('read the number of variant buckets from the dataset\'s meta item, and none for a dataset with no index', async () => {
    const { index } = watchedIndex();
    expect(await index.variantBuckets(HARBOURSIDE.name)).toEqual(expect.any(Number));
    expect(await index.variantBuckets('fictional-unloaded')).toBeNull();
  });

  it('ask nothing of the table for postings the viewer may not read', async () => {
    const { index, calls } = watchedIndex();
    expect(await index.blockPostings(HARBOURSIDE.name, 'review', 'restricted')).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('read node texts with only the attributes a search needs, in the order asked, with null for ids it cannot find', async () => {
    const { index, calls } = watchedIndex();
    const ids = harboursideGraph().nodes.slice(0, 3).map((node) => node.id);
    const texts = await index.nodeTexts([ids[2]!, 'harbourside/person:nobody-fictional', ids[0]!, ids[2]!]);
    expect(texts[1]).toBeNull();
    expect(texts[0]).toEqual(expect.any(String));
    expect(texts[0]).toBe(texts[3]);
    expect(texts[2]).not.toBe(texts[0]);
    expect(calls.map((call) => call.operation)).toEqual(['batchGet']);
    const request = (calls[0]!.input.RequestItems as Record<string, { Keys: unknown[]; ProjectionExpression?: string }>)[TABLE]!;
    expect([request.Keys.length, request.ProjectionExpression]).toEqual([3, '#id, #search, #vis']);
  });

  it('read more than a hundred keys in batches of a hundred, retrying unprocessed keys until every one is read', async () => {
    let cut = 0;
    const { index, calls } = watchedIndex(ANONYMOUS, (operation, output, input) => {
      if (operation !== 'batchGet' || cut >= 2) return;
      cut++;
      const keys = (input.RequestItems as Record<string, { Keys: Array<{ pk: string; sk: string }> }>)[TABLE]!.Keys;
      const held = keys.slice(0, 10);
      const heldKeys = new Set(held.map((key) => `${key.pk} ${key.sk}`));
      const responses = output.Responses as Record<string, Array<{ pk: string; sk: string }>>;
      responses[TABLE] = responses[TABLE]!.filter((item) => !heldKeys.has(`${item.pk} ${item.sk}`));
      output.UnprocessedKeys = { [TABLE]: { Keys: held } };
    });
    const real = harboursideGraph().nodes.map((node) => node.id);
    const ids = [...real, ...Array.from({ length: 150 }, (_, i) => `harbourside/person:absent-${i}`)];
    const texts = await index.nodeTexts(ids);
    expect(texts.slice(0, real.length).every((text) => typeof text === 'string')).toBe(true);
    expect(texts.slice(real.length).every((text) => text === null)).toBe(true);
    const sizes = calls.map((call) => (call.input.RequestItems as Record<string, { Keys: unknown[] }>)[TABLE]!.Keys.length);
    expect(cut).toBe(2);
    expect(sizes.slice(0, 2).sort((a, b) => a - b)).toEqual([ids.length - 100, 100].sort((a, b) => a - b));
    expect(sizes.slice(2)).toEqual([10, 10]);
  });
});
