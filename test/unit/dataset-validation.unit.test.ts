import { describe, expect, it } from 'vitest';
import { buildGraph, isBareFileName, isValidPartialDate, sha256Of, type DatasetFile } from '../../functions/core/dataset.js';
import { InvalidDatasetError, type DatasetProblem } from '../../functions/core/errors.js';
import { qualify } from '../../functions/core/namespaces.js';

const TEXT = ['NOTICE OF MEETING', 'SCRUTINY CRIME AND DISORDER COMMITTEE', 'Vicky Hawkes, Service Manager', 'Neighbourhood Delivery'].join('\n');
const DOC = 'document:pack';
const NS = 'luton';
const q = (id: string) => qualify(NS, id);
const documentTexts = new Map([[q(DOC), TEXT]]);
const docNode = { id: DOC, type: 'Document', title: 'Pack', kind: 'agenda-pack', sources: [{ lines: 1, quote: 'NOTICE OF MEETING' }] };
const person = { id: 'person:vicky-hawkes', type: 'Person', name: 'Vicky Hawkes', sources: [{ lines: '3', quote: 'Vicky Hawkes' }] };
const post = { id: 'post:lbc-service-manager', type: 'Post', title: 'Service Manager Neighbourhood Delivery', sources: [{ lines: '3-4', quote: 'Service Manager Neighbourhood Delivery' }] };

function problemsOf(files: DatasetFile[]): DatasetProblem[] {
  try {
    buildGraph(files, { namespace: NS, documentTexts });
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error.problems;
    throw error;
  }
  return [];
}

const file = (nodes: unknown[], edges: unknown[] = [], name = 'people.yaml'): DatasetFile => ({ file: name, content: { document: DOC, nodes, edges } });

describe('buildGraph', () => {
  it('accepts a valid dataset and checks quotes across line breaks', () => {
    const graph = buildGraph([file([docNode, person, post], [{ from: person.id, type: 'HOLDS', to: post.id, observedOn: '2019-03-05', sources: [{ lines: '3-4', quote: 'Vicky Hawkes, Service Manager Neighbourhood Delivery' }] }])], { namespace: NS, documentTexts });
    expect(graph.nodes.map((n) => n.id)).toEqual([q(DOC), q(person.id), q(post.id)]);
    expect(graph.edges[0]).toMatchObject({ from: q(person.id), to: q(post.id), sources: [{ document: q(DOC) }] });
    expect(graph.nodes[1]!.sources).toEqual([{ document: q(DOC), quote: 'Vicky Hawkes', lines: [3, 3] }]);
    expect(graph.edges[0]).toMatchObject({ type: 'HOLDS', props: { basis: 'stated', observedOn: '2019-03-05' } });
    expect(graph.nodes[1]!.label).toBe('Vicky Hawkes');
  });

  it('rejects an unknown node type, naming the file and entry and what to use', () => {
    const [problem] = problemsOf([file([docNode, { ...person, type: 'Human' }])]);
    expect(problem).toMatchObject({ file: 'people.yaml', entry: 'nodes[1] (person:vicky-hawkes)' });
    expect(problem!.message).toMatch(/unknown node type "Human"; use one of .*Person/);
  });

  it('rejects an unknown edge type and an edge the model does not allow between those types', () => {
    const problems = problemsOf([file([docNode, person, post], [
      { from: person.id, type: 'LIKES', to: post.id, sources: [{ lines: 3, quote: 'Vicky Hawkes' }] },
      { from: post.id, type: 'HOLDS', to: person.id, sources: [{ lines: 3, quote: 'Vicky Hawkes' }] },
    ])]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/unknown edge type "LIKES"/),
      expect.stringMatching(/HOLDS cannot start at a Post; it starts at Person/),
      expect.stringMatching(/HOLDS cannot end at a Person; it ends at Post/),
    ]);
  });

  it('rejects dangling references, duplicate ids and duplicate edges across files', () => {
    const problems = problemsOf([
      file([docNode, person]),
      file([person], [
        { from: person.id, type: 'HOLDS', to: 'post:nowhere', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] },
      ], 'more.yaml'),
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'more.yaml', message: expect.stringMatching(/duplicate id "person:vicky-hawkes", first defined in people.yaml/) }),
      expect.objectContaining({ file: 'more.yaml', message: expect.stringMatching(/"to" refers to "luton\/post:nowhere", which no file of this dataset defines/) }),
    ]);
  });

  it('rejects impossible dates and periods that end before they start', () => {
    const meeting = { id: 'meeting:m', type: 'Meeting', title: 'M', kind: 'committee', date: '2019-02-30', sources: [{ lines: 2, quote: 'SCRUTINY' }] };
    const plan = { id: 'plan:p', type: 'Plan', title: 'P', kind: 'partnership-plan', periodStart: '2020', periodEnd: '2017', sources: [{ lines: 2, quote: 'SCRUTINY' }] };
    const messages = problemsOf([file([docNode, meeting, plan])]).map((p) => p.message);
    expect(messages).toEqual([expect.stringMatching(/"date" must be a real date/), expect.stringMatching(/"periodStart" \(2020\) is after "periodEnd" \(2017\)/)]);
  });

  it('rejects a quote that is not in the source, and one at the wrong lines, saying where it is', () => {
    const messages = problemsOf([file([docNode, { ...person, sources: [{ lines: 3, quote: 'Vicky Hawks' }] }, { ...post, sources: [{ lines: 1, quote: 'Neighbourhood Delivery' }] }])]).map((p) => p.message);
    expect(messages).toEqual([expect.stringMatching(/does not appear in luton\/document:pack; copy the words exactly/), expect.stringMatching(/is not at line 1; it is at lines 4 /)]);
  });

  it('rejects a blank quote and one under three characters, asking for the exact words', () => {
    const problems = problemsOf([file([docNode, { ...person, sources: [{ lines: 3, quote: '     ' }] }, { ...post, sources: [{ lines: 3, quote: 'Vi' }] }])]);
    expect(problems).toEqual([
      { file: 'people.yaml', entry: 'nodes[1] (person:vicky-hawkes)', message: expect.stringMatching(/sources\[0\] needs "quote": the exact words of the source \(at least 3 characters\)/) },
      { file: 'people.yaml', entry: 'nodes[2] (post:lbc-service-manager)', message: expect.stringMatching(/sources\[0\] needs "quote"/) },
    ]);
  });

  it('rejects a node without sources, an unknown property and an inferred edge without a rationale', () => {
    const messages = problemsOf([file([docNode, { ...person, sources: [] }, { ...post, salary: 'high' }], [{ from: person.id, type: 'HOLDS', to: post.id, basis: 'inferred', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }])]).map((p) => p.message);
    expect(messages).toEqual([
      expect.stringMatching(/needs "sources"/),
      expect.stringMatching(/unknown property "salary" for Post; allowed: title/),
      expect.stringMatching(/an inferred edge needs a "rationale"/),
    ]);
  });

  it('accepts a relationship recorded on two dates and rejects a last date without a first', () => {
    const holds = (dates: Record<string, string>) => ({ from: person.id, type: 'HOLDS', to: post.id, ...dates, sources: [{ lines: 3, quote: 'Vicky Hawkes' }] });
    expect(problemsOf([file([docNode, person, post], [holds({ observedOn: '2019-03-05', lastObservedOn: '2020-03-02' })])])).toEqual([]);
    expect(problemsOf([file([docNode, person, post], [holds({ lastObservedOn: '2020-03-02' })])]).map((p) => p.message)).toEqual([expect.stringMatching(/"lastObservedOn" needs "observedOn"/)]);
    expect(problemsOf([file([docNode, person, post], [holds({ observedOn: '2020-03-02', lastObservedOn: '2019-03-05' })])]).map((p) => p.message)).toEqual([expect.stringMatching(/is after "lastObservedOn"/)]);
  });

  it('asks for a rationale when a progress status is a curator\'s reading, and for a status when a basis is given', () => {
    const progress = { id: 'progress:fictional', type: 'ProgressUpdate', text: 'Fictional progress.', asAt: '2020-03-02', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] };
    const problems = problemsOf([file([docNode, { ...progress, status: 'in-progress', statusBasis: 'inferred' }, { ...progress, id: 'progress:fictional-2', statusBasis: 'stated' }])]);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/"statusBasis: inferred"\) needs a "statusRationale"/),
      expect.stringMatching(/"statusBasis" says how a status was read, so it needs "status"/),
    ]);
    expect(problemsOf([file([docNode, { ...progress, status: 'in-progress', statusBasis: 'inferred', statusRationale: 'Work is reported under way.' }])])).toEqual([]);
  });

  it('checks a commitment like any fact: due date real, deadline as printed required (fictional commitment)', () => {
    const commitment = { id: 'commitment:fictional', type: 'Commitment', text: 'Fictional promise.', dueBy: '2019-02-30', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] };
    expect(problemsOf([file([docNode, commitment])]).map((p) => p.message)).toEqual([
      expect.stringMatching(/"dueBy" must be a real date/),
      expect.stringMatching(/missing required property "dueText"/),
    ]);
  });

  it('rejects an id whose prefix does not match its type', () => {
    const [problem] = problemsOf([file([docNode, { ...person, id: 'organisation:vicky-hawkes' }])]);
    expect(problem!.message).toMatch(/must start with "person:"/);
  });

  it('reports a node id written with a namespace: a dataset defines its own nodes unqualified', () => {
    const [problem] = problemsOf([file([docNode, { ...person, id: 'luton/person:vicky-hawkes' }])]);
    expect(problem).toMatchObject({ file: 'people.yaml', entry: 'nodes[1] (luton/person:vicky-hawkes)', message: expect.stringMatching(/"id" is written unqualified.*adds "luton\/"/) });
  });

  it('reports the file and entry of a link written into a namespace the dataset does not depend on', () => {
    const problems = problemsOf([file([docNode, person], [{ from: person.id, type: 'MEMBER_OF', to: 'elsewhere/organisation:police', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }])]);
    expect(problems).toEqual([{
      file: 'people.yaml',
      entry: 'edges[0] (person:vicky-hawkes -MEMBER_OF-> elsewhere/organisation:police)',
      message: expect.stringMatching(/"elsewhere\/organisation:police" is in namespace "elsewhere", which is not a dependency of this dataset; add the dataset that owns "elsewhere" to "dependencies" in dataset.yaml \(declared: none\)/),
    }]);
  });

  it('reports an own id written with its namespace, so every file reads the same way', () => {
    const problems = problemsOf([file([docNode, person, post], [{ from: 'luton/person:vicky-hawkes', type: 'HOLDS', to: post.id, sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }])]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/names this dataset's own namespace; write its own ids unqualified \("person:vicky-hawkes"\)/)]);
  });
});

