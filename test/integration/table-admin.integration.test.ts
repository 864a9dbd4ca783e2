/**
 * ensureTable against the engine over HTTP: a missing table is created, a current one
 * left alone with its items, and one built for another key layout (other indexes)
 * dropped and built again.
 */
import { CreateTableCommand, DescribeTableCommand, GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { createDynamoDbClient } from '../../functions/storage/dynamodb-client.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createTableInput } from '../../functions/storage/table-definition.js';

let engine: LocalEngine;
let client: DynamoDBClient;

beforeAll(async () => {
  engine = await startLocalEngine();
  if (new URL(engine.endpoint).hostname !== '127.0.0.1') throw new Error(`Refusing non-loopback endpoint ${engine.endpoint}`);
  client = createDynamoDbClient({ endpoint: engine.endpoint });
});

afterAll(async () => {
  await engine?.close();
});

const CURRENT_INDEXES = createTableInput('x').GlobalSecondaryIndexes.map((index) => index.IndexName).sort();
const KEY = { pk: { S: 'fictional#1' }, sk: { S: '#NODE' } };

async function shape(tableName: string) {
  const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table!;
  return {
    status: table.TableStatus,
    indexes: (table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort(),
    indexesActive: (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE'),
  };
}

async function hasItem(tableName: string): Promise<boolean> {
  return (await client.send(new GetItemCommand({ TableName: tableName, Key: KEY }))).Item !== undefined;
}

/** A table of the same name built for an older layout: the current definition with its indexes changed. */
async function createOutdated(tableName: string, indexes: 'none' | 'one missing' | 'one more'): Promise<void> {
  const input = createTableInput(tableName);
  const current = input.GlobalSecondaryIndexes;
  const outdated =
    indexes === 'none' ? undefined : indexes === 'one missing' ? current.slice(1) : [...current, { ...current[0]!, IndexName: 'retired-index' }];
  // DynamoDB accepts the attributes the keys use, no more.
  const used = new Set([...input.KeySchema, ...(outdated ?? []).flatMap((index) => index.KeySchema)].map((key) => key.AttributeName));
  const attributes = input.AttributeDefinitions.filter((attribute) => used.has(attribute.AttributeName));
  await client.send(new CreateTableCommand({ ...input, AttributeDefinitions: attributes, GlobalSecondaryIndexes: outdated }));
  await client.send(new PutItemCommand({ TableName: tableName, Item: KEY }));
}

describe('ensureTable', () => {
  it('creates a missing table with every index of the current definition, all active', async () => {
    expect(await ensureTable(client, 'admin-new')).toBe('created');
    expect(await shape('admin-new')).toEqual({ status: 'ACTIVE', indexes: CURRENT_INDEXES, indexesActive: true });
  });

  it('leaves a table of the current layout, and its items, alone', async () => {
    await ensureTable(client, 'admin-kept');
    await client.send(new PutItemCommand({ TableName: 'admin-kept', Item: KEY }));
    expect(await ensureTable(client, 'admin-kept')).toBe('exists');
    expect(await hasItem('admin-kept')).toBe(true);
  });

  it.each(['none', 'one missing', 'one more'] as const)('rebuilds a table of another layout (indexes: %s), empty and current', async (indexes) => {
    const name = `admin-outdated-${indexes.replace(' ', '-')}`;
    await createOutdated(name, indexes);
    expect(await hasItem(name)).toBe(true);
    expect(await ensureTable(client, name)).toBe('rebuilt');
    expect(await shape(name)).toEqual({ status: 'ACTIVE', indexes: CURRENT_INDEXES, indexesActive: true });
    expect(await hasItem(name)).toBe(false);
    expect(await ensureTable(client, name)).toBe('exists');
  });

  it('lets two callers create the same table at once: the one that loses the race is not an error', async () => {
    // Whether the second finds the table already there ('exists') or its CreateTable
    // refused as in use ('created': the embedded engine, every time) depends on timing.
    const results = await Promise.all([ensureTable(client, 'admin-race'), ensureTable(client, 'admin-race')]);
    expect(results[0]).toBe('created');
    expect(['created', 'exists']).toContain(results[1]);
    expect(await shape('admin-race')).toEqual({ status: 'ACTIVE', indexes: CURRENT_INDEXES, indexesActive: true });
  });

  it('passes on an error that is not "no such table", such as a name DynamoDB refuses', async () => {
    await expect(ensureTable(client, 'a')).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
