/**
 * `npm run import -- FILE.jsonld [--dataset NAME]`
 *
 * Loads a JSON-LD export into the table named by TABLE_NAME at DYNAMODB_ENDPOINT
 * (created there if missing). The table must be empty or already hold exactly this
 * graph; a second import of the same file writes nothing. Without DYNAMODB_ENDPOINT
 * it refuses unless --aws says the AWS table is meant.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readConfig } from '../config.js';
import { BadInputError, DomainError } from '../core/errors.js';
import { parseJsonLdExport } from '../core/export/jsonld-import.js';
import { createDynamoDbClient, createTableClient } from '../storage/dynamodb-client.js';
import { ensureTable } from '../storage/table-admin.js';
import { importGraph } from '../storage/table-import.js';

const USAGE = 'Usage: npm run import -- FILE.jsonld [--dataset NAME] [--aws]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { dataset: { type: 'string' }, aws: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return void console.log(USAGE);
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new BadInputError(`Give one JSON-LD file to import.\n${USAGE}`);
  const config = readConfig();
  if (!config.dynamoDbEndpoint && !values.aws) {
    throw new BadInputError('DYNAMODB_ENDPOINT is not set. Point it at a local engine (e.g. the one `npm start` runs), or pass --aws to import into the AWS table TABLE_NAME.');
  }
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BadInputError(`Cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const imported = parseJsonLdExport(document);
  const client = createDynamoDbClient({ endpoint: config.dynamoDbEndpoint });
  if (config.dynamoDbEndpoint) await ensureTable(client, config.tableName);
  const result = await importGraph(createTableClient({ endpoint: config.dynamoDbEndpoint, credentials: () => client.config.credentials() }), config.tableName, imported, values.dataset ? { datasetName: values.dataset } : {});
  console.log(
    result.written
      ? `Imported ${result.nodes} nodes and ${result.edges} edges into ${config.tableName} as dataset "${result.dataset}" version ${result.version} (${result.items} items written).`
      : `Nothing to do: ${config.tableName} already holds this graph (dataset "${result.dataset}" version ${result.version}).`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof DomainError ? error.message : error);
  process.exit(1);
});