describe('buildGraph with a dependency', () => {
  const REGISTRY_TEXT = 'Bedfordshire Police\nHome Office';
  const registryFile = (nodes: unknown[], edges: unknown[] = []): DatasetFile => ({ file: 'bodies.yaml', content: { document: DOC, nodes, edges } });
  const registry = buildGraph([registryFile([
    { ...docNode, sources: [{ lines: 1, quote: 'Bedfordshire Police' }] },
    { id: 'organisation:bedfordshire-police', type: 'Organisation', name: 'Bedfordshire Police', kind: 'police', sources: [{ lines: 1, quote: 'Bedfordshire Police' }] },
    { id: 'organisation:home-office', type: 'Organisation', name: 'Home Office', kind: 'government', sources: [{ lines: 2, quote: 'Home Office' }] },
  ])], { namespace: 'registry', documentTexts: new Map([['registry/document:pack', REGISTRY_TEXT]]) });
  const dependencies = [{ name: 'registry', namespace: 'registry', graph: registry }];
  const texts = new Map([...documentTexts, ['registry/document:pack', REGISTRY_TEXT]]);
  const build = (edges: unknown[], nodes: unknown[] = [docNode, person, post]) => buildGraph([file(nodes, edges)], { namespace: NS, documentTexts: texts, dependencies });
  const problemsWith = (edges: unknown[], nodes?: unknown[]) => {
    try {
      build(edges, nodes);
    } catch (error) {
      if (error instanceof InvalidDatasetError) return error.problems.map((p) => p.message);
      throw error;
    }
    return [];
  };

  it('links to a dependency node written qualified and cites a dependency document, checking its quote', () => {
    const graph = build([{ from: person.id, type: 'MEMBER_OF', to: 'registry/organisation:bedfordshire-police', sources: [{ document: 'registry/document:pack', lines: 1, quote: 'Bedfordshire Police' }] }]);
    expect(graph.edges).toEqual([expect.objectContaining({ from: 'luton/person:vicky-hawkes', to: 'registry/organisation:bedfordshire-police', sources: [{ document: 'registry/document:pack', lines: [1, 1], quote: 'Bedfordshire Police' }] })]);
    expect(graph.nodes.map((n) => n.id)).not.toContain('registry/organisation:bedfordshire-police');
    expect(problemsWith([{ from: person.id, type: 'MEMBER_OF', to: 'registry/organisation:bedfordshire-police', sources: [{ document: 'registry/document:pack', lines: 2, quote: 'Bedfordshire Police' }] }]))
      .toEqual([expect.stringMatching(/is not at line 2; it is at lines 1/)]);
  });

  it('checks a dependency node\'s type against the edge, and names the dependency when it lacks the id', () => {
    expect(problemsWith([{ from: 'registry/organisation:home-office', type: 'HOLDS', to: post.id, sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }]))
      .toEqual([expect.stringMatching(/HOLDS cannot start at a Organisation; it starts at Person/)]);
    expect(problemsWith([{ from: person.id, type: 'MEMBER_OF', to: 'registry/organisation:nowhere', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }]))
      .toEqual([expect.stringMatching(/"to" refers to "registry\/organisation:nowhere", which the dataset of namespace "registry" does not define/)]);
  });

  it('refuses a link between two nodes of a dependency: it belongs in that dataset', () => {
    expect(problemsWith([{ from: 'registry/organisation:bedfordshire-police', type: 'SUB_ORGANISATION_OF', to: 'registry/organisation:home-office', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }]))
      .toEqual([expect.stringMatching(/an edge joins at least one node of this dataset; a link between two nodes of "registry" belongs in the dataset that owns them/)]);
  });

  it('refuses a link between nodes of two different dependencies, naming both namespaces', () => {
    const REGION_TEXT = 'FICTIONAL REGION REGISTER\nFictional Region Board';
    const region = buildGraph([{ file: 'bodies.yaml', content: { document: DOC, nodes: [
      { ...docNode, sources: [{ lines: 1, quote: 'FICTIONAL REGION REGISTER' }] },
      { id: 'organisation:fictional-region-board', type: 'Organisation', name: 'Fictional Region Board', kind: 'partnership', sources: [{ lines: 2, quote: 'Fictional Region Board' }] },
    ] } }], { namespace: 'region', documentTexts: new Map([['region/document:pack', REGION_TEXT]]) });
    const both = [...dependencies, { name: 'fictional-region', namespace: 'region', graph: region }];
    const edge = { from: 'registry/organisation:bedfordshire-police', type: 'SUB_ORGANISATION_OF', to: 'region/organisation:fictional-region-board', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] };
    expect(() => buildGraph([file([docNode, person, post], [edge])], { namespace: NS, documentTexts: texts, dependencies: both })).toThrow(expect.objectContaining({ problems: [{
      file: 'people.yaml',
      entry: 'edges[0] (registry/organisation:bedfordshire-police -SUB_ORGANISATION_OF-> region/organisation:fictional-region-board)',
      message: 'an edge joins at least one node of this dataset; a link between two nodes of "registry" and "region" belongs in the dataset that owns them',
    }] }));
  });

  it('accepts a link from a dependency node to an own node, kept in this dataset', () => {
    const graph = build([{ from: 'registry/organisation:bedfordshire-police', type: 'SUB_ORGANISATION_OF', to: 'organisation:lbc', sources: [{ lines: 3, quote: 'Vicky Hawkes' }] }], [docNode, { id: 'organisation:lbc', type: 'Organisation', name: 'LBC', kind: 'council', sources: [{ lines: 3, quote: 'Vicky' }] }]);
    expect(graph.edges.map((e) => [e.from, e.to])).toEqual([['registry/organisation:bedfordshire-police', 'luton/organisation:lbc']]);
  });

  it('refuses to cite a dependency document that is not a Document, or a namespace not declared', () => {
    expect(problemsWith([{ from: person.id, type: 'MEMBER_OF', to: 'registry/organisation:bedfordshire-police', sources: [{ document: 'registry/organisation:home-office', lines: 1, quote: 'Bedfordshire Police' }] }]))
      .toEqual([expect.stringMatching(/cites "registry\/organisation:home-office", which is not a Document node of the dataset or of a dependency/)]);
    expect(problemsWith([{ from: person.id, type: 'HOLDS', to: post.id, sources: [{ document: 'other/document:pack', lines: 3, quote: 'Vicky Hawkes' }] }]))
      .toEqual([expect.stringMatching(/"other\/document:pack" is in namespace "other", which is not a dependency of this dataset; .*\(declared: registry \(registry\)\)/)]);
  });
});

