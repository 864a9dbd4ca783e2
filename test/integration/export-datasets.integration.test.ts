/**
 * Exports and imports of a table holding several datasets (two fictional councils and a
 * fictional registry, test/fixtures/fictional-councils.ts), on the embedded engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../functions/core/access.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import { memorySink } from '../../functions/core/export/io.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { exportTable, type TableExportOptions } from '../../functions/storage/table-export.js';
import { importGraph } from '../../functions/storage/table-import.js';
import { HARBOURSIDE, MILLBROOK, harboursideGraph, loadFictionalCouncils, millbrookGraph, registryGraph } from '../fixtures/fictional-councils.js';

let engine: LocalEngine;
const client = () => createDynamoDbClient({ endpoint: engine.endpoint });
const doc = () => createTableClient({ endpoint: engine.endpoint });

async function exportFrom(table: string, options: Partial<TableExportOptions> = {}) {
  const sink = memorySink();
  const manifest = await exportTable(doc(), table, sink, { viewer: ANONYMOUS, scan: { segments: 3, pageSize: 5 }, ...options });
  const files = new Map([...sink.files].filter(([name]) => name !== 'manifest.json').map(([name, bytes]) => [name, bytes.toString('utf8')]));
  return { manifest, files };
}

let first: Awaited<ReturnType<typeof exportFrom>>;

beforeAll(async () => {
  engine = await startLocalEngine();
  await Promise.all(['source', 'target'].map((table) => ensureTable(client(), table)));
  await loadFictionalCouncils(new DynamoGraphStore(doc(), 'source'));
  first = await exportFrom('source');
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('an export of a table of several datasets', () => {
  it('lists every dataset in one manifest, with the version loaded and its counts', async () => {
    const records = await new DynamoGraphStore(doc(), 'source').listDatasets(ANONYMOUS);
    expect(first.manifest.datasets.map((d) => [d.name, d.version, d.counts.totalNodes, d.counts.totalEdges])).toEqual(
      [
        ['harbourside-2021', harboursideGraph()],
        ['millbrook-2021', millbrookGraph()],
        ['registry', registryGraph()],
      ].map(([name, graph]) => [name, records.find((r) => r.name === name)!.version, (graph as ReturnType<typeof registryGraph>).nodes.length, (graph as ReturnType<typeof registryGraph>).edges.length]),
    );
    expect(first.manifest.datasets[0]).toMatchObject({ title: HARBOURSIDE.title, namespace: 'harbourside', council: HARBOURSIDE.council, fictional: true });
  });

  it('gives every CSV row its dataset, from the tag each item was loaded with', () => {
    const rows = first.files.get('nodes-recommendation.csv')!.split('\r\n').filter(Boolean).slice(1).map((line) => line.split(',').slice(0, 2));
    expect(rows).toEqual([
      ['harbourside-2021', 'harbourside/recommendation:review-2'],
      ['millbrook-2021', 'millbrook/recommendation:review-2'],
    ]);
  });

  it('imports into an empty table, and a re-export of it is the same, byte for byte, datasets and all', async () => {
    const imported = parseJsonLdExport(JSON.parse(first.files.get('graph.jsonld')!));
    const result = await importGraph(doc(), 'target', imported);
    expect(result.written).toBe(true);
    expect(result.datasets.map((d) => d.name)).toEqual(['harbourside-2021', 'millbrook-2021', 'registry']);
    const again = await exportFrom('target');
    expect(again.files).toEqual(first.files);
    const strip = (m: typeof first.manifest) => m.datasets.map(({ loadedAt: _loadedAt, ...rest }) => rest);
    expect(strip(again.manifest)).toEqual(strip(first.manifest));
    expect(canonicalGraphLines(parseJsonLdExport(JSON.parse(again.files.get('graph.jsonld')!)).graph)).toEqual(canonicalGraphLines(imported.graph));
  });

  it('imports nothing a second time', async () => {
    const imported = parseJsonLdExport(JSON.parse(first.files.get('graph.jsonld')!));
    expect(await importGraph(doc(), 'target', imported)).toMatchObject({ written: false, items: 0 });
  });

  it('refuses a new name for a file of several datasets, before any write', async () => {
    const imported = parseJsonLdExport(JSON.parse(first.files.get('graph.jsonld')!));
    await expect(importGraph(doc(), 'target', imported, { datasetName: 'renamed' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/holds 3 datasets/) });
  });

  it('exports one dataset alone when asked', async () => {
    const one = await exportFrom('source', { onlyDataset: MILLBROOK.name });
    expect(one.manifest.datasets.map((d) => [d.name, d.counts.totalNodes])).toEqual([['millbrook-2021', millbrookGraph().nodes.length]]);
    expect([...one.files.values()].some((text) => text.includes('harbourside'))).toBe(false);
  });
});
