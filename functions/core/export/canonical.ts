/** Key-order-independent JSON, for comparing graphs read back from storage (DynamoDB keeps no key order). */
import { edgeId, type Graph, type GraphEdge, type GraphNode } from '../dataset.js';
import { compareKeys } from './sort.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort(compareKeys)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function canonicalNode(node: GraphNode): string {
  return canonicalJson({ id: node.id, type: node.type, label: node.label, props: node.props, sources: node.sources });
}

export function canonicalEdge(edge: GraphEdge): string {
  return canonicalJson({ from: edge.from, type: edge.type, to: edge.to, props: edge.props, sources: edge.sources });
}

/** The graph as sorted canonical lines: two graphs are the same graph when these are equal. */
export function canonicalGraphLines(graph: Graph): { nodes: string[]; edges: string[] } {
  return {
    nodes: [...graph.nodes].sort((a, b) => compareKeys(a.id, b.id)).map(canonicalNode),
    edges: [...graph.edges].sort((a, b) => compareKeys(edgeId(a), edgeId(b))).map(canonicalEdge),
  };
}
