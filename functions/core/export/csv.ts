/**
 * CSV for spreadsheets: one file per node type with that type's own columns, one
 * file of edges and one of citations. Every file's first column is the dataset a row
 * belongs to (the node's, the edge's, or the cited node's or edge's). RFC 4180: every record ends in CRLF, a field
 * holding a comma, double quote, CR or LF is quoted, and quotes inside are doubled.
 * Lists are joined with "; ". An optional UTF-8 byte-order mark lets Excel detect
 * the encoding.
 *
 * Formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. Such a cell is written
 * with a leading apostrophe, which spreadsheets show as text and do not display. A plain
 * number (`-3`, `+1.5`) is left as it is. The guard is reversible: `unguardFormula`
 * drops the apostrophe again, and a value that itself begins with apostrophes before one
 * of those characters gets one more, so reading back is never ambiguous.
 */
import { formatLocator, type Citation } from '../citations.js';
import { edgeId, type GraphEdge, type GraphNode } from '../dataset.js';
import { EDGE_PROPERTIES, NODE_TYPES, publishedEdgeValue, type NodeTypeName } from '../model.js';
import { DELIVERY_CSV_COLUMNS, REQUEST_TYPES, type RequestDelivery } from './delivery.js';

export const CSV_EOL = '\r\n';
export const BOM = '\ufeff';
export const LIST_SEPARATOR = '; ';

const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A value a spreadsheet would not run: one leading apostrophe before a formula's first character. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The value a guarded cell was written from. */
export function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

export function csvField(value: string): string {
  const safe = guardFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + CSV_EOL;
}

/** A property value as a cell: lists joined, numbers and booleans as JavaScript prints them. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(String).join(LIST_SEPARATOR);
  return String(value);
}

export function nodeCsvFileName(type: NodeTypeName): string {
  return `nodes-${NODE_TYPES[type].prefix}.csv`;
}

export const EDGES_CSV = 'edges.csv';
export const CITATIONS_CSV = 'citations.csv';

/**
 * id, label, the type's properties in model order, then a citation count and the first
 * citation; resolutions and recommendations end with their delivery status and last activity.
 */
export function nodeCsvColumns(type: NodeTypeName): string[] {
  return ['dataset', 'id', 'label', ...Object.keys(NODE_TYPES[type].properties), 'citation_count', 'first_citation', ...(REQUEST_TYPES.includes(type) ? DELIVERY_CSV_COLUMNS : [])];
}

function citationSummary(citation: Citation | undefined): string {
  return citation ? `${citation.document}, ${formatLocator(citation)}` : '';
}

export function nodeCsvRow(node: GraphNode, delivery?: RequestDelivery): string[] {
  const props = node.props as Record<string, unknown>;
  return [
    node.dataset ?? '',
    node.id,
    node.label,
    ...Object.keys(NODE_TYPES[node.type].properties).map((name) => cell(props[name])),
    String(node.sources.length),
    citationSummary(node.sources[0]),
    ...(REQUEST_TYPES.includes(node.type) ? [delivery?.delivery ?? '', delivery?.lastActivity ?? ''] : []),
  ];
}

const EDGE_PROPERTY_NAMES = Object.keys(EDGE_PROPERTIES);

export const EDGE_CSV_COLUMNS = ['dataset', 'from', 'type', 'to', ...EDGE_PROPERTY_NAMES, 'citation', 'citation_count'];

export function edgeCsvRow(edge: GraphEdge): string[] {
  const props = edge.props as unknown as Record<string, unknown>;
  const first = edge.sources[0];
  return [
    edge.dataset ?? '',
    edge.from,
    edge.type,
    edge.to,
    ...EDGE_PROPERTY_NAMES.map((name) => cell(publishedEdgeValue(name, props[name]))),
    first ? `${first.quote} (${citationSummary(first)})` : '',
    String(edge.sources.length),
  ];
}

export const CITATION_CSV_COLUMNS = ['dataset', 'subject', 'document', 'locator', 'page', 'quote'];

/** One row per citation; the subject is a node id or an edge id (`from -TYPE-> to`). */
export function citationCsvRows(subject: GraphNode | GraphEdge): string[][] {
  const id = 'id' in subject ? subject.id : edgeId(subject);
  return subject.sources.map((citation) => [subject.dataset ?? '', id, citation.document, formatLocator({ lines: citation.lines }), citation.page ?? '', citation.quote]);
}
