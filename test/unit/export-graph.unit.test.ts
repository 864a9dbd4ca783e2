/**
 * What exportGraph writes and reports, on small graphs of fictional nodes (every name here
 * is invented): which files each format opens, the manifest's counts, datasets, filters
 * and file list, what is withheld and counted, the order of datasets' graphs, progress,
 * backpressure, and the spill store disposed whatever happens.
 */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { BadInputError } from '../../functions/core/errors.js';
import { citationCsvRows, csvRecord, CITATION_CSV_COLUMNS } from '../../functions/core/export/csv.js';
import {
  exportGraph,
  graphItems,
  parseFormats,
  parseNodeTypes,
  publishEverything,
  type ExportOptions,
  type ExportProgress,
  type GraphItem,
} from '../../functions/core/export/export-graph.js';
import { memorySink, type ExportSink } from '../../functions/core/export/io.js';
import { memorySpillStore } from '../../functions/core/export/sort.js';
import { VOCABULARY_FILE } from '../../functions/core/export/vocabulary.js';
import { NODE_TYPE_NAMES, type NodeTypeName } from '../../functions/core/model.js';

const cite = (line: number) => ({ document: 'fictional/document:minutes', quote: `Invented sentence ${line}.`, lines: [line, line] as [number, number] });

const node = (type: NodeTypeName, slug: string, extra: Partial<GraphNode> = {}): GraphNode => ({
  id: `fictional/${type === 'ProgressUpdate' ? 'progress' : type.toLowerCase()}:${slug}`,
  type,
  label: `${type} ${slug} (fictional)`,
  props: {},
  sources: [],
  ...extra,
});
const edge = (from: GraphNode, type: GraphEdge['type'], to: GraphNode, extra: Partial<GraphEdge> = {}): GraphEdge => ({
  from: from.id,
  type,
  to: to.id,
  props: { basis: 'stated' },
  sources: [],
  ...extra,
});

const ada = node('Person', 'ada', { sources: [cite(1), cite(2)] });
const bo = node('Person', 'bo');
const committee = node('Organisation', 'committee');
const adaMember = edge(ada, 'MEMBER_OF', committee, { sources: [cite(3)] });
const boMember = edge(bo, 'MEMBER_OF', committee);

async function* items(...list: GraphItem[]): AsyncGenerator<GraphItem> {
  yield* list;
}
const nodeItem = (n: GraphNode): GraphItem => ({ kind: 'node', node: n });
const edgeItem = (e: GraphEdge): GraphItem => ({ kind: 'edge', edge: e });

async function run(graph: { nodes: GraphNode[]; edges: GraphEdge[] } | AsyncIterable<GraphItem>, options: ExportOptions = {}) {
  const sink = memorySink();
  const manifest = await exportGraph(Symbol.asyncIterator in graph ? graph : graphItems(graph), sink, { now: () => new Date('2021-06-01T00:00:00Z'), ...options });
  return { sink, manifest };
}

/** The names of the dataset graphs in graph.jsonld, in file order. */
const jsonLdGraphs = (text: string): string[] =>
  (JSON.parse(text)['@graph'] as Array<Record<string, unknown>>).filter((element) => element['@type'] === 'ExportedDataset').map((element) => element.datasetName as string);

describe('export options', () => {
  it(`read formats case- and space-insensitively, in the exporter's order, and refuse an empty list`, () => {
    expect(parseFormats(' GraphML , jsonld,, ')).toEqual(['jsonld', 'graphml']);
    expect(parseFormats('')).toEqual(['csv', 'jsonld', 'graphml']);
    expect(() => parseFormats(' , ')).toThrow(new BadInputError('Unknown export format(s) (none); use a comma-separated list of csv, jsonld, graphml'));
    expect(() => parseFormats('pdf, xls,csv')).toThrow(new BadInputError('Unknown export format(s) pdf, xls; use a comma-separated list of csv, jsonld, graphml'));
  });

  it(`read node types with spaces trimmed, in the model's order, and name every type when refusing`, () => {
    expect(parseNodeTypes(undefined)).toBeUndefined();
    expect(parseNodeTypes('')).toBeUndefined();
    expect(parseNodeTypes(' Meeting ,, Person ')).toEqual(['Person', 'Meeting']);
    for (const [value, named] of [[',', '(none)'], ['People, Persons,Person', 'People, Persons']]) {
      expect(() => parseNodeTypes(value)).toThrow(new BadInputError(`Unknown node type(s) ${named}; use a comma-separated list of ${NODE_TYPE_NAMES.join(', ')}`));
    }
    expect(NODE_TYPE_NAMES.join(', ')).toContain('Person, ');
  });
});

