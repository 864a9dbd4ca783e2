/** Exports the graph table: a parallel Scan fed to the export core, files to a folder, sort runs to temp files. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { exportGraph, type ExportManifest, type ExportOptions } from '../core/export/export-graph.js';
import { directorySink, fileSpillStore } from '../core/export/fs.js';
import type { ExportSink } from '../core/export/io.js';
import { DynamoGraphStore } from './graph-store.js';
import { scanGraph, type ScanOptions } from './graph-scan.js';

export interface TableExportOptions extends Omit<ExportOptions, 'spill' | 'dataset'> {
  /** Dataset whose version record the manifest reports. */
  datasetName?: string;
  scan?: ScanOptions;
  /** Parent folder for sort runs. @default os.tmpdir() */
  tempDir?: string;
}

export async function exportTable(doc: DynamoDBDocumentClient, tableName: string, target: string | ExportSink, options: TableExportOptions = {}): Promise<ExportManifest> {
  const { datasetName, scan, tempDir, ...rest } = options;
  const record = datasetName ? await new DynamoGraphStore(doc, tableName).getDatasetVersion(datasetName) : null;
  return exportGraph(scanGraph(doc, tableName, scan), typeof target === 'string' ? directorySink(target) : target, {
    ...rest,
    dataset: record && datasetName ? { name: datasetName, version: record.version, loadedAt: record.loadedAt } : null,
    spill: fileSpillStore(tempDir),
  });
}
