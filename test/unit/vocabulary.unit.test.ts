/**
 * The sg: vocabulary document itself, without an export around it: what each term is
 * said to be, where its words come from, and the order it is written in.
 */
import { describe, expect, it } from 'vitest';
import { JSONLD_CONTEXT, SG_NAMESPACE, VOCABULARIES } from '../../functions/core/export/jsonld.js';
import { VOCABULARY_IRI, vocabularyDocument } from '../../functions/core/export/vocabulary.js';
import { EDGE_PROPERTIES, NODE_TYPES } from '../../functions/core/model.js';

type Entry = Record<string, unknown> & { '@id': string };
// Built inside each test, never once at import, so a test sees the code as it is when it
// runs (mutation testing switches code on and off between tests).
const build = () => {
  const document = vocabularyDocument() as { '@context': Record<string, string>; '@graph': Entry[] };
  const [ontology, ...terms] = document['@graph'];
  return { document, ontology, terms };
};
const term = (id: string) => build().terms.find((entry) => entry['@id'] === id);
const comment = (id: string) => term(id)?.['rdfs:comment'];

/** The sg: terms the export's context uses, by their local names. */
const contextTerms = Object.values(JSONLD_CONTEXT)
  .map((definition) => (typeof definition === 'string' ? definition : definition['@id']))
  .filter((iri): iri is string => typeof iri === 'string' && iri.startsWith('sg:'))
  .map((iri) => iri.slice(3));

describe('the sg: vocabulary document', () => {
  it('opens with the ontology, named and described, under the namespace without its #', () => {
    const { document, ontology } = build();
    expect(VOCABULARY_IRI).toBe(SG_NAMESPACE.slice(0, -1));
    expect(ontology).toEqual({
      '@id': VOCABULARY_IRI,
      '@type': 'owl:Ontology',
      'rdfs:label': 'Scrutiny Graph vocabulary',
      'rdfs:comment': 'Terms of the Scrutiny Graph exports that no shared vocabulary (Popolo, W3C ORG, PROV-O, Dublin Core, SKOS, schema.org) provides.',
      'dcterms:source': 'The model registry (functions/core/model.ts) of the Scrutiny Graph project.',
    });
    expect(document['@context']).toMatchObject({ sg: SG_NAMESPACE, rdfs: VOCABULARIES.rdfs, opengov: VOCABULARIES.opengov, dcterms: VOCABULARIES.dcterms });
  });

  it('defines each sg: term of the context once, and nothing else', () => {
    const { terms } = build();
    expect(terms.map((entry) => entry['@id']).sort()).toEqual([...new Set(contextTerms)].map((local) => `sg:${local}`).sort());
    expect(term('sg:Person')).toBeUndefined();
  });

  it('writes classes (capitalised) before properties, each in order of their ids', () => {
    const { terms } = build();
    const types = terms.map((entry) => entry['@type']);
    const firstProperty = types.indexOf('rdf:Property');
    expect(types.slice(0, firstProperty).every((type) => type === 'rdfs:Class')).toBe(true);
    expect(types.slice(firstProperty).every((type) => type === 'rdf:Property')).toBe(true);
    const ids = terms.map((entry) => entry['@id']);
    const classes = ids.slice(0, firstProperty);
    const properties = ids.slice(firstProperty);
    expect([classes, properties]).toEqual([[...classes].sort(), [...properties].sort()]);
    expect(classes.every((id) => /^sg:[A-Z]/.test(id)) && properties.every((id) => /^sg:[a-z]/.test(id))).toBe(true);
  });

  it('labels every term with its local name and ties it to the vocabulary', () => {
    const { terms } = build();
    expect(terms.filter((entry) => entry['rdfs:label'] !== entry['@id'].slice(3) || (entry['rdfs:isDefinedBy'] as { '@id': string })?.['@id'] !== VOCABULARY_IRI)).toEqual([]);
  });

  it("describes a node type's class in the model's words, with its shared superclass where it has one", () => {
    expect(term('sg:Action')).toEqual({ '@id': 'sg:Action', '@type': 'rdfs:Class', 'rdfs:label': 'Action', 'rdfs:isDefinedBy': { '@id': VOCABULARY_IRI }, 'rdfs:comment': NODE_TYPES.Action.description });
    expect([term('sg:Resolution')?.['rdfs:subClassOf'], term('sg:Recommendation')?.['rdfs:subClassOf'], comment('sg:Resolution')]).toEqual([
      { '@id': 'opengov:Motion' },
      { '@id': 'opengov:Motion' },
      NODE_TYPES.Resolution.description,
    ]);
  });

  it("describes the export format's own terms in its own words", () => {
    expect([comment('sg:Relationship'), comment('sg:from'), comment('sg:fictional')]).toEqual([
      'An edge of the graph, reified so that it can carry its type, basis, dates and citations.',
      'The node a relationship starts from.',
      "True for a dataset invented for the project, never a real council's record.",
    ]);
  });

  it("describes a property by the model's one description, or by each type's where they differ", () => {
    expect(comment('sg:valueText')).toBe(NODE_TYPES.Observation.properties.valueText.description);
    expect(comment('sg:role')).toBe(EDGE_PROPERTIES.role!.description);
    expect(comment('sg:pages')).toBe(`AgendaItem: ${NODE_TYPES.AgendaItem.properties.pages.description} Document: ${NODE_TYPES.Document.properties.pages.description}`);
    // Types that share a description are named together, once.
    const numbered = NODE_TYPES.Recommendation.properties.number.description;
    expect(NODE_TYPES.Action.properties.number.description).toBe(numbered);
    expect(comment('sg:number')).toContain(` Recommendation, Action: ${numbered}`);
    expect(String(comment('sg:number')).split(numbered).length).toBe(2);
  });
});