describe('exportGraph files', () => {
  it('opens only the files of the formats asked for, and lists them in the manifest by name', async () => {
    const graph = { nodes: [ada, committee], edges: [adaMember] };
    const names = async (options: ExportOptions) => (await run(graph, options)).manifest.files.map((file) => file.name);
    expect(await names({ formats: ['graphml'] })).toEqual(['graph.graphml']);
    expect(await names({ formats: ['jsonld'] })).toEqual(['context.jsonld', 'graph.jsonld', VOCABULARY_FILE].sort());
    const csv = await names({ formats: ['csv'], filter: { includeTypes: ['Person', 'Organisation'] } });
    expect(csv).toEqual(['citations.csv', 'edges.csv', 'nodes-organisation.csv', 'nodes-person.csv']);
    const all = await names({});
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['graph.graphml', 'graph.jsonld', 'tracker.csv', 'gaps.csv', 'nodes-person.csv']));
  });

  it('writes the vocabulary as JSON, and the manifest as JSON ending in a newline', async () => {
    const { sink } = await run({ nodes: [ada], edges: [] }, { formats: ['jsonld'] });
    expect(JSON.parse(sink.text(VOCABULARY_FILE))).toMatchObject({ '@context': expect.anything() });
    expect(sink.text(VOCABULARY_FILE).endsWith('}\n')).toBe(true);
    expect(sink.text('manifest.json').endsWith('}\n')).toBe(true);
    expect(JSON.parse(sink.text('manifest.json')).format).toBe('scrutiny-graph-export/2');
  });

  it('writes each citation of a node and an edge as one row, with nothing between rows', async () => {
    const twice = { ...boMember, sources: [cite(4), cite(5)] };
    const { sink, manifest } = await run({ nodes: [ada, bo, committee], edges: [adaMember, twice] }, { formats: ['csv'] });
    expect(sink.text('citations.csv')).toBe(csvRecord(CITATION_CSV_COLUMNS) + [ada, adaMember, twice].flatMap((item) => citationCsvRows(item).map(csvRecord)).join(''));
    expect(manifest.counts.citations).toBe(5);
  });

  it('writes the tracker when any request type is exported, with the requests of the export', async () => {
    const request = node('Recommendation', 'r1', { props: { followUp: 'required' } });
    // A request that asked only to note needs no follow-up, and has no row.
    const noted = node('Recommendation', 'r2', { props: { followUp: 'none' } });
    const { sink, manifest } = await run({ nodes: [request, noted, ada], edges: [] }, { formats: ['csv'], filter: { includeTypes: ['Recommendation'] } });
    expect(manifest.files.map((file) => file.name)).toEqual(['citations.csv', 'edges.csv', 'gaps.csv', 'nodes-recommendation.csv', 'tracker.csv']);
    expect(sink.text('tracker.csv').trim().split('\n')).toHaveLength(2);
    expect(sink.text('nodes-recommendation.csv')).toContain('fictional/recommendation:r2');
    expect(sink.text('tracker.csv')).toContain('fictional/recommendation:r1');
    const withoutRequests = await run({ nodes: [request, ada], edges: [] }, { formats: ['csv'], filter: { includeTypes: ['Person'] } });
    expect(withoutRequests.manifest.files.map((file) => file.name)).toEqual(['citations.csv', 'edges.csv', 'nodes-person.csv']);
  });

  it('refuses a node of a type the model does not define, naming it, and still disposes of the spill store', async () => {
    const spill = memorySpillStore();
    let disposed = 0;
    const counted = { ...spill, dispose: async () => void disposed++ };
    const alien = { ...ada, id: 'fictional/alien:x', type: 'Alien' as NodeTypeName };
    await expect(exportGraph(graphItems({ nodes: [alien], edges: [] }), memorySink(), { spill: counted })).rejects.toThrow(
      new BadInputError('Node "fictional/alien:x" has type "Alien", which this version of the model does not define; update the exporter before exporting this table.'),
    );
    expect(disposed).toBe(1);
    await exportGraph(graphItems({ nodes: [ada], edges: [] }), memorySink(), { spill: counted });
    expect(disposed).toBe(2);
  });

  it('yields each node and then each edge of a graph held in memory', async () => {
    const kinds: string[] = [];
    for await (const item of graphItems({ nodes: [ada, committee], edges: [adaMember] })) kinds.push(item.kind);
    expect(kinds).toEqual(['node', 'node', 'edge']);
  });
});

