import { describe, expect, it } from 'vitest';
import { gapAt, labelledPaths, MAX_TRACE_EDGES, MAX_TRACE_NODES, trace } from '../../functions/core/trace.js';
import { createEdge, createMemoryReader, createNode } from '../fixtures/graph-builders.js';

const resolution = createNode('luton/resolution:r', { followUp: 'required' });
const noted = createNode('luton/resolution:noted', { followUp: 'none' });
const csp = createNode('luton/organisation:csp');
const action = createNode('luton/action:a');
const operation = createNode('luton/operation:op');
const progress = createNode('luton/progress:p');
const item = createNode('luton/agenda-item:i8');
const meeting = createNode('luton/meeting:m2020');
const lead = createNode('luton/person:lead');
const otherWork = createNode('luton/action:other');

const nodes = [resolution, noted, csp, action, operation, progress, item, meeting, lead, otherWork];
const edges = [
  createEdge('luton/resolution:r', 'ADDRESSED_TO', 'luton/organisation:csp'),
  createEdge('luton/action:a', 'TAKES_UP', 'luton/resolution:r'),
  createEdge('luton/action:a', 'LED_BY', 'luton/person:lead'),
  createEdge('luton/operation:op', 'DELIVERS', 'luton/action:a'),
  createEdge('luton/progress:p', 'PROGRESS_OF', 'luton/action:a'),
  createEdge('luton/progress:p', 'REPORTED_AT', 'luton/agenda-item:i8'),
  createEdge('luton/agenda-item:i8', 'ITEM_OF', 'luton/meeting:m2020'),
  // The lead also leads other work: a leaf must not be expanded into it.
  createEdge('luton/action:other', 'LED_BY', 'luton/person:lead'),
  createEdge('luton/resolution:noted', 'ADDRESSED_TO', 'luton/organisation:csp'),
];

