/**
 * The SHACL shapes kept beside the exporter (functions/core/export/shapes.ttl),
 * checked by rdf-validate-shacl on RDF that jsonld.js and N3.js made from the export:
 * the curated datasets (every folder under data/, each a named graph) conform, and an
 * export broken in the ways the shapes guard
 * against does not. The vocabulary written beside the export defines every sg: term
 * the export uses.
 */
import type { Store } from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { buildDatasets, findDatasetDirs } from '../../functions/local/dataset-files.js';
import { createFixtureGraph } from '../fixtures/export-graph.js';
import { createEdge, createNode } from '../fixtures/graph-builders.js';
import { fetchAttempts, loadShapes, toStore, validateShapes } from '../fixtures/linked-data.js';

type Element = Record<string, unknown> & { '@id'?: string };

const SG = 'https://w3id.org/scrutiny-graph/ns#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

async function exportFiles(graph: Graph): Promise<ReturnType<typeof memorySink>> {
  const sink = memorySink();
  await exportGraph(graphItems(graph), sink, { formats: ['jsonld'], dataset: { name: 'shapes-test' } });
  return sink;
}

async function exportDocument(graph: Graph): Promise<{ '@context': unknown; '@graph': Element[] }> {
  return JSON.parse((await exportFiles(graph)).text('graph.jsonld'));
}

let shapes: Awaited<ReturnType<typeof loadShapes>>;
let curated: Store;
let vocabulary: Store;

beforeAll(async () => {
  shapes = await loadShapes();
  // Every curated dataset, each node and edge tagged with its own, as the table holds them.
  const built = await buildDatasets(await findDatasetDirs());
  const files = memorySink();
  const tagged = (dataset: string) => <T extends object>(item: T) => ({ ...item, dataset });
  const all: Graph = {
    nodes: built.flatMap(({ descriptor, graph }) => graph.nodes.map(tagged(descriptor.name))),
    edges: built.flatMap(({ descriptor, graph }) => graph.edges.map(tagged(descriptor.name))),
  };
  await exportGraph(graphItems(all), files, { formats: ['jsonld'], datasets: built.map(({ descriptor: { legacyIds: _legacyIds, ...record } }) => ({ ...record, version: 'v1' })) });
  const fetchesBefore = fetchAttempts.length;
  curated = await toStore(JSON.parse(files.text('graph.jsonld')));
  vocabulary = await toStore(JSON.parse(files.text('vocabulary.jsonld')));
  expect(fetchAttempts.length).toBe(fetchesBefore);
});

describe('the vocabulary published with the export', () => {
  it('defines, with a label and a description, every sg: class and property the curated export uses', () => {
    expect(new Set([...curated].map((quad) => quad.graph.value))).toEqual(new Set(['', ...['kestrelford-2024', 'luton-2020', 'registry'].map((name) => `https://w3id.org/scrutiny-graph/dataset/${name}`)]));
    const used = new Set<string>();
    for (const quad of curated) {
      if (quad.predicate.value.startsWith(SG)) used.add(quad.predicate.value);
      if (quad.predicate.value === `${RDF}type` && quad.object.value.startsWith(SG)) used.add(quad.object.value);
    }
    const defined = new Set(
      [...vocabulary.getSubjects(`${RDF}type`, `${RDFS}Class`, null), ...vocabulary.getSubjects(`${RDF}type`, `${RDF}Property`, null)]
        .filter((term) => vocabulary.getObjects(term, `${RDFS}comment`, null).length === 1 && vocabulary.getObjects(term, `${RDFS}label`, null).length === 1)
        .map((term) => term.value),
    );
    expect(used.size).toBeGreaterThan(30);
    expect([...used].filter((iri) => !defined.has(iri))).toEqual([]);
  });

  it('says that a Resolution is a Popolo Motion', () => {
    expect(vocabulary.getObjects(`${SG}Resolution`, `${RDFS}subClassOf`, null).map((t) => t.value)).toEqual(['http://www.w3.org/ns/opengov#Motion']);
  });
});

