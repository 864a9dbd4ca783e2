/**
 * The JSON-LD import on small hand-written files of fictional nodes (every name, quote and
 * id here is invented): what it reads back exactly, and each way a hand-edited file can be
 * wrong, reported with where and what, all at once, with nothing imported.
 */
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../../functions/core/errors.js';
import { JSONLD_CONTEXT } from '../../functions/core/export/jsonld.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { EDGE_PROPERTIES } from '../../functions/core/model.js';

type Element = Record<string, unknown>;

const ADA = 'node:fictional/person:ada-example';
const CLERK = 'node:fictional/post:clerk';
const HOLDS_ID = 'rel:fictional/person:ada-example/HOLDS/fictional/post:clerk';

const citation = (extra: Element = {}): Element => ({
  '@type': 'Citation',
  primarySource: 'node:fictional/document:minutes',
  quote: 'An invented sentence of fictional minutes.',
  locator: 'line 3',
  firstLine: 3,
  lastLine: 3,
  ...extra,
});
const person = (extra: Element = {}): Element => ({ '@id': ADA, '@type': 'Person', label: 'Ada Example', name: 'Ada Example', sources: [citation()], ...extra });
const post = (extra: Element = {}): Element => ({ '@id': CLERK, '@type': 'Post', label: 'Fictional Clerk', title: 'Fictional Clerk', sources: [citation()], ...extra });
const holds = (extra: Element = {}): Element => ({
  '@id': HOLDS_ID,
  '@type': 'Relationship',
  relationshipType: 'HOLDS',
  from: ADA,
  to: CLERK,
  basis: 'STATED',
  sources: [citation()],
  ...extra,
});
const observation = (extra: Element = {}): Element => ({
  '@id': 'node:fictional/observation:footfall-2021',
  '@type': 'Observation',
  label: 'Fictional footfall, 2021',
  sources: [],
  ...extra,
});
const file = (graph: unknown[], context: Element = { ...JSONLD_CONTEXT }): Element => ({ '@context': context, '@graph': graph });

/** The import's refusal: its message and the problems it lists. */
function refusal(document: unknown): { message: string; problems: string[] } {
  try {
    parseJsonLdExport(document);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    const refused = error as BadInputError;
    return { message: refused.message, problems: (refused.details?.problems as string[] | undefined) ?? [] };
  }
  throw new Error('the file was imported');
}
const problemsOf = (document: unknown) => refusal(document).problems;