describe('trace DOWNSTREAM', () => {
  it('follows a resolution to the action that took it up, its operation, progress and report-back', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/resolution:r');
    expect(result.paths).toContainEqual(['luton/resolution:r', 'luton/action:a', 'luton/progress:p', 'luton/agenda-item:i8', 'luton/meeting:m2020']);
    expect(result.paths).toContainEqual(['luton/resolution:r', 'luton/action:a', 'luton/operation:op']);
    expect(result.paths).toContainEqual(['luton/resolution:r', 'luton/organisation:csp']);
    expect(result.nodes.map((n) => n.id)).not.toContain('luton/action:other');
    expect(result.nodes.map((n) => n.id)).not.toContain('luton/resolution:noted');
  });

  it('reports a gap at an operation with no recorded progress, and none where the chain is complete', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/resolution:r');
    expect(result.gaps).toEqual([{ nodeId: 'luton/operation:op', code: 'NO_PROGRESS_RECORDED', reason: expect.any(String) }]);
  });

  it('stops at a recommendation with no recorded action and reports the gap', async () => {
    const lonely = createNode('luton/recommendation:lonely', { followUp: 'required', status: 'adopted' });
    const { reader } = createMemoryReader([lonely, csp], [createEdge('luton/recommendation:lonely', 'ADDRESSED_TO', 'luton/organisation:csp')]);
    const result = await trace(reader, 'luton/recommendation:lonely');
    expect(result.gaps).toEqual([{ nodeId: 'luton/recommendation:lonely', code: 'NO_DELIVERY_RECORDED', reason: expect.stringContaining('asked for follow-up') }]);
  });

  it('reports no gap for a resolution that asked for nothing', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    expect((await trace(reader, 'luton/resolution:noted')).gaps).toEqual([]);
  });

  it('reads one level per round: one node read and one edge read per direction, whatever the fan-out', async () => {
    const wide = Array.from({ length: 250 }, (_, i) => createNode(`luton/action:wide-${i}`));
    const root = createNode('luton/recommendation:wide', { followUp: 'required' });
    const wideEdges = wide.map((a) => createEdge(a.id, 'TAKES_UP', 'luton/recommendation:wide'));
    const { reader, calls } = createMemoryReader([root, ...wide], wideEdges);
    const result = await trace(reader, 'luton/recommendation:wide', { maxDepth: 3 });
    expect(result.nodes).toHaveLength(251);
    // Level 0 (root), level 1 (250 actions), then nothing more to find.
    expect(result.rounds).toBe(2);
    expect(calls.filter((c) => c.kind === 'nodes')).toHaveLength(2);
    expect(calls.filter((c) => c.kind === 'nodes')[1]!.ids).toHaveLength(250);
    // Edges are read once per storage direction a downstream walk needs (out and in), per round.
    expect(calls.map((c) => c.kind).sort()).toEqual(['in', 'in', 'nodes', 'nodes', 'out', 'out']);
  });

  it('says it was truncated when maxDepth cut chains short, and reports no gap it could not see', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/resolution:r', { maxDepth: 1 });
    expect(result.truncated).toBe(true);
    expect(result.depthReached).toBe(1);
    expect(result.gaps).toEqual([]);
    expect(result.rounds).toBe(2);
  });

  it('reports no gap at a node whose only onward link leads to a node already reached by another route', async () => {
    // Both updates were reported at the same item: the item is found through the first,
    // so the second's only onward link is to a node already visited.
    const request = createNode('luton/recommendation:twice', { followUp: 'required' });
    const work = createNode('luton/action:twice');
    const first = createNode('luton/progress:twice-1');
    const second = createNode('luton/progress:twice-2');
    const agendaItem = createNode('luton/agenda-item:twice');
    const { reader } = createMemoryReader(
      [request, work, first, second, agendaItem],
      [
        createEdge('luton/action:twice', 'TAKES_UP', 'luton/recommendation:twice'),
        createEdge('luton/progress:twice-1', 'PROGRESS_OF', 'luton/action:twice'),
        createEdge('luton/progress:twice-2', 'PROGRESS_OF', 'luton/action:twice'),
        createEdge('luton/progress:twice-1', 'REPORTED_AT', 'luton/agenda-item:twice'),
        createEdge('luton/progress:twice-2', 'REPORTED_AT', 'luton/agenda-item:twice'),
      ],
    );
    const result = await trace(reader, 'luton/recommendation:twice');
    expect(result.edges.map((e) => `${e.from} ${e.type} ${e.to}`)).toContain('luton/progress:twice-2 REPORTED_AT luton/agenda-item:twice');
    expect(result.gaps).toEqual([]);
    // Without the second report, the second update is the gap.
    const { reader: unreported } = createMemoryReader(
      [request, work, first, second, agendaItem],
      [
        createEdge('luton/action:twice', 'TAKES_UP', 'luton/recommendation:twice'),
        createEdge('luton/progress:twice-1', 'PROGRESS_OF', 'luton/action:twice'),
        createEdge('luton/progress:twice-2', 'PROGRESS_OF', 'luton/action:twice'),
        createEdge('luton/progress:twice-1', 'REPORTED_AT', 'luton/agenda-item:twice'),
      ],
    );
    expect((await trace(unreported, 'luton/recommendation:twice')).gaps).toEqual([{ nodeId: 'luton/progress:twice-2', code: 'NOT_REPORTED_BACK', reason: expect.any(String) }]);
  });

  it('says it was not truncated when the nodes at maxDepth have no links left to follow', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    // resolution -> action -> progress -> agenda item -> meeting: the meeting, at depth 4, links nowhere.
    const whole = await trace(reader, 'luton/resolution:r', { maxDepth: 4 });
    expect(whole.depthReached).toBe(4);
    expect(whole.truncated).toBe(false);
    const cut = await trace(reader, 'luton/resolution:r', { maxDepth: 3 });
    expect(cut.truncated).toBe(true);
    expect(cut.nodes.map((n) => n.id)).not.toContain('luton/meeting:m2020');
  });

  it('says it was not truncated when the only links left at maxDepth lead back to nodes already reached', async () => {
    const a = createNode('luton/priority:a');
    const b = createNode('luton/priority:b');
    const { reader, calls } = createMemoryReader([a, b], [createEdge('luton/priority:a', 'SUCCEEDS', 'luton/priority:b'), createEdge('luton/priority:b', 'SUCCEEDS', 'luton/priority:a')]);
    const result = await trace(reader, 'luton/priority:a', { maxDepth: 1 });
    expect(result.nodes.map((n) => n.id)).toEqual(['luton/priority:a', 'luton/priority:b']);
    expect(result.truncated).toBe(false);
    // The edges at the limit are read in the same round as the bodies: still one round per level.
    expect(result.rounds).toBe(2);
    expect(calls.filter((c) => c.kind === 'nodes')).toHaveLength(2);
  });

  it('says it was not truncated when only leaves sit at maxDepth', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    // At depth 1 the trace holds the action (with more to follow) and the organisation (a leaf).
    expect((await trace(reader, 'luton/resolution:r', { maxDepth: 1 })).truncated).toBe(true);
    const { reader: leafOnly } = createMemoryReader([resolution, csp, otherWork], [createEdge('luton/resolution:r', 'ADDRESSED_TO', 'luton/organisation:csp'), createEdge('luton/action:other', 'FUNDED_BY', 'luton/organisation:csp')]);
    const result = await trace(leafOnly, 'luton/resolution:r', { maxDepth: 1 });
    expect(result.nodes.map((n) => n.id)).toEqual(['luton/resolution:r', 'luton/organisation:csp']);
    expect(result.truncated).toBe(false);
  });

  it('survives a cycle without looping', async () => {
    const a = createNode('luton/priority:a');
    const b = createNode('luton/priority:b');
    const { reader } = createMemoryReader([a, b], [createEdge('luton/priority:a', 'SUCCEEDS', 'luton/priority:b'), createEdge('luton/priority:b', 'SUCCEEDS', 'luton/priority:a')]);
    const result = await trace(reader, 'luton/priority:a', { maxDepth: 10 });
    expect(result.nodes.map((n) => n.id)).toEqual(['luton/priority:a', 'luton/priority:b']);
    expect(result.edges).toHaveLength(2);
  });
});

