/**
 * Imports a parsed JSON-LD export into a table that is empty or already holds the
 * same graph. The table is scanned first and compared item by item: anything that
 * is not in the file stops the import before a single write. A second import of the
 * same file finds everything present and the version recorded, and writes nothing.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { edgeId } from '../core/dataset.js';
import { ConflictError } from '../core/errors.js';
import { canonicalEdge, canonicalNode } from '../core/export/canonical.js';
import type { ImportedGraph } from '../core/export/jsonld-import.js';
import { graphVersion } from './dataset-loader.js';
import { edgeToItem, inEdgeToItem, nodeToItem, typeCounts } from './dataset-items.js';
import { DynamoGraphStore } from './graph-store.js';
import { scanTable, type ScanOptions } from './graph-scan.js';

export interface ImportResult {
  dataset: string;
  version: string;
  /** False when the table already held this graph: nothing was written. */
  written: boolean;
  /** Items written (nodes, edges and their copies under their targets). */
  items: number;
  nodes: number;
  edges: number;
}

export interface ImportOptions {
  /** Dataset name to record; defaults to the name in the file, else "imported". */
  datasetName?: string;
  /**
   * Version to record; defaults to the version the file records (the import rebuilds
   * that very graph, so a re-export reports the same version), else a hash of the content.
   */
  version?: string;
  scan?: ScanOptions;
}

export async function importGraph(doc: DynamoDBDocumentClient, tableName: string, imported: ImportedGraph, options: ImportOptions = {}): Promise<ImportResult> {
  const store = new DynamoGraphStore(doc, tableName);
  const { graph } = imported;
  const name = options.datasetName ?? imported.dataset?.name ?? 'imported';
  const version = options.version ?? imported.dataset?.version ?? graphVersion(graph);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map(graph.edges.map((edge) => [edgeId(edge), edge]));
  const presentNodes = new Set<string>();
  const presentEdges = new Set<string>();
  const foreign: string[] = [];
  let foreignCount = 0;
  let recorded: string | null = null;
  const foreignItem = (description: string) => {
    if (foreign.length < 5) foreign.push(description);
    foreignCount++;
  };

  for await (const item of scanTable(doc, tableName, options.scan)) {
    if (item.kind === 'node') {
      const wanted = nodes.get(item.node.id);
      if (wanted && canonicalNode(wanted) === canonicalNode(item.node)) presentNodes.add(item.node.id);
      else foreignItem(wanted ? `node ${item.node.id} (different content)` : `node ${item.node.id}`);
    } else if (item.kind === 'edge') {
      const key = edgeId(item.edge);
      const wanted = edges.get(key);
      if (wanted && canonicalEdge(wanted) === canonicalEdge(item.edge)) presentEdges.add(key);
      else foreignItem(wanted ? `edge ${key} (different content)` : `edge ${key}`);
    } else if (item.kind === 'derived') {
      // Copies, aliases, counts and claims follow from the graph: rewritten below when needed.
    } else if (item.kind === 'dataset') {
      if (item.name === name) recorded = item.version;
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
  const counts = { nodes: graph.nodes.length, edges: graph.edges.length };
  const missingNodes = graph.nodes.filter((node) => !presentNodes.has(node.id));
  const missingEdges = graph.edges.filter((edge) => !presentEdges.has(edgeId(edge)));
  const complete = missingNodes.length === 0 && missingEdges.length === 0;
  // Everything present and a version recorded: the table already holds exactly this graph.
  if (complete && recorded !== null) return { dataset: name, version: recorded, written: false, items: 0, ...counts };

  const tag = { name, version };
  const typeCount = typeCounts(graph);
  const nodeItem = (node: (typeof graph.nodes)[number]) => nodeToItem(node, tag, typeCount.get(node.type)!.shards);
  const edgeItems = (edge: (typeof graph.edges)[number]) => [edgeToItem(edge, tag), inEdgeToItem(edge, tag)];
  // A different recorded version means the items carry another tag: rewrite them all. Otherwise only
  // what is missing (an empty table, or an import that stopped half way) is written.
  const retag = recorded !== null && recorded !== version;
  const toWrite = retag ? [...graph.nodes.map(nodeItem), ...graph.edges.flatMap(edgeItems)] : [...missingNodes.map(nodeItem), ...missingEdges.flatMap(edgeItems)];
  await store.writeItems(toWrite);
  await store.replaceCounts(name, version, typeCount);
  await store.putDatasetVersion(name, { version, ...counts }, recorded);
  return { dataset: name, version, written: true, items: toWrite.length, ...counts };
}