describe('buildGraph: restricted entries of a dependency bind this dataset', () => {
  // A fictional registry with a restricted body and a restricted membership.
  const FR_TEXT = ['FICTIONAL REGISTRY: not a real register.', 'Fictional Police Service', 'Fictional Harbour Board', 'Fictional Police Service sits on the Fictional Harbour Board in confidence', 'The Fictional Informant Group'].join('\n');
  const restricted = { visibility: 'restricted', restriction: { reason: 'confidential-partnership' } };
  const registry = buildGraph([{ file: 'bodies.yaml', content: { document: DOC, nodes: [
    { ...docNode, sources: [{ lines: 1, quote: 'FICTIONAL REGISTRY' }] },
    { id: 'organisation:fictional-police', type: 'Organisation', name: 'Fictional Police Service', kind: 'police', sources: [{ lines: 2, quote: 'Fictional Police Service' }] },
    { id: 'organisation:fictional-harbour-board', type: 'Organisation', name: 'Fictional Harbour Board', kind: 'partnership', sources: [{ lines: 3, quote: 'Fictional Harbour Board' }] },
    { id: 'organisation:fictional-informants', type: 'Organisation', name: 'Fictional Informant Group', kind: 'other', sources: [{ lines: 5, quote: 'Informant Group' }], ...restricted },
  ], edges: [
    { from: 'organisation:fictional-police', type: 'MEMBER_OF', to: 'organisation:fictional-harbour-board', sources: [{ lines: 4, quote: 'sits on the Fictional Harbour Board in confidence' }], ...restricted },
  ] } }], { namespace: 'fr', documentTexts: new Map([['fr/document:pack', FR_TEXT]]) });
  const problemsWith = (nodes: unknown[], edges: unknown[] = []) => {
    try {
      buildGraph([file([docNode, ...nodes], edges)], { namespace: NS, documentTexts: new Map([...documentTexts, ['fr/document:pack', FR_TEXT]]), dependencies: [{ name: 'fictional-registry', namespace: 'fr', graph: registry }] });
    } catch (error) {
      if (error instanceof InvalidDatasetError) return error.problems.map((p) => p.message);
      throw error;
    }
    return [];
  };
  const cite = [{ lines: 3, quote: 'Vicky Hawkes' }];

  it('refuses a public edge to a dependency\'s restricted node', () => {
    expect(problemsWith([person], [{ from: person.id, type: 'MEMBER_OF', to: 'fr/organisation:fictional-informants', sources: cite }]))
      .toEqual(['is public but joins restricted node "fr/organisation:fictional-informants", so it would name it: mark the edge "visibility: restricted" with a restriction']);
    expect(problemsWith([person], [{ from: person.id, type: 'MEMBER_OF', to: 'fr/organisation:fictional-police', sources: cite }])).toEqual([]);
  });

  it('refuses a public node quoting lines a dependency\'s restricted edge quotes', () => {
    expect(problemsWith([{ ...person, sources: [{ document: 'fr/document:pack', lines: 4, quote: 'Fictional Police Service' }] }])).toEqual([
      'is public but quotes lines 4-4 of fr/document:pack, which overlap lines 4-4 quoted by restricted edge fr/organisation:fictional-police -MEMBER_OF-> fr/organisation:fictional-harbour-board: restrict this node, or cite other lines',
    ]);
  });

  it('reads a public edge\'s role, rationale and note for the name of a dependency\'s restricted node', () => {
    const holds = (extra: Record<string, unknown>) => ({ from: person.id, type: 'HOLDS', to: post.id, sources: cite, ...extra });
    const repeats = 'is public but its label or text repeats "fictional informant group", words of restricted node "fr/organisation:fictional-informants": reword it or restrict this edge';
    expect(problemsWith([person, post], [holds({ role: 'Liaison to the Fictional Informant Group' })])).toEqual([repeats]);
    expect(problemsWith([person, post], [holds({ note: 'Liaison to the Fictional Informant Group' })])).toEqual([repeats]);
    expect(problemsWith([person, post], [holds({ basis: 'inferred', rationale: 'Named beside the Fictional Informant Group' })])).toEqual([repeats]);
    expect(problemsWith([person, post], [holds({ role: 'Liaison', note: 'Fictional note.' })])).toEqual([]);
  });
});

