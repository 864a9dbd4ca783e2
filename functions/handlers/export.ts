/**
 * Lambda entry point for the scheduled export (EventBridge Scheduler). Clients are
 * built once per container; each invocation exports the table and publishes the
 * files to EXPORT_BUCKET under exports/<YYYY-MM-DD>/ and latest/. The schedule's
 * input may narrow the export: { "formats": "csv,jsonld", "includeTypes": "Person,Organisation" }.
 */
import { readConfig } from '../config.js';
import { parseFormats, parseNodeTypes } from '../core/export/export-graph.js';
import { createDocumentClient, createDynamoDbClient } from '../storage/dynamodb-client.js';
import { runScheduledExport, type ScheduledExportResult } from '../storage/export-publisher.js';
import { createS3Client } from '../storage/s3-client.js';

const config = readConfig();
const doc = createDocumentClient(createDynamoDbClient({ endpoint: config.dynamoDbEndpoint }));
const s3 = createS3Client();

export interface ExportEvent {
  formats?: string | string[];
  includeTypes?: string | string[];
}

const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

export async function handler(event?: ExportEvent | null): Promise<ScheduledExportResult> {
  const bucket = process.env.EXPORT_BUCKET;
  if (!bucket) throw new Error('EXPORT_BUCKET is not set: give the export function the name of the bucket to write to.');
  const includeTypes = parseNodeTypes(list(event?.includeTypes));
  const result = await runScheduledExport({
    doc,
    s3,
    tableName: config.tableName,
    bucket,
    datasetName: config.datasetName,
    formats: parseFormats(list(event?.formats)),
    ...(includeTypes ? { filter: { includeTypes } } : {}),
  });
  console.log(JSON.stringify({ message: 'export published', ...result, keys: result.keys.length }));
  return result;
}
