/**
 * JSON-LD: one document, an inline @context (nothing is ever fetched) and every node
 * and edge in @graph. The same context is also written beside the export as
 * `context.jsonld`, so others can reference it, but the export never depends on it.
 *
 * Terms map onto shared vocabularies where one fits: Popolo's classes (a Person is
 * `http://www.w3.org/ns/person#Person`, an Organisation `org:Organization`, a Post
 * `org:Post`, a MEMBER_OF or HOLDS relationship also an `org:Membership`, a meeting
 * `schema:Event`, a Resolution or Recommendation also an `opengov:Motion`), PROV-O
 * for citations, Dublin Core, SKOS and schema.org for titles, labels and dates. The
 * rest is this project's own vocabulary, `sg:` under the permanent-identifier plan
 * described in README.md (`https://w3id.org/scrutiny-graph/`). A node's id is written
 * behind the `node:` prefix, so `node:luton/person:vicky-hawkes` expands to the IRI
 * `https://w3id.org/scrutiny-graph/id/luton/person:vicky-hawkes`.
 *
 * Literals are typed: dates are xsd:date, or xsd:gYearMonth / xsd:gYear when the
 * source gives only a month or a year; numbers are xsd:decimal (written as their
 * decimal lexical form, so no floating-point notation leaks into RDF) and counts
 * xsd:integer. Citations are a set of `prov:Entity` nodes, each with its quote
 * (`prov:value`), the document (`prov:hadPrimarySource`) and a locator; no rdf:List
 * is used anywhere, since order carries no meaning in RDF here.
 *
 * Nothing is lost: each edge is a reified relationship node (`Relationship`) with
 * from, to, relationshipType, its properties and its sources, so `parseJsonLdExport`
 * rebuilds exactly the graph that was exported (the JSON keeps the order of lists).
 * Where a vocabulary has a direct property for an edge type (org:holds, org:memberOf,
 * dcterms:isPartOf, ...) the export also states it on the source node, as a separate
 * node object with the same @id (JSON-LD merges them), so plain Linked Data tools
 * see the simple triple too.
 */
import { formatLocator, type Citation } from '../citations.js';
import type { GraphEdge, GraphNode } from '../dataset.js';
import type { RequestDelivery } from './delivery.js';
import {
  EDGE_PROPERTIES,
  NODE_TYPES,
  NODE_TYPE_NAMES,
  publishedEdgeValue,
  type EdgeTypeName,
  type NodeTypeName,
  type PropertySpec,
} from '../model.js';

export const JSONLD_FILE = 'graph.jsonld';
/** The @context on its own, published beside the export. */
export const JSONLD_CONTEXT_FILE = 'context.jsonld';

/**
 * The project's permanent base IRI (a w3id.org redirect; see README.md, "Linked
 * data"): `ns#` for the vocabulary, `id/<type>/<slug>` for nodes, `relationship/`
 * for reified edges, `context.jsonld` for the published context.
 */
export const SG_BASE = 'https://w3id.org/scrutiny-graph/';
export const SG_NAMESPACE = `${SG_BASE}ns#`;
export const SG_CONTEXT_IRI = `${SG_BASE}context.jsonld`;

export const VOCABULARIES = {
  sg: SG_NAMESPACE,
  org: 'http://www.w3.org/ns/org#',
  opengov: 'http://www.w3.org/ns/opengov#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  prov: 'http://www.w3.org/ns/prov#',
  dcterms: 'http://purl.org/dc/terms/',
  schema: 'https://schema.org/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rel: `${SG_BASE}relationship/`,
} as const;

/** Popolo's Person class (the W3C Person vocabulary); `person:` is taken by node ids. */
export const POPOLO_PERSON = 'http://www.w3.org/ns/person#Person';

/** Node classes with a shared equivalent; the rest are `sg:<Type>`. */
const TYPE_IRIS: Partial<Record<NodeTypeName, string>> = {
  Organisation: 'org:Organization',
  Person: POPOLO_PERSON,
  Post: 'org:Post',
  Meeting: 'schema:Event',
  Document: 'foaf:Document',
  Place: 'schema:Place',
};

/**
 * A second class for node types our own class refines: Popolo's Motion for what
 * was put to a meeting for decision. No VoteEvent: the source records no votes.
 */
