/**
 * Imports a parsed JSON-LD export into a table that is empty or already holds the
 * same graph. The table is scanned first and compared item by item: anything that
 * is not in the file stops the import before a single write. A second import of the
 * same file finds everything present and the version recorded, and writes nothing.
 */
import type { TableClient } from './table-client.js';
import { edgeId } from '../core/dataset.js';
import { BadInputError, ConflictError } from '../core/errors.js';
import { canonicalEdge, canonicalNode } from '../core/export/canonical.js';
import type { ImportedGraph } from '../core/export/jsonld-import.js';
import { graphVersion } from './dataset-loader.js';
import { edgeToItem, inEdgeToItem, nodeToItem, searchItems, typeCounts } from './dataset-items.js';
import { DynamoGraphStore } from './graph-store.js';
import { scanTable, type ScanOptions } from './graph-scan.js';

export interface ImportResult {
  /** The first dataset imported (the only one, for a file of one dataset). */
  dataset: string;
  version: string;
  /** False when the table already held this graph: nothing was written. */
  written: boolean;
  /** Items written (nodes, edges and their copies under their targets). */
  items: number;
  nodes: number;
  edges: number;
  /** Each dataset imported, with its version and counts. */
  datasets: Array<{ name: string; version: string; nodes: number; edges: number }>;
}

export interface ImportOptions {
  /** Dataset name to record, for a file of one dataset; defaults to the name in the file, else "imported". */
  datasetName?: string;
  /**
   * Version to record, for a file of one dataset; defaults to the version the file records
   * (the import rebuilds that very graph, so a re-export reports the same version), else a
   * hash of the content.
   */
  version?: string;
  scan?: ScanOptions;
}

/**
 * Each node and edge goes back into the dataset whose named graph held it, and each
 * dataset's record gets its version and what the file says of it, so a re-export is the
 * same file.
 */
