/**
 * The export round trip on the real local engine over HTTP: every dataset under data/
 * (the shared registry, Luton and the fictional Kestrelford) is loaded through the
 * loader, exported, imported into a second empty table and exported again, and the
 * two graphs compared, dataset by dataset.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import { ConflictError } from '../../functions/core/errors.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import type { ExportManifest } from '../../functions/core/export/export-graph.js';
import { parseJsonLdExport, type ImportedGraph } from '../../functions/core/export/jsonld-import.js';
import { buildDatasets, findDatasetDirs, mergeGraphs, type BuiltDataset } from '../../functions/local/dataset-files.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';
import { loadGraph, type LoadResult } from '../../functions/storage/dataset-loader.js';
import { searchDatasets } from '../../functions/core/search-index.js';
import { parseSearchQuery } from '../../functions/core/search.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { exportTable } from '../../functions/storage/table-export.js';
import { importGraph } from '../../functions/storage/table-import.js';
import { testDataset } from '../fixtures/datasets.js';
import { ANONYMOUS } from '../../functions/core/access.js';

const DATASETS = ['kestrelford-2024', 'luton-2020', 'registry'];
const WRITE_COMMANDS = new Set(['BatchWriteItemCommand', 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'TransactWriteItemsCommand']);

let engine: LocalEngine;
let work: string;
let built: BuiltDataset[];
let graph: Graph;
let loaded: LoadResult[];
const commands: string[] = [];

const client = () => createDynamoDbClient({ endpoint: engine.endpoint, onRequest: (command) => void commands.push(command) });
const doc = () => createTableClient({ endpoint: engine.endpoint, onRequest: (command) => void commands.push(command) });

/** Every file of an export folder, by name. */
async function readExport(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(path.join(dir, name)));
  return files;
}

function withoutManifest(files: Map<string, Buffer>): Map<string, string> {
  return new Map([...files].filter(([name]) => name !== 'manifest.json').map(([name, bytes]) => [name, bytes.toString('base64')]));
}

/** A manifest without what differs between two exports of the same graph: when each was taken and loaded. */
function comparable(manifest: ExportManifest): unknown {
  return { ...manifest, exportedAt: '', datasets: manifest.datasets.map(({ loadedAt: _loadedAt, ...rest }) => rest) };
}

async function exportTo(table: string, name: string, options: Partial<Parameters<typeof exportTable>[3]> = {}): Promise<{ files: Map<string, Buffer>; manifest: ExportManifest }> {
  const dir = path.join(work, name);
  const manifest = await exportTable(doc(), table, dir, { viewer: ANONYMOUS, scan: { segments: 4, pageSize: 25 }, tempDir: work, ...options });
  return { files: await readExport(dir), manifest };
}

async function writesDuring(work: () => Promise<unknown>): Promise<string[]> {
  commands.length = 0;
  await work();
  return commands.filter((c) => WRITE_COMMANDS.has(c));
}

/** Node and edge counts per type of one built dataset, as a manifest writes them. */
function countsOf(part: Graph): { nodes: Record<string, number>; edges: Record<string, number> } {
  const tally = (types: string[]) => types.reduce<Record<string, number>>((counts, type) => ({ ...counts, [type]: (counts[type] ?? 0) + 1 }), {});
  return { nodes: tally(part.nodes.map((n) => n.type)), edges: tally(part.edges.map((e) => e.type)) };
}

