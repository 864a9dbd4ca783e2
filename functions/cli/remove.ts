/**
 * `npm run remove:aws -- DATASET`: removes a loaded dataset from a deployed table with the
 * deployer's own AWS credentials: its nodes, edges, search and count items, its namespace
 * and its record (functions/storage/dataset-loader.ts, removeDataset). Refused while
 * another loaded dataset depends on it. Run it again if it stopped part-way.
 *
 *   TABLE_NAME=<GraphTableName output> AWS_REGION=eu-west-2 npm run remove:aws -- harbourside-2021
 *
 * With DYNAMODB_ENDPOINT set it removes from a local engine's table instead.
 */
import { readConfig } from '../config.js';
import { DomainError } from '../core/errors.js';
import { createDynamoDbClient, createTableClient } from '../storage/dynamodb-client.js';
import { removeDataset } from '../storage/dataset-loader.js';
import { DynamoGraphStore } from '../storage/graph-store.js';
import { UNQUALIFIED_CLAIM } from '../storage/keys.js';

const config = readConfig();
const name = process.argv[2];
if (!process.env.TABLE_NAME || !name || process.argv.length > 3) {
  console.error('Usage: TABLE_NAME=<table> npm run remove:aws -- <dataset name> (the `datasets` query lists the names).');
  process.exit(2);
}

try {
  const client = createDynamoDbClient({ endpoint: config.dynamoDbEndpoint });
  const store = new DynamoGraphStore(createTableClient({ endpoint: config.dynamoDbEndpoint, credentials: () => client.config.credentials() }), config.tableName);
  const result = await removeDataset(store, name);
  const claims = result.namespaces.map((n) => (n === UNQUALIFIED_CLAIM ? 'the ids without a namespace' : `namespace "${n}"`));
  const namespaces = claims.length ? `; ${claims.join(' and ')} released` : '';
  console.log(`Removed ${result.dataset} from ${config.tableName}: ${result.removed} items deleted${namespaces}.`);
} catch (error) {
  if (error instanceof DomainError) {
    console.error(`${error.code}: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