describe('buildGraph: public labels', () => {
  it('labels a public node from public edges only, and a restricted node from every edge', () => {
    const cabinet = { id: 'organisation:fictional-cabinet', type: 'Organisation', name: 'Fictional Cabinet', kind: 'executive', sources: [{ lines: 2, quote: 'Fictional Cabinet' }] };
    const madeBy = (from: string) => ({ from, type: 'MADE_BY', to: cabinet.id, sources: [{ lines: 1, quote: 'FICTIONAL TEST DOCUMENT' }], visibility: 'restricted', restriction: { reason: 'draft' } });
    const restrictedResponse = { ...fresponse, id: 'response:fictional-draft', sources: [{ lines: 4, quote: 'Recommendation 2: Deferred.' }], outcome: 'agreed', visibility: 'restricted', restriction: { reason: 'draft' } };
    const graph = buildGraph([{ file: 'f.yaml', content: { document: FDOC, nodes: [fdoc, frec, fresponse, cabinet, restrictedResponse], edges: [
      respondsTo(fresponse.id), madeBy(fresponse.id),
      { ...respondsTo(restrictedResponse.id), sources: [{ lines: 4, quote: 'Recommendation 2: Deferred.' }], visibility: 'restricted', restriction: { reason: 'draft' } }, madeBy(restrictedResponse.id),
    ] } }], { namespace: 'fictional', documentTexts: new Map([[`fictional/${FDOC}`, FICTIONAL_TEXT]]) });
    expect(graph.nodes.filter((n) => n.type === 'Response').map((n) => n.label)).toEqual([
      'Response to Recommendation 1: rejected',
      'Response of Fictional Cabinet to Recommendation 1: agreed',
    ]);
  });
});

describe('buildGraph files', () => {
  it('reports a file that cannot be parsed instead of half-reading it', () => {
    expect(problemsOf([{ file: 'broken.yaml', content: undefined, parseError: 'bad indentation' }, file([docNode])])).toEqual([
      { file: 'broken.yaml', entry: 'file', message: 'cannot be parsed: bad indentation' },
    ]);
  });
});

// Forms for other councils' documents, checked on a fictional text written for these tests.
const FICTIONAL_TEXT = [
  'FICTIONAL TEST DOCUMENT: not a real council.',
  'Response of the Fictional Cabinet, 12 December 2023',
  'Recommendation 1: Rejected. The budget does not allow it.',
  'Recommendation 2: Deferred.',
  'Work on lighting has started in two streets.',
].join('\n');
const FDOC = 'document:fictional-response';
const fdoc = { id: FDOC, type: 'Document', title: 'Fictional response', kind: 'report', date: '2023-12-12', sources: [{ lines: 2, quote: 'Response of the Fictional Cabinet' }] };
const frec = { id: 'recommendation:fictional-1', type: 'Recommendation', number: '1', text: 'Fictional recommendation.', status: 'adopted', followUp: 'required', sources: [{ lines: 3, quote: 'Recommendation 1' }] };
const fresponse = { id: 'response:fictional-1', type: 'Response', outcome: 'rejected', reasons: 'The budget does not allow it.', date: '2023-12-12', sources: [{ lines: 3, quote: 'Rejected. The budget does not allow it.' }] };
const fprogress = { id: 'progress:fictional-lighting', type: 'ProgressUpdate', text: 'Work on lighting has started in two streets.', sources: [{ lines: 5, quote: 'Work on lighting has started' }] };
const respondsTo = (from: string, to = frec.id) => ({ from, type: 'RESPONDS_TO', to, sources: [{ lines: 3, quote: 'Recommendation 1' }] });