beforeAll(async () => {
  engine = await startLocalEngine();
  if (new URL(engine.endpoint).hostname !== '127.0.0.1') throw new Error(`Integration tests only use 127.0.0.1 endpoints; refusing ${engine.endpoint}`);
  work = await mkdtemp(path.join(tmpdir(), 'export-roundtrip-'));
  built = await buildDatasets(await findDatasetDirs());
  graph = mergeGraphs(built);
  await ensureTable(client(), 'source');
  loaded = await loadDatasets(new DynamoGraphStore(doc(), 'source'), built);
}, 120_000);

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
  });

  it('lists the three datasets in one manifest, each with the version loaded, what its folder declares and its own counts per type', () => {
    expect(first.manifest.datasets.map((d) => d.name)).toEqual(DATASETS);
    for (const dataset of first.manifest.datasets) {
      const { descriptor, graph: own } = built.find((b) => b.descriptor.name === dataset.name)!;
      const load = loaded.find((l) => l.dataset === dataset.name)!;
      expect(dataset, dataset.name).toMatchObject({ version: load.version, namespace: descriptor.namespace, title: descriptor.title, fictional: descriptor.fictional ?? false });
      expect(dataset.counts, dataset.name).toEqual({ ...countsOf(own), totalNodes: own.nodes.length, totalEdges: own.edges.length });
      expect([dataset.counts.totalNodes, dataset.counts.totalEdges], dataset.name).toEqual([load.nodes, load.edges]);
    }
    const [kestrelford, luton, registry] = first.manifest.datasets;
    expect([kestrelford!.fictional, luton!.council, registry!.council]).toEqual([true, { name: 'Luton Borough Council', onsCode: 'E06000032' }, undefined]);
    expect(first.manifest.datasets.reduce((n, d) => n + d.counts.totalNodes, 0)).toBe(first.manifest.counts.totalNodes);
    expect(first.manifest.filters.dataset).toBeNull();
  });

  it('starts every CSV row with the dataset that owns it, and keeps each dataset\'s rows together', () => {
    const rows = (name: string) => first.files.get(name)!.toString('utf8').split('\r\n').filter(Boolean).slice(1);
    const ownerOf = new Map(built.flatMap(({ descriptor, graph: own }) => own.nodes.map((n) => [n.id, descriptor.name] as const)));
    const organisations = rows('nodes-organisation.csv').map((line) => line.split(',').slice(0, 2));
    expect(organisations.map(([dataset, id]) => [dataset, ownerOf.get(id!)])).toEqual(organisations.map(([dataset]) => [dataset, dataset]));
    expect(new Set(organisations.map(([dataset]) => dataset))).toEqual(new Set(DATASETS));
    const datasetColumn = rows('edges.csv').map((line) => line.slice(0, line.indexOf(',')));
    expect(datasetColumn).toEqual([...datasetColumn].sort());
    expect(new Set(datasetColumn)).toEqual(new Set(DATASETS.filter((name) => built.find((b) => b.descriptor.name === name)!.graph.edges.length > 0)));
  });

  it('writes each dataset as a named graph holding exactly its own nodes', () => {
    const document = JSON.parse(first.files.get('graph.jsonld')!.toString('utf8')) as { '@graph': Array<{ '@id': string; datasetName: string; '@graph': Array<{ '@id': string; '@type'?: unknown }> }> };
    expect(document['@graph'].map((g) => g['@id'])).toEqual(DATASETS.map((name) => `https://w3id.org/scrutiny-graph/dataset/${name}`));
    for (const named of document['@graph']) {
      const own = built.find((b) => b.descriptor.name === named.datasetName)!.graph;
      const nodeIds = named['@graph'].filter((e) => e['@type'] !== undefined && !String(e['@id']).startsWith('rel:')).map((e) => e['@id']);
      expect(nodeIds.sort(), named.datasetName).toEqual(own.nodes.map((n) => `node:${n.id}`).sort());
    }
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

  it('reads the JSON-LD back into the same nodes, edges, properties and citations, each in the dataset that owns it', () => {
    expect(canonicalGraphLines(imported.graph)).toEqual(canonicalGraphLines(graph));
    const ownerOf = new Map(built.flatMap(({ descriptor, graph: own }) => own.nodes.map((n) => [n.id, descriptor.name] as const)));
    expect(imported.graph.nodes.filter((n) => n.dataset !== ownerOf.get(n.id))).toEqual([]);
    expect(imported.datasets.map((d) => d.name)).toEqual(DATASETS);
  });

  it('imports into an empty table, and a re-export of that table is the same graph, byte for byte', async () => {
    await ensureTable(client(), 'target');
    const result = await importGraph(doc(), 'target', imported);
    // Each edge is written twice: under its source, and as a copy under its target.
    expect(result).toMatchObject({ written: true, nodes: graph.nodes.length, edges: graph.edges.length, items: graph.nodes.length + 2 * graph.edges.length });
    expect(result.datasets.map((d) => [d.name, d.version, d.nodes, d.edges])).toEqual(first.manifest.datasets.map((d) => [d.name, d.version, d.counts.totalNodes, d.counts.totalEdges]));
    const again = await exportTo('target', 'reexport');
    expect(withoutManifest(again.files)).toEqual(withoutManifest(first.files));
    const reread = parseJsonLdExport(JSON.parse(again.files.get('graph.jsonld')!.toString('utf8')));
    expect(canonicalGraphLines(reread.graph)).toEqual(canonicalGraphLines(graph));
    expect(comparable(again.manifest)).toEqual(comparable(first.manifest));
  });

  it('writes the search index of every dataset with an import, so the imported table is searched like the loaded one', async () => {
    const [label] = graph.nodes.map((n) => n.label);
    const searchIn = async (table: string, text: string) => {
      const store = new DynamoGraphStore(doc(), table);
      const datasets = (await store.listDatasets(ANONYMOUS)).map((d) => d.name);
      return (await searchDatasets(store.searchIndex(ANONYMOUS), datasets, parseSearchQuery(text))).map((k) => k.id);
    };
    // "police" is found in the registry and in each council.
    for (const text of [label!.split(/\s+/).slice(0, 2).join(' '), 'police', 'bedfordshire polce']) {
      const found = await searchIn('target', text);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(await searchIn('source', text));
    }
    const owners = new Set((await searchIn('target', 'police')).map((id) => id.slice(0, id.indexOf('/'))));
    expect(owners.size).toBeGreaterThan(1);
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
    const [kept, ...rest] = built.find((b) => b.descriptor.name === 'kestrelford-2024')!.graph.nodes;
    const changed: Graph = { nodes: [{ ...kept!, label: `${kept!.label} (edited)` }, ...rest], edges: [] };
    await loadGraph(new DynamoGraphStore(doc(), 'other'), changed, testDataset('something-else', 'kestrelford'));
    let error: unknown;
    const writes = await writesDuring(async () => {
      await importGraph(doc(), 'other', imported).catch((caught: unknown) => (error = caught));
    });
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/already holds \d+ item\(s\) that are not in this file.*Import into an empty table/s);
    expect(writes).toEqual([]);
  });
});