export const EXTRA_NODE_TYPES: Partial<Record<NodeTypeName, string>> = {
  Resolution: 'opengov:Motion',
  Recommendation: 'opengov:Motion',
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
  // Popolo's Membership and Post dates.
  validFrom: 'schema:validFrom',
  validTo: 'schema:validThrough',
  text: 'schema:text',
  value: 'schema:value',
  unit: 'schema:unitText',
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
  // A set: citations are separate prov:Entity nodes, not an rdf:List.
  sources: { '@id': 'prov:wasDerivedFrom' },
  Citation: 'prov:Entity',
  primarySource: { '@id': 'prov:hadPrimarySource', '@type': '@id' },
  quote: 'prov:value',
  locator: 'sg:locator',
  firstLine: { '@id': 'sg:firstLine', '@type': 'xsd:integer' },
  lastLine: { '@id': 'sg:lastLine', '@type': 'xsd:integer' },
  page: 'sg:page',
  Relationship: 'sg:Relationship',
  relationshipType: 'sg:relationshipType',
  from: { '@id': 'sg:from', '@type': '@id' },
  to: { '@id': 'sg:to', '@type': '@id' },
  ExportedDataset: 'schema:Dataset',
  datasetName: 'sg:datasetName',
  datasetVersion: 'schema:version',
  namespace: 'sg:namespace',
  council: 'sg:council',
  onsCode: 'sg:onsCode',
  fictional: { '@id': 'sg:fictional', '@type': 'xsd:boolean' },
  dependencies: 'sg:dependencies',
  // Derived from the graph on export (a request's delivery status and last activity); an import ignores them.
  delivery: 'sg:delivery',
  lastActivity: { '@id': 'sg:lastActivity', '@type': 'xsd:date' },
} as const;

/** Node keys an export derives from the graph; an import skips them and a re-export writes them again. */
export const DERIVED_NODE_TERMS: ReadonlySet<string> = new Set(['delivery', 'lastActivity']);

/** Edge types whose relationship is also a Popolo Membership, and the property naming its far end. */
const MEMBERSHIPS: Partial<Record<EdgeTypeName, string>> = {
  MEMBER_OF: 'org:organization',
  HOLDS: 'opengov:post',
};

type TermDefinition = string | Record<string, string>;

const XSD_TYPE_OF_KIND: Partial<Record<PropertySpec['kind'], string>> = {
  date: 'xsd:date',
  number: 'xsd:decimal',
  integer: 'xsd:integer',
  boolean: 'xsd:boolean',
};

function propertyDefinition(name: string, spec: PropertySpec): TermDefinition {
  const iri = PROPERTY_IRIS[name] ?? `sg:${name}`;
  const type = XSD_TYPE_OF_KIND[spec.kind];
  return type ? { '@id': iri, '@type': type } : iri;
}

/** The JSON-LD prefix of node ids: `node:<namespace>/<local id>`. */
export const NODE_PREFIX = 'node';

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
  define(NODE_PREFIX, `${SG_BASE}id/`);
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
  title?: string;
  namespace?: string | null;
  council?: { name: string; onsCode?: string | null } | null;
  fictional?: boolean;
  /** Names of the datasets whose nodes this one may link to. */
  dependencies?: string[];
}

/** The IRI of a dataset, which names its graph in the JSON-LD. */
export function datasetIri(name: string): string {
  return `${SG_BASE}dataset/${encodeURIComponent(name)}`;
}

/** A node id as a compact IRI of the export. */
export function nodeRef(id: string): string {
  return `${NODE_PREFIX}:${id}`;
}

/** The node id a compact IRI of the export names, or undefined when it is not one. */
export function idFromNodeRef(ref: string): string | undefined {
  return ref.startsWith(`${NODE_PREFIX}:`) ? ref.slice(NODE_PREFIX.length + 1) : undefined;
}

export function relationshipId(edge: Pick<GraphEdge, 'from' | 'type' | 'to'>): string {
  return `rel:${edge.from}/${edge.type}/${edge.to}`;
}

/** The xsd type a partial date needs when it is not a full date (the context's default). */
const PARTIAL_DATE_TYPES: Array<[RegExp, string]> = [
  [/^\d{4}$/, 'xsd:gYear'],
  [/^\d{4}-\d{2}$/, 'xsd:gYearMonth'],
];

