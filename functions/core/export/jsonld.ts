/**
 * JSON-LD: one document, an inline @context (nothing is ever fetched) and every node
 * and edge in @graph. Our types and properties map onto shared vocabularies where a
 * term fits — W3C ORG and FOAF as used by Popolo (org:Organization, org:Post,
 * org:Membership, foaf:Person), PROV-O for citations, Dublin Core and schema.org for
 * titles, dates and events — and onto this project's own namespace (`sg:`) where none
 * does. Node ids stay as they are in the graph: each type prefix (`person:`) is a
 * JSON-LD prefix, so `person:vicky-hawkes` expands to an IRI.
 *
 * Nothing is lost: each edge is a reified relationship node (`Relationship`) with
 * from, to, relationshipType, its properties and its sources, so `parseJsonLdExport`
 * rebuilds exactly the graph that was exported. Where a vocabulary has a direct
 * property for an edge type (org:holds, org:memberOf, dcterms:isPartOf, ...) the
 * export also states it on the source node, as a separate node object with the same
 * @id (JSON-LD merges them), so plain Linked Data tools see the simple triple too.
 */
import type { Citation } from '../citations.js';
import type { GraphEdge, GraphNode } from '../dataset.js';
import { EDGE_PROPERTIES, NODE_TYPES, NODE_TYPE_NAMES, type EdgeTypeName, type NodeTypeName, type PropertySpec } from '../model.js';

export const JSONLD_FILE = 'graph.jsonld';

/** Placeholder namespace: `.example` is reserved, so no one mistakes these IRIs for resolvable ones. */
export const SG_NAMESPACE = 'https://scrutiny-graph.example/';

export const VOCABULARIES = {
  sg: `${SG_NAMESPACE}ns#`,
  org: 'http://www.w3.org/ns/org#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  prov: 'http://www.w3.org/ns/prov#',
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  rel: `${SG_NAMESPACE}relationship/`,
} as const;

/** Node classes with a shared equivalent; the rest are `sg:<Type>`. */
const TYPE_IRIS: Partial<Record<NodeTypeName, string>> = {
  Organisation: 'org:Organization',
  Person: 'foaf:Person',
  Post: 'org:Post',
  Meeting: 'schema:Event',
  Document: 'foaf:Document',
  Place: 'schema:Place',
};

/** Property names with a shared equivalent; the rest are `sg:<name>`. */
const PROPERTY_IRIS: Record<string, string> = {
  name: 'schema:name',
  title: 'dcterms:title',
  description: 'dcterms:description',
  date: 'dcterms:date',
  aliases: 'skos:altLabel',
  honorific: 'schema:honorificPrefix',
  startDate: 'schema:startDate',
  endDate: 'schema:endDate',
  text: 'schema:text',
  note: 'skos:note',
};

/** Edge types with a direct vocabulary property from `from` to `to`. */
export const DIRECT_PROPERTIES: Partial<Record<EdgeTypeName, string>> = {
  SUB_ORGANISATION_OF: 'org:subOrganizationOf',
  MEMBER_OF: 'org:memberOf',
  HOLDS: 'org:holds',
  POST_IN: 'org:postIn',
  PART_OF: 'dcterms:isPartOf',
  REFERENCES: 'dcterms:references',
  AUTHORED_BY: 'dcterms:creator',
  HELD_AT: 'schema:location',
  MEETING_OF: 'schema:organizer',
  SUCCEEDS: 'dcterms:replaces',
};

/** Fixed terms of the export format (besides types and properties from the model). */
export const FORMAT_TERMS = {
  label: 'rdfs:label',
  sources: { '@id': 'prov:wasDerivedFrom', '@container': '@list' },
  Citation: 'sg:Citation',
  primarySource: { '@id': 'prov:hadPrimarySource', '@type': '@id' },
  quote: 'prov:value',
  firstLine: 'sg:firstLine',
  lastLine: 'sg:lastLine',
  page: 'sg:page',
  Relationship: 'sg:Relationship',
  relationshipType: 'sg:relationshipType',
  from: { '@id': 'sg:from', '@type': '@id' },
  to: { '@id': 'sg:to', '@type': '@id' },
  ExportedDataset: 'schema:Dataset',
  datasetName: 'sg:datasetName',
  datasetVersion: 'schema:version',
} as const;

type TermDefinition = string | Record<string, string>;

function propertyDefinition(name: string, spec: PropertySpec): TermDefinition {
  const iri = PROPERTY_IRIS[name] ?? `sg:${name}`;
  return spec.kind === 'string[]' ? { '@id': iri, '@container': '@list' } : iri;
}

