/**
 * `npm run load:aws`: loads the curated dataset into a deployed table with the
 * deployer's own AWS credentials. Idempotent: an unchanged dataset writes nothing.
 *
 *   TABLE_NAME=<GraphTableName output> AWS_REGION=eu-west-2 npm run load:aws [-- DATASET_DIR]
 *
 * With DYNAMODB_ENDPOINT set it loads a local engine instead (creating the table).
 */
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { readConfig } from '../config.js';
import { InvalidDatasetError } from '../core/errors.js';
import { DEFAULT_DATASET_DIR, loadGraphFromDir } from '../local/dataset-files.js';
import { loadGraph } from '../storage/dataset-loader.js';
import { createDocumentClient, createDynamoDbClient } from '../storage/dynamodb-client.js';
import { DynamoGraphStore } from '../storage/graph-store.js';
import { ensureTable } from '../storage/table-admin.js';

const config = readConfig();
if (!process.env.TABLE_NAME) {
  console.error('Set TABLE_NAME to the table to load (the GraphTableName output of the deployed stack).');
  process.exit(2);
}

try {
  // Validate first: an invalid dataset must not reach the table at all.
  const graph = await loadGraphFromDir(process.argv[2] ?? DEFAULT_DATASET_DIR);
  const client = createDynamoDbClient({ endpoint: config.dynamoDbEndpoint });
  if (config.dynamoDbEndpoint) {
    await ensureTable(client, config.tableName);
  } else {
    await client.send(new DescribeTableCommand({ TableName: config.tableName }));
  }
  const result = await loadGraph(new DynamoGraphStore(createDocumentClient(client), config.tableName), graph, config.datasetName);
  console.log(
    result.written
      ? `Loaded ${result.dataset} version ${result.version} into ${config.tableName}: ${result.nodes} nodes, ${result.edges} edges, ${result.removed} stale items removed.`
      : `${config.tableName} already holds ${result.dataset} version ${result.version}; nothing written.`,
  );
} catch (error) {
  if (error instanceof InvalidDatasetError) {
    console.error(error.message);
  } else if (error instanceof ResourceNotFoundException) {
    console.error(`Table ${config.tableName} does not exist in this account and region. Deploy the stack first (npm run deploy) and use its GraphTableName output.`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