describe('parseJsonLdExport on a well-formed file', () => {
  it('reads nodes, a relationship and their citations back exactly, with no dataset when the file records none', () => {
    const imported = parseJsonLdExport(
      file([
        person({ sources: [citation({ page: '2' }), citation({ firstLine: 4, lastLine: 6 })] }),
        post(),
        holds({ basis: 'INFERRED', rationale: 'Fictional: the clerk signs the minutes.', validFrom: '2021-05' }),
        // A direct statement restating the relationship: nothing new to read.
        { '@id': ADA, 'org:holds': { '@id': CLERK } },
      ]),
    );
    expect(imported).toStrictEqual({
      graph: {
        nodes: [
          {
            id: 'fictional/person:ada-example',
            type: 'Person',
            label: 'Ada Example',
            props: { name: 'Ada Example' },
            sources: [
              { document: 'fictional/document:minutes', quote: 'An invented sentence of fictional minutes.', lines: [3, 3], page: '2' },
              { document: 'fictional/document:minutes', quote: 'An invented sentence of fictional minutes.', lines: [4, 6] },
            ],
          },
          {
            id: 'fictional/post:clerk',
            type: 'Post',
            label: 'Fictional Clerk',
            props: { title: 'Fictional Clerk' },
            sources: [{ document: 'fictional/document:minutes', quote: 'An invented sentence of fictional minutes.', lines: [3, 3] }],
          },
        ],
        edges: [
          {
            from: 'fictional/person:ada-example',
            type: 'HOLDS',
            to: 'fictional/post:clerk',
            props: { basis: 'inferred', rationale: 'Fictional: the clerk signs the minutes.', validFrom: '2021-05' },
            sources: [{ document: 'fictional/document:minutes', quote: 'An invented sentence of fictional minutes.', lines: [3, 3] }],
          },
        ],
      },
      datasets: [],
    });
  });

  it('reads a relationship with no basis as stated', () => {
    const { basis: _, ...unstated } = holds();
    const { graph } = parseJsonLdExport(file([person(), post(), unstated]));
    expect(graph.edges.map((edge) => edge.props)).toStrictEqual([{ basis: 'stated' }]);
  });

  it('reads typed partial dates, plain dates and decimals, whether written as strings or JSON numbers', () => {
    const read = (extra: Element) => parseJsonLdExport(file([observation(extra)])).graph.nodes[0]!.props;
    expect(read({ value: '8.5', periodStart: { '@value': '2021-01', '@type': 'xsd:gYearMonth' }, periodEnd: '2021-12-31' })).toStrictEqual({
      value: 8.5,
      periodStart: '2021-01',
      periodEnd: '2021-12-31',
    });
    expect(read({ periodStart: { '@value': '2021', '@type': 'xsd:gYear' }, periodEnd: { '@value': '2021-06-30', '@type': 'xsd:date' } })).toStrictEqual({
      periodStart: '2021',
      periodEnd: '2021-06-30',
    });
    // A hand-edited file may write a number as JSON; its value is kept, not re-read as digits.
    expect(read({ value: 1.5e-7 })).toStrictEqual({ value: 1.5e-7 });
    expect(read({ value: '-.25' })).toStrictEqual({ value: -0.25 });
  });

  it('reads every dataset the file records, with only the fields of the right kind', () => {
    const imported = parseJsonLdExport(
      file([
        {
          '@id': 'https://w3id.org/scrutiny-graph/dataset/fictional',
          '@type': 'ExportedDataset',
          datasetName: 'fictional',
          datasetVersion: '0123456789abcdef',
          title: 'A fictional council',
          namespace: 'fictional',
          council: { name: 'Fictional Borough Council', onsCode: 'E99999999' },
          fictional: true,
          dependencies: ['registry'],
          '@graph': [person(), post(), holds()],
        },
        {
          '@type': 'ExportedDataset',
          datasetName: 'odd-fields',
          datasetVersion: 3,
          title: 4,
          namespace: 5,
          council: { name: 'Fictional Town Council', onsCode: 6 },
          fictional: 'yes',
          dependencies: ['registry', 7],
        },
        { '@type': 'ExportedDataset', datasetName: 'council-without-name', council: { onsCode: 'E99999998' } },
        { '@type': 'ExportedDataset', datasetName: 'council-as-text', council: 'Fictional Borough Council' },
      ]),
    );
    expect(imported.datasets).toStrictEqual([
      {
        name: 'fictional',
        version: '0123456789abcdef',
        title: 'A fictional council',
        namespace: 'fictional',
        council: { name: 'Fictional Borough Council', onsCode: 'E99999999' },
        fictional: true,
        dependencies: ['registry'],
      },
      { name: 'odd-fields', council: { name: 'Fictional Town Council' } },
      { name: 'council-without-name' },
      { name: 'council-as-text' },
    ]);
    expect(imported.dataset).toBe(imported.datasets[0]);
    expect(imported.graph.nodes.map((node) => [node.id, node.dataset])).toEqual([
      ['fictional/person:ada-example', 'fictional'],
      ['fictional/post:clerk', 'fictional'],
    ]);
    expect(imported.graph.edges.map((edge) => edge.dataset)).toEqual(['fictional']);
  });

  it('accepts a context that adds terms of its own or leaves some of ours out', () => {
    const { sg: _, ...withoutVocabulary } = JSONLD_CONTEXT;
    expect(parseJsonLdExport(file([person()], { ...JSONLD_CONTEXT, myNote: 'https://example.org/fictional/note' })).graph.nodes).toHaveLength(1);
    expect(parseJsonLdExport(file([person()], withoutVocabulary)).graph.nodes).toHaveLength(1);
  });
});

