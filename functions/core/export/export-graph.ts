/**
 * Runs an export: reads the graph once as a stream of nodes and edges, sorts both by
 * id in bounded memory (see sort.ts), then writes every requested format in one pass
 * over the sorted streams, and finally a manifest with counts, sizes and checksums.
 *
 * Row order is by id (code-unit order) and column order is fixed by the model, so
 * two exports of the same graph are byte-identical; only the manifest's `exportedAt`
 * differs.
 */
import { edgeId, type GraphEdge, type GraphNode } from '../dataset.js';
import { isPublic } from '../visibility.js';
import { BadInputError } from '../errors.js';
import { EDGE_TYPE_NAMES, NODE_TYPE_NAMES, isNodeType, typeOfId, type NodeTypeName } from '../model.js';
import {
  BOM,
  CITATION_CSV_COLUMNS,
  CITATIONS_CSV,
  EDGE_CSV_COLUMNS,
  EDGES_CSV,
  citationCsvRows,
  csvRecord,
  edgeCsvRow,
  nodeCsvColumns,
  nodeCsvFileName,
  nodeCsvRow,
} from './csv.js';
import { DeliveryCollector, GAPS_CSV, GAPS_CSV_COLUMNS, REQUEST_TYPES, TRACKER_CSV, TRACKER_CSV_COLUMNS, gapCsvRows, trackerCsvRow } from './delivery.js';
import { GRAPHML_FILE, graphmlEdge, graphmlFooter, graphmlHeader, graphmlNode } from './graphml.js';
import { openTextFile, type ExportSink, type FileInfo, type TextFile } from './io.js';
import {
  JSONLD_CONTEXT_FILE,
  JSONLD_FILE,
  JsonLdGraphWriter,
  jsonLdContextDocument,
  jsonLdDatasetObject,
  jsonLdEdge,
  jsonLdFooter,
  jsonLdHeader,
  jsonLdNode,
} from './jsonld.js';
import { VOCABULARY_FILE, vocabularyDocument } from './vocabulary.js';
import { ExternalSorter, memorySpillStore, type SpillStore } from './sort.js';

