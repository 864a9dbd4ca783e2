/**
 * The export round trip on the real local engine over HTTP: the curated dataset (or,
 * while curators have it mid-edit and invalid, the fixture graph) is loaded, exported,
 * imported into a second empty table and exported again, and the two graphs compared.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import { ConflictError, InvalidDatasetError } from '../../functions/core/errors.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import type { ExportManifest } from '../../functions/core/export/export-graph.js';
import { parseJsonLdExport, type ImportedGraph } from '../../functions/core/export/jsonld-import.js';
import { buildDatasetWithDependencies, mergeGraphs, type BuiltDataset } from '../../functions/local/dataset-files.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDocumentClient, createDynamoDbClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { exportTable } from '../../functions/storage/table-export.js';
import { importGraph } from '../../functions/storage/table-import.js';
import { createFixtureGraph } from '../fixtures/export-graph.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';
import { testDataset } from '../fixtures/datasets.js';

const DATASET = 'luton-2020';
const WRITE_COMMANDS = new Set(['BatchWriteItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand']);

let engine: LocalEngine;
let work: string;
let graph: Graph;
let built: BuiltDataset[] | undefined;
let usedFixture = false;
const commands: string[] = [];

const client = () => createDynamoDbClient({ endpoint: engine.endpoint, onRequest: (command) => void commands.push(command) });
const doc = () => createDocumentClient(client());

/** Every file of an export folder, by name. */
async function readExport(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(path.join(dir, name)));
  return files;
}

function withoutManifest(files: Map<string, Buffer>): Map<string, string> {
  return new Map([...files].filter(([name]) => name !== 'manifest.json').map(([name, bytes]) => [name, bytes.toString('base64')]));
}

async function exportTo(table: string, name: string, options: Parameters<typeof exportTable>[3] = {}): Promise<{ files: Map<string, Buffer>; manifest: ExportManifest }> {
  const dir = path.join(work, name);
  const manifest = await exportTable(doc(), table, dir, { datasetName: DATASET, scan: { segments: 4, pageSize: 25 }, tempDir: work, ...options });
  return { files: await readExport(dir), manifest };
}

async function writesDuring(work: () => Promise<unknown>): Promise<string[]> {
  commands.length = 0;
  await work();
  return commands.filter((c) => WRITE_COMMANDS.has(c));
}

beforeAll(async () => {
  engine = await startLocalEngine();
  if (new URL(engine.endpoint).hostname !== '127.0.0.1') throw new Error(`Integration tests only use 127.0.0.1 endpoints; refusing ${engine.endpoint}`);
  work = await mkdtemp(path.join(tmpdir(), 'export-roundtrip-'));
  try {
    built = await buildDatasetWithDependencies(CURATED_DATASET_DIR);
    graph = mergeGraphs(built);
  } catch (error) {
    if (!(error instanceof InvalidDatasetError)) throw error;
    // Curators are editing the dataset and it does not validate right now: use the fixture.
    console.warn(`data/luton-2020 does not validate (${error.problems.length} problems); the round trip uses the fixture graph.`);
    graph = createFixtureGraph();
    usedFixture = true;
  }
  await ensureTable(client(), 'source');
  const store = new DynamoGraphStore(doc(), 'source');
  if (built) await loadDatasets(store, built);
  else await loadGraph(store, graph, testDataset(DATASET));
});

afterAll(async () => {
  await engine?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the export round trip', () => {
  let first: { files: Map<string, Buffer>; manifest: ExportManifest };
  let imported: ImportedGraph;

  beforeAll(async () => {
    first = await exportTo('source', 'first');
    imported = parseJsonLdExport(JSON.parse(first.files.get('graph.jsonld')!.toString('utf8')));
  });

  it('exports every node and edge of the loaded graph', () => {
    expect([first.manifest.counts.totalNodes, first.manifest.counts.totalEdges]).toEqual([graph.nodes.length, graph.edges.length]);
    expect(first.manifest.dataset).toMatchObject({ name: DATASET });
  });

  it('writes byte-identical CSV, GraphML and JSON-LD when the same table is exported twice', async () => {
    const second = await exportTo('source', 'second', { scan: { segments: 3, pageSize: 7 } });
    expect(withoutManifest(second.files)).toEqual(withoutManifest(first.files));
    expect({ ...second.manifest, exportedAt: '' }).toEqual({ ...first.manifest, exportedAt: '' });
  });

  it('writes the same bytes when the sort spills runs to temporary files', async () => {
    const spilled = await exportTo('source', 'spilled', { runSize: 5 });
    expect(withoutManifest(spilled.files)).toEqual(withoutManifest(first.files));
  });

  it('reads the JSON-LD back into the same nodes, edges, properties and citations', () => {
    expect(canonicalGraphLines(imported.graph)).toEqual(canonicalGraphLines(graph));
  });

  it('imports into an empty table, and a re-export of that table is the same graph, byte for byte', async () => {
    await ensureTable(client(), 'target');
    const result = await importGraph(doc(), 'target', imported);
    // Each edge is written twice: under its source, and as a copy under its target.
    expect(result).toMatchObject({ written: true, nodes: graph.nodes.length, edges: graph.edges.length, items: graph.nodes.length + 2 * graph.edges.length });
    const again = await exportTo('target', 'reexport');
    expect(withoutManifest(again.files)).toEqual(withoutManifest(first.files));
    const reread = parseJsonLdExport(JSON.parse(again.files.get('graph.jsonld')!.toString('utf8')));
    expect(canonicalGraphLines(reread.graph)).toEqual(canonicalGraphLines(graph));
    expect(again.manifest.dataset).toMatchObject({ name: DATASET, version: first.manifest.dataset?.version });
  });

  it('writes nothing on a second import of the same file', async () => {
    let result: Awaited<ReturnType<typeof importGraph>> | undefined;
    const writes = await writesDuring(async () => (result = await importGraph(doc(), 'target', imported)));
    expect([writes, result?.written, result?.items]).toEqual([[], false, 0]);
  });

  it('treats a table already holding the identical graph (loaded from the dataset) as done', async () => {
    let result: Awaited<ReturnType<typeof importGraph>> | undefined;
    const writes = await writesDuring(async () => (result = await importGraph(doc(), 'source', imported)));
    expect([writes, result?.written]).toEqual([[], false]);
  });

  it('refuses, writing nothing, a table that holds other data', async () => {
    await ensureTable(client(), 'other');
    const [kept, ...rest] = graph.nodes;
    const changed: Graph = { nodes: [{ ...kept!, label: `${kept!.label} (edited)` }, ...rest], edges: [] };
    await loadGraph(new DynamoGraphStore(doc(), 'other'), changed, testDataset('something-else'));
    let error: unknown;
    const writes = await writesDuring(async () => {
      await importGraph(doc(), 'other', imported).catch((caught: unknown) => (error = caught));
    });
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/already holds \d+ item\(s\) that are not in this file.*Import into an empty table/s);
    expect(writes).toEqual([]);
  });
});
