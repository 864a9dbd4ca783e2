import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import { BadInputError } from '../../functions/core/errors.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { JSONLD_CONTEXT, JsonLdGraphWriter, decimalLexical, jsonLdDatasetObject, jsonLdFooter, jsonLdHeader, jsonLdNode, jsonLdValue } from '../../functions/core/export/jsonld.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { createFixtureGraph, shuffledFixtureGraph } from '../fixtures/export-graph.js';
import { fetchAttempts, refuseFetch, toNQuads, toStore } from '../fixtures/linked-data.js';

async function exportFiles(graph: Graph = createFixtureGraph()): Promise<ReturnType<typeof memorySink>> {
  const sink = memorySink();
  await exportGraph(graphItems(graph), sink, { formats: ['jsonld'], dataset: { name: 'fixture', version: '0123456789abcdef' } });
  return sink;
}

async function exportJsonLd(graph: Graph = createFixtureGraph()): Promise<string> {
  return (await exportFiles(graph)).text('graph.jsonld');
}

type Expanded = Array<Record<string, unknown> & { '@id'?: string; '@type'?: string[] }>;

async function expand(text: string): Promise<Expanded> {
  // safe mode throws on any term that would be dropped, so nothing in the file goes unmapped.
  return (await jsonld.expand(JSON.parse(text), { documentLoader: refuseFetch, safe: true } as unknown as jsonld.Options.Expand)) as Expanded;
}

/** Flattened node objects of every graph: the default graph's and each named graph's (a dataset's). */
async function flatten(text: string): Promise<Expanded> {
  const flat = (await jsonld.flatten(JSON.parse(text), null as unknown as jsonld.ContextDefinition, { documentLoader: refuseFetch } as unknown as jsonld.Options.Flatten)) as unknown as Expanded;
  return flat.flatMap((node) => [node, ...((node['@graph'] as Expanded | undefined) ?? [])]);
}

type Element = Record<string, unknown> & { '@id'?: string };

/** The nodes and relationships of a document's named graphs (one per dataset). */
function elementsOf(document: { '@graph': Element[] }): Element[] {
  return document['@graph'].flatMap((element) => (element['@graph'] as Element[] | undefined) ?? [element]);
}

const SG = 'https://w3id.org/scrutiny-graph/';
const ORG = 'http://www.w3.org/ns/org#';
const PROV = 'http://www.w3.org/ns/prov#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const SCHEMA = 'https://schema.org/';
const OPENGOV = 'http://www.w3.org/ns/opengov#';
/** The named graph of the fixture's dataset, as N-Quads write it after each statement. */
const IN_FIXTURE = ` <${SG}dataset/fixture>`;

/** A fixture graph with a month-precision date and a fractional value, which the fixture lacks. */
function graphWithPartialDates(): Graph {
  const graph = createFixtureGraph();
  return {
    ...graph,
    nodes: graph.nodes.map((node) =>
      node.id === 'luton/observation:felt-safe-in-day-time-2020' ? { ...node, props: { ...node.props, value: 0.0000435, periodStart: '2020-01', periodEnd: '2020' } } : node,
    ),
  };
}

