/**
 * The embedded engine under sustained reads: every Query and Scan closes the storage
 * iterator it opened, so a long-running `npm start` does not grow with traffic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { nodeToItem } from '../../functions/storage/dataset-items.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { nodePartition } from '../../functions/storage/keys.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createNode } from '../fixtures/graph-builders.js';
import { settledHeap, startIteratorCensus, type IteratorCensus } from '../fixtures/iterator-census.js';

const QUERIES = 10_000;
const CONCURRENCY = 16;
/** Heap a settled process may gain over 10,000 Queries (1.4 MB measured; 9.2 MB when every iterator leaked). */
const HEAP_BOUND_BYTES = 4 * 1024 * 1024;

let engine: LocalEngine;
let census: IteratorCensus;

beforeAll(async () => {
  census = startIteratorCensus();
  engine = await startLocalEngine();
});

afterAll(async () => {
  census?.stop();
  await engine?.close();
});

describe('the embedded engine', () => {
  it('closes its storage iterators: 10,000 Queries leave the iterator count and the heap flat', { timeout: 180_000 }, async () => {
    const client = createDynamoDbClient({ endpoint: engine.endpoint });
    const doc = createTableClient({ endpoint: engine.endpoint });
    const tableName = 'leak-test';
    await ensureTable(client, tableName);
    const nodes = Array.from({ length: 20 }, (_, i) => createNode(`luton/place:leak-${i}`));
    await new DynamoGraphStore(doc, tableName).writeItems(nodes.map((n) => nodeToItem(n, { name: 'leak', version: 'v1' })));
    const query = (i: number) =>
      doc.query({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': nodePartition(nodes[i % nodes.length]!.id) } });

    // Warm up the SDK and the engine so the baseline holds their one-off allocations.
    for (let i = 0; i < 200; i++) await query(i);
    const liveBefore = census.live();
    const heapBefore = settledHeap();
    const openedBefore = census.opened();

    let next = 0;
    let found = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < QUERIES) {
          const { Items } = await query(next++);
          found += Items?.length ?? 0;
        }
      }),
    );
    // Scans end their iterators the same way.
    for (let i = 0; i < 50; i++) await doc.scan({ TableName: tableName, Limit: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const heapGrowth = settledHeap() - heapBefore;
    console.log(`engine leak check: ${census.opened() - openedBefore} iterators opened, live ${liveBefore} -> ${census.live()}, settled heap growth ${(heapGrowth / 1048576).toFixed(1)} MB`);
    expect(found).toBe(QUERIES);
    expect(census.opened() - openedBefore).toBeGreaterThanOrEqual(QUERIES);
    expect(census.live() - liveBefore).toBeLessThanOrEqual(2);
    expect(heapGrowth).toBeLessThan(HEAP_BOUND_BYTES);
  });
});