export async function importGraph(db: TableClient, tableName: string, imported: ImportedGraph, options: ImportOptions = {}): Promise<ImportResult> {
  const store = new DynamoGraphStore(db, tableName);
  const { graph } = imported;
  const fileDatasets = imported.datasets ?? (imported.dataset ? [imported.dataset] : []);
  if (fileDatasets.length > 1 && (options.datasetName !== undefined || options.version !== undefined)) {
    throw new BadInputError(`The file holds ${fileDatasets.length} datasets (${fileDatasets.map((d) => d.name).join(', ')}); a dataset name or version can be given only for a file of one.`);
  }
  const single = options.datasetName ?? fileDatasets[0]?.name ?? 'imported';
  // A file of one dataset may be renamed; in a file of several, each item keeps its graph's.
  const datasetOf = (item: { dataset?: string }) => (fileDatasets.length > 1 ? (item.dataset ?? single) : single);
  const infoOf = new Map(fileDatasets.map((d) => [fileDatasets.length > 1 ? d.name : single, d]));
  const names = [...new Set([...infoOf.keys(), ...graph.nodes.map(datasetOf), ...graph.edges.map(datasetOf)])];
  if (names.length === 0) names.push(single);
  const parts = new Map(names.map((name) => [name, { nodes: graph.nodes.filter((n) => datasetOf(n) === name), edges: graph.edges.filter((e) => datasetOf(e) === name) }]));
  const versionOf = new Map(names.map((name) => [name, (names.length === 1 ? options.version : undefined) ?? infoOf.get(name)?.version ?? graphVersion(parts.get(name)!)]));

  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map(graph.edges.map((edge) => [edgeId(edge), edge]));
  const presentNodes = new Set<string>();
  const presentEdges = new Set<string>();
  const foreign: string[] = [];
  let foreignCount = 0;
  const recorded = new Map<string, string>();
  const foreignItem = (description: string) => {
    if (foreign.length < 5) foreign.push(description);
    foreignCount++;
  };
  const sameDataset = (stored: { dataset?: string }, wanted: { dataset?: string }) => stored.dataset === undefined || stored.dataset === datasetOf(wanted);

  for await (const item of scanTable(db, tableName, options.scan)) {
    if (item.kind === 'node') {
      const wanted = nodes.get(item.node.id);
      if (wanted && canonicalNode(wanted) === canonicalNode(item.node) && sameDataset(item.node, wanted)) presentNodes.add(item.node.id);
      else foreignItem(wanted ? `node ${item.node.id} (different content)` : `node ${item.node.id}`);
    } else if (item.kind === 'edge') {
      const key = edgeId(item.edge);
      const wanted = edges.get(key);
      if (wanted && canonicalEdge(wanted) === canonicalEdge(item.edge) && sameDataset(item.edge, wanted)) presentEdges.add(key);
      else foreignItem(wanted ? `edge ${key} (different content)` : `edge ${key}`);
    } else if (item.kind === 'derived') {
      // Copies, aliases, counts, claims and the search index follow from the graph: rewritten below when needed.
    } else if (item.kind === 'dataset') {
      if (parts.has(item.name)) recorded.set(item.name, item.version);
      else foreignItem(`dataset record "${item.name}"`);
    } else {
      foreignItem(`item ${item.pk} / ${item.sk}`);
    }
  }

  if (foreignCount > 0) {
    throw new ConflictError(
      `Table "${tableName}" already holds ${foreignCount} item(s) that are not in this file, e.g. ${foreign.join('; ')}. ` +
        'Nothing was written. Import into an empty table (set TABLE_NAME to a new name) or empty this one first.',
    );
  }
  const summary = names.map((name) => ({ name, version: recorded.get(name) ?? versionOf.get(name)!, nodes: parts.get(name)!.nodes.length, edges: parts.get(name)!.edges.length }));
  const counts = { nodes: graph.nodes.length, edges: graph.edges.length };
  const missingNodes = graph.nodes.filter((node) => !presentNodes.has(node.id));
  const missingEdges = graph.edges.filter((edge) => !presentEdges.has(edgeId(edge)));
  // Everything present and every version recorded: the table already holds exactly this graph.
  if (missingNodes.length === 0 && missingEdges.length === 0 && names.every((name) => recorded.has(name))) {
    return { dataset: names[0]!, version: recorded.get(names[0]!)!, written: false, items: 0, ...counts, datasets: summary };
  }

  let items = 0;
  for (const name of names) {
    const version = versionOf.get(name)!;
    const part = parts.get(name)!;
    const previous = recorded.get(name) ?? null;
    const tag = { name, version };
    const typeCount = typeCounts(part);
    const nodeItem = (node: (typeof graph.nodes)[number]) => nodeToItem(node, tag, typeCount.get(node.type)!.shards);
    const edgeItems = (edge: (typeof graph.edges)[number]) => [edgeToItem(edge, tag), inEdgeToItem(edge, tag)];
    // A different recorded version means the items carry another tag: rewrite them all. Otherwise only
    // what is missing (an empty table, or an import that stopped half way) is written.
    const retag = previous !== null && previous !== version;
    const toWrite = [
      ...part.nodes.filter((n) => retag || !presentNodes.has(n.id)).map(nodeItem),
      ...part.edges.filter((e) => retag || !presentEdges.has(edgeId(e))).flatMap(edgeItems),
    ];
    // The search index follows from every node of the dataset: written whole with any change.
    await store.writeItems([...toWrite, ...searchItems(part, tag)]);
    items += toWrite.length;
    await store.replaceCounts(name, version, typeCount);
    await store.putDatasetVersion(name, { version, nodes: part.nodes.length, edges: part.edges.length }, previous);
    const info = infoOf.get(name);
    if (info) {
      const { name: _name, version: _version, ...facts } = info;
      await store.recordDatasetFacts(name, {
        ...(facts.title !== undefined ? { title: facts.title } : {}),
        ...(facts.namespace ? { namespace: facts.namespace } : {}),
        ...(facts.council ? { council: { name: facts.council.name, ...(facts.council.onsCode ? { onsCode: facts.council.onsCode } : {}) } } : {}),
        ...(facts.fictional !== undefined ? { fictional: facts.fictional } : {}),
        ...(facts.dependencies ? { dependencies: facts.dependencies } : {}),
      });
    }
  }
  return { dataset: names[0]!, version: versionOf.get(names[0]!)!, written: true, items, ...counts, datasets: summary.map((d) => ({ ...d, version: versionOf.get(d.name)! })) };
}