describe('exportGraph manifest', () => {
  it(`counts per type in the model's order, with only the types present`, async () => {
    const { manifest } = await run({ nodes: [committee, bo, ada], edges: [boMember, adaMember] }, { filter: { includeTypes: ['Person', 'Organisation'] } });
    expect(manifest.counts).toStrictEqual({ nodes: { Organisation: 1, Person: 2 }, edges: { MEMBER_OF: 2 }, totalNodes: 3, totalEdges: 2, citations: 3 });
    expect(manifest.filters).toStrictEqual({
      includeTypes: ['Organisation', 'Person'],
      dataset: null,
      visibilityRule: 'restricted nodes and edges are withheld, with every edge that touches a withheld node',
    });
  });

  it(`names the visibility rule: an officers' export, a caller's own rule`, async () => {
    const graph = { nodes: [ada], edges: [] };
    expect((await run(graph, { filter: { visibility: publishEverything } })).manifest.filters.visibilityRule).toBe('nothing is withheld: an export for officers, restricted items included');
    expect((await run(graph, { filter: { visibility: () => true } })).manifest.filters.visibilityRule).toBe('custom rule supplied by the caller');
  });

  it('lists no dataset for a graph of none, and every dataset by name, each item kept in its own', async () => {
    expect((await run({ nodes: [ada, committee], edges: [adaMember] })).manifest.datasets).toEqual([]);
    const zed = { ...bo, dataset: 'zed' };
    const { manifest, sink } = await run(
      { nodes: [zed, { ...ada, dataset: 'alpha' }, { ...committee, dataset: 'alpha' }], edges: [{ ...adaMember, dataset: 'alpha' }] },
      { datasets: [{ name: 'zed', title: 'Zed (fictional)' }, { name: 'recorded-only' }] },
    );
    expect(manifest.datasets.map((dataset) => [dataset.name, dataset.counts.totalNodes, dataset.counts.totalEdges])).toEqual([
      ['alpha', 2, 1],
      ['recorded-only', 0, 0],
      ['zed', 1, 0],
    ]);
    expect(manifest.datasets[2]).toStrictEqual({ name: 'zed', title: 'Zed (fictional)', counts: { nodes: { Person: 1 }, edges: {}, totalNodes: 1, totalEdges: 0 } });
    expect(jsonLdGraphs(sink.text('graph.jsonld'))).toEqual(['alpha', 'zed']);
  });

  it('puts items of no dataset in the default dataset, and leaves their own dataset to those that have one', async () => {
    const { manifest } = await run({ nodes: [ada, { ...bo, dataset: 'other' }], edges: [] }, { dataset: { name: 'default', version: 'v1' } });
    expect(manifest.datasets.map((dataset) => [dataset.name, dataset.counts.totalNodes])).toEqual([
      ['default', 1],
      ['other', 1],
    ]);
    expect(manifest.datasets[0]).toMatchObject({ name: 'default', version: 'v1' });
  });
});

describe('exportGraph datasets in the JSON-LD', () => {
  it(`writes each dataset's graph once, in name order, when one holds nodes only and the next nodes and edges`, async () => {
    const nodesOnly = { ...committee, id: 'fictional/organisation:agency', dataset: 'a' };
    const { sink } = await run({ nodes: [{ ...ada, dataset: 'b' }, { ...committee, dataset: 'b' }, nodesOnly], edges: [{ ...adaMember, dataset: 'b' }] }, { formats: ['jsonld'] });
    expect(jsonLdGraphs(sink.text('graph.jsonld'))).toEqual(['a', 'b']);
  });

  it(`writes a dataset that holds only edges (links between another dataset's nodes) as a graph of its own`, async () => {
    const { sink, manifest } = await run(
      { nodes: [{ ...ada, dataset: 'b' }, { ...committee, dataset: 'b' }], edges: [{ ...adaMember, dataset: 'a-links' }] },
      { formats: ['jsonld'] },
    );
    expect(jsonLdGraphs(sink.text('graph.jsonld'))).toEqual(['a-links', 'b']);
    expect(manifest.datasets.map((dataset) => [dataset.name, dataset.counts.totalNodes, dataset.counts.totalEdges])).toEqual([
      ['a-links', 0, 1],
      ['b', 2, 0],
    ]);
  });
});

