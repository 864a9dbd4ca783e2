/**
 * Exports of a graph of several datasets: two fictional councils and a fictional shared
 * registry (test/fixtures/fictional-councils.ts), each node and edge tagged with its
 * dataset as the table stores it.
 */
import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import { exportGraph, graphItems, type DatasetRecord, type ExportOptions } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { HARBOURSIDE, HARBOURSIDE_RECOMMENDATION, MILLBROOK, POLICE, REGISTRY, harboursideGraph, millbrookGraph, registryGraph } from '../fixtures/fictional-councils.js';
import { toStore, validateShapes } from '../fixtures/linked-data.js';

const SG = 'https://w3id.org/scrutiny-graph/';

function tagged(graph: Graph, dataset: string): Graph {
  return { nodes: graph.nodes.map((n) => ({ ...n, dataset })), edges: graph.edges.map((e) => ({ ...e, dataset })) };
}

function allDatasets(): Graph {
  const parts = [tagged(millbrookGraph(), MILLBROOK.name), tagged(registryGraph(), REGISTRY.name), tagged(harboursideGraph(), HARBOURSIDE.name)];
  return { nodes: parts.flatMap((p) => p.nodes), edges: parts.flatMap((p) => p.edges) };
}

const RECORDS: DatasetRecord[] = [
  { name: REGISTRY.name, version: 'r1', title: REGISTRY.title, namespace: 'registry', fictional: true },
  { name: HARBOURSIDE.name, version: 'h1', title: HARBOURSIDE.title, namespace: 'harbourside', council: HARBOURSIDE.council!, fictional: true },
  { name: MILLBROOK.name, version: 'm1', title: MILLBROOK.title, namespace: 'millbrook', council: { name: MILLBROOK.council!.name }, fictional: true },
];

async function exportAll(options: ExportOptions = {}, graph = allDatasets()) {
  const sink = memorySink();
  const manifest = await exportGraph(graphItems(graph), sink, { datasets: RECORDS, ...options });
  return { sink, manifest };
}

function csvRows(text: string): Array<Record<string, string>> {
  const [header, ...rows] = text.split('\r\n').filter(Boolean).map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i]!])));
}

describe('the manifest of an export of several datasets', () => {
  it('lists every dataset by name with its version, what its record says and its own counts', async () => {
    const { manifest } = await exportAll();
    expect(manifest.format).toBe('scrutiny-graph-export/2');
    expect(manifest.datasets.map((d) => [d.name, d.version, d.counts.totalNodes, d.counts.totalEdges])).toEqual([
      ['harbourside-2021', 'h1', 7, 4],
      ['millbrook-2021', 'm1', 5, 2],
      ['registry', 'r1', 2, 0],
    ]);
    const harbourside = manifest.datasets[0]!;
    expect(harbourside).toMatchObject({ namespace: 'harbourside', council: { name: 'Harbourside Borough Council', onsCode: 'X99000001' }, fictional: true });
    expect(harbourside.counts.nodes).toEqual({ Person: 3, Meeting: 1, Document: 1, Recommendation: 1, Action: 1 });
    expect(harbourside.counts.edges).toEqual({ RESOLVED_AT: 1, ADDRESSED_TO: 1, TAKES_UP: 1, LED_BY: 1 });
    expect(manifest.counts.totalNodes).toBe(14);
    expect(manifest.filters.dataset).toBeNull();
  });

  it('lists a dataset the table records even when the export holds none of its items', async () => {
    const { manifest } = await exportAll({ datasets: [...RECORDS, { name: 'empty-2021', version: 'e1' }] });
    expect(manifest.datasets.find((d) => d.name === 'empty-2021')).toEqual({ name: 'empty-2021', version: 'e1', counts: { nodes: {}, edges: {}, totalNodes: 0, totalEdges: 0 } });
  });
});