export const EXPORT_FORMATS = ['csv', 'jsonld', 'graphml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const MANIFEST_FILE = 'manifest.json';

/**
 * What the exporter reads: nodes, edges, and `withheld` marks for items storage did not
 * let this export's reader see (only counted, never read).
 */
export type GraphItem = { kind: 'node'; node: GraphNode } | { kind: 'edge'; edge: GraphEdge } | { kind: 'withheld'; of: 'node' | 'edge'; dataset?: string };

/** Decides whether a node or an edge may be published. Withheld nodes take every edge that touches them along. */
export type VisibilityRule = (item: GraphNode | GraphEdge) => boolean;

/**
 * The default rule withholds restricted nodes and edges. Storage already withholds them
 * from a public export (it reads as an anonymous caller); the rule keeps an export of an
 * in-memory graph, or of a reader that sees everything, from publishing them by mistake.
 */
export const withholdRestricted: VisibilityRule = (item) => isPublic(item);

/** The rule of an export for officers, whose reader sees restricted items: nothing is withheld. */
export const publishEverything: VisibilityRule = () => true;

export interface ExportFilter {
  /** Only these node types, and only edges whose two ends are both included. */
  includeTypes?: readonly NodeTypeName[];
  visibility?: VisibilityRule;
}

export interface ExportProgress {
  phase: 'read' | 'write' | 'done';
  nodes: number;
  edges: number;
  /** True on the last report of a phase. */
  complete?: boolean;
}

/** A dataset as the table records it (what its folder declares, and the version loaded). */
export interface DatasetRecord {
  name: string;
  version?: string;
  loadedAt?: string;
  title?: string;
  namespace?: string | null;
  council?: { name: string; onsCode?: string | null } | null;
  fictional?: boolean;
  dependencies?: string[];
}

/** A dataset the export holds, with what it holds of it. */
export interface ManifestDataset extends DatasetRecord {
  counts: { nodes: Record<string, number>; edges: Record<string, number>; totalNodes: number; totalEdges: number };
}

export interface ExportOptions {
  formats?: readonly ExportFormat[];
  filter?: ExportFilter;
  /** Start CSV files with a UTF-8 byte-order mark, for Excel. */
  bom?: boolean;
  /** The dataset of nodes and edges that carry none (a graph built in memory). */
  dataset?: DatasetRecord | null;
  /** What the table records of each dataset, for the manifest and the JSON-LD graphs. */
  datasets?: readonly DatasetRecord[];
  /** Export this dataset's own nodes and edges only. */
  onlyDataset?: string;
  /** Where sorted runs go when the graph exceeds `runSize`; memory by default (tests). */
  spill?: SpillStore;
  /** Most nodes (and, separately, edges) held in memory while sorting. */
  runSize?: number;
  now?: () => Date;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportManifest {
  format: 'scrutiny-graph-export/2';
  exportedAt: string;
  /** Every dataset the export holds, by name, with its version and what the export holds of it. */
  datasets: ManifestDataset[];
  formats: ExportFormat[];
  filters: { includeTypes: NodeTypeName[] | null; dataset: string | null; visibilityRule: string };
  counts: { nodes: Record<string, number>; edges: Record<string, number>; totalNodes: number; totalEdges: number; citations: number };
  /** Left out by --include-types. */
  excluded: { nodes: number; edges: number };
  /** Nodes withheld by the visibility rule, and the edges withheld with them. */
  withheld: number;
  withheldEdges: number;
  files: FileInfo[];
}

export const DEFAULT_RUN_SIZE = 10_000;
const PROGRESS_EVERY = 2_000;

export function parseFormats(value: string | undefined): ExportFormat[] {
  if (!value) return [...EXPORT_FORMATS];
  const formats = value.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length || formats.length === 0) throw new BadInputError(`Unknown export format(s) ${unknown.join(', ') || '(none)'}; use a comma-separated list of ${EXPORT_FORMATS.join(', ')}`);
  return EXPORT_FORMATS.filter((f) => formats.includes(f));
}

export function parseNodeTypes(value: string | undefined): NodeTypeName[] | undefined {
  if (!value) return undefined;
  const names = value.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = names.filter((t) => !isNodeType(t));
  if (unknown.length || names.length === 0) throw new BadInputError(`Unknown node type(s) ${unknown.join(', ') || '(none)'}; use a comma-separated list of ${NODE_TYPE_NAMES.join(', ')}`);
  return NODE_TYPE_NAMES.filter((t) => names.includes(t));
}

/** Dataset of an item with none recorded: the export's default, else none (''). */
const UNNAMED = '';
const datasetOf = (item: { dataset?: string }) => item.dataset ?? UNNAMED;
// Sorted by dataset, then id: each dataset's items are contiguous (one named graph in the
// JSON-LD). U+0000 sorts first, so "a" and its items come before "a-b".
const nodeKey = (node: GraphNode) => `${datasetOf(node)}\u0000${node.id}`;
const edgeKey = (edge: GraphEdge) => `${datasetOf(edge)}\u0000${edgeId(edge)}`;

/** Awaits only the writes that asked for it (a flushed chunk), keeping the hot loop cheap. */
async function all(results: Array<void | Promise<void>>): Promise<void> {
  for (const result of results) if (result) await result;
}

export async function exportGraph(items: AsyncIterable<GraphItem>, sink: ExportSink, options: ExportOptions = {}): Promise<ExportManifest> {
  const formats = [...(options.formats ?? EXPORT_FORMATS)];
  const includeTypes = options.filter?.includeTypes ? new Set(options.filter.includeTypes) : undefined;
  const visible = options.filter?.visibility ?? withholdRestricted;
  const spill = options.spill ?? memorySpillStore();
  const runSize = options.runSize ?? DEFAULT_RUN_SIZE;
  const progress = options.onProgress ?? (() => {});
  const included = (id: string) => {
    if (!includeTypes) return true;
    const type = typeOfId(id);
    return type !== undefined && includeTypes.has(type);
  };

  const nodes = new ExternalSorter<GraphNode>({ key: nodeKey, runSize, spill });
  const edges = new ExternalSorter<GraphEdge>({ key: edgeKey, runSize, spill });
  const defaultDataset = options.dataset?.name;
  const tagged = <T extends { dataset?: string }>(item: T): T => (item.dataset === undefined && defaultDataset !== undefined ? { ...item, dataset: defaultDataset } : item);
  const only = options.onlyDataset;
  /** Every node the visibility rule hides (of any dataset), so no exported edge points to one. */
  const hiddenIds = new Set<string>();
  let withheldNodes = 0;
  // Withheld by storage (never read: the export's reader may not see them), and restricted edges withheld here.
  let withheldEdgesApart = 0;
  const delivery = new DeliveryCollector();
  let excludedNodes = 0;
  let excludedEdges = 0;

  try {
    // Pass 1: read everything once, filter by type and visibility, and sort.
    let read = 0;
    for await (const raw of items) {
      if (raw.kind === 'withheld') {
        // Counted for the dataset exported (for every dataset without --dataset).
        if (only === undefined || (raw.dataset ?? defaultDataset) === only) {
          if (raw.of === 'node') withheldNodes++;
          else withheldEdgesApart++;
        }
        continue;
      }
      const item: GraphItem = raw.kind === 'node' ? { kind: 'node', node: tagged(raw.node) } : { kind: 'edge', edge: tagged(raw.edge) };
      // With --dataset, another dataset's items are not exported, but they still count for
      // delivery (a request addressed to a registry body) and for what is withheld.
      const exported = only === undefined || datasetOf(item.kind === 'node' ? item.node : item.edge) === only;
      if (item.kind === 'node') {
        if (!isNodeType(item.node.type)) {
          throw new BadInputError(`Node "${item.node.id}" has type "${item.node.type}", which this version of the model does not define; update the exporter before exporting this table.`);
        }
        // Delivery is a fact of the whole visible graph, whatever types and datasets this export includes.
        const isVisible = visible(item.node);
        const isIncluded = !includeTypes || includeTypes.has(item.node.type);
        if (isVisible) delivery.addNode(item.node, isIncluded && exported);
        if (!isVisible) hiddenIds.add(item.node.id);
        if (!exported) continue;
        if (!isIncluded) excludedNodes++;
        else if (!isVisible) withheldNodes++;
        else await nodes.add(item.node);
      } else if (!visible(item.edge)) {
        if (exported) withheldEdgesApart++;
      } else {
        delivery.addEdge(item.edge);
        if (!exported) continue;
        if (!included(item.edge.from) || !included(item.edge.to)) excludedEdges++;
        else await edges.add(item.edge);
      }
      if (++read % PROGRESS_EVERY === 0) progress({ phase: 'read', nodes: nodes.count, edges: edges.count });
    }
    progress({ phase: 'read', nodes: nodes.count, edges: edges.count, complete: true });
    const deliveryOf = await delivery.requestStatuses();

    // Pass 2: write every format from the sorted streams.
    const files: TextFile[] = [];
    const open = async (name: string) => {
      const file = await openTextFile(sink, name);
      files.push(file);
      return file;
    };
    const bom = options.bom ? BOM : '';
    const csvByType = new Map<NodeTypeName, TextFile>();
    let edgesCsv: TextFile | undefined;
    let citationsCsv: TextFile | undefined;
    let trackerCsv: TextFile | undefined;
    let gapsCsv: TextFile | undefined;
    if (formats.includes('csv')) {
      for (const type of NODE_TYPE_NAMES) {
        if (includeTypes && !includeTypes.has(type)) continue;
        const file = await open(nodeCsvFileName(type));
        await file.write(bom + csvRecord(nodeCsvColumns(type)));
        csvByType.set(type, file);
      }
      edgesCsv = await open(EDGES_CSV);
      await edgesCsv.write(bom + csvRecord(EDGE_CSV_COLUMNS));
      citationsCsv = await open(CITATIONS_CSV);
      await citationsCsv.write(bom + csvRecord(CITATION_CSV_COLUMNS));
      // The tracker and its gaps, written once the nodes have streamed past; only when requests are exported.
      if (REQUEST_TYPES.some((type) => !includeTypes || includeTypes.has(type))) {
        trackerCsv = await open(TRACKER_CSV);
        await trackerCsv.write(bom + csvRecord(TRACKER_CSV_COLUMNS));
        gapsCsv = await open(GAPS_CSV);
        await gapsCsv.write(bom + csvRecord(GAPS_CSV_COLUMNS));
      }
    }
    let jsonld: JsonLdGraphWriter | undefined;
    if (formats.includes('jsonld')) {
      // The context on its own, for others to reference; graph.jsonld still inlines it.
      await (await open(JSONLD_CONTEXT_FILE)).write(jsonLdContextDocument());
      await (await open(VOCABULARY_FILE)).write(`${JSON.stringify(vocabularyDocument(), null, 2)}\n`);
      const file = await open(JSONLD_FILE);
      await file.write(jsonLdHeader());
      jsonld = new JsonLdGraphWriter((text) => file.write(text));
    }
    let graphml: TextFile | undefined;
    if (formats.includes('graphml')) {
      graphml = await open(GRAPHML_FILE);
      await graphml.write(graphmlHeader());
    }

    const nodeCounts = new Map<string, number>();
    const edgeCounts = new Map<string, number>();
    const perDataset = new Map<string, { nodes: Map<string, number>; edges: Map<string, number>; totalNodes: number; totalEdges: number }>();
    const countsOf = (dataset: string) => {
      let counts = perDataset.get(dataset);
      if (!counts) perDataset.set(dataset, (counts = { nodes: new Map(), edges: new Map(), totalNodes: 0, totalEdges: 0 }));
      return counts;
    };
    const records = new Map([...(options.datasets ?? []), ...(options.dataset ? [options.dataset] : [])].map((d) => [d.name, d]));
    let citations = 0;
    let writtenNodes = 0;
    let writtenEdges = 0;
    let withheldEdges = 0;

    const writeNode = async (node: GraphNode) => {
      nodeCounts.set(node.type, (nodeCounts.get(node.type) ?? 0) + 1);
      const own = countsOf(datasetOf(node));
      own.nodes.set(node.type, (own.nodes.get(node.type) ?? 0) + 1);
      own.totalNodes++;
      citations += node.sources.length;
      const delivered = deliveryOf.get(node.id);
      delivery.addBody(node);
      await all([
        csvByType.get(node.type)?.write(csvRecord(nodeCsvRow(node, delivered))),
        citationsCsv?.write(citationCsvRows(node).map(csvRecord).join('')),
        jsonld?.element(jsonLdNode(node, delivered)),
        graphml?.write(graphmlNode(node, delivered)),
      ]);
      if (++writtenNodes % PROGRESS_EVERY === 0) progress({ phase: 'write', nodes: writtenNodes, edges: writtenEdges });
    };
    const writeEdge = async (edge: GraphEdge) => {
      if (hiddenIds.has(edge.from) || hiddenIds.has(edge.to)) {
        withheldEdges++;
        return;
      }
      edgeCounts.set(edge.type, (edgeCounts.get(edge.type) ?? 0) + 1);
      const own = countsOf(datasetOf(edge));
      own.edges.set(edge.type, (own.edges.get(edge.type) ?? 0) + 1);
      own.totalEdges++;
      citations += edge.sources.length;
      const results: Array<void | Promise<void>> = [
        edgesCsv?.write(csvRecord(edgeCsvRow(edge))),
        citationsCsv?.write(citationCsvRows(edge).map(csvRecord).join('')),
        graphml?.write(graphmlEdge(edge, writtenEdges)),
      ];
      if (jsonld) for (const element of jsonLdEdge(edge)) results.push(jsonld.element(element));
      await all(results);
      if (++writtenEdges % PROGRESS_EVERY === 0) progress({ phase: 'write', nodes: writtenNodes, edges: writtenEdges });
    };

    // One dataset at a time, its nodes then its edges: in the JSON-LD, one named graph each.
    // Items of no dataset (a graph built in memory with none given) go in the default graph.
    const nodeStream = nodes.sorted()[Symbol.asyncIterator]();
    const edgeStream = edges.sorted()[Symbol.asyncIterator]();
    let node = await nodeStream.next();
    let edge = await edgeStream.next();
    while (!node.done || !edge.done) {
      const candidates = [...(node.done ? [] : [datasetOf(node.value)]), ...(edge.done ? [] : [datasetOf(edge.value)])];
      const dataset = candidates.reduce((a, b) => (b < a ? b : a));
      if (jsonld && dataset !== UNNAMED) await jsonld.openGraph(jsonLdDatasetObject(records.get(dataset) ?? { name: dataset }));
      for (; !node.done && datasetOf(node.value) === dataset; node = await nodeStream.next()) await writeNode(node.value);
      for (; !edge.done && datasetOf(edge.value) === dataset; edge = await edgeStream.next()) await writeEdge(edge.value);
      if (jsonld && dataset !== UNNAMED) await jsonld.closeGraph();
    }
    if (trackerCsv && gapsCsv) {
      const rows = await delivery.trackerRows((request) => included(request.id) && (only === undefined || datasetOf(request) === only));
      await trackerCsv.write(rows.map((row) => csvRecord(trackerCsvRow(row))).join(''));
      await gapsCsv.write(rows.flatMap(gapCsvRows).map(csvRecord).join(''));
    }

    if (jsonld) await files.find((f) => f.name === JSONLD_FILE)!.write(jsonLdFooter());
    if (graphml) await graphml.write(graphmlFooter());
    const infos: FileInfo[] = [];
    for (const file of files) infos.push(await file.close());
    infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const ordered = (counts: Map<string, number>, names: readonly string[]) =>
      Object.fromEntries(names.filter((n) => counts.has(n)).map((n) => [n, counts.get(n)!]));
    // Every dataset exported or recorded (only the one asked for, with --dataset); items of no dataset are in the totals only.
    const datasetNames = new Set([...perDataset.keys(), ...(only !== undefined ? [only] : records.keys())].filter((name) => name !== UNNAMED));
    const manifest: ExportManifest = {
      format: 'scrutiny-graph-export/2',
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
      datasets: [...datasetNames].sort().map((name) => {
        const counts = perDataset.get(name);
        return {
          ...(records.get(name) ?? { name }),
          counts: {
            nodes: ordered(counts?.nodes ?? new Map(), NODE_TYPE_NAMES),
            edges: ordered(counts?.edges ?? new Map(), EDGE_TYPE_NAMES),
            totalNodes: counts?.totalNodes ?? 0,
            totalEdges: counts?.totalEdges ?? 0,
          },
        };
      }),
      formats,
      filters: {
        includeTypes: includeTypes ? NODE_TYPE_NAMES.filter((t) => includeTypes.has(t)) : null,
        dataset: only ?? null,
        visibilityRule: options.filter?.visibility === publishEverything
          ? 'nothing is withheld: an export for officers, restricted items included'
          : options.filter?.visibility
          ? 'custom rule supplied by the caller'
          : 'restricted nodes and edges are withheld, with every edge that touches a withheld node',
      },
      counts: {
        nodes: ordered(nodeCounts, NODE_TYPE_NAMES),
        edges: ordered(edgeCounts, EDGE_TYPE_NAMES),
        totalNodes: writtenNodes,
        totalEdges: writtenEdges,
        citations,
      },
      excluded: { nodes: excludedNodes, edges: excludedEdges },
      withheld: withheldNodes,
      withheldEdges: withheldEdges + withheldEdgesApart,
      files: infos,
    };
    const manifestFile = await openTextFile(sink, MANIFEST_FILE);
    await manifestFile.write(JSON.stringify(manifest, null, 2) + '\n');
    await manifestFile.close();
    progress({ phase: 'done', nodes: writtenNodes, edges: writtenEdges, complete: true });
    return manifest;
  } finally {
    await spill.dispose();
  }
}

/** A Graph held in memory as the item stream the exporter reads (tests, small graphs). */
export async function* graphItems(graph: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }): AsyncGenerator<GraphItem> {
  for (const node of graph.nodes) yield { kind: 'node', node };
  for (const edge of graph.edges) yield { kind: 'edge', edge };
}