function fictionalProblems(nodes: unknown[], edges: unknown[] = [], texts = new Map([[`fictional/${FDOC}`, FICTIONAL_TEXT]])): string[] {
  try {
    buildGraph([{ file: 'fictional.yaml', content: { document: FDOC, nodes: [fdoc, ...nodes], edges } }], { namespace: 'fictional', documentTexts: texts });
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error.problems.map((p) => p.message);
    throw error;
  }
  return [];
}

describe('buildGraph: "not printed" values', () => {
  const item = { id: 'agenda-item:fictional-unnumbered', type: 'AgendaItem', title: 'Fictional item', sources: [{ lines: 4, quote: 'Recommendation 2' }] };

  it('accepts an item whose number the source does not print, keeping the list on the node and no value', () => {
    const graph = buildGraph([{ file: 'f.yaml', content: { document: FDOC, nodes: [fdoc, { ...item, notPrinted: ['number'] }] } }], { namespace: 'fictional', documentTexts: new Map([[`fictional/${FDOC}`, FICTIONAL_TEXT]]) });
    const built = graph.nodes.find((n) => n.id === `fictional/${item.id}`)!;
    expect(built.props.notPrinted).toEqual(['number']);
    expect(built.props.number).toBeUndefined();
    expect(built.label).toBe('Item (number not printed): Fictional item');
  });

  it('still asks for a required number that is neither given nor listed as not printed', () => {
    expect(fictionalProblems([item])).toEqual([expect.stringMatching(/^missing required property "number"/)]);
  });

  it('refuses a value that is also listed as not printed', () => {
    expect(fictionalProblems([{ ...item, number: '4', notPrinted: ['number'] }])).toEqual([
      '"number" has a value and is listed in "notPrinted"; keep one: the value as printed, or "notPrinted" where the source prints none',
    ]);
  });

  it('refuses a name that is not a printable property of the type, and lists those that are', () => {
    const [message] = fictionalProblems([{ ...item, number: '4', notPrinted: ['venue'] }]);
    expect(message).toBe('"notPrinted" names "venue", which is not a property the source could print for AgendaItem; it lists properties the document leaves out: number, pages, reference');
    expect(fictionalProblems([{ ...item, number: '4', notPrinted: ['note'] }])).toEqual([expect.stringMatching(/^"notPrinted" names "note", which is not a property/)]);
  });

  it('refuses a closed value (a curator\'s reading) and a required property the model needs', () => {
    expect(fictionalProblems([{ ...item, number: '4', notPrinted: ['kind'] }])).toEqual([
      '"kind" is a curator\'s reading of the source, not printed text, so it cannot be "not printed"; give a value or leave it out',
    ]);
    expect(fictionalProblems([{ ...frec, notPrinted: ['text'] }], [])).toEqual([
      '"text" is required for Recommendation and cannot be "not printed"; a Recommendation the source gives no text for cannot be recorded',
    ]);
  });

  it('refuses a name listed twice', () => {
    expect(fictionalProblems([{ ...item, notPrinted: ['number', 'number'] }])).toEqual(['"notPrinted" lists "number" twice; list each property once']);
  });
});

describe('buildGraph: progress with no printed date', () => {
  const undated = { ...fprogress, dateBasis: 'document-date', notLaterThan: '2023-12-12' };

  it('accepts undated progress bounded by the date of the document it cites, labelled as undated', () => {
    expect(fictionalProblems([undated])).toEqual([]);
    const graph = buildGraph([{ file: 'f.yaml', content: { document: FDOC, nodes: [fdoc, undated] } }], { namespace: 'fictional', documentTexts: new Map([[`fictional/${FDOC}`, FICTIONAL_TEXT]]) });
    expect(graph.nodes[1]!.props).toMatchObject({ dateBasis: 'document-date', notLaterThan: '2023-12-12' });
    expect(graph.nodes[1]!.props.asAt).toBeUndefined();
    expect(graph.nodes[1]!.label).toMatch(/^Progress undated, reported by 2023-12-12: /);
  });

  it('asks for asAt, or the undated form, when neither is given', () => {
    expect(fictionalProblems([fprogress])).toEqual([
      'missing required property "asAt" (when the progress was reported); where the source prints no date for it, write "dateBasis: document-date" and "notLaterThan": the date of the document that reports it',
    ]);
  });

  it('refuses a bound that is not the date of a cited document', () => {
    expect(fictionalProblems([{ ...undated, notLaterThan: '2024-01' }])).toEqual([
      '"notLaterThan" (2024-01) must be the date of a document the progress cites (fictional/document:fictional-response is dated 2023-12-12); the bound is the reporting document\'s date, never a guess',
    ]);
  });

  it('refuses a printed date beside the undated form, and the undated form without its bound', () => {
    expect(fictionalProblems([{ ...undated, asAt: '2023-11' }])).toEqual(['"asAt" is a printed date, but "dateBasis: document-date" says the source prints none; remove one']);
    expect(fictionalProblems([{ ...fprogress, dateBasis: 'document-date' }])).toEqual(['"dateBasis: document-date" needs "notLaterThan": the date of the cited document that reports the progress']);
  });

  it('refuses a bound on printed progress, and "notPrinted: [asAt]" in place of the undated form', () => {
    expect(fictionalProblems([{ ...fprogress, asAt: '2023-11', notLaterThan: '2023-12-12' }])).toEqual([
      '"notLaterThan" bounds undated progress only; add "dateBasis: document-date" and remove "asAt", or remove "notLaterThan"',
    ]);
    expect(fictionalProblems([{ ...fprogress, notPrinted: ['asAt'] }])).toEqual([expect.stringMatching(/^progress with no printed date is written "dateBasis: document-date"/)]);
  });
});