describe('the JSON-LD export', () => {
  it('has an inline @context that names no remote document, and publishes the same context beside it', async () => {
    const files = await exportFiles();
    const document = JSON.parse(files.text('graph.jsonld'));
    expect(typeof document['@context']).toBe('object');
    expect(document['@context']).toEqual(JSONLD_CONTEXT);
    expect(JSON.parse(files.text('context.jsonld'))).toEqual({ '@context': JSONLD_CONTEXT });
    expect(JSON.stringify(JSONLD_CONTEXT)).not.toMatch(/\.example[/"]/);
  });

  it('turns into RDF with jsonld.js and N3.js, offline, with no rdf:List anywhere', async () => {
    const fetchesBefore = fetchAttempts.length;
    const store = await toStore(JSON.parse(await exportJsonLd()));
    expect(fetchAttempts.length).toBe(fetchesBefore);
    expect(store.size).toBeGreaterThan(200);
    expect(store.getQuads(null, `${RDF}first`, null, null)).toEqual([]);
    expect(store.getQuads(null, `${RDF}rest`, null, null)).toEqual([]);
    expect(store.getQuads(null, null, `${RDF}nil`, null)).toEqual([]);
  });

  it('expands with a loader that refuses every fetch, mapping people, bodies, posts and meetings to Popolo classes', async () => {
    const text = await exportJsonLd();
    const expanded = await expand(text);
    // One named graph, the fixture dataset's, holding every node and relationship.
    expect(expanded.map((graph) => graph['@id'])).toEqual([`${SG}dataset/fixture`]);
    expect((expanded[0]!['@graph'] as Expanded).length).toBeGreaterThan(createFixtureGraph().nodes.length);
    // Flattening merges the node objects that share an @id (a node and its direct statements).
    const byId = new Map((await flatten(text)).map((node) => [node['@id'], node]));
    expect(byId.get(`${SG}id/luton/person:vicky-hawkes`)?.['@type']).toEqual(['http://www.w3.org/ns/person#Person']);
    expect(byId.get(`${SG}id/luton/organisation:crime-and-disorder-committee`)?.['@type']).toEqual([`${ORG}Organization`]);
    expect(byId.get(`${SG}id/luton/post:luton-borough-council-service-manager-neighbourhood-delivery`)?.['@type']).toEqual([`${ORG}Post`]);
    expect(byId.get(`${SG}id/luton/meeting:cdc-2019-03-05`)?.['@type']).toEqual([`${SCHEMA}Event`]);
    expect(byId.get(`${SG}id/luton/resolution:cdc-2019-03-05-02`)?.['@type']).toEqual([`${SG}ns#Resolution`, `${OPENGOV}Motion`]);
  });

  it('makes MEMBER_OF and HOLDS relationships Popolo Memberships, of an organisation or of a post', async () => {
    const byId = new Map((await flatten(await exportJsonLd())).map((node) => [node['@id'], node]));
    const membership = byId.get(`${SG}relationship/luton/person:anna-pedersen/MEMBER_OF/luton/organisation:crime-and-disorder-committee`)!;
    expect(membership['@type']).toEqual(expect.arrayContaining([`${ORG}Membership`, `${SG}ns#Relationship`]));
    expect(membership[`${ORG}member`]).toEqual([{ '@id': `${SG}id/luton/person:anna-pedersen` }]);
    expect(membership[`${ORG}organization`]).toEqual([{ '@id': `${SG}id/luton/organisation:crime-and-disorder-committee` }]);
    const holding = byId.get(`${SG}relationship/luton/person:vicky-hawkes/HOLDS/luton/post:luton-borough-council-service-manager-neighbourhood-delivery`)!;
    expect(holding['@type']).toEqual(expect.arrayContaining([`${ORG}Membership`]));
    expect(holding[`${OPENGOV}post`]).toEqual([{ '@id': `${SG}id/luton/post:luton-borough-council-service-manager-neighbourhood-delivery` }]);
    expect(holding[`${ORG}organization`]).toBeUndefined();
  });

  it('writes citations as a set of prov:Entity nodes with the quote, the document and a locator', async () => {
    const nquads = await toNQuads(JSON.parse(await exportJsonLd()));
    const membership = `<${SG}relationship/luton/person:anna-pedersen/MEMBER_OF/luton/organisation:crime-and-disorder-committee>`;
    const [, citation] = new RegExp(`^${membership.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} <${PROV}wasDerivedFrom> (_:\\S+)${IN_FIXTURE} \\.$`, 'm').exec(nquads) ?? [];
    expect(citation).toMatch(/^_:/);
    const about = (predicate: string) => new RegExp(`^${citation} <${predicate}> (.+)${IN_FIXTURE} \\.$`, 'm').exec(nquads)?.[1];
    expect(about(`${RDF}type`)).toBe(`<${PROV}Entity>`);
    expect(about(`${PROV}value`)).toBe('"Councillor Pedersen (Chair)"');
    expect(about(`${PROV}hadPrimarySource`)).toBe(`<${SG}id/luton/document:luton-cdc-2020-03-02-agenda-pack>`);
    expect(about(`${SG}ns#locator`)).toBe('"line 198"');
    expect(about(`${SG}ns#firstLine`)).toBe(`"198"^^<${XSD}integer>`);
  });

  it('types dates as xsd:date, xsd:gYearMonth or xsd:gYear by their precision, and values as xsd:decimal', async () => {
    const nquads = await toNQuads(JSON.parse(await exportJsonLd(graphWithPartialDates())));
    const object = (subject: string, predicate: string) => new RegExp(`^<${SG}id/luton/${subject}> <${predicate}> (.+)${IN_FIXTURE} \\.$`, 'm').exec(nquads)?.[1];
    expect(object('meeting:cdc-2019-03-05', 'http://purl.org/dc/terms/date')).toBe(`"2019-03-05"^^<${XSD}date>`);
    expect(object('observation:felt-safe-in-day-time-2020', `${SG}ns#periodStart`)).toBe(`"2020-01"^^<${XSD}gYearMonth>`);
    expect(object('observation:felt-safe-in-day-time-2020', `${SG}ns#periodEnd`)).toBe(`"2020"^^<${XSD}gYear>`);
    expect(object('observation:felt-safe-in-day-time-2020', `${SCHEMA}value`)).toBe(`"0.0000435"^^<${XSD}decimal>`);
    expect(nquads).not.toMatch(/"[^"]*[eE][+-]?\d+"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#decimal>/);
  });

  it('spells basis STATED or INFERRED, as the API does', async () => {
    const document = JSON.parse(await exportJsonLd());
    const bases = elementsOf(document).filter((e) => e.relationshipType).map((e) => e.basis);
    expect(new Set(bases)).toEqual(new Set(['STATED', 'INFERRED']));
  });

  it('states a direct ORG property where one fits, on the node it starts from', async () => {
    const vicky = (await flatten(await exportJsonLd())).find((node) => node['@id'] === `${SG}id/luton/person:vicky-hawkes`)!;
    expect(vicky[`${ORG}holds`]).toEqual([{ '@id': `${SG}id/luton/post:luton-borough-council-service-manager-neighbourhood-delivery` }]);
  });

  it('reads back into exactly the graph that was exported', async () => {
    const graph = createFixtureGraph();
    const imported = parseJsonLdExport(JSON.parse(await exportJsonLd(graph)));
    expect(imported.dataset).toEqual({ name: 'fixture', version: '0123456789abcdef' });
    expect(imported.datasets).toEqual([{ name: 'fixture', version: '0123456789abcdef' }]);
    expect(new Set(imported.graph.nodes.map((n) => n.dataset))).toEqual(new Set(['fixture']));
    expect(canonicalGraphLines(imported.graph)).toEqual(canonicalGraphLines(graph));
    expect(imported.graph.nodes.find((n) => n.id === 'luton/observation:felt-safe-in-day-time-2020')?.props.value).toBe(43);
  });

  it('reads typed partial dates and decimals back into the values they were written from', async () => {
    const graph = graphWithPartialDates();
    const imported = parseJsonLdExport(JSON.parse(await exportJsonLd(graph)));
    expect(canonicalGraphLines(imported.graph)).toEqual(canonicalGraphLines(graph));
    expect(imported.graph.nodes.find((n) => n.id === 'luton/observation:felt-safe-in-day-time-2020')?.props).toMatchObject({ value: 0.0000435, periodStart: '2020-01', periodEnd: '2020' });
  });

  it('writes the same bytes whatever order the graph is read in', async () => {
    expect(await exportJsonLd(shuffledFixtureGraph())).toBe(await exportJsonLd(createFixtureGraph()));
  });
});

describe('decimalLexical', () => {
  it('writes numbers as xsd:decimal digits, never in exponent notation', () => {
    expect([43, 8.5, -0.25, 1e-7, 1.5e21].map(decimalLexical)).toEqual(['43', '8.5', '-0.25', '0.0000001', '1500000000000000000000']);
  });

  it('keeps every digit of a number that is already written without an exponent', () => {
    expect(decimalLexical(1.2345678901234567e-6)).toBe('0.0000012345678901234567');
  });
});

describe('jsonLdValue', () => {
  it('types partial dates, writes numbers as decimals, and leaves every other value as it is', () => {
    const date = { kind: 'date', description: '' } as const;
    expect([jsonLdValue(date, '2021'), jsonLdValue(date, '2021-05'), jsonLdValue(date, '2021-05-03'), jsonLdValue(date, 2021)]).toStrictEqual([
      { '@value': '2021', '@type': 'xsd:gYear' },
      { '@value': '2021-05', '@type': 'xsd:gYearMonth' },
      '2021-05-03',
      2021,
    ]);
    expect([jsonLdValue({ kind: 'number', description: '' }, 8.5), jsonLdValue({ kind: 'number', description: '' }, '8.5'), jsonLdValue({ kind: 'integer', description: '' }, 5)]).toStrictEqual([
      '8.5',
      '8.5',
      5,
    ]);
  });
});

describe('JSON-LD elements of fictional nodes', () => {
  const citation = { document: 'fictional/document:minutes', quote: 'An invented sentence.', lines: [3, 4] as [number, number] };

  it(`writes a citation's page only where it has one, and a request's last activity typed like any date`, () => {
    const node: GraphNode = {
      id: 'fictional/recommendation:r1',
      type: 'Recommendation',
      label: 'Recommendation 1 (fictional)',
      props: {},
      sources: [citation, { ...citation, page: '7' }],
    };
    const written = jsonLdNode(node, { delivery: 'NOT_RECORDED', lastActivity: '2021-05' });
    expect(written.sources).toStrictEqual([
      { '@type': 'Citation', primarySource: 'node:fictional/document:minutes', quote: 'An invented sentence.', locator: 'lines 3-4', firstLine: 3, lastLine: 4 },
      { '@type': 'Citation', primarySource: 'node:fictional/document:minutes', quote: 'An invented sentence.', locator: 'page 7, lines 3-4', firstLine: 3, lastLine: 4, page: '7' },
    ]);
    expect([written.delivery, written.lastActivity]).toStrictEqual(['NOT_RECORDED', { '@value': '2021-05', '@type': 'xsd:gYearMonth' }]);
    expect(jsonLdNode(node, { delivery: 'NOT_RECORDED', lastActivity: '2021-05-03' }).lastActivity).toBe('2021-05-03');
    expect('lastActivity' in jsonLdNode(node, { delivery: 'NOT_RECORDED', lastActivity: null })).toBe(false);
  });

  it(`writes a dataset's fictional flag when it is false, and leaves out what the dataset does not record`, () => {
    expect(jsonLdDatasetObject({ name: 'fictional', fictional: false })).toStrictEqual({
      '@id': 'https://w3id.org/scrutiny-graph/dataset/fictional',
      '@type': 'ExportedDataset',
      datasetName: 'fictional',
      fictional: false,
    });
    expect(jsonLdDatasetObject({ name: 'fictional' })).toStrictEqual({
      '@id': 'https://w3id.org/scrutiny-graph/dataset/fictional',
      '@type': 'ExportedDataset',
      datasetName: 'fictional',
    });
  });

  it(`lays the file out as the export promises: the context indented under "@context", one element per line, a dataset's elements indented inside it`, () => {
    const chunks: string[] = [];
    const writer = new JsonLdGraphWriter((text) => {
      chunks.push(text);
    });
    writer.element({ '@id': 'node:fictional/person:a' });
    writer.openGraph({ '@id': 'https://w3id.org/scrutiny-graph/dataset/fictional', '@type': 'ExportedDataset' });
    writer.element({ '@id': 'node:fictional/post:b' });
    writer.element({ '@id': 'node:fictional/post:c' });
    writer.closeGraph();
    writer.element({ '@id': 'node:fictional/person:d' });
    const text = jsonLdHeader() + chunks.join('') + jsonLdFooter();
    const contextLines = JSON.stringify(JSONLD_CONTEXT, null, 2).split('\n');
    expect(text.split('\n')).toEqual([
      '{',
      `  "@context": ${contextLines[0]}`,
      ...contextLines.slice(1, -1).map((line) => `  ${line}`),
      '  },',
      '  "@graph": [',
      '    {"@id":"node:fictional/person:a"},',
      '    {"@id":"https://w3id.org/scrutiny-graph/dataset/fictional","@type":"ExportedDataset","@graph":[',
      '      {"@id":"node:fictional/post:b"},',
      '      {"@id":"node:fictional/post:c"}',
      '    ]},',
      '    {"@id":"node:fictional/person:d"}',
      '  ]',
      '}',
      '',
    ]);
    expect(contextLines.length).toBeGreaterThan(20);
    expect(JSON.parse(text)['@graph'][1]['@graph']).toEqual([{ '@id': 'node:fictional/post:b' }, { '@id': 'node:fictional/post:c' }]);
  });
});

describe('parseJsonLdExport', () => {
  it('refuses a remote context, since nothing is fetched', () => {
    expect(() => parseJsonLdExport({ '@context': 'https://example.org/context.jsonld', '@graph': [] })).toThrow(/not inline/);
  });

  it('refuses a file from an exporter with another vocabulary namespace, saying to export again', async () => {
    const document = JSON.parse(await exportJsonLd());
    document['@context'].sg = 'https://scrutiny-graph.example/ns#';
    expect(() => parseJsonLdExport(document)).toThrow(/another version of the exporter.*Export the graph again/);
  });

  it('lists every problem of an edited file and imports nothing', async () => {
    const document = JSON.parse(await exportJsonLd());
    const graph = document['@graph'][0]['@graph'];
    const person = graph.find((e: { '@id'?: string }) => e['@id'] === 'node:luton/person:vicky-hawkes');
    person.shoeSize = 9;
    person.name = 42;
    // A second node with an existing id must not silently replace the first.
    const post = graph.find((e: { '@id'?: string }) => e['@id']?.startsWith('node:luton/post:'));
    graph.push({ ...post, label: 'A replacement label' });
    const meeting = graph.find((e: { '@id'?: string }) => e['@id'] === 'node:luton/meeting:cdc-2019-03-05');
    meeting.date = { '@value': '2019-03', '@type': 'xsd:gYear' };
    const observation = graph.find((e: { '@id'?: string }) => e['@id'] === 'node:luton/observation:felt-safe-in-day-time-2020');
    observation.value = '4.3E1';
    graph.push({ '@id': 'rel:x', '@type': 'Relationship', relationshipType: 'HOLDS', from: 'node:luton/person:nobody', to: 'node:luton/post:nothing', basis: 'stated', sources: [] });
    let error: unknown;
    try {
      parseJsonLdExport(document);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details?.problems).toEqual([
      expect.stringMatching(/meeting:cdc-2019-03-05.*"date" must be a date string, or .*xsd:gYear/),
      expect.stringMatching(/observation:felt-safe-in-day-time-2020.*"value" must be an xsd:decimal/),
      expect.stringMatching(/person:vicky-hawkes.*"name" must be a non-empty string/),
      expect.stringMatching(/person:vicky-hawkes.*unknown property "shoeSize"/),
      `dataset "fixture" @graph[${graph.length - 2}] (${post['@id']}): node appears twice`,
      expect.stringMatching(/rel:x.*"basis" must be STATED or INFERRED; got "stated"/),
      expect.stringMatching(/person:nobody/),
      expect.stringMatching(/post:nothing/),
    ]);
  });

  it('refuses a Resolution that lost its Motion type, saying how it is written', async () => {
    const document = JSON.parse(await exportJsonLd());
    const resolution = elementsOf(document).find((e) => e['@id'] === 'node:luton/resolution:cdc-2019-03-05-02')!;
    resolution['@type'] = 'Resolution';
    expect(() => parseJsonLdExport(document)).toThrow(/a Resolution is written \["Resolution","opengov:Motion"\]/);
  });
});
