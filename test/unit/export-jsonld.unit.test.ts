import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import { BadInputError } from '../../functions/core/errors.js';
import { canonicalGraphLines } from '../../functions/core/export/canonical.js';
import { exportGraph, graphItems } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { JSONLD_CONTEXT } from '../../functions/core/export/jsonld.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { createFixtureGraph, shuffledFixtureGraph } from '../fixtures/export-graph.js';

const fetched: string[] = [];
/** Any attempt to load a remote context or document fails the test. */
const noFetch = async (url: string): Promise<never> => {
  fetched.push(url);
  throw new Error(`The JSON-LD processor tried to fetch ${url}; the context must be inline`);
};

async function exportJsonLd(graph: Graph = createFixtureGraph()): Promise<string> {
  const sink = memorySink();
  await exportGraph(graphItems(graph), sink, { formats: ['jsonld'], dataset: { name: 'fixture', version: '0123456789abcdef' } });
  return sink.text('graph.jsonld');
}

type Expanded = Array<Record<string, unknown> & { '@id'?: string; '@type'?: string[] }>;

async function expand(text: string): Promise<Expanded> {
  // safe mode throws on any term that would be dropped, so nothing in the file goes unmapped.
  return (await jsonld.expand(JSON.parse(text), { documentLoader: noFetch, safe: true } as unknown as jsonld.Options.Expand)) as Expanded;
}

async function flatten(text: string): Promise<Expanded> {
  return (await jsonld.flatten(JSON.parse(text), null as unknown as jsonld.ContextDefinition, { documentLoader: noFetch } as unknown as jsonld.Options.Flatten)) as unknown as Expanded;
}

const SG = 'https://scrutiny-graph.example/';
const ORG = 'http://www.w3.org/ns/org#';
const PROV = 'http://www.w3.org/ns/prov#';

describe('the JSON-LD export', () => {
  it('has an inline @context that names no remote document', async () => {
    const document = JSON.parse(await exportJsonLd());
    expect(typeof document['@context']).toBe('object');
    expect(document['@context']).toEqual(JSONLD_CONTEXT);
  });

  it('expands with a loader that refuses every fetch, mapping our types to ORG, FOAF, schema.org and PROV-O', async () => {
    const text = await exportJsonLd();
    const expanded = await expand(text);
    expect(expanded.length).toBeGreaterThan(createFixtureGraph().nodes.length);
    expect(fetched).toEqual([]);
    // Flattening merges the node objects that share an @id (a node and its direct statements).
    const byId = new Map((await flatten(text)).map((node) => [node['@id'], node]));
    expect(byId.get(`${SG}id/organisation/crime-and-disorder-committee`)?.['@type']).toEqual([`${ORG}Organization`]);
    expect(byId.get(`${SG}id/post/luton-borough-council-service-manager-neighbourhood-delivery`)?.['@type']).toEqual([`${ORG}Post`]);
    expect(byId.get(`${SG}id/meeting/cdc-2019-03-05`)?.['@type']).toEqual(['https://schema.org/Event']);
    expect(byId.get(`${SG}id/meeting/cdc-2019-03-05`)?.['http://purl.org/dc/terms/date']).toEqual([{ '@value': '2019-03-05' }]);
    const membership = byId.get(`${SG}relationship/person:anna-pedersen/MEMBER_OF/organisation:crime-and-disorder-committee`)!;
    expect(membership['@type']).toEqual(expect.arrayContaining([`${ORG}Membership`]));
    expect(membership[`${ORG}member`]).toEqual([{ '@id': `${SG}id/person/anna-pedersen` }]);
    expect(membership[`${ORG}organization`]).toEqual([{ '@id': `${SG}id/organisation/crime-and-disorder-committee` }]);
    const reified = expanded.find((node) => node['@id'] === membership['@id'])!;
    const [citation] = (reified[`${PROV}wasDerivedFrom`] as Array<{ '@list': Array<Record<string, unknown>> }>)[0]!['@list'];
    expect(citation).toMatchObject({
      [`${PROV}hadPrimarySource`]: [{ '@id': `${SG}id/document/luton-cdc-2020-03-02-agenda-pack` }],
      [`${PROV}value`]: [{ '@value': 'Councillor Pedersen (Chair)' }],
    });
  });

  it('states a direct ORG property where one fits, on the node it starts from', async () => {
    const vicky = (await flatten(await exportJsonLd())).find((node) => node['@id'] === `${SG}id/person/vicky-hawkes`)!;
    expect(vicky[`${ORG}holds`]).toEqual([{ '@id': `${SG}id/post/luton-borough-council-service-manager-neighbourhood-delivery` }]);
    expect(vicky['@type']).toEqual(['http://xmlns.com/foaf/0.1/Person']);
  });

  it('reads back into exactly the graph that was exported', async () => {
    const graph = createFixtureGraph();
    const imported = parseJsonLdExport(JSON.parse(await exportJsonLd(graph)));
    expect(imported.dataset).toEqual({ name: 'fixture', version: '0123456789abcdef' });
    expect(canonicalGraphLines(imported.graph)).toEqual(canonicalGraphLines(graph));
    expect(imported.graph.nodes.find((n) => n.id === 'observation:felt-safe-in-day-time-2020')?.props.value).toBe(43);
  });

  it('writes the same bytes whatever order the graph is read in', async () => {
    expect(await exportJsonLd(shuffledFixtureGraph())).toBe(await exportJsonLd(createFixtureGraph()));
  });
});

describe('parseJsonLdExport', () => {
  it('refuses a remote context, since nothing is fetched', () => {
    expect(() => parseJsonLdExport({ '@context': 'https://example.org/context.jsonld', '@graph': [] })).toThrow(/not inline/);
  });

  it('lists every problem of an edited file and imports nothing', async () => {
    const document = JSON.parse(await exportJsonLd());
    const person = document['@graph'].find((e: { '@id'?: string }) => e['@id'] === 'person:vicky-hawkes');
    person.shoeSize = 9;
    person.name = 42;
    // A second node with an existing id must not silently replace the first.
    const post = document['@graph'].find((e: { '@id'?: string }) => e['@id']?.startsWith('post:'));
    document['@graph'].push({ ...post, label: 'A replacement label' });
    document['@graph'].push({ '@id': 'rel:x', '@type': 'Relationship', relationshipType: 'HOLDS', from: 'person:nobody', to: 'post:nothing', basis: 'stated', sources: [] });
    let error: unknown;
    try {
      parseJsonLdExport(document);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as BadInputError).details?.problems).toEqual([
      expect.stringMatching(/person:vicky-hawkes.*"name" must be a non-empty string/),
      expect.stringMatching(/person:vicky-hawkes.*unknown property "shoeSize"/),
      `@graph[${document['@graph'].length - 2}] (${post['@id']}): node appears twice`,
      expect.stringMatching(/person:nobody/),
      expect.stringMatching(/post:nothing/),
    ]);
  });
});