describe('an export of one dataset', () => {
  it('holds that dataset\'s own nodes and edges, its links into the registry, and a manifest listing it alone', async () => {
    const one = await exportTo('source', 'kestrelford-only', { onlyDataset: 'kestrelford-2024' });
    const own = built.find((b) => b.descriptor.name === 'kestrelford-2024')!.graph;
    expect(one.manifest.datasets.map((d) => [d.name, d.counts.totalNodes, d.counts.totalEdges])).toEqual([['kestrelford-2024', own.nodes.length, own.edges.length]]);
    expect([one.manifest.counts.totalNodes, one.manifest.counts.totalEdges, one.manifest.filters.dataset]).toEqual([own.nodes.length, own.edges.length, 'kestrelford-2024']);
    const csv = [...one.files].filter(([name]) => name.endsWith('.csv')).map(([, bytes]) => bytes.toString('utf8')).join('');
    expect(csv).not.toMatch(/^luton-2020,|^registry,|\r\nluton-2020,|\r\nregistry,/m);
    // Its edges to the registry's police force are its own; the force's node is the registry's.
    const intoRegistry = own.edges.filter((e) => e.to.startsWith('registry/'));
    expect(intoRegistry.length).toBeGreaterThan(0);
    const edges = one.files.get('edges.csv')!.toString('utf8');
    for (const edge of intoRegistry) expect(edges).toContain(`kestrelford-2024,${edge.from},${edge.type},${edge.to},`);
    expect(one.files.get('nodes-organisation.csv')!.toString('utf8')).not.toContain('registry/');
  });
});
