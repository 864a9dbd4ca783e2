/**
 * Creates the graph table where it is missing (local engines and tests; AWS tables come
 * from CDK). A local table built for another key layout (other indexes) is rebuilt: it
 * holds only what loads wrote, and the next load writes it again.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from './table-definition.js';

const isNamed = (error: unknown, type: { new (...args: never[]): Error }, name: string) => error instanceof type || (error as Error)?.name === name;

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (isNamed(error, ResourceNotFoundException, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/** Whether a table has exactly the indexes of the current definition. */
function hasCurrentIndexes(table: TableDescription): boolean {
  const wanted = createTableInput('').GlobalSecondaryIndexes.map((index) => index.IndexName).sort();
  const present = (table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName ?? '').sort();
  return JSON.stringify(wanted) === JSON.stringify(present);
}

export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists' | 'rebuilt'> {
  const existing = await describe(client, tableName);
  if (existing && hasCurrentIndexes(existing)) return 'exists';
  if (existing) {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    for (let attempt = 0; attempt < 100 && (await describe(client, tableName)); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  } catch (error) {
    if (!isNamed(error, ResourceInUseException, 'ResourceInUseException')) throw error;
  }
  // A new table (and its indexes) may take a moment to become ACTIVE on some engines.
  for (let attempt = 0; attempt < 100; attempt++) {
    const table = await describe(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return existing ? 'rebuilt' : 'created';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}