/** A number as an xsd:decimal lexical form: digits and a point, never an exponent. */
export function decimalLexical(value: number): string {
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A property value as JSON-LD: dates and decimals in their typed form, the rest as they are. */
export function jsonLdValue(spec: PropertySpec, value: unknown): unknown {
  if (spec.kind === 'date' && typeof value === 'string') {
    const partial = PARTIAL_DATE_TYPES.find(([pattern]) => pattern.test(value));
    return partial ? { '@value': value, '@type': partial[1] } : value;
  }
  if (spec.kind === 'number' && typeof value === 'number') return decimalLexical(value);
  return value;
}

function citationObject(citation: Citation): Record<string, unknown> {
  return {
    '@type': 'Citation',
    primarySource: nodeRef(citation.document),
    quote: citation.quote,
    locator: formatLocator(citation),
    firstLine: citation.lines[0],
    lastLine: citation.lines[1],
    ...(citation.page !== undefined ? { page: citation.page } : {}),
  };
}

export function jsonLdNode(node: GraphNode, delivery?: RequestDelivery): Record<string, unknown> {
  const extra = EXTRA_NODE_TYPES[node.type];
  const out: Record<string, unknown> = { '@id': nodeRef(node.id), '@type': extra ? [node.type, extra] : node.type, label: node.label };
  const props = node.props as Record<string, unknown>;
  const specs = NODE_TYPES[node.type].properties as Record<string, PropertySpec>;
  // Model order, not stored order: DynamoDB keeps no key order, and exports must be byte-stable.
  for (const [name, spec] of Object.entries(specs)) if (props[name] !== undefined) out[name] = jsonLdValue(spec, props[name]);
  if (delivery) {
    out.delivery = delivery.delivery;
    if (delivery.lastActivity) out.lastActivity = jsonLdValue({ kind: 'date', description: '' }, delivery.lastActivity);
  }
  out.sources = node.sources.map(citationObject);
  return out;
}

/** The relationship node of an edge, then (where a vocabulary term fits) the direct statement. */
export function jsonLdEdge(edge: GraphEdge): Array<Record<string, unknown>> {
  const membership = MEMBERSHIPS[edge.type];
  const out: Record<string, unknown> = {
    '@id': relationshipId(edge),
    '@type': membership ? ['Relationship', 'org:Membership'] : 'Relationship',
    relationshipType: edge.type,
    from: nodeRef(edge.from),
    to: nodeRef(edge.to),
  };
  const props = edge.props as unknown as Record<string, unknown>;
  for (const [name, spec] of Object.entries(EDGE_PROPERTIES)) {
    if (props[name] !== undefined) out[name] = jsonLdValue(spec, publishedEdgeValue(name, props[name]));
  }
  if (membership) {
    // Popolo's Membership: org:member, and org:organization or (for a post held) opengov:post.
    out['org:member'] = { '@id': nodeRef(edge.from) };
    out[membership] = { '@id': nodeRef(edge.to) };
  }
  out.sources = edge.sources.map(citationObject);
  const direct = DIRECT_PROPERTIES[edge.type];
  return direct ? [out, { '@id': nodeRef(edge.from), [direct]: { '@id': nodeRef(edge.to) } }] : [out];
}

/**
 * A dataset as a named graph: its IRI, what the table records of it (not when it was
 * loaded, which an import cannot reproduce) and, once `JsonLdGraphWriter.openGraph` has
 * written it, its nodes and relationships in its own `@graph`.
 */
export function jsonLdDatasetObject(dataset: ExportedDatasetInfo): Record<string, unknown> {
  return {
    '@id': datasetIri(dataset.name),
    '@type': 'ExportedDataset',
    datasetName: dataset.name,
    ...(dataset.version ? { datasetVersion: dataset.version } : {}),
    ...(dataset.title ? { title: dataset.title } : {}),
    ...(dataset.namespace ? { namespace: dataset.namespace } : {}),
    ...(dataset.council ? { council: { name: dataset.council.name, ...(dataset.council.onsCode ? { onsCode: dataset.council.onsCode } : {}) } } : {}),
    ...(dataset.fictional !== undefined ? { fictional: dataset.fictional } : {}),
    ...(dataset.dependencies ? { dependencies: dataset.dependencies } : {}),
  };
}

/** The document up to the first @graph element, with the context pretty-printed for readers. */
export function jsonLdHeader(): string {
  const context = JSON.stringify(JSONLD_CONTEXT, null, 2).replace(/\n/g, '\n  ');
  return `{\n  "@context": ${context},\n  "@graph": [\n`;
}

export function jsonLdFooter(): string {
  return '\n  ]\n}\n';
}

/** Writes @graph elements one per line, comma-separated; a named graph's elements inside its own @graph. */
export class JsonLdGraphWriter {
  private first = true;
  private inGraph = false;

  constructor(private readonly write: (text: string) => void | Promise<void>) {}

  element(object: Record<string, unknown>): void | Promise<void> {
    const text = `${this.first ? '' : ',\n'}${this.inGraph ? '      ' : '    '}${JSON.stringify(object)}`;
    this.first = false;
    return this.write(text);
  }

  /** Starts a named graph: the object describing it, then its `@graph`, which `element` fills until `closeGraph`. */
  openGraph(object: Record<string, unknown>): void | Promise<void> {
    const text = `${this.first ? '' : ',\n'}    ${JSON.stringify(object).slice(0, -1)},"@graph":[\n`;
    this.first = true;
    this.inGraph = true;
    return this.write(text);
  }

  closeGraph(): void | Promise<void> {
    this.inGraph = false;
    this.first = false;
    return this.write('\n    ]}');
  }
}

/** Keys a relationship node may carry besides properties: ids, types, the Membership terms. */
export const EDGE_STRUCTURE_KEYS = new Set(['@id', '@type', 'relationshipType', 'from', 'to', 'sources', 'org:member', ...Object.values(MEMBERSHIPS)]);

/** The published context file: the same context the export inlines. */
export function jsonLdContextDocument(): string {
  return `${JSON.stringify({ '@context': JSONLD_CONTEXT }, null, 2)}\n`;
}