describe('the CSV of several datasets', () => {
  it('starts every file with a dataset column giving each row its own dataset', async () => {
    const { sink } = await exportAll({ formats: ['csv'] });
    const csvFiles = [...sink.files.keys()].filter((name) => name.endsWith('.csv'));
    expect(csvFiles).toEqual(expect.arrayContaining(['edges.csv', 'citations.csv', 'tracker.csv', 'gaps.csv', 'nodes-person.csv']));
    for (const name of csvFiles) expect(sink.text(name).split('\r\n')[0]!.split(',')[0], name).toBe('dataset');
    expect(csvRows(sink.text('nodes-organisation.csv')).map((r) => [r.dataset, r.id])).toEqual([['registry', POLICE]]);
    expect(csvRows(sink.text('nodes-person.csv')).map((r) => r.dataset)).toEqual(['harbourside-2021', 'harbourside-2021', 'harbourside-2021', 'millbrook-2021', 'millbrook-2021']);
    expect(new Set(csvRows(sink.text('edges.csv')).filter((r) => r.from!.startsWith('millbrook/')).map((r) => r.dataset))).toEqual(new Set(['millbrook-2021']));
    expect(csvRows(sink.text('tracker.csv')).map((r) => [r.dataset, r.request_id, r.delivery])).toEqual([
      ['harbourside-2021', HARBOURSIDE_RECOMMENDATION, 'RECORDED'],
      ['millbrook-2021', 'millbrook/recommendation:review-2', 'NOT_RECORDED'],
    ]);
    expect(csvRows(sink.text('gaps.csv')).map((r) => r.dataset)).toContain('millbrook-2021');
    expect(new Set(csvRows(sink.text('citations.csv')).map((r) => r.dataset))).toEqual(new Set(['harbourside-2021', 'millbrook-2021', 'registry']));
  });
});

