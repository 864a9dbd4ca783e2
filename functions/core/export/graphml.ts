/**
 * GraphML for network tools (networkx, Gephi, yEd, Cytoscape). Every attribute is
 * declared once as a typed <key>: node properties from the model, edge properties,
 * and citation summaries. Text is escaped for XML 1.0, and characters XML cannot
 * carry at all (most control characters, lone surrogates) become U+FFFD, so the
 * file is always well-formed.
 */
import { formatLocator } from '../citations.js';
import type { GraphEdge, GraphNode } from '../dataset.js';
import { EDGE_PROPERTIES, NODE_TYPES, publishedEdgeValue, type PropertyKind } from '../model.js';
import { cell } from './csv.js';
import type { RequestDelivery } from './delivery.js';

export const GRAPHML_FILE = 'graph.graphml';

type GraphmlType = 'string' | 'double' | 'int' | 'boolean';

interface KeySpec {
  id: string;
  for: 'node' | 'edge';
  name: string;
  type: GraphmlType;
}

const INVALID_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXmlText(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function graphmlType(kind: PropertyKind): GraphmlType {
  switch (kind) {
    case 'number':
      return 'double';
    case 'integer':
      return 'int';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

/** Node property names in order of first appearance in the model; a name with two kinds falls back to string. */
function nodePropertyKeys(): KeySpec[] {
  const keys = new Map<string, KeySpec>();
  for (const spec of Object.values(NODE_TYPES)) {
    for (const [name, property] of Object.entries(spec.properties)) {
      const type = graphmlType(property.kind);
      const existing = keys.get(name);
      if (!existing) keys.set(name, { id: `n_${name}`, for: 'node', name, type });
      else if (existing.type !== type) existing.type = 'string';
    }
  }
  return [...keys.values()];
}

const NODE_KEYS: KeySpec[] = [
  { id: 'n_dataset', for: 'node', name: 'dataset', type: 'string' },
  { id: 'n_type', for: 'node', name: 'type', type: 'string' },
  { id: 'n_label', for: 'node', name: 'label', type: 'string' },
  ...nodePropertyKeys(),
  { id: 'n_citation_count', for: 'node', name: 'citation_count', type: 'int' },
  { id: 'n_first_citation', for: 'node', name: 'first_citation', type: 'string' },
  // Derived, for resolutions and recommendations: what the source records of their delivery.
  { id: 'n_delivery', for: 'node', name: 'delivery', type: 'string' },
  { id: 'n_last_activity', for: 'node', name: 'last_activity', type: 'string' },
];

const EDGE_KEYS: KeySpec[] = [
  { id: 'e_dataset', for: 'edge', name: 'dataset', type: 'string' },
  { id: 'e_type', for: 'edge', name: 'type', type: 'string' },
  ...Object.entries(EDGE_PROPERTIES).map(([name, property]): KeySpec => ({ id: `e_${name}`, for: 'edge', name, type: graphmlType(property.kind) })),
  { id: 'e_citation', for: 'edge', name: 'citation', type: 'string' },
  { id: 'e_citation_count', for: 'edge', name: 'citation_count', type: 'int' },
];

export const GRAPHML_KEYS: readonly KeySpec[] = [...NODE_KEYS, ...EDGE_KEYS];

export function graphmlHeader(): string {
  const keys = GRAPHML_KEYS.map((key) => `  <key id="${key.id}" for="${key.for}" attr.name="${escapeXmlAttribute(key.name)}" attr.type="${key.type}"/>\n`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n' +
    '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n' +
    keys +
    '  <graph id="scrutiny-graph" edgedefault="directed">\n'
  );
}

export function graphmlFooter(): string {
  return '  </graph>\n</graphml>\n';
}

function data(key: KeySpec, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  return `      <data key="${key.id}">${escapeXmlText(cell(value))}</data>\n`;
}

export function graphmlNode(node: GraphNode, delivery?: RequestDelivery): string {
  const props = node.props as Record<string, unknown>;
  const first = node.sources[0];
  const values: Record<string, unknown> = {
    n_dataset: node.dataset,
    n_type: node.type,
    n_label: node.label,
    n_citation_count: node.sources.length,
    n_first_citation: first ? `${first.document}, ${formatLocator(first)}` : undefined,
    n_delivery: delivery?.delivery,
    n_last_activity: delivery?.lastActivity,
  };
  let body = '';
  for (const key of NODE_KEYS) body += data(key, key.id in values ? values[key.id] : props[key.name]);
  return `    <node id="${escapeXmlAttribute(node.id)}">\n${body}    </node>\n`;
}

/** `index` is the edge's position in the (sorted) export, so edge ids are stable too. */
export function graphmlEdge(edge: GraphEdge, index: number): string {
  const props = edge.props as unknown as Record<string, unknown>;
  const first = edge.sources[0];
  const values: Record<string, unknown> = {
    e_dataset: edge.dataset,
    e_type: edge.type,
    e_citation: first ? `${first.quote} (${first.document}, ${formatLocator(first)})` : undefined,
    e_citation_count: edge.sources.length,
  };
  let body = '';
  for (const key of EDGE_KEYS) body += data(key, key.id in values ? values[key.id] : publishedEdgeValue(key.name, props[key.name]));
  return `    <edge id="e${index}" source="${escapeXmlAttribute(edge.from)}" target="${escapeXmlAttribute(edge.to)}">\n${body}    </edge>\n`;
}
