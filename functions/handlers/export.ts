/**
 * Lambda entry point for the scheduled export (EventBridge Scheduler). Clients are
 * built once per container; each invocation exports the table as an anonymous reader
 * sees it and publishes the files to EXPORT_BUCKET under exports/<YYYY-MM-DD>/ and
 * latest/; with EXPORT_RESTRICTED=true it then exports the full set, as an officer
 * sees it, under restricted/exports/<YYYY-MM-DD>/ and restricted/latest/, which only
 * the officers' role may read. The schedule's
 * input may narrow the export: { "formats": "csv,jsonld", "includeTypes": "Person,Organisation" }.
 */
import { readConfig } from '../config.js';
import { ANONYMOUS, signedInViewer, type Viewer } from '../core/access.js';
import { parseFormats, parseNodeTypes } from '../core/export/export-graph.js';
import { createTableClient } from '../storage/dynamodb-client.js';
import { EXPORT_ROOTS, runScheduledExport, type ScheduledExportResult } from '../storage/export-publisher.js';
import { createS3Client } from '../storage/s3-client.js';

const config = readConfig();
const db = createTableClient({ endpoint: config.dynamoDbEndpoint });
const s3 = createS3Client();

export interface ExportEvent {
  formats?: string | string[];
  includeTypes?: string | string[];
}

/** The reader of the full set: an officer, from whom storage withholds nothing. */
export const OFFICERS_EXPORT: Viewer = signedInViewer('scheduled-export', ['officer']);

export interface ExportHandlerResult extends ScheduledExportResult {
  /** The full set for officers, when the stack asks for one (EXPORT_RESTRICTED=true). */
  restricted?: ScheduledExportResult;
}

const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : value);

export async function handler(event?: ExportEvent | null): Promise<ExportHandlerResult> {
  const bucket = process.env.EXPORT_BUCKET;
  if (!bucket) throw new Error('EXPORT_BUCKET is not set: give the export function the name of the bucket to write to.');
  const includeTypes = parseNodeTypes(list(event?.includeTypes));
  const common = {
    db,
    s3,
    tableName: config.tableName,
    bucket,
    datasetName: config.datasetName,
    formats: parseFormats(list(event?.formats)),
    ...(includeTypes ? { filter: { includeTypes } } : {}),
  };
  // The public set first: it is what most readers wait for, and it never depends on the other.
  const result = await runScheduledExport({ ...common, viewer: ANONYMOUS, root: EXPORT_ROOTS.public });
  console.log(JSON.stringify({ message: 'export published', ...result, keys: result.keys.length }));
  if (process.env.EXPORT_RESTRICTED !== 'true') return result;
  const restricted = await runScheduledExport({ ...common, viewer: OFFICERS_EXPORT, root: EXPORT_ROOTS.restricted });
  console.log(JSON.stringify({ message: 'restricted export published', ...restricted, keys: restricted.keys.length }));
  return { ...result, restricted };
}
