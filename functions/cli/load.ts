/**
 * `npm run load:aws`: loads every dataset under data/ (dependencies first), or one
 * folder and its dependencies, into a deployed table with the deployer's own AWS
 * credentials. Idempotent: an unchanged dataset writes nothing.
 *
 *   TABLE_NAME=<GraphTableName output> AWS_REGION=eu-west-2 npm run load:aws [-- DATASET_DIR]
 *
 * With DYNAMODB_ENDPOINT set it loads a local engine instead (creating the table).
 */
import { DescribeTableCommand, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { readConfig } from '../config.js';
import { InvalidDatasetError, SourceTextError } from '../core/errors.js';
import path from 'node:path';
import { buildDatasets, buildDatasetWithDependencies, findDatasetDirs } from '../local/dataset-files.js';
import { loadDatasets } from '../local/load-datasets.js';
import { createDynamoDbClient, createTableClient } from '../storage/dynamodb-client.js';
import { DynamoGraphStore } from '../storage/graph-store.js';
import { ensureTable } from '../storage/table-admin.js';

const config = readConfig();
if (!process.env.TABLE_NAME) {
  console.error('Set TABLE_NAME to the table to load (the GraphTableName output of the deployed stack).');
  process.exit(2);
}

try {
  // Validate every dataset first: an invalid one must not reach the table at all.
  const dir = process.argv[2];
  const datasets = dir ? await buildDatasetWithDependencies(path.resolve(dir)) : await buildDatasets(await findDatasetDirs());
  const client = createDynamoDbClient({ endpoint: config.dynamoDbEndpoint });
  if (config.dynamoDbEndpoint) {
    await ensureTable(client, config.tableName);
  } else {
    await client.send(new DescribeTableCommand({ TableName: config.tableName }));
  }
  for (const result of await loadDatasets(new DynamoGraphStore(createTableClient({ endpoint: config.dynamoDbEndpoint, credentials: () => client.config.credentials() }), config.tableName), datasets)) {
    console.log(
      result.written
        ? `Loaded ${result.dataset} version ${result.version} into ${config.tableName}: ${result.nodes} nodes, ${result.edges} edges, ${result.removed} stale items removed.`
        : `${config.tableName} already holds ${result.dataset} version ${result.version}; nothing written.`,
    );
  }
} catch (error) {
  if (error instanceof InvalidDatasetError || error instanceof SourceTextError) {
    console.error(error.message);
  } else if (error instanceof ResourceNotFoundException) {
    console.error(`Table ${config.tableName} does not exist in this account and region. Deploy the stack first (npm run deploy) and use its GraphTableName output.`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
