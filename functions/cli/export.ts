/**
 * `npm run export -- --out DIR [--format csv,jsonld,graphml] [--include-types Person,Organisation] [--dataset NAME] [--bom]`
 *
 * Exports the graph table named by TABLE_NAME at DYNAMODB_ENDPOINT. With no endpoint
 * set it exports the curated datasets: it starts an in-memory engine, loads every
 * dataset under data/ into it, exports, and stops (pass --aws to export the AWS table
 * your credentials reach instead).
 */
import { ANONYMOUS } from '../core/access.js';
import { parseArgs } from 'node:util';
import path from 'node:path';
import { readConfig } from '../config.js';
import { BadInputError, InvalidDatasetError, SourceTextError } from '../core/errors.js';
import { parseFormats, parseNodeTypes, type ExportProgress } from '../core/export/export-graph.js';
import { buildDatasets, DATA_DIR, findDatasetDirs } from '../local/dataset-files.js';
import { loadDatasets } from '../local/load-datasets.js';
import { startLocalEngine, type LocalEngine } from '../local/engine.js';
import { createDynamoDbClient, createTableClient } from '../storage/dynamodb-client.js';
import { DynamoGraphStore } from '../storage/graph-store.js';
import { ensureTable } from '../storage/table-admin.js';
import { exportTable } from '../storage/table-export.js';

const USAGE = 'Usage: npm run export -- --out DIR [--format csv,jsonld,graphml] [--include-types Person,Organisation] [--dataset NAME] [--bom] [--segments 4] [--aws]';

/** A one-line counter rewritten in place on a terminal; on a pipe, a line per finished phase and every 5 s. */
function progressReporter(stream: NodeJS.WriteStream) {
  let lastLine = 0;
  return (p: ExportProgress) => {
    const verb = p.phase === 'read' ? (p.complete ? 'read' : 'reading') : p.phase === 'write' ? 'writing' : 'written';
    const text = `${verb}: ${p.nodes.toLocaleString('en-GB')} nodes, ${p.edges.toLocaleString('en-GB')} edges`;
    if (stream.isTTY) {
      stream.write(`\r${text}\u001b[K${p.complete ? '\n' : ''}`);
      return;
    }
    const now = Date.now();
    if (p.complete || now - lastLine > 5000) {
      stream.write(`${text}\n`);
      lastLine = now;
    }
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      format: { type: 'string' },
      'include-types': { type: 'string' },
      dataset: { type: 'string' },
      bom: { type: 'boolean', default: false },
      segments: { type: 'string' },
      aws: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  if (!values.out) throw new BadInputError(`--out DIR is required: the folder to write the export into.\n${USAGE}`);
  const formats = parseFormats(values.format);
  const includeTypes = parseNodeTypes(values['include-types']);
  const segments = values.segments ? Number(values.segments) : 4;
  if (!Number.isInteger(segments) || segments < 1) throw new BadInputError('--segments must be a whole number of at least 1');

  const config = readConfig();
  let engine: LocalEngine | undefined;
  let endpoint = config.dynamoDbEndpoint;
  try {
    if (!endpoint && !values.aws) {
      console.error(`No DYNAMODB_ENDPOINT set: exporting every dataset under ${path.relative(process.cwd(), DATA_DIR) || '.'} through an in-memory engine.`);
      engine = await startLocalEngine();
      endpoint = engine.endpoint;
    }
    const client = createDynamoDbClient({ endpoint });
    const db = createTableClient({ endpoint });
    if (engine) {
      await ensureTable(client, config.tableName);
      await loadDatasets(new DynamoGraphStore(db, config.tableName), await buildDatasets(await findDatasetDirs()));
    }
    if (values.dataset !== undefined) {
      const loaded = (await new DynamoGraphStore(db, config.tableName).listDatasets(ANONYMOUS)).map((d) => d.name).sort();
      if (!loaded.includes(values.dataset)) {
        throw new BadInputError(`--dataset "${values.dataset}" names no dataset of table ${config.tableName}; ${loaded.length ? `its datasets are ${loaded.join(', ')}` : 'it holds no dataset'}.`);
      }
    }
    const started = Date.now();
    // The public export: read as an anonymous caller, so restricted items are withheld and counted.
    const manifest = await exportTable(db, config.tableName, values.out, {
      viewer: ANONYMOUS,
      formats,
      bom: values.bom,
      datasetName: config.datasetName,
      scan: { segments },
      ...(includeTypes ? { filter: { includeTypes } } : {}),
      ...(values.dataset !== undefined ? { onlyDataset: values.dataset } : {}),
      onProgress: progressReporter(process.stderr),
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Exported ${manifest.counts.totalNodes} nodes and ${manifest.counts.totalEdges} edges to ${values.out} in ${seconds.toFixed(1)} s ` +
        `(${manifest.datasets.map((d) => `${d.name}: ${d.counts.totalNodes} nodes`).join(', ')}; ${manifest.files.length} files + manifest.json; excluded ${manifest.excluded.nodes} nodes / ${manifest.excluded.edges} edges by type, withheld ${manifest.withheld}).`,
    );
  } finally {
    await engine?.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof InvalidDatasetError || error instanceof BadInputError || error instanceof SourceTextError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