describe('trace UPSTREAM', () => {
  it('returns the resolution that led to an operation', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/operation:op', { direction: 'UPSTREAM' });
    expect(result.paths).toContainEqual(['luton/operation:op', 'luton/action:a', 'luton/resolution:r']);
    expect(result.gaps).toEqual([]);
  });

  it('reports work with no recorded origin', async () => {
    const { reader } = createMemoryReader([otherWork, lead], [createEdge('luton/action:other', 'LED_BY', 'luton/person:lead')]);
    const result = await trace(reader, 'luton/action:other', { direction: 'UPSTREAM' });
    expect(result.gaps.map((g) => g.code)).toEqual(['NO_ORIGIN_RECORDED']);
  });
});

describe('trace input', () => {
  it('refuses a malformed id, a bad depth and an unknown root with stable codes', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    await expect(trace(reader, 'nonsense')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(trace(reader, 'luton/resolution:r', { maxDepth: 11 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(trace(reader, 'luton/resolution:r', { maxDepth: -1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(trace(reader, 'luton/resolution:missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('trace details', () => {
  it('expands a leaf type where the trace starts, though never further along a chain', async () => {
    const part = createNode('luton/organisation:csp-board');
    const { reader } = createMemoryReader([csp, part, lead], [createEdge('luton/organisation:csp-board', 'PART_OF', 'luton/organisation:csp'), createEdge('luton/organisation:csp-board', 'LED_BY', 'luton/person:lead')]);
    const result = await trace(reader, 'luton/organisation:csp');
    // The board is a leaf reached from the root: its own lead is not followed.
    expect(result.nodes.map((n) => n.id)).toEqual(['luton/organisation:csp', 'luton/organisation:csp-board']);
    expect(result.paths).toEqual([['luton/organisation:csp', 'luton/organisation:csp-board']]);
    expect(result.truncated).toBe(false);
  });

  it('drops a link to a node that does not exist, with the node, and walks on from the rest', async () => {
    const { reader } = createMemoryReader([resolution, action, csp], [createEdge('luton/action:a', 'TAKES_UP', 'luton/resolution:r'), createEdge('luton/resolution:r', 'ADDRESSED_TO', 'luton/organisation:csp'), createEdge('luton/action:ghost', 'TAKES_UP', 'luton/resolution:r')]);
    const result = await trace(reader, 'luton/resolution:r');
    expect(result.nodes.map((n) => n.id).sort()).toEqual(['luton/action:a', 'luton/organisation:csp', 'luton/resolution:r']);
    expect(result.edges.map((e) => e.from).sort()).toEqual(['luton/action:a', 'luton/resolution:r']);
    expect(result.paths.flat()).not.toContain('luton/action:ghost');
    expect(result.depthReached).toBe(1);
    expect(result.direction).toBe('DOWNSTREAM');
    expect(result.root).toEqual(resolution);
  });

  it('accepts maxDepth 0 (the root alone) and the largest maxDepth, and refuses a fraction, naming the argument', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const rootOnly = await trace(reader, 'luton/resolution:r', { maxDepth: 0 });
    expect(rootOnly.nodes.map((n) => n.id)).toEqual(['luton/resolution:r']);
    expect(rootOnly.paths).toEqual([['luton/resolution:r']]);
    expect(rootOnly).toMatchObject({ depthReached: 0, truncated: true, rounds: 1, gaps: [], edges: [] });
    expect((await trace(reader, 'luton/resolution:r', { maxDepth: 10 })).depthReached).toBe(4);
    await expect(trace(reader, 'luton/resolution:r', { maxDepth: 1.5 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { argument: 'maxDepth' }, message: 'maxDepth must be a whole number from 0 to 10; got 1.5.' });
    await expect(trace(reader, 'nonsense')).rejects.toMatchObject({ details: { argument: 'from' }, message: expect.stringContaining('"nonsense" is not a node id') });
    await expect(trace(reader, 'luton/resolution:missing')).rejects.toMatchObject({ details: { id: 'luton/resolution:missing' }, message: 'No node has id "luton/resolution:missing".' });
  });

  it('judges the gap at a node on all its onward links, whatever order they are read in', async () => {
    const { reader } = createMemoryReader([resolution, action, progress, item, createNode('luton/priority:x')], [
      createEdge('luton/action:a', 'TAKES_UP', 'luton/resolution:r'),
      createEdge('luton/progress:p', 'PROGRESS_OF', 'luton/action:a'),
      createEdge('luton/progress:p', 'REPORTED_AT', 'luton/agenda-item:i8'),
      createEdge('luton/priority:x', 'PART_OF', 'luton/action:a'),
    ]);
    const result = await trace(reader, 'luton/resolution:r');
    expect(result.nodes.map((n) => n.id)).toContain('luton/priority:x');
    expect(result.gaps).toEqual([]);
  });

  it('walks each relationship once though it is found from both ends', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/resolution:r', { maxDepth: 6 });
    const keys = result.edges.map((e) => `${e.from} ${e.type} ${e.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual([
      'luton/action:a LED_BY luton/person:lead',
      'luton/action:a TAKES_UP luton/resolution:r',
      'luton/agenda-item:i8 ITEM_OF luton/meeting:m2020',
      'luton/operation:op DELIVERS luton/action:a',
      'luton/progress:p PROGRESS_OF luton/action:a',
      'luton/progress:p REPORTED_AT luton/agenda-item:i8',
      'luton/resolution:r ADDRESSED_TO luton/organisation:csp',
    ]);
  });
});

describe('labelledPaths', () => {
  it('labels each step of each path with its node and the relationship that led to it, whichever way it points', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/resolution:r');
    const steps = labelledPaths(result);
    expect(steps).toHaveLength(result.paths.length);
    const chain = steps.find((path) => path.at(-1)?.node.id === 'luton/meeting:m2020')!;
    expect(chain.map((step) => [step.node.id, step.via])).toEqual([
      ['luton/resolution:r', null],
      ['luton/action:a', 'TAKES_UP'],
      ['luton/progress:p', 'PROGRESS_OF'],
      ['luton/agenda-item:i8', 'REPORTED_AT'],
      ['luton/meeting:m2020', 'ITEM_OF'],
    ]);
    expect(chain.map((step) => step.label)).toEqual(chain.map((step) => step.node.label));
    expect(chain[1]!.node).toEqual(action);
  });

  it('leaves out ids it has no node for, and says null where no relationship joins two steps', () => {
    // Other links into and out of the steps come first: only the one joining two steps names the step.
    const others = [createEdge('luton/operation:op', 'DELIVERS', 'luton/action:a'), createEdge('luton/action:a', 'LED_BY', 'luton/person:lead'), createEdge('luton/agenda-item:i8', 'ITEM_OF', 'luton/meeting:m2020')];
    const steps = labelledPaths({ nodes: [resolution, action, meeting], edges: [...others, createEdge('luton/action:a', 'TAKES_UP', 'luton/resolution:r')], paths: [['luton/resolution:r', 'luton/action:a', 'luton/progress:gone', 'luton/meeting:m2020']] });
    expect(steps).toEqual([[
      { node: resolution, label: resolution.label, via: null },
      { node: action, label: action.label, via: 'TAKES_UP' },
      { node: meeting, label: meeting.label, via: null },
    ]]);
  });
});

describe('gapAt', () => {
  const required = (id: string) => createNode(id, { followUp: 'required' });

  it('names, for each kind of node, the gap and what is missing', () => {
    expect(gapAt(required('luton/resolution:x'), ['luton/organisation:csp'], 'DOWNSTREAM')).toEqual({ nodeId: 'luton/resolution:x', code: 'NO_DELIVERY_RECORDED', reason: 'No action, operation, progress or report-back is recorded for this resolution, which asked for follow-up.' });
    expect(gapAt(required('luton/recommendation:x'), [], 'DOWNSTREAM')?.reason).toBe('No action, operation, progress or report-back is recorded for this recommendation, which asked for follow-up.');
    expect(gapAt(action, ['luton/person:lead'], 'DOWNSTREAM')).toEqual({ nodeId: 'luton/action:a', code: 'NO_PROGRESS_RECORDED', reason: 'No progress update or delivering operation is recorded for this action.' });
    expect(gapAt(operation, [], 'DOWNSTREAM')).toEqual({ nodeId: 'luton/operation:op', code: 'NO_PROGRESS_RECORDED', reason: 'No progress, outcome or report-back is recorded for this operation.' });
    expect(gapAt(progress, [], 'DOWNSTREAM')).toEqual({ nodeId: 'luton/progress:p', code: 'NOT_REPORTED_BACK', reason: 'This progress is not recorded as reported to any meeting.' });
    expect(gapAt(operation, [], 'UPSTREAM')).toEqual({ nodeId: 'luton/operation:op', code: 'NO_ORIGIN_RECORDED', reason: 'No recommendation, priority or plan is recorded as leading to this operation.' });
    expect(gapAt(action, [], 'UPSTREAM')?.reason).toBe('No recommendation, priority or plan is recorded as leading to this action.');
  });

  it('counts each kind of delivery evidence, and nothing else, as closing the gap', () => {
    for (const child of ['luton/action:a', 'luton/operation:op', 'luton/progress:p', 'luton/plan:p', 'luton/strategy:s', 'luton/agenda-item:i8', 'luton/meeting:m2020', 'luton/consultation:c', 'luton/observation:o', 'luton/resolution:taking-up']) {
      expect(gapAt(required('luton/recommendation:x'), [child], 'DOWNSTREAM'), child).toBeUndefined();
    }
    for (const child of ['luton/operation:op', 'luton/progress:p', 'luton/observation:o']) expect(gapAt(action, [child], 'DOWNSTREAM'), child).toBeUndefined();
    for (const child of ['luton/progress:p', 'luton/observation:o', 'luton/meeting:m2020', 'luton/agenda-item:i8']) expect(gapAt(operation, [child], 'DOWNSTREAM'), child).toBeUndefined();
    expect(gapAt(progress, ['luton/meeting:m2020'], 'DOWNSTREAM')).toBeUndefined();
    for (const child of ['luton/recommendation:x', 'luton/resolution:x', 'luton/priority:x', 'luton/plan:x', 'luton/strategy:x', 'luton/action:x']) expect(gapAt(operation, [child], 'UPSTREAM'), child).toBeUndefined();
    expect(gapAt(operation, ['luton/person:lead', 'not-an-id'], 'UPSTREAM')?.code).toBe('NO_ORIGIN_RECORDED');
    expect(gapAt(action, ['luton/agenda-item:i8'], 'DOWNSTREAM')?.code).toBe('NO_PROGRESS_RECORDED');
    expect(gapAt(required('luton/recommendation:x'), ['luton/organisation:csp', 'luton/person:lead'], 'DOWNSTREAM')?.code).toBe('NO_DELIVERY_RECORDED');
    // A response answers a request but does not deliver it.
    expect(gapAt(required('luton/recommendation:x'), ['luton/response:x'], 'DOWNSTREAM')?.code).toBe('NO_DELIVERY_RECORDED');
  });

  it('walks a response down from the request it answers, and a resolution that takes a request up', async () => {
    const rec = required('luton/recommendation:x');
    const response = createNode('luton/response:x', { outcome: 'agreed' });
    const taking = required('luton/resolution:taking-up');
    const result = await trace(createMemoryReader([rec, response, taking], [createEdge('luton/response:x', 'RESPONDS_TO', 'luton/recommendation:x'), createEdge('luton/resolution:taking-up', 'TAKES_UP', 'luton/recommendation:x')]).reader, 'luton/recommendation:x');
    expect([...result.paths].sort()).toEqual([['luton/recommendation:x', 'luton/resolution:taking-up'], ['luton/recommendation:x', 'luton/response:x']]);
    // The recommendation is taken up; the resolution that took it up has no delivery of its own.
    expect(result.gaps.map((g) => g.nodeId)).toEqual(['luton/resolution:taking-up']);
  });

  it('reports no gap where nothing was asked or the node type has no chain to continue', () => {
    expect(gapAt(createNode('luton/resolution:x', { followUp: 'none' }), [], 'DOWNSTREAM')).toBeUndefined();
    expect(gapAt(meeting, [], 'DOWNSTREAM')).toBeUndefined();
    expect(gapAt(required('luton/resolution:x'), [], 'UPSTREAM')).toBeUndefined();
    expect(gapAt(progress, [], 'UPSTREAM')).toBeUndefined();
  });


  it('treats progress that reached no meeting as not reported back', () => {
    expect(gapAt(progress, [], 'DOWNSTREAM')?.code).toBe('NOT_REPORTED_BACK');
    expect(gapAt(progress, ['luton/agenda-item:i8'], 'DOWNSTREAM')).toBeUndefined();
  });
});

describe('trace size limits', () => {
  it('stops adding nodes at 1,000 and says the trace was truncated', async () => {
    const actions = Array.from({ length: 1500 }, (_, i) => createNode(`luton/action:a${i}`));
    const { reader } = createMemoryReader([resolution, ...actions], actions.map((a) => createEdge(a.id, 'TAKES_UP', 'luton/resolution:r')));
    const result = await trace(reader, 'luton/resolution:r', { maxDepth: 1 });
    expect([result.nodes.length, result.edges.length, result.paths.length, result.truncated]).toEqual([MAX_TRACE_NODES, MAX_TRACE_NODES - 1, MAX_TRACE_NODES - 1, true]);
  });

  it('stops adding relationships at 2,000 and says the trace was truncated', async () => {
    const actions = ['luton/action:a1', 'luton/action:a2', 'luton/action:a3'].map((id) => createNode(id));
    const updates = Array.from({ length: 800 }, (_, i) => createNode(`luton/progress:p${i}`));
    const edges = [
      ...actions.map((a) => createEdge(a.id, 'TAKES_UP', 'luton/resolution:r')),
      ...updates.flatMap((p) => actions.map((a) => createEdge(p.id, 'PROGRESS_OF', a.id))),
    ];
    const { reader } = createMemoryReader([resolution, ...actions, ...updates], edges);
    const result = await trace(reader, 'luton/resolution:r', { maxDepth: 2 });
    expect([result.edges.length, result.truncated]).toEqual([MAX_TRACE_EDGES, true]);
    expect(result.nodes.length).toBeLessThanOrEqual(MAX_TRACE_NODES);
  });

  it('is not truncated when a whole graph fits within maxDepth and the limits', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const result = await trace(reader, 'luton/resolution:r', { maxDepth: 10 });
    expect(result.truncated).toBe(false);
  });
});