describe('exportGraph withholding', () => {
  it('counts what storage withheld unread by kind, and only for the dataset exported', async () => {
    const withheld = (of: 'node' | 'edge', dataset?: string): GraphItem => ({ kind: 'withheld', of, ...(dataset ? { dataset } : {}) });
    const stream = () => items(nodeItem({ ...ada, dataset: 'mine' }), withheld('node', 'mine'), withheld('node', 'mine'), withheld('edge', 'mine'), withheld('node', 'theirs'), withheld('edge', 'theirs'));
    const everything = await run(stream());
    expect([everything.manifest.withheld, everything.manifest.withheldEdges]).toEqual([3, 2]);
    const mine = await run(stream(), { onlyDataset: 'mine' });
    expect([mine.manifest.withheld, mine.manifest.withheldEdges]).toEqual([2, 1]);
    const unnamed = await run(items(withheld('node'), withheld('edge')), { onlyDataset: 'mine', dataset: { name: 'mine' } });
    expect([unnamed.manifest.withheld, unnamed.manifest.withheldEdges]).toEqual([1, 1]);
  });

  it('counts a restricted edge as withheld only in the dataset it belongs to', async () => {
    const restriction = { reason: 'draft' } as const;
    const graph = { nodes: [{ ...ada, dataset: 'mine' }, { ...committee, dataset: 'mine' }], edges: [{ ...adaMember, dataset: 'theirs', restriction }] };
    expect((await run(graph, { onlyDataset: 'mine' })).manifest.withheldEdges).toBe(0);
    expect((await run(graph, { onlyDataset: 'theirs' })).manifest.withheldEdges).toBe(1);
  });

  it(`publishes everything in an officers' export, restricted items included`, async () => {
    const restricted = { ...ada, restriction: { reason: 'draft' as const } };
    const { manifest, sink } = await run({ nodes: [restricted, committee], edges: [adaMember] }, { filter: { visibility: publishEverything }, formats: ['csv'] });
    expect([manifest.withheld, manifest.withheldEdges, manifest.counts.totalNodes, manifest.counts.totalEdges]).toEqual([0, 0, 2, 1]);
    expect(sink.text('nodes-person.csv')).toContain(ada.id);
  });

  it(`does not let restricted progress count towards a request's delivery in a public export`, async () => {
    const request = node('Recommendation', 'r1', { props: { followUp: 'required' } });
    const progress = node('ProgressUpdate', 'p1', { props: { asAt: '2021-05-01', status: 'complete', text: 'Fictional work done.' }, restriction: { reason: 'draft' } });
    const graph = { nodes: [request, progress], edges: [edge(progress, 'PROGRESS_OF', request)] };
    const deliveryOf = async (options: ExportOptions) => {
      const { sink } = await run(graph, { formats: ['jsonld'], ...options });
      const element = (JSON.parse(sink.text('graph.jsonld'))['@graph'] as Array<Record<string, unknown>>).find((e) => e['@id'] === `node:${request.id}`)!;
      return [element.delivery, element.lastActivity];
    };
    const officers = await deliveryOf({ filter: { visibility: publishEverything } });
    const published = await deliveryOf({});
    expect(officers[1]).toEqual('2021-05-01');
    expect(published).toEqual(['NOT_RECORDED', undefined]);
    expect(officers[0]).not.toBe(published[0]);
  });
});

describe('exportGraph progress and backpressure', () => {
  // 2,499 people and a committee, each person a member: enough for progress every 2,000 items.
  const people = Array.from({ length: 2_499 }, (_, index) => node('Person', `p${String(index).padStart(4, '0')}`));
  const big = { nodes: [...people, committee], edges: people.slice(0, 2_000).map((person) => edge(person, 'MEMBER_OF', committee)) };

  it('reports progress every 2,000 items read and written, and once complete for each phase', async () => {
    const reports: ExportProgress[] = [];
    await run(big, { formats: ['graphml'], onProgress: (report) => reports.push(report) });
    expect(reports).toStrictEqual([
      { phase: 'read', nodes: 2_000, edges: 0 },
      { phase: 'read', nodes: 2_500, edges: 1_500 },
      { phase: 'read', nodes: 2_500, edges: 2_000, complete: true },
      { phase: 'write', nodes: 2_000, edges: 0 },
      { phase: 'write', nodes: 2_500, edges: 2_000 },
      { phase: 'done', nodes: 2_500, edges: 2_000, complete: true },
    ]);
  });

  it(`waits for each chunk a file sink is writing before it writes that file's next`, async () => {
    const files = new Map<string, Buffer[]>();
    const overlaps: string[] = [];
    const slowSink: ExportSink = {
      open(name) {
        const chunks: Buffer[] = [];
        files.set(name, chunks);
        let writing = false;
        return {
          write: async (chunk) => {
            if (writing) overlaps.push(name);
            writing = true;
            await new Promise((resolve) => setTimeout(resolve, 2));
            chunks.push(Buffer.from(chunk));
            writing = false;
          },
          close: async () => {
            if (writing) overlaps.push(`${name} (closed while writing)`);
          },
        };
      },
    };
    const manifest = await exportGraph(graphItems(big), slowSink, { formats: ['graphml', 'csv'] });
    expect(overlaps).toEqual([]);
    const graphml = manifest.files.find((file) => file.name === 'graph.graphml')!;
    expect(files.get('graph.graphml')!.length).toBeGreaterThan(2);
    expect(Buffer.concat(files.get('graph.graphml')!).length).toBe(graphml.bytes);
  });
});