describe('buildGraph: responses to recommendations', () => {
  it('accepts a cited response that answers a recommendation, with its maker and the report it is set out in', () => {
    const cabinet = { id: 'organisation:fictional-cabinet', type: 'Organisation', name: 'Fictional Cabinet', kind: 'executive', sources: [{ lines: 2, quote: 'Fictional Cabinet' }] };
    const cite = [{ lines: 2, quote: 'Response of the Fictional Cabinet' }];
    const graph = buildGraph([{ file: 'f.yaml', content: { document: FDOC, nodes: [fdoc, frec, fresponse, cabinet], edges: [
      respondsTo(fresponse.id),
      { from: fresponse.id, type: 'MADE_BY', to: cabinet.id, sources: cite },
      { from: fresponse.id, type: 'MADE_IN', to: FDOC, sources: cite },
      { from: frec.id, type: 'MADE_IN', to: FDOC, sources: cite },
    ] } }], { namespace: 'fictional', documentTexts: new Map([[`fictional/${FDOC}`, FICTIONAL_TEXT]]) });
    expect(graph.nodes.find((n) => n.id === `fictional/${fresponse.id}`)!.label).toBe('Response of Fictional Cabinet to Recommendation 1, Fictional response, 12 December 2023: rejected');
    expect(graph.edges.map((e) => e.type)).toEqual(['RESPONDS_TO', 'MADE_BY', 'MADE_IN', 'MADE_IN']);
  });

  it('asks what a response answers when no RESPONDS_TO edge says', () => {
    expect(fictionalProblems([frec, fresponse])).toEqual(['a Response must say what it answers: add a RESPONDS_TO edge from "fictional/response:fictional-1" to the recommendation or resolution']);
  });

  it('asks for the reasons of a response that is not a plain yes, unless they are not printed', () => {
    const deferred = { id: 'response:fictional-2', type: 'Response', outcome: 'deferred', sources: [{ lines: 4, quote: 'Recommendation 2: Deferred.' }] };
    expect(fictionalProblems([frec, deferred], [respondsTo(deferred.id)])).toEqual(['a response "deferred" needs "reasons" in the source\'s words, or "notPrinted: [reasons]" where the source gives none']);
    expect(fictionalProblems([frec, { ...deferred, notPrinted: ['reasons'] }], [respondsTo(deferred.id)])).toEqual([]);
    expect(fictionalProblems([frec, { ...deferred, outcome: 'agreed' }], [respondsTo(deferred.id)])).toEqual([]);
  });

  it('names an edge\'s missing start exactly, and lists every type an edge may join', () => {
    expect(fictionalProblems([frec], [respondsTo('response:fictional-missing')])).toEqual(['"from" refers to "fictional/response:fictional-missing", which no file of this dataset defines']);
    const cabinet = { id: 'organisation:fictional-cabinet', type: 'Organisation', name: 'Fictional Cabinet', kind: 'executive', sources: [{ lines: 2, quote: 'Fictional Cabinet' }] };
    expect(fictionalProblems([cabinet], [{ from: cabinet.id, type: 'MADE_IN', to: FDOC, sources: [{ lines: 2, quote: 'Fictional Cabinet' }] }]))
      .toEqual(['MADE_IN cannot start at a Organisation; it starts at Resolution or Recommendation or Response']);
  });

  it('does not count a RESPONDS_TO edge that fails its checks as an answer', () => {
    const answered = 'a Response must say what it answers: add a RESPONDS_TO edge from "fictional/response:fictional-1" to the recommendation or resolution';
    expect(fictionalProblems([fresponse], [respondsTo(fresponse.id, 'recommendation:fictional-missing')]))
      .toEqual(['"to" refers to "fictional/recommendation:fictional-missing", which no file of this dataset defines', answered]);
    expect(fictionalProblems([fresponse], [respondsTo(fresponse.id, FDOC)]))
      .toEqual(['RESPONDS_TO cannot end at a Document; it ends at Resolution or Recommendation', answered]);
  });

  it('lets a resolution take up a recommendation, and refuses a made-in link to anything but a document', () => {
    const resolution = { id: 'resolution:fictional-cabinet-1', type: 'Resolution', number: '1', text: 'Fictional resolution.', followUp: 'required', sources: [{ lines: 2, quote: 'Fictional Cabinet' }] };
    const cite = [{ lines: 3, quote: 'Recommendation 1' }];
    expect(fictionalProblems([frec, resolution], [{ from: resolution.id, type: 'TAKES_UP', to: frec.id, sources: cite }])).toEqual([]);
    expect(fictionalProblems([frec, resolution], [{ from: frec.id, type: 'MADE_IN', to: resolution.id, sources: cite }])).toEqual(['MADE_IN cannot end at a Resolution; it ends at Document']);
  });
});

describe('buildGraph: document provenance', () => {
  const texts = new Map([[`fictional/${FDOC}`, FICTIONAL_TEXT]]);
  const withProvenance = (extra: Record<string, unknown>) => fictionalProblemsOfDoc({ ...fdoc, ...extra }, texts);

  function fictionalProblemsOfDoc(doc: Record<string, unknown>, documentTexts: Map<string, string>): string[] {
    try {
      buildGraph([{ file: 'fictional.yaml', content: { document: FDOC, nodes: [doc] } }], { namespace: 'fictional', documentTexts });
    } catch (error) {
      if (error instanceof InvalidDatasetError) return error.problems.map((p) => p.message);
      throw error;
    }
    return [];
  }

  it('accepts a web page with its address, retrieval date and the hash of the text cited', () => {
    expect(withProvenance({ format: 'web-page', url: 'https://fictional.example/response', retrieved: '2024-01-05', sha256: sha256Of(FICTIONAL_TEXT) })).toEqual([]);
  });

  it('refuses a hash that does not match the text, saying what the text hashes to', () => {
    const wrong = sha256Of(`${FICTIONAL_TEXT}\n`);
    expect(withProvenance({ sha256: wrong })).toEqual([`"sha256" does not match the text of fictional/${FDOC} (its sha256 is ${sha256Of(FICTIONAL_TEXT)}); the text changed since it was recorded, or the hash is wrong`]);
  });

  it('refuses a hash that is not 64 lower-case hex digits', () => {
    expect(withProvenance({ sha256: sha256Of(FICTIONAL_TEXT).toUpperCase() })).toEqual([expect.stringMatching(/^"sha256" must be 64 lower-case hex digits/)]);
    expect(withProvenance({ sha256: sha256Of(FICTIONAL_TEXT).slice(1) })).toEqual([expect.stringMatching(/^"sha256" must be 64 lower-case hex digits/)]);
  });

  it('refuses an address that is not http or https, and a retrieval date without an address', () => {
    expect(withProvenance({ url: 'ftp://fictional.example/response' })).toEqual(['"url" must be an http or https address such as "https://council.example/page"; got "ftp://fictional.example/response"']);
    expect(withProvenance({ url: 'https://' })).toEqual([expect.stringMatching(/^"url" must be an http or https address/)]);
    expect(withProvenance({ retrieved: '2024-01-05' })).toEqual(['"retrieved" is when the document was fetched from its "url"; give the "url"']);
  });

  it('takes third-party text by file name and hash, never by a path into the project as well', () => {
    const hash = sha256Of(FICTIONAL_TEXT);
    expect(withProvenance({ textFile: 'fictional-minutes.txt', sha256: hash })).toEqual([]);
    expect(withProvenance({ textFile: 'fictional-minutes.txt' })).toEqual([expect.stringMatching(/^"textFile" needs "sha256"/)]);
    expect(withProvenance({ textFile: '../fictional-minutes.txt', sha256: hash })).toEqual(['"textFile" is a file name looked up on the sources search path, without folders; got "../fictional-minutes.txt"']);
    expect(withProvenance({ textFile: 'fictional-minutes.txt', sha256: hash, path: 'test/fixtures/datasets/fictional-source.txt' })).toEqual([expect.stringMatching(/^give the text either as "path" .* or as "textFile" .*, not both$/)]);
  });

  it('asks a web page for where and when it was read', () => {
    expect(withProvenance({ format: 'web-page', url: 'https://fictional.example/response' })).toEqual(['a web page changes, so "format: web-page" needs "url" and "retrieved" (when it was read)']);
    expect(withProvenance({ format: 'pdf' })).toEqual([]);
  });
});

