/** Exports the graph table: a parallel Scan fed to the export core, files to a folder, sort runs to temp files. */
import type { TableClient } from './table-client.js';
import { seesRestricted, type Viewer } from '../core/access.js';
import { exportGraph, publishEverything, type ExportManifest, type ExportOptions } from '../core/export/export-graph.js';
import { directorySink, fileSpillStore } from '../core/export/fs.js';
import type { ExportSink } from '../core/export/io.js';
import { DynamoGraphStore } from './graph-store.js';
import { scanGraph, type ScanOptions } from './graph-scan.js';

export interface TableExportOptions extends Omit<ExportOptions, 'spill' | 'dataset' | 'datasets'> {
  /** Who the export is for: the public export reads as ANONYMOUS, and restricted items are withheld in storage. */
  viewer: Viewer;
  /** Dataset of items written without a dataset tag (tables loaded before tags existed). */
  datasetName?: string;
  scan?: ScanOptions;
  /** Parent folder for sort runs. @default os.tmpdir() */
  tempDir?: string;
}

export async function exportTable(db: TableClient, tableName: string, target: string | ExportSink, options: TableExportOptions): Promise<ExportManifest> {
  const { datasetName, scan, tempDir, viewer, ...rest } = options;
  // Storage withholds what the viewer may not see; an officer's export then withholds nothing more.
  const filter = seesRestricted(viewer) && !rest.filter?.visibility ? { ...rest.filter, visibility: publishEverything } : rest.filter;
  // Every dataset's record as the viewer may know it (a public set names each public part's
  // version), so the manifest and the JSON-LD say what each dataset is.
  const datasets = (await new DynamoGraphStore(db, tableName).listDatasets(viewer)).map(({ nodeCount: _nodes, edgeCount: _edges, ...record }) => record);
  const fallback = datasetName ? (datasets.find((d) => d.name === datasetName) ?? { name: datasetName }) : null;
  return exportGraph(scanGraph(db, tableName, viewer, scan), typeof target === 'string' ? directorySink(target) : target, {
    ...rest,
    ...(filter ? { filter } : {}),
    dataset: fallback,
    datasets,
    spill: fileSpillStore(tempDir),
  });
}