describe('the SHACL shapes of the JSON-LD export', () => {
  it('are met by the export of the curated datasets, read offline', async () => {
    const { conforms, violations } = await validateShapes(curated, shapes);
    expect(violations.slice(0, 5)).toEqual([]);
    expect(conforms).toBe(true);
  });

  it('are met by the fixture export', async () => {
    const { conforms } = await validateShapes(await toStore(await exportDocument(createFixtureGraph())), shapes);
    expect(conforms).toBe(true);
  });

  it('catch an uncited node, a quoteless citation, an untyped date, a membership with no member and an inferred link with no rationale', async () => {
    const document = await exportDocument(createFixtureGraph());
    // The nodes and relationships sit in the dataset's named graph.
    const byId = (id: string) => document['@graph'].flatMap((e) => (e['@graph'] as Element[] | undefined) ?? [e]).find((e) => e['@id'] === id)!;
    byId('node:luton/person:vicky-hawkes').sources = [];
    delete (byId('node:luton/person:anna-pedersen').sources as Element[])[0]!.quote;
    // A plain string where the context says xsd:date would still be typed; break the type itself.
    byId('node:luton/meeting:cdc-2019-03-05').date = { '@value': '5 March 2019' };
    delete byId('rel:luton/person:anna-pedersen/MEMBER_OF/luton/organisation:crime-and-disorder-committee')['org:member'];
    delete byId('rel:luton/observation:felt-safe-in-day-time-2020/LOCATED_IN/luton/place:luton').rationale;

    const { conforms, violations } = await validateShapes(await toStore(document), shapes);
    expect(conforms).toBe(false);
    const found = violations.map((v) => `${v.focus.startsWith('_:') ? 'a citation' : v.focus.replace(/^.*\/(id|relationship)\//, '')} ${v.path ?? v.message}`);
    expect(found.sort()).toEqual([
      'a citation http://www.w3.org/ns/prov#value',
      'luton/meeting:cdc-2019-03-05 http://purl.org/dc/terms/date',
      'luton/observation:felt-safe-in-day-time-2020/LOCATED_IN/luton/place:luton A relationship needs from, to, a type, a basis of STATED or INFERRED (INFERRED with a rationale) and a citation.',
      'luton/person:anna-pedersen/MEMBER_OF/luton/organisation:crime-and-disorder-committee http://www.w3.org/ns/org#member',
      'luton/person:vicky-hawkes http://www.w3.org/ns/prov#wasDerivedFrom',
    ]);
  });

  // A fictional graph with the forms other councils print: a response, undated progress, a web page.
  function fictionalCouncilGraph(): Graph {
    const doc = createNode('luton/document:test', { title: 'Fictional test page', kind: 'report', date: '2024-06-10', format: 'web-page', url: 'https://fictional.example/page', retrieved: '2024-07-01', sha256: 'a'.repeat(64) });
    const rec = createNode('fictional/recommendation:fictional-1', { followUp: 'required' });
    const response = createNode('fictional/response:fictional-1', { outcome: 'partly-agreed', reasons: 'Fictional reasons.', date: '2023-12-11' });
    const progress = createNode('fictional/progress:fictional-1', { dateBasis: 'document-date', notLaterThan: '2024-06-10' });
    delete progress.props.asAt;
    return { nodes: [doc, rec, response, progress], edges: [createEdge(response.id, 'RESPONDS_TO', rec.id), createEdge(progress.id, 'PROGRESS_OF', rec.id)] };
  }

  it('are met by a response, undated progress and a retrieved web page', async () => {
    const { conforms, violations } = await validateShapes(await toStore(await exportDocument(fictionalCouncilGraph())), shapes);
    expect(violations).toEqual([]);
    expect(conforms).toBe(true);
  });

  it('catch progress dated both ways or neither, an outcome outside the model and a malformed hash', async () => {
    const document = await exportDocument(fictionalCouncilGraph());
    // The nodes sit in the dataset's named graph.
    const graph = document['@graph'][0]!['@graph'] as Element[];
    const byId = (id: string) => graph.find((e) => e['@id'] === `node:${id}`)!;
    const undated = byId('fictional/progress:fictional-1');
    const both = { ...undated, '@id': 'node:fictional/progress:fictional-2', asAt: { '@value': '2024-05', '@type': 'xsd:gYearMonth' } };
    const neither: Element = { ...undated, '@id': 'node:fictional/progress:fictional-3' };
    delete neither.notLaterThan;
    graph.push(both, neither);
    byId('fictional/response:fictional-1').outcome = 'accepted';
    byId('luton/document:test').sha256 = 'A'.repeat(64);

    const { conforms, violations } = await validateShapes(await toStore(document), shapes);
    expect(conforms).toBe(false);
    const found = violations.map((v) => `${v.focus.replace(/^.*\/id\//, '')} ${v.path ?? 'either dated'}`);
    expect(found.sort()).toEqual([
      'fictional/progress:fictional-2 either dated',
      'fictional/progress:fictional-3 either dated',
      'fictional/response:fictional-1 https://w3id.org/scrutiny-graph/ns#outcome',
      'luton/document:test https://w3id.org/scrutiny-graph/ns#sha256',
    ]);
  });
});