describe('buildGraph: the problem a curator reads for each malformed input', () => {
  // Fictional nodes of each kind of property, beside the fixtures above.
  const cite = [{ lines: 2, quote: 'SCRUTINY' }];
  const meeting = { id: 'meeting:fictional', type: 'Meeting', title: 'Fictional meeting', kind: 'committee', sources: cite };
  const item = { id: 'agenda-item:fictional', type: 'AgendaItem', number: '1', title: 'Fictional item', sources: cite };
  const observation = { id: 'observation:fictional', type: 'Observation', valueText: 'eight', kind: 'actual', sources: cite };
  const consultation = { id: 'consultation:fictional', type: 'Consultation', title: 'Fictional consultation', sources: cite };
  const progress = { id: 'progress:fictional', type: 'ProgressUpdate', text: 'Fictional progress.', dateBasis: 'document-date', notLaterThan: '2020', sources: cite };
  const untexted = { id: 'document:fictional-notes', type: 'Document', title: 'Fictional notes', kind: 'report', sources: [{ lines: 1, quote: 'NOTICE OF MEETING' }] };
  const holds = (extra: Record<string, unknown> = {}) => ({ from: person.id, type: 'HOLDS', to: post.id, sources: [{ lines: 3, quote: 'Vicky Hawkes' }], ...extra });
  const holdsEntry = 'edges[0] (person:vicky-hawkes -HOLDS-> post:lbc-service-manager)';
  const at = (entry: string, message: string, name = 'people.yaml') => ({ file: name, entry, message });
  const personAt = (message: string) => at('nodes[1] (person:vicky-hawkes)', message);
  const mustBeDate = (value: string) => `"date" must be a real date written YYYY, YYYY-MM or YYYY-MM-DD (quote it in YAML); got "${value}"`;
  const long = 'x'.repeat(70);

  it.each<[string, DatasetFile[], DatasetProblem[]]>([
    ['a file that is a list, not a mapping', [{ file: 'list.yaml', content: [docNode] }],
      [at('file', 'must be a mapping with optional "document", "nodes" and "edges"', 'list.yaml')]],
    ['an empty file, which adds nothing', [{ file: 'empty.yaml', content: null }, file([docNode])], []],
    ['an unknown top-level field', [{ file: 'people.yaml', content: { document: DOC, nodes: [docNode], edge: [] } }],
      [at('file', 'unknown top-level field(s) edge; allowed: document, description, nodes, edges')]],
    ['"nodes" that is not a list', [{ file: 'people.yaml', content: { document: DOC, nodes: { person } } }], [at('nodes', 'must be a list')]],
    ['"edges" that is not a list', [{ file: 'people.yaml', content: { document: DOC, nodes: [docNode], edges: 'none' } }], [at('edges', 'must be a list')]],
    ['a node that is not a mapping', [file([docNode, 'person:vicky-hawkes'])], [at('nodes[1]', 'must be a mapping')]],
    ['an id that is not a readable slug', [file([docNode, { ...person, id: 'person:Vicky Hawkes' }])],
      [at('nodes[1] (person:Vicky Hawkes)', '"id" must look like "person:some-readable-slug" (lower case, digits, dots and hyphens); got "person:Vicky Hawkes"')]],
    ['an id that is not a string', [file([docNode, { ...person, id: 42 }])],
      [at('nodes[1]', '"id" must look like "person:some-readable-slug" (lower case, digits, dots and hyphens); got 42')]],
    ['an edge that is not a mapping', [file([docNode], ['person:vicky-hawkes HOLDS post:lbc-service-manager'])],
      [at('edges[0]', 'must be a mapping with from, type, to and sources')]],
    ['an edge whose "from" is not a string', [file([docNode, person, post], [holds({ from: 7 })])],
      [at('edges[0] (7 -HOLDS-> post:lbc-service-manager)', '"from" and "to" must be node ids')]],
    ['an edge joining a node to itself', [file([docNode, person], [holds({ to: person.id })])],
      [at('edges[0] (person:vicky-hawkes -HOLDS-> person:vicky-hawkes)', 'an edge cannot join a node to itself')]],
    ['an unknown edge property', [file([docNode, person, post], [holds({ weight: 3 })])],
      [at(holdsEntry, 'unknown edge property "weight"; allowed: role, validFrom, validTo, observedOn, lastObservedOn, basis, rationale, note')]],
    ['the same edge twice', [file([docNode, person, post], [holds(), holds()])],
      [at('edges[1] (person:vicky-hawkes -HOLDS-> post:lbc-service-manager)', `duplicate edge, first defined in people.yaml ${holdsEntry}; merge the two entries`)]],
    ['a citation of a document whose text is not available', [file([docNode, untexted, { ...person, sources: [{ document: untexted.id, lines: 1, quote: 'Vicky Hawkes' }] }])],
      [at('nodes[2] (person:vicky-hawkes)', 'cites "luton/document:fictional-notes", whose text is not available (give the Document a "path" to text written for the project, or a "textFile" and "sha256" for third-party text kept outside it)')]],
    ['lines past the end of the document', [file([docNode, { ...person, sources: [{ lines: '4-5', quote: 'Vicky Hawkes' }] }])],
      [personAt('lines 4-5 is past the end of luton/document:pack (4 lines)')]],
    ['a source that is not a mapping', [file([docNode, { ...person, sources: ['Vicky Hawkes'] }])],
      [personAt('sources[0] must be a mapping with quote and lines')]],
    ['a source with an unknown field', [file([docNode, { ...person, sources: [{ lines: 3, line: 3, quote: 'Vicky Hawkes' }] }])],
      [personAt('sources[0] has unknown field(s) line; allowed: quote, lines, page, document')]],
    ['a source without lines', [file([docNode, { ...person, sources: [{ quote: 'Vicky Hawkes' }] }])],
      [personAt('sources[0] needs "lines": a line number or range such as "215-217" in the source text; got undefined')]],
    ['a source whose range runs backwards', [file([docNode, { ...person, sources: [{ lines: '4-3', quote: 'Vicky Hawkes' }] }])],
      [personAt('sources[0] needs "lines": a line number or range such as "215-217" in the source text; got "4-3"')]],
    ['a source with no document in a file with no default', [{ file: 'people.yaml', content: { nodes: [person] } }],
      [at('nodes[0] (person:vicky-hawkes)', 'sources[0] names no document, and the file sets no default "document"')]],
    ['a blank string', [file([docNode, { ...meeting, title: '  ' }])],
      [at('nodes[1] (meeting:fictional)', '"title" must be a non-empty string, got "  "')]],
    ['a value that is not one of the listed values', [file([docNode, { ...meeting, kind: 'committe' }])],
      [at('nodes[1] (meeting:fictional)', '"kind" must be one of committee, board, executive, joint-action-group, workshop, consultation-event, day-of-action, campaign-event, other; got "committe"')]],
    ['a time not written HH:MM', [file([docNode, { ...meeting, startTime: '7pm' }])],
      [at('nodes[1] (meeting:fictional)', '"startTime" must be a 24-hour time "HH:MM" (quoted); got "7pm"')]],
    ['a time given as a list', [file([docNode, { ...meeting, endTime: ['19:00'] }])],
      [at('nodes[1] (meeting:fictional)', '"endTime" must be a 24-hour time "HH:MM" (quoted); got ["19:00"]')]],
    ['a number written as words', [file([docNode, { ...observation, value: 'eight' }])],
      [at('nodes[1] (observation:fictional)', '"value" must be a number; got "eight"')]],
    ['a count that is not whole', [file([docNode, { ...consultation, responses: 12.5 }])],
      [at('nodes[1] (consultation:fictional)', '"responses" must be a whole number; got 12.5')]],
    ['a yes/no written as a word', [file([docNode, { ...item, exemptInformation: 'yes' }])],
      [at('nodes[1] (agenda-item:fictional)', '"exemptInformation" must be true or false; got "yes"')]],
    ['a list with a blank string', [file([docNode, { ...person, aliases: ['VH', ' '] }])],
      [personAt('"aliases" must be a list of non-empty strings; got ["VH"," "]')]],
    ['a list given as one string', [file([docNode, { ...person, aliases: 'VH' }])],
      [personAt('"aliases" must be a list of non-empty strings; got "VH"')]],
    ['a list with a number in it', [file([docNode, { ...person, aliases: ['VH', 3] }])],
      [personAt('"aliases" must be a list of non-empty strings; got ["VH",3]')]],
    ['a node that is null', [file([docNode, null])], [at('nodes[1]', 'must be a mapping')]],
    ['a node that is a list', [file([docNode, [person]])], [at('nodes[1]', 'must be a mapping')]],
    ['an edge that is null', [file([docNode], [null])], [at('edges[0]', 'must be a mapping with from, type, to and sources')]],
    ['a year before 1800', [file([docNode, { ...meeting, date: '1799-05-01' }])], [at('nodes[1] (meeting:fictional)', mustBeDate('1799-05-01'))]],
    ['a year after 2200', [file([docNode, { ...meeting, date: '2201' }])], [at('nodes[1] (meeting:fictional)', mustBeDate('2201'))]],
    ['the years 1800 and 2200 themselves', [file([docNode, { ...meeting, date: '1800' }, { ...meeting, id: 'meeting:fictional-2', date: '2200-12-31' }])], []],
    ['a month 13 and a day 0', [file([docNode, { ...meeting, date: '2019-13' }, { ...meeting, id: 'meeting:fictional-2', date: '2019-03-00' }])],
      [at('nodes[1] (meeting:fictional)', mustBeDate('2019-13')), at('nodes[2] (meeting:fictional-2)', mustBeDate('2019-03-00'))]],
    ['a long value, shortened in the message', [file([docNode, { ...meeting, startTime: long }])],
      [at('nodes[1] (meeting:fictional)', `"startTime" must be a 24-hour time "HH:MM" (quoted); got "${'x'.repeat(56)}...`)]],
    ['a value of exactly 60 characters, shown whole', [file([docNode, { ...meeting, startTime: 'x'.repeat(58) }])],
      [at('nodes[1] (meeting:fictional)', `"startTime" must be a 24-hour time "HH:MM" (quoted); got "${'x'.repeat(58)}"`)]],
    ['"notLaterThan" when no cited document has a date', [file([docNode, progress])],
      [at('nodes[1] (progress:fictional)', '"notLaterThan" (2020) must be the date of a document the progress cites (none of its cited documents has a "date"); the bound is the reporting document\'s date, never a guess')]],
  ])('%s', (_, files, expected) => {
    expect(problemsOf(files)).toEqual(expected);
  });
});

describe('isBareFileName', () => {
  it.each([['fictional-minutes.txt', true], ['.fictional', true], ['', false], ['.', false], ['..', false], ['notes/fictional.txt', false], ['notes\\fictional.txt', false]])('%j is %s', (name, bare) => {
    expect(isBareFileName(name)).toBe(bare);
  });
});

describe('isValidPartialDate', () => {
  it.each([['2019', true], ['2019-03', true], ['2020-02-29', true], ['2019-02-29', false], ['2019-13', false], ['19-03-05', false], ['2019-3-5', false]])('%s is %s', (value, valid) => {
    expect(isValidPartialDate(value)).toBe(valid);
  });
});