describe('parseJsonLdExport on a file it cannot read at all', () => {
  it('says what is missing, before reading any element', () => {
    const messages = [[], null, 'graph', JSON.stringify(file([]))].map((document) => refusal(document).message);
    expect(new Set(messages)).toEqual(new Set(['A JSON-LD export must be a JSON object with "@context" and "@graph"; this file is not an object.']));
    expect(refusal({ '@graph': [] })).toEqual({
      message: 'The file has no inline "@context"; import a file written by `npm run export -- --format jsonld`.',
      problems: [],
    });
    for (const context of ['https://example.org/fictional/context.jsonld', [{ ...JSONLD_CONTEXT }]]) {
      expect(refusal({ '@context': context, '@graph': [] }).message).toBe(
        'The file\'s "@context" is a reference, not inline; only this project\'s own exports (with an inline context) can be imported, and nothing is fetched.',
      );
    }
    expect(refusal({ '@context': { ...JSONLD_CONTEXT } }).message).toBe('The file has no "@graph" list of nodes and relationships.');
    expect(refusal({ '@context': { ...JSONLD_CONTEXT }, '@graph': { '@id': ADA } }).message).toBe('The file has no "@graph" list of nodes and relationships.');
  });
});

describe('parseJsonLdExport lists each problem of an edited file', () => {
  it('a context term redefined', () => {
    expect(problemsOf(file([person()], { ...JSONLD_CONTEXT, label: 'https://example.org/fictional/label' }))).toEqual([
      `@context: term "label" means "https://example.org/fictional/label" in the file but ${JSON.stringify(JSONLD_CONTEXT.label)} here; the file was not written by this exporter or was edited`,
    ]);
  });

  it('elements that are not objects, placed by index (and by id where they have one)', () => {
    expect(problemsOf(file([null, ['x'], 'text', 7, person({ '@id': 5 }), person({ '@id': undefined })]))).toEqual([
      '@graph[0]: must be an object',
      '@graph[1]: must be an object',
      '@graph[2]: must be an object',
      '@graph[3]: must be an object',
      '@graph[4]: "@id" must be a Person id like "node:<namespace>/person:some-slug"',
      '@graph[5]: "@id" must be a Person id like "node:<namespace>/person:some-slug"',
    ]);
  });

  it('node ids that are not ids of their type in a well-formed namespace', () => {
    const ids = ['fictional/person:ada', 'node:person:ada', 'node:Fictional/person:ada', 'node:fictional/person:Ada Example', 'node:fictional/post:ada', 'node:/person:ada'];
    expect(problemsOf(file(ids.map((id) => person({ '@id': id }))))).toEqual(
      ids.map((id, index) => `@graph[${index}] (${id}): "@id" must be a Person id like "node:<namespace>/person:some-slug"`),
    );
  });

  it('node types that are not one type of the model, saying how a type is written', () => {
    expect(
      problemsOf(
        file([
          person({ '@type': 'Councillor' }),
          person({ '@type': ['Person', 'opengov:Motion'] }),
          person({ '@id': 'node:fictional/resolution:r1', '@type': 'Resolution' }),
          person({ '@type': ['Person', 'Post'] }),
        ]),
      ),
    ).toEqual([
      `@graph[0] (${ADA}): @type "Councillor" is not one node type of the model`,
      `@graph[1] (${ADA}): @type ["Person","opengov:Motion"] is not one node type of the model (a Person is written "Person")`,
      '@graph[2] (node:fictional/resolution:r1): @type "Resolution" is not one node type of the model (a Resolution is written ["Resolution","opengov:Motion"])',
      `@graph[3] (${ADA}): @type ["Person","Post"] is not one node type of the model (a Person is written "Person")`,
    ]);
  });

  it('a node without a label, a node twice, and properties the model does not have or cannot hold', () => {
    expect(
      problemsOf(
        file([
          person({ label: undefined }),
          post({ label: 7 }),
          person({ shoeSize: 9, name: '  ', honorific: { '@value': 'Dr', '@type': 'xsd:gYear' } }),
          person({ label: 'Ada Example, again' }),
        ]),
      ),
    ).toEqual([
      `@graph[0] (${ADA}): "label" must be a string`,
      `@graph[1] (${CLERK}): "label" must be a string`,
      `@graph[2] (${ADA}): "name" must be a non-empty string, got "  "`,
      `@graph[2] (${ADA}): unknown property "shoeSize" for Person`,
      `@graph[2] (${ADA}): "honorific" must be a non-empty string, got {"@value":"Dr","@type":"xsd:gYear"}`,
      `@graph[3] (${ADA}): node appears twice`,
    ]);
  });

  it('dates and decimals that are not what they claim', () => {
    const where = '@graph[0] (node:fictional/observation:footfall-2021)';
    const dateProblem = (got: string) =>
      `${where}: "periodStart" must be a date string, or {"@value", "@type"} with xsd:gYear (YYYY) or xsd:gYearMonth (YYYY-MM); got ${got}`;
    const cases: Array<[Element, string]> = [
      [{ periodStart: { '@value': '2021-01', '@type': 'xsd:gYear' } }, dateProblem('{"@value":"2021-01","@type":"xsd:gYear"}')],
      [{ periodStart: { '@value': 2021, '@type': 'xsd:gYear' } }, dateProblem('{"@value":2021,"@type":"xsd:gYear"}')],
      [{ periodStart: { '@value': '2021', '@type': ['xsd:gYear'] } }, dateProblem('{"@value":"2021","@type":["xsd:gYear"]}')],
      [{ periodStart: { '@value': '2021-01-01T00:00:00', '@type': 'xsd:dateTime' } }, dateProblem('{"@value":"2021-01-01T00:00:00","@type":"xsd:dateTime"}')],
      [{ periodStart: { '@value': '2021-02-30', '@type': 'xsd:date' } }, `${where}: "periodStart" must be a real date written YYYY, YYYY-MM or YYYY-MM-DD (quote it in YAML); got "2021-02-30"`],
      [{ value: '4.3E1' }, `${where}: "value" must be an xsd:decimal such as "43" or "8.5"; got "4.3E1"`],
      [{ value: 'forty' }, `${where}: "value" must be an xsd:decimal such as "43" or "8.5"; got "forty"`],
    ];
    for (const [extra, problem] of cases) expect(problemsOf(file([observation(extra)]))).toEqual([problem]);
  });

  it('citations that lack a part or have one of the wrong kind', () => {
    const where = `@graph[0] (${ADA})`;
    const needs = (index: number) => `${where}: sources[${index}] needs primarySource (a document id, "node:<id>"), quote, firstLine and lastLine`;
    expect(problemsOf(file([person({ sources: 'line 3' })]))).toEqual([`${where}: "sources" must be a list of citations`]);
    expect(problemsOf(file([person({ sources: undefined })]))).toEqual([`${where}: "sources" must be a list of citations`]);
    expect(
      problemsOf(
        file([
          person({
            sources: [
              null,
              ['quote'],
              citation({ primarySource: 'fictional/document:minutes' }),
              citation({ primarySource: 12 }),
              citation({ quote: undefined }),
              citation({ firstLine: 3.5 }),
              citation({ lastLine: '3' }),
              citation({ page: 2 }),
              citation(),
            ],
          }),
        ]),
      ),
    ).toEqual([
      `${where}: sources[0] must be an object`,
      `${where}: sources[1] must be an object`,
      needs(2),
      needs(3),
      needs(4),
      needs(5),
      needs(6),
      `${where}: sources[7].page must be a string`,
    ]);
  });

  it('relationships of no known type, with ends that are not node ids, or with properties they cannot have', () => {
    const relationship = (extra: Element) => holds({ '@id': undefined, ...extra });
    expect(
      problemsOf(
        file([
          person(),
          post(),
          relationship({ relationshipType: undefined }),
          relationship({ relationshipType: 'EMPLOYS' }),
          relationship({ relationshipType: ['HOLDS'] }),
          relationship({ relationshipType: 'X'.repeat(100) }),
          relationship({ from: undefined }),
          relationship({ to: undefined }),
          relationship({ from: 'fictional/person:ada-example' }),
          relationship({ to: 5 }),
          relationship({ from: 5 }),
          relationship({ colour: 'blue', role: '' }),
          relationship({ basis: 'stated' }),
        ]),
      ),
    ).toEqual([
      '@graph[2]: unknown relationshipType nothing',
      '@graph[3]: unknown relationshipType "EMPLOYS"',
      '@graph[4]: unknown relationshipType ["HOLDS"]',
      `@graph[5]: unknown relationshipType ${JSON.stringify('X'.repeat(100)).slice(0, 80)}`,
      '@graph[6]: "from" and "to" must be node ids written "node:<id>"',
      '@graph[7]: "from" and "to" must be node ids written "node:<id>"',
      '@graph[8]: "from" and "to" must be node ids written "node:<id>"',
      '@graph[9]: "from" and "to" must be node ids written "node:<id>"',
      '@graph[10]: "from" and "to" must be node ids written "node:<id>"',
      `@graph[11]: unknown relationship property "colour"; allowed: ${Object.keys(EDGE_PROPERTIES).join(', ')}`,
      '@graph[11]: "role" must be a non-empty string, got ""',
      '@graph[12]: "basis" must be STATED or INFERRED; got "stated"',
      // Its other problems aside, the relationship is the one at [11] again.
      '@graph[12]: relationship fictional/person:ada-example -HOLDS-> fictional/post:clerk appears twice',
    ]);
    expect(`@graph[5]: unknown relationshipType ${JSON.stringify('X'.repeat(100)).slice(0, 80)}`).toHaveLength('@graph[5]: unknown relationshipType '.length + 80);
  });

  it('a relationship twice, and ends the file does not hold', () => {
    expect(problemsOf(file([person(), holds(), holds({ '@id': undefined }), holds({ '@id': undefined, to: 'node:fictional/post:treasurer' })]))).toEqual([
      '@graph[2]: relationship fictional/person:ada-example -HOLDS-> fictional/post:clerk appears twice',
      'relationship fictional/person:ada-example -HOLDS-> fictional/post:clerk: refers to node "fictional/post:clerk", which the file does not contain',
      'relationship fictional/person:ada-example -HOLDS-> fictional/post:treasurer: refers to node "fictional/post:treasurer", which the file does not contain',
    ]);
  });

  it('datasets without a name, twice, nested, or with a graph that is not a list, placed by where they are', () => {
    const dataset = (extra: Element): Element => ({ '@type': 'ExportedDataset', datasetName: 'fictional', ...extra });
    expect(
      problemsOf(
        file([
          dataset({ datasetName: undefined }),
          dataset({ datasetName: '' }),
          dataset({ datasetName: 7 }),
          dataset({ '@graph': [dataset({ datasetName: 'inner', '@graph': [] }), 'text'] }),
          dataset({}),
          dataset({ datasetName: 'listless', '@graph': { '@id': ADA } }),
        ]),
      ),
    ).toEqual([
      '@graph[0]: a dataset needs "datasetName"',
      '@graph[1]: a dataset needs "datasetName"',
      '@graph[2]: a dataset needs "datasetName"',
      'dataset "fictional" @graph[0]: a dataset\'s graph cannot hold another dataset',
      'dataset "fictional" @graph[1]: must be an object',
      '@graph[4]: dataset "fictional" appears twice',
      '@graph[5]: "@graph" must be a list of nodes and relationships',
    ]);
  });
});