describe('the JSON-LD of several datasets', () => {
  it('puts each dataset in its own named graph, described in the default graph', async () => {
    const { sink } = await exportAll({ formats: ['jsonld'] });
    const store = await toStore(JSON.parse(sink.text('graph.jsonld')));
    const graphOf = (subject: string) => new Set(store.getQuads(subject, null, null, null).map((q) => q.graph.value));
    expect(graphOf(`${SG}id/harbourside/recommendation:review-2`)).toEqual(new Set([`${SG}dataset/harbourside-2021`]));
    expect(graphOf(`${SG}id/millbrook/recommendation:review-2`)).toEqual(new Set([`${SG}dataset/millbrook-2021`]));
    expect(graphOf(`${SG}id/registry/organisation:northshire-police`)).toEqual(new Set([`${SG}dataset/registry`]));
    const about = (predicate: string) => store.getQuads(`${SG}dataset/harbourside-2021`, predicate, null, null).map((q) => [q.object.value, q.graph.value]);
    expect(about(`${SG}ns#namespace`)).toEqual([['harbourside', '']]);
    expect(about('https://schema.org/version')).toEqual([['h1', '']]);
    expect(about(`${SG}ns#fictional`)).toEqual([['true', '']]);
  });

  it('reads back into the same graph, each node and edge in its own dataset, with what each dataset says of itself', async () => {
    const graph = allDatasets();
    const { sink } = await exportAll({ formats: ['jsonld'] }, graph);
    const imported = parseJsonLdExport(JSON.parse(sink.text('graph.jsonld')));
    expect(canonicalGraphLines(imported.graph)).toEqual(canonicalGraphLines(graph));
    const datasetOf = new Map(imported.graph.nodes.map((n) => [n.id, n.dataset]));
    expect(graph.nodes.every((n) => datasetOf.get(n.id) === n.dataset)).toBe(true);
    expect(imported.graph.edges.map((e) => e.dataset)).toEqual(expect.arrayContaining(['harbourside-2021', 'millbrook-2021']));
    expect(imported.datasets).toEqual([
      { name: 'harbourside-2021', version: 'h1', title: HARBOURSIDE.title, namespace: 'harbourside', council: { name: 'Harbourside Borough Council', onsCode: 'X99000001' }, fictional: true },
      { name: 'millbrook-2021', version: 'm1', title: MILLBROOK.title, namespace: 'millbrook', council: { name: 'Millbrook District Council' }, fictional: true },
      { name: 'registry', version: 'r1', title: REGISTRY.title, namespace: 'registry', fictional: true },
    ]);
  });

  it('meets the SHACL shapes', async () => {
    const { sink } = await exportAll({ formats: ['jsonld'] });
    const { conforms, violations } = await validateShapes(await toStore(JSON.parse(sink.text('graph.jsonld'))));
    expect(violations).toEqual([]);
    expect(conforms).toBe(true);
  });

  it('refuses a node moved into a dataset whose namespace it is not in', async () => {
    const { sink } = await exportAll({ formats: ['jsonld'] });
    const document = JSON.parse(sink.text('graph.jsonld'));
    const [harbourside, , registry] = document['@graph'];
    expect([harbourside.datasetName, registry.datasetName]).toEqual([HARBOURSIDE.name, REGISTRY.name]);
    harbourside['@graph'].push(registry['@graph'].find((e: { '@id': string }) => e['@id'] === `node:${POLICE}`));
    registry['@graph'] = registry['@graph'].filter((e: { '@id': string }) => e['@id'] !== `node:${POLICE}`);
    expect(() => parseJsonLdExport(document)).toThrow(/\(node:registry\/organisation:northshire-police\): a node of namespace "registry" cannot be in dataset "harbourside-2021", whose namespace is "harbourside"/);
  });

  it('refuses a file whose dataset graph holds another dataset', async () => {
    const { sink } = await exportAll({ formats: ['jsonld'] });
    const document = JSON.parse(sink.text('graph.jsonld'));
    const [first, second] = document['@graph'];
    first['@graph'].push(second);
    document['@graph'] = [first];
    expect(() => parseJsonLdExport(document)).toThrow(/a dataset's graph cannot hold another dataset/);
  });
});

describe('the GraphML of several datasets', () => {
  it('gives every node and edge its dataset', async () => {
    const { sink } = await exportAll({ formats: ['graphml'] });
    const text = sink.text('graph.graphml');
    expect(text).toContain('<key id="n_dataset" for="node" attr.name="dataset" attr.type="string"/>');
    expect(text).toContain('<key id="e_dataset" for="edge" attr.name="dataset" attr.type="string"/>');
    expect(text).toMatch(/<node id="registry\/organisation:northshire-police">\n {6}<data key="n_dataset">registry<\/data>/);
    expect(text).toMatch(/<edge id="e\d+" source="millbrook\/recommendation:review-2" target="registry\/organisation:northshire-police">\n {6}<data key="e_dataset">millbrook-2021<\/data>/);
  });
});

describe('an export of one dataset', () => {
  it('holds only that dataset\'s own nodes and edges, and its manifest lists it alone', async () => {
    const { sink, manifest } = await exportAll({ onlyDataset: MILLBROOK.name });
    expect(manifest.datasets.map((d) => [d.name, d.counts.totalNodes, d.counts.totalEdges])).toEqual([['millbrook-2021', 5, 2]]);
    expect([manifest.counts.totalNodes, manifest.counts.totalEdges, manifest.filters.dataset]).toEqual([5, 2, 'millbrook-2021']);
    for (const name of sink.files.keys()) if (name.endsWith('.csv') || name === 'graph.graphml') expect(sink.text(name), name).not.toMatch(/harbourside/);
    // Its own edges still point to the registry's police force, whose node is not exported.
    expect(csvRows(sink.text('nodes-organisation.csv'))).toEqual([]);
    expect(csvRows(sink.text('edges.csv')).filter((r) => r.to === POLICE).map((r) => r.dataset)).toEqual(['millbrook-2021']);
    expect(JSON.parse(sink.text('graph.jsonld'))['@graph'].map((g: { '@id': string }) => g['@id'])).toEqual([`${SG}dataset/millbrook-2021`]);
  });

  it('gives its requests the tracker row they have in the whole export: addressed to and led by the registry\'s bodies', async () => {
    const whole = await exportAll({ formats: ['csv'] });
    const one = await exportAll({ formats: ['csv'], onlyDataset: HARBOURSIDE.name });
    const rows = (sink: typeof whole.sink) => csvRows(sink.text('tracker.csv')).map((r) => [r.dataset, r.request_id, r.addressed_to, r.leads, r.delivery]);
    expect(rows(one.sink)).toEqual([['harbourside-2021', HARBOURSIDE_RECOMMENDATION, 'Northshire Police', 'Northshire Police', 'RECORDED']]);
    expect(rows(one.sink)).toEqual(rows(whole.sink).filter(([dataset]) => dataset === HARBOURSIDE.name));
  });

  it('leaves out its edges to another dataset\'s node that the visibility rule withholds', async () => {
    const hidePolice = (item: GraphNode | GraphEdge) => !('id' in item) || item.id !== POLICE;
    const { manifest, sink } = await exportAll({ formats: ['csv'], onlyDataset: MILLBROOK.name, filter: { visibility: hidePolice } });
    expect(csvRows(sink.text('edges.csv')).map((r) => r.type)).toEqual(['RESOLVED_AT']);
    // The police force is withheld from the registry's export, not from this one, which never held it.
    expect([manifest.withheld, manifest.withheldEdges, manifest.counts.totalEdges]).toEqual([0, 1, 1]);
  });

  it('is empty, and says so, for a dataset with no items', async () => {
    const { manifest } = await exportAll({ onlyDataset: 'nowhere' });
    expect(manifest.datasets).toEqual([{ name: 'nowhere', counts: { nodes: {}, edges: {}, totalNodes: 0, totalEdges: 0 } }]);
    expect(manifest.counts.totalNodes).toBe(0);
  });
});