/** Builds the @context, refusing any term defined twice with different meanings. */
function buildContext(): Record<string, TermDefinition> {
  const context: Record<string, TermDefinition> = {};
  const define = (term: string, definition: TermDefinition) => {
    const existing = context[term];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(definition)) {
      throw new Error(`JSON-LD term "${term}" would mean both ${JSON.stringify(existing)} and ${JSON.stringify(definition)}; rename one in the model or in jsonld.ts`);
    }
    context[term] = definition;
  };
  for (const [prefix, iri] of Object.entries(VOCABULARIES)) define(prefix, iri);
  for (const type of NODE_TYPE_NAMES) define(NODE_TYPES[type].prefix, `${SG_NAMESPACE}id/${NODE_TYPES[type].prefix}/`);
  for (const type of NODE_TYPE_NAMES) define(type, TYPE_IRIS[type] ?? `sg:${type}`);
  for (const [term, definition] of Object.entries(FORMAT_TERMS)) define(term, definition as TermDefinition);
  for (const type of NODE_TYPE_NAMES) {
    for (const [name, spec] of Object.entries(NODE_TYPES[type].properties as Record<string, PropertySpec>)) define(name, propertyDefinition(name, spec));
  }
  for (const [name, spec] of Object.entries(EDGE_PROPERTIES)) define(name, propertyDefinition(name, spec));
  return context;
}

export const JSONLD_CONTEXT: Readonly<Record<string, TermDefinition>> = buildContext();

export interface ExportedDatasetInfo {
  name: string;
  version?: string;
}

export function relationshipId(edge: Pick<GraphEdge, 'from' | 'type' | 'to'>): string {
  return `rel:${edge.from}/${edge.type}/${edge.to}`;
}

function citationObject(citation: Citation): Record<string, unknown> {
  return {
    '@type': 'Citation',
    primarySource: citation.document,
    quote: citation.quote,
    firstLine: citation.lines[0],
    lastLine: citation.lines[1],
    ...(citation.page !== undefined ? { page: citation.page } : {}),
  };
}

export function jsonLdNode(node: GraphNode): Record<string, unknown> {
  const out: Record<string, unknown> = { '@id': node.id, '@type': node.type, label: node.label };
  const props = node.props as Record<string, unknown>;
  // Model order, not stored order: DynamoDB keeps no key order, and exports must be byte-stable.
  for (const name of Object.keys(NODE_TYPES[node.type].properties)) if (props[name] !== undefined) out[name] = props[name];
  out.sources = node.sources.map(citationObject);
  return out;
}

/** The relationship node of an edge, then (where a vocabulary term fits) the direct statement. */
export function jsonLdEdge(edge: GraphEdge): Array<Record<string, unknown>> {
  const out: Record<string, unknown> = {
    '@id': relationshipId(edge),
    '@type': edge.type === 'MEMBER_OF' ? ['Relationship', 'org:Membership'] : 'Relationship',
    relationshipType: edge.type,
    from: edge.from,
    to: edge.to,
  };
  const props = edge.props as unknown as Record<string, unknown>;
  for (const name of Object.keys(EDGE_PROPERTIES)) if (props[name] !== undefined) out[name] = props[name];
  if (edge.type === 'MEMBER_OF') {
    // Popolo's Membership: org:member and org:organization.
    out['org:member'] = { '@id': edge.from };
    out['org:organization'] = { '@id': edge.to };
  }
  out.sources = edge.sources.map(citationObject);
  const direct = DIRECT_PROPERTIES[edge.type];
  return direct ? [out, { '@id': edge.from, [direct]: { '@id': edge.to } }] : [out];
}

export function jsonLdDatasetObject(dataset: ExportedDatasetInfo): Record<string, unknown> {
  return { '@id': '_:export', '@type': 'ExportedDataset', datasetName: dataset.name, ...(dataset.version ? { datasetVersion: dataset.version } : {}) };
}

/** The document up to the first @graph element, with the context pretty-printed for readers. */
export function jsonLdHeader(): string {
  const context = JSON.stringify(JSONLD_CONTEXT, null, 2).replace(/\n/g, '\n  ');
  return `{\n  "@context": ${context},\n  "@graph": [\n`;
}

export function jsonLdFooter(): string {
  return '\n  ]\n}\n';
}

/** Writes @graph elements one per line, comma-separated. */
export class JsonLdGraphWriter {
  private first = true;

  constructor(private readonly write: (text: string) => void | Promise<void>) {}

  element(object: Record<string, unknown>): void | Promise<void> {
    const text = `${this.first ? '' : ',\n'}    ${JSON.stringify(object)}`;
    this.first = false;
    return this.write(text);
  }
}

/** Keys a relationship node may carry besides properties: ids, types, the Membership terms. */
export const EDGE_STRUCTURE_KEYS = new Set(['@id', '@type', 'relationshipType', 'from', 'to', 'sources', 'org:member', 'org:organization']);