describe('parseJsonLdExport sums up what it refused', () => {
  it('one problem in the singular, each on its own line', () => {
    expect(refusal(file([person({ label: 1 })])).message).toBe(`The JSON-LD file has 1 problem; nothing was imported:\n  @graph[0] (${ADA}): "label" must be a string`);
    expect(refusal(file([person({ label: 1 }), post({ label: 2 })])).message).toBe(
      `The JSON-LD file has 2 problems; nothing was imported:\n  @graph[0] (${ADA}): "label" must be a string\n  @graph[1] (${CLERK}): "label" must be a string`,
    );
  });

  it('thirty problems in full, and past thirty the first thirty and how many more', () => {
    const unlabelled = (count: number) => file(Array.from({ length: count }, (_, index) => person({ '@id': `node:fictional/person:p${index}`, label: null })));
    const thirty = refusal(unlabelled(30));
    expect(thirty.problems).toHaveLength(30);
    expect(thirty.message.split('\n')).toHaveLength(31);
    expect(thirty.message.split('\n').at(-1)).toBe('  @graph[29] (node:fictional/person:p29): "label" must be a string');

    const thirtyTwo = refusal(unlabelled(32));
    expect(thirtyTwo.problems).toHaveLength(32);
    const lines = thirtyTwo.message.split('\n');
    expect(lines[0]).toBe('The JSON-LD file has 32 problems; nothing was imported:');
    expect(lines.slice(1, 31)).toEqual(thirtyTwo.problems.slice(0, 30).map((problem) => `  ${problem}`));
    expect(lines.slice(31)).toEqual(['  ... and 2 more']);
  });
});
