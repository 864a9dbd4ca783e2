/**
 * The project's own vocabulary (`sg:`), as RDF: every class and property the JSON-LD
 * export uses under `https://w3id.org/scrutiny-graph/ns#`, with a label and the
 * model's own description, so the namespace defines what it names. Built from the
 * same context the export writes, so a term cannot be used without being defined.
 * Written beside the export as `vocabulary.jsonld`.
 */
import { EDGE_PROPERTIES, NODE_TYPES, NODE_TYPE_NAMES, type NodeTypeName, type PropertySpec } from '../model.js';
import { EXTRA_NODE_TYPES, JSONLD_CONTEXT, SG_BASE, SG_NAMESPACE, VOCABULARIES } from './jsonld.js';

export const VOCABULARY_FILE = 'vocabulary.jsonld';
/** The vocabulary as a whole (the namespace without its `#`). */
export const VOCABULARY_IRI = `${SG_BASE}ns`;

/** Terms of the export format itself, which the model does not describe. */
const FORMAT_DESCRIPTIONS: Record<string, string> = {
  Relationship: 'An edge of the graph, reified so that it can carry its type, basis, dates and citations.',
  relationshipType: 'The edge type, one of the model\'s edge types (HOLDS, TAKES_UP, ...).',
  from: 'The node a relationship starts from.',
  to: 'The node a relationship points to.',
  locator: 'Where in the cited document the quote is, as people read it: "page 17, lines 215-216".',
  firstLine: 'First line (1-based) of the cited document\'s text that holds the quote.',
  lastLine: 'Last line (1-based, inclusive) of the cited document\'s text that holds the quote.',
  page: 'Printed page of the quote, where the document gives one.',
  datasetName: 'Name of the curated dataset the export was taken from.',
  namespace: 'The namespace a dataset\'s node ids begin with (luton in luton/meeting:cdc-2020-03-02).',
  council: 'The council whose business a dataset records (a node with its name and ONS code).',
  onsCode: 'A council\'s code from the Office for National Statistics (E06000032 for Luton).',
  dependencies: 'Names of the datasets whose nodes a dataset may link to (the shared registry, for a council).',
  fictional: 'True for a dataset invented for the project, never a real council\'s record.',
  delivery: 'Derived on export, for a resolution or recommendation: RECORDED when anything takes it up, reports progress on it or it was reported back; NOT_RECORDED when it asked for follow-up and the source records none; NOT_REQUIRED when it asked for none.',
  lastActivity: 'Derived on export, for a resolution or recommendation: the date of the latest progress, report-back or outcome on its delivery chains.',
};

const SG_PREFIX = 'sg:';

function definedBy(iri: string): string | undefined {
  return iri.startsWith(SG_PREFIX) ? iri.slice(SG_PREFIX.length) : undefined;
}

/** A property's description; one that means different things on different types says so for each. */
function propertyDescription(name: string): string {
  const descriptions = new Map<string, NodeTypeName[]>();
  for (const type of NODE_TYPE_NAMES) {
    const spec = (NODE_TYPES[type].properties as Record<string, PropertySpec>)[name];
    if (spec) descriptions.set(spec.description, [...(descriptions.get(spec.description) ?? []), type]);
  }
  const edge = EDGE_PROPERTIES[name];
  if (edge) descriptions.set(edge.description, [...(descriptions.get(edge.description) ?? []), 'Relationship' as NodeTypeName]);
  if (descriptions.size === 0) return FORMAT_DESCRIPTIONS[name] ?? name;
  if (descriptions.size === 1) return [...descriptions.keys()][0]!;
  return [...descriptions].map(([description, types]) => `${types.join(', ')}: ${description}`).join(' ');
}

export function vocabularyDocument(): Record<string, unknown> {
  const classes: Array<Record<string, unknown>> = [];
  const properties: Array<Record<string, unknown>> = [];
  for (const [term, definition] of Object.entries(JSONLD_CONTEXT)) {
    const iri = typeof definition === 'string' ? definition : definition['@id'];
    const local = iri ? definedBy(iri) : undefined;
    if (!local) continue;
    const isClass = /^[A-Z]/.test(local);
    const described = { 'rdfs:label': local, 'rdfs:isDefinedBy': { '@id': VOCABULARY_IRI } };
    if (isClass) {
      const nodeType = NODE_TYPE_NAMES.find((type) => type === term);
      const superClass = nodeType ? EXTRA_NODE_TYPES[nodeType] : undefined;
      classes.push({
        '@id': `sg:${local}`,
        '@type': 'rdfs:Class',
        ...described,
        'rdfs:comment': nodeType ? NODE_TYPES[nodeType].description : (FORMAT_DESCRIPTIONS[term] ?? term),
        ...(superClass ? { 'rdfs:subClassOf': { '@id': superClass } } : {}),
      });
    } else {
      properties.push({ '@id': `sg:${local}`, '@type': 'rdf:Property', ...described, 'rdfs:comment': propertyDescription(term) });
    }
  }
  const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => (String(a['@id']) < String(b['@id']) ? -1 : 1);
  return {
    '@context': { sg: SG_NAMESPACE, rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', rdfs: VOCABULARIES.rdfs, owl: 'http://www.w3.org/2002/07/owl#', opengov: VOCABULARIES.opengov, dcterms: VOCABULARIES.dcterms },
    '@graph': [
      {
        '@id': VOCABULARY_IRI,
        '@type': 'owl:Ontology',
        'rdfs:label': 'Scrutiny Graph vocabulary',
        'rdfs:comment': 'Terms of the Scrutiny Graph exports that no shared vocabulary (Popolo, W3C ORG, PROV-O, Dublin Core, SKOS, schema.org) provides.',
        'dcterms:source': 'The model registry (functions/core/model.ts) of the Scrutiny Graph project.',
      },
      ...classes.sort(byId),
      ...properties.sort(byId),
    ],
  };
}
