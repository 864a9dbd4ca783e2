import { describe, expect, it } from 'vitest';
import { buildGraph, isValidPartialDate, type DatasetFile } from '../../functions/core/dataset.js';
import { InvalidDatasetError, type DatasetProblem } from '../../functions/core/errors.js';

const TEXT = ['NOTICE OF MEETING', 'SCRUTINY CRIME AND DISORDER COMMITTEE', 'Vicky Hawkes, Service Manager', 'Neighbourhood Delivery'].join('\n');
const DOC = 'document:pack';
const documentTexts = new Map([[DOC, TEXT]]);
const docNode = { id: DOC, type: 'Document', title: 'Pack', kind: 'agenda-pack', sources: [{ lines: 1, quote: 'NOTICE OF MEETING' }] };
const person = { id: 'person:vicky-hawkes', type: 'Person', name: 'Vicky Hawkes', sources: [{ lines: '3', quote: 'Vicky Hawkes' }] };
const post = { id: 'post:lbc-service-manager', type: 'Post', title: 'Service Manager Neighbourhood Delivery', sources: [{ lines: '3-4', quote: 'Service Manager Neighbourhood Delivery' }] };

function problemsOf(files: DatasetFile[]): DatasetProblem[] {
  try {
    buildGraph(files, { documentTexts });
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error.problems;
    throw error;
  }
  return [];
}

const file = (nodes: unknown[], edges: unknown[] = [], name = 'people.yaml'): DatasetFile => ({ file: name, content: { document: DOC, nodes, edges } });

describe('buildGraph', () => {
  it('accepts a valid dataset and checks quotes across line breaks', () => {
    const graph = buildGraph([file([docNode, person, post], [{ from: person.id, type: 'HOLDS', to: post.id, observedOn: '2019-03-05', sources: [{ lines: '3-4', quote: 'Vicky Hawkes, Service Manager Neighbourhood Delivery' }] }])], { documentTexts });
    expect(graph.nodes.map((n) => n.id)).toEqual([DOC, person.id, post.id]);
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
      expect.objectContaining({ file: 'more.yaml', message: expect.stringMatching(/"to" refers to "post:nowhere", which no file defines/) }),
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
    expect(messages).toEqual([expect.stringMatching(/does not appear in document:pack; copy the words exactly/), expect.stringMatching(/is not at line 1; it is at lines 4 /)]);
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

  it('reports a file that cannot be parsed instead of half-reading it', () => {
    expect(problemsOf([{ file: 'broken.yaml', content: undefined, parseError: 'bad indentation' }, file([docNode])])).toEqual([
      { file: 'broken.yaml', entry: 'file', message: 'cannot be parsed: bad indentation' },
    ]);
  });
});

describe('isValidPartialDate', () => {
  it.each([['2019', true], ['2019-03', true], ['2020-02-29', true], ['2019-02-29', false], ['2019-13', false], ['19-03-05', false], ['2019-3-5', false]])('%s is %s', (value, valid) => {
    expect(isValidPartialDate(value)).toBe(valid);
  });
});
