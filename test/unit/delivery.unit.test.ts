/**
 * Delivery chains and the tracker, in the core. The small graphs here are fictional
 * (built with the fixture factories, citing a test document); the 09(iii) cases read the
 * mini fixture, whose every quote is real.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import {
  buildTracker,
  checkTrackerFilter,
  deliveryChains,
  deliveryStatus,
  humanDate,
  matchesTrackerFilter,
  trackerRow,
  type DeliveryChainsResult,
} from '../../functions/core/delivery.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { createEdge, createMemoryReader, createNode } from '../fixtures/graph-builders.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

const ids = (result: DeliveryChainsResult) => result.chains.map((c) => c.steps.map((s) => s.node.id));
const stages = (result: DeliveryChainsResult) => result.chains.map((c) => c.steps.map((s) => s.stage));

// A fictional request taken up by two actions: one delivered by an operation whose progress
// was reported back, one with progress never reported back.
const request = createNode('fictional/resolution:fictional-r', { followUp: 'required', number: '1(a)' });
const meeting = createNode('fictional/meeting:fictional-m2019', { title: 'Fictional Committee', date: '2019-03-05' });
const madeAt = createNode('fictional/agenda-item:fictional-m2019-01', { number: '1', title: 'Fictional item' });
const committee = createNode('fictional/organisation:fictional-committee');
const partnership = createNode('fictional/organisation:fictional-partnership');
const actionA = createNode('fictional/action:fictional-a', { number: '1' });
const actionB = createNode('fictional/action:fictional-b', { number: '2' });
const operation = createNode('fictional/operation:fictional-op', { name: 'Operation Fictional', kind: 'operation' });
const progressOp = createNode('fictional/progress:fictional-op-2020', { asAt: '2020-03-02' });
const progressB = createNode('fictional/progress:fictional-b-2020', { asAt: '2020-02-01' });
const reportMeeting = createNode('fictional/meeting:fictional-m2020', { title: 'Fictional Committee', date: '2020-03-02' });
const reportItem = createNode('fictional/agenda-item:fictional-m2020-08', { number: '8', title: 'Delivery report' });
const lead = createNode('fictional/person:fictional-lead', { name: 'Fictional Lead' });
const place = createNode('fictional/place:fictional-ward', { name: 'Fictional Ward', kind: 'ward' });
const partner = createNode('fictional/organisation:fictional-partner');

const nodes = [request, meeting, madeAt, committee, partnership, actionA, actionB, operation, progressOp, progressB, reportMeeting, reportItem, lead, place, partner];
const withRole = (edge: GraphEdge, role: string): GraphEdge => ({ ...edge, props: { ...edge.props, role } });
const edges = [
  createEdge('fictional/resolution:fictional-r', 'RESOLVED_AT', 'fictional/agenda-item:fictional-m2019-01'),
  createEdge('fictional/agenda-item:fictional-m2019-01', 'ITEM_OF', 'fictional/meeting:fictional-m2019'),
  createEdge('fictional/meeting:fictional-m2019', 'MEETING_OF', 'fictional/organisation:fictional-committee'),
  createEdge('fictional/resolution:fictional-r', 'ADDRESSED_TO', 'fictional/organisation:fictional-partnership'),
  createEdge('fictional/action:fictional-a', 'TAKES_UP', 'fictional/resolution:fictional-r'),
  createEdge('fictional/action:fictional-b', 'TAKES_UP', 'fictional/resolution:fictional-r'),
  withRole(createEdge('fictional/action:fictional-a', 'LED_BY', 'fictional/person:fictional-lead'), 'Inspector'),
  createEdge('fictional/operation:fictional-op', 'DELIVERS', 'fictional/action:fictional-a'),
  createEdge('fictional/operation:fictional-op', 'LOCATED_IN', 'fictional/place:fictional-ward'),
  createEdge('fictional/operation:fictional-op', 'INVOLVES', 'fictional/organisation:fictional-partner'),
  createEdge('fictional/progress:fictional-op-2020', 'PROGRESS_OF', 'fictional/operation:fictional-op'),
  // The same progress also reports on the action directly: that shorter route adds nothing.
  createEdge('fictional/progress:fictional-op-2020', 'PROGRESS_OF', 'fictional/action:fictional-a'),
  createEdge('fictional/progress:fictional-op-2020', 'REPORTED_AT', 'fictional/agenda-item:fictional-m2020-08'),
  createEdge('fictional/agenda-item:fictional-m2020-08', 'ITEM_OF', 'fictional/meeting:fictional-m2020'),
  createEdge('fictional/progress:fictional-b-2020', 'PROGRESS_OF', 'fictional/action:fictional-b'),
];

describe('deliveryChains DOWNSTREAM', () => {
  it('gives one chain per branch, each from the request to its end, steps in stage order', async () => {
    const result = await deliveryChains(createMemoryReader(nodes, edges).reader, 'fictional/resolution:fictional-r');
    expect(ids(result)).toEqual([
      ['fictional/resolution:fictional-r', 'fictional/organisation:fictional-partnership', 'fictional/action:fictional-a', 'fictional/operation:fictional-op', 'fictional/progress:fictional-op-2020', 'fictional/agenda-item:fictional-m2020-08'],
      ['fictional/resolution:fictional-r', 'fictional/organisation:fictional-partnership', 'fictional/action:fictional-b', 'fictional/progress:fictional-b-2020'],
    ]);
    expect(stages(result)).toEqual([
      ['REQUEST', 'SENT_TO', 'TAKEN_UP_BY', 'DELIVERED_BY', 'PROGRESS', 'REPORTED_BACK'],
      ['REQUEST', 'SENT_TO', 'TAKEN_UP_BY', 'PROGRESS'],
    ]);
    expect(result.delivery).toBe('RECORDED');
    expect(result.truncated).toBe(false);
  });

  it('records the link that led to each step, none for the request', async () => {
    const result = await deliveryChains(createMemoryReader(nodes, edges).reader, 'fictional/resolution:fictional-r');
    expect(result.chains[0]!.steps.map((s) => s.via?.type ?? null)).toEqual([null, 'ADDRESSED_TO', 'TAKES_UP', 'DELIVERS', 'PROGRESS_OF', 'REPORTED_AT']);
  });

  it('hangs leads, partners and places off their step, never as extra chains', async () => {
    const result = await deliveryChains(createMemoryReader(nodes, edges).reader, 'fictional/resolution:fictional-r');
    const [request, , action, operation] = result.chains[0]!.steps;
    expect(action!.context.map((c) => [c.role, c.node.id, c.edge.props.role])).toEqual([['LEAD', 'fictional/person:fictional-lead', 'Inspector']]);
    expect(operation!.context.map((c) => [c.role, c.node.id])).toEqual([
      ['PARTNER', 'fictional/organisation:fictional-partner'],
      ['PLACE', 'fictional/place:fictional-ward'],
    ]);
    expect(request!.context).toEqual([]);
    const everyStep = result.chains.flatMap((c) => c.steps.map((s) => s.node.id));
    expect(everyStep).not.toContain('fictional/person:fictional-lead');
    expect(everyStep).not.toContain('fictional/place:fictional-ward');
  });

  it('dates a request and a report-back by their meetings, and labels each step as its node', async () => {
    const result = await deliveryChains(createMemoryReader(nodes, edges).reader, 'fictional/resolution:fictional-r');
    const steps = result.chains[0]!.steps;
    expect(steps.map((s) => s.label)).toEqual(steps.map((s) => s.node.label));
    expect(steps.map((s) => s.date)).toEqual(['2019-03-05', null, null, null, '2020-03-02', '2020-03-02']);
    expect(result.chains[1]!.steps.at(-1)!.date).toBe('2020-02-01');
    expect(result.request).toMatchObject({ date: '2019-03-05', meeting: { id: 'fictional/meeting:fictional-m2019' }, item: { id: 'fictional/agenda-item:fictional-m2019-01' }, body: { id: 'fictional/organisation:fictional-committee' } });
  });

  it('puts the gap where each chain stops: none after a report-back, NOT_REPORTED_BACK after unreported progress', async () => {
    const result = await deliveryChains(createMemoryReader(nodes, edges).reader, 'fictional/resolution:fictional-r');
    expect(result.chains[0]!.gap).toBeNull();
    expect(result.chains[1]!.gap).toEqual({
      stage: 'REPORTED_BACK',
      code: 'NOT_REPORTED_BACK',
      reason: 'Progress recorded on 1 February 2020, never reported back.',
      node: expect.objectContaining({ id: 'fictional/progress:fictional-b-2020' }),
    });
  });

  it('stops at the request, after whom it was sent to, with a gap when no follow-up is recorded', async () => {
    const lonely = createNode('fictional/recommendation:fictional-lonely', { followUp: 'required', number: '4' });
    const graph = [createEdge('fictional/recommendation:fictional-lonely', 'ADDRESSED_TO', 'fictional/organisation:fictional-partnership')];
    const result = await deliveryChains(createMemoryReader([lonely, partnership], graph).reader, 'fictional/recommendation:fictional-lonely');
    expect(ids(result)).toEqual([['fictional/recommendation:fictional-lonely', 'fictional/organisation:fictional-partnership']]);
    expect(result.chains[0]!.gap).toMatchObject({ stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', node: { id: 'fictional/recommendation:fictional-lonely' } });
    expect(result.chains[0]!.gap!.reason).toMatch(/^Asked fictional\/organisation:fictional-partnership for follow-up; no action, progress or report-back is recorded\.$/);
    expect(result.delivery).toBe('NOT_RECORDED');
  });

  it('reports no gap for a request that asked for nothing', async () => {
    const noted = createNode('fictional/resolution:fictional-noted', { followUp: 'none' });
    const result = await deliveryChains(createMemoryReader([noted], []).reader, 'fictional/resolution:fictional-noted');
    expect(result.chains).toEqual([{ steps: [expect.objectContaining({ stage: 'REQUEST' })], gap: null }]);
    expect(result.delivery).toBe('NOT_REQUIRED');
  });

  it('names the stage after an action or operation with no recorded progress', async () => {
    const graph = [createEdge('fictional/action:fictional-a', 'TAKES_UP', 'fictional/resolution:fictional-r'), createEdge('fictional/operation:fictional-op', 'DELIVERS', 'fictional/action:fictional-a'), createEdge('fictional/action:fictional-b', 'TAKES_UP', 'fictional/resolution:fictional-r')];
    const result = await deliveryChains(createMemoryReader(nodes, graph).reader, 'fictional/resolution:fictional-r');
    expect(result.chains.map((c) => [c.steps.at(-1)!.node.id, c.gap?.stage, c.gap?.code])).toEqual([
      ['fictional/operation:fictional-op', 'PROGRESS', 'NO_PROGRESS_RECORDED'],
      ['fictional/action:fictional-b', 'PROGRESS', 'NO_PROGRESS_RECORDED'],
    ]);
    expect(result.chains[0]!.gap!.reason).toBe('Delivered by Operation Fictional; no progress, outcome or report-back is recorded.');
  });

  it('keeps a direct report-back that no longer chain passes through', async () => {
    const otherItem = createNode('fictional/agenda-item:fictional-m2020-09', { number: '9', title: 'Other report' });
    const graph = [...edges, createEdge('fictional/resolution:fictional-r', 'REPORTED_AT', 'fictional/agenda-item:fictional-m2020-09'), createEdge('fictional/resolution:fictional-r', 'REPORTED_AT', 'fictional/agenda-item:fictional-m2020-08')];
    const result = await deliveryChains(createMemoryReader([...nodes, otherItem], graph).reader, 'fictional/resolution:fictional-r');
    // item 8 is already on the operation's chain; item 9 is reached only directly.
    expect(ids(result).map((chain) => chain.slice(2))).toEqual([
      ['fictional/action:fictional-a', 'fictional/operation:fictional-op', 'fictional/progress:fictional-op-2020', 'fictional/agenda-item:fictional-m2020-08'],
      ['fictional/agenda-item:fictional-m2020-09'],
      ['fictional/action:fictional-b', 'fictional/progress:fictional-b-2020'],
    ]);
  });

  it('reads one level per round, however wide, and batches each level into one read per kind', async () => {
    const wide = Array.from({ length: 120 }, (_, i) => createNode(`fictional/action:fictional-wide-${i}`));
    const root = createNode('fictional/recommendation:fictional-wide', { followUp: 'required' });
    const { reader, calls } = createMemoryReader([root, ...wide], wide.map((a) => createEdge(a.id, 'TAKES_UP', 'fictional/recommendation:fictional-wide')));
    const result = await deliveryChains(reader, 'fictional/recommendation:fictional-wide');
    expect(result.chains).toHaveLength(50);
    expect(result.truncated).toBe(true);
    // Root, then the 120 actions together.
    expect(result.rounds).toBe(2);
    expect(calls.filter((c) => c.kind === 'nodes').map((c) => c.ids.length)).toEqual([1, 120]);
  });

  it('refuses a malformed id or a node no chain starts from, and answers NOT_FOUND for an unknown one', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    await expect(deliveryChains(reader, 'not an id')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(deliveryChains(reader, 'fictional/place:fictional-ward')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/Use trace/) });
    await expect(deliveryChains(reader, 'fictional/resolution:fictional-none')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('deliveryChains UPSTREAM', () => {
  it('runs from delivered work back through the action to the request that led to it', async () => {
    const result = await deliveryChains(createMemoryReader(nodes, edges).reader, 'fictional/operation:fictional-op', { direction: 'UPSTREAM' });
    expect(ids(result)).toEqual([['fictional/operation:fictional-op', 'fictional/action:fictional-a', 'fictional/resolution:fictional-r']]);
    expect(stages(result)).toEqual([['DELIVERED_BY', 'TAKEN_UP_BY', 'REQUEST']]);
    expect(result.chains[0]!.gap).toBeNull();
    expect(result.delivery).toBeNull();
  });

  it('says when no request, priority or plan is recorded behind the work', async () => {
    const result = await deliveryChains(createMemoryReader([operation], []).reader, 'fictional/operation:fictional-op', { direction: 'UPSTREAM' });
    expect(result.chains).toHaveLength(1);
    expect(result.chains[0]!.gap).toEqual({ stage: 'REQUEST', code: 'NO_ORIGIN_RECORDED', reason: 'No request, priority or plan is recorded as leading to Operation Fictional.', node: operation });
  });
});

describe('deliveryStatus', () => {
  const asked = createNode('fictional/resolution:fictional-asked', { followUp: 'required' });
  const cases: Array<[string, GraphEdge[], GraphEdge[]]> = [
    ['taken up', [], [createEdge('fictional/action:fictional-a', 'TAKES_UP', asked.id)]],
    ['progress reported on it', [], [createEdge('fictional/progress:fictional-b-2020', 'PROGRESS_OF', asked.id)]],
    ['reported back', [createEdge(asked.id, 'REPORTED_AT', 'fictional/agenda-item:fictional-m2020-08')], []],
  ];
  for (const [what, outgoing, incoming] of cases) {
    it(`counts a request ${what} as RECORDED on that evidence alone`, () => {
      expect(deliveryStatus(asked, outgoing, incoming)).toBe('RECORDED');
    });
  }

  it('counts a request only addressed and about something as NOT_RECORDED, and one that asked nothing as NOT_REQUIRED', () => {
    const addressed = [createEdge(asked.id, 'ADDRESSED_TO', 'fictional/organisation:fictional-partnership'), createEdge(asked.id, 'ABOUT', 'fictional/action:fictional-a')];
    expect(deliveryStatus(asked, addressed, [])).toBe('NOT_RECORDED');
    expect(deliveryStatus(createNode('fictional/resolution:fictional-noted', { followUp: 'none' }), [], [createEdge('fictional/action:fictional-a', 'TAKES_UP', 'fictional/resolution:fictional-noted')])).toBe('NOT_REQUIRED');
  });
});

describe('the 09(iii) chain of the mini fixture', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await loadGraphFromDir(MINI_DATASET_DIR);
  });

  it('is the request, the CSP, action 13, Operation Octans, dated progress and item 8, each link cited', async () => {
    const result = await deliveryChains(createMemoryReader(graph.nodes, graph.edges).reader, 'luton/resolution:cdc-2019-03-05-09-iii');
    expect(result.chains).toHaveLength(1);
    const steps = result.chains[0]!.steps;
    expect(steps.map((s) => [s.stage, s.node.id])).toEqual([
      ['REQUEST', 'luton/resolution:cdc-2019-03-05-09-iii'],
      ['SENT_TO', 'luton/organisation:luton-community-safety-partnership'],
      ['TAKEN_UP_BY', 'luton/action:csp-business-plan-2019-20-13'],
      ['DELIVERED_BY', 'luton/operation:octans'],
      ['PROGRESS', 'luton/progress:csp-business-plan-2019-20-13-2020-03'],
      ['REPORTED_BACK', 'luton/agenda-item:cdc-2020-03-02-08'],
    ]);
    expect(steps.slice(1).every((s) => s.via !== null && s.via.sources.length > 0)).toBe(true);
    expect(steps[2]!.via).toMatchObject({ type: 'TAKES_UP', props: { basis: 'inferred', rationale: expect.any(String) } });
    expect(steps[2]!.context.filter((c) => c.role === 'LEAD').map((c) => c.node.id)).toEqual(['luton/person:darren-turney', 'luton/person:tara-lynch']);
    expect(steps[4]!.date).toBe('2020-03-02');
    expect(steps[5]).toMatchObject({ date: '2020-03-02', label: expect.stringMatching(/^Item 8: Delivery of CSP Business Plan 2019-20\b.*2 March 2020/) });
    expect(result.chains[0]!.gap).toBeNull();
  });
});

describe('the tracker', () => {
  const later = createNode('fictional/recommendation:fictional-later', { followUp: 'required', number: '2' });
  const noted = createNode('fictional/resolution:fictional-noted', { followUp: 'none' });
  const laterMeeting = createNode('fictional/meeting:fictional-m2020-06', { title: 'Fictional Committee', date: '2020-06-01' });
  const all: GraphNode[] = [...nodes, later, noted, laterMeeting];
  const graph = [...edges, createEdge('fictional/recommendation:fictional-later', 'RESOLVED_AT', 'fictional/meeting:fictional-m2020-06'), createEdge('fictional/resolution:fictional-noted', 'RESOLVED_AT', 'fictional/meeting:fictional-m2020')];

  it('lists every request that asked for follow-up, oldest first, keeping the one with none recorded', async () => {
    const rows = await buildTracker(createMemoryReader(all, graph).reader, all);
    expect(rows.map((r) => [r.request.id, r.delivery, r.date])).toEqual([
      ['fictional/resolution:fictional-r', 'RECORDED', '2019-03-05'],
      ['fictional/recommendation:fictional-later', 'NOT_RECORDED', '2020-06-01'],
    ]);
  });

  it('fills the columns from the chains: what took it up, leads, latest progress, report-back and last activity', async () => {
    const rows = await buildTracker(createMemoryReader(all, graph).reader, all);
    const row = rows[0]!;
    expect(row.takenUpBy.map((n) => n.id)).toEqual(['fictional/action:fictional-a', 'fictional/operation:fictional-op', 'fictional/action:fictional-b']);
    expect(row.leads.map((n) => n.id)).toEqual(['fictional/person:fictional-lead']);
    expect(row.latestProgress?.id).toBe('fictional/progress:fictional-op-2020');
    expect(row.reportedAt.map((n) => n.id)).toEqual(['fictional/agenda-item:fictional-m2020-08']);
    expect(row.lastActivity).toBe('2020-03-02');
    expect(row.body?.id).toBe('fictional/organisation:fictional-committee');
    expect(row.gaps.map((g) => g.code)).toEqual(['NOT_REPORTED_BACK']);
    expect(rows[1]!.gaps.map((g) => [g.stage, g.code])).toEqual([['TAKEN_UP_BY', 'NO_DELIVERY_RECORDED']]);
    expect(rows[1]!.lastActivity).toBeNull();
  });

  it('filters by delivery status, date range at the precision given, meeting, body and addressee', async () => {
    const rows = await buildTracker(createMemoryReader(all, graph).reader, all);
    const ids = (filter: Parameters<typeof matchesTrackerFilter>[1]) => rows.filter((r) => matchesTrackerFilter(r, filter)).map((r) => r.request.id);
    expect(ids({ delivery: ['NOT_RECORDED'] })).toEqual(['fictional/recommendation:fictional-later']);
    expect(ids({ from: '2019', to: '2019' })).toEqual(['fictional/resolution:fictional-r']);
    expect(ids({ from: '2019-03-05', to: '2019-03-05' })).toEqual(['fictional/resolution:fictional-r']);
    expect(ids({ from: '2019-03-06' })).toEqual(['fictional/recommendation:fictional-later']);
    expect(ids({ to: '2020-05' })).toEqual(['fictional/resolution:fictional-r']);
    expect(ids({ to: '2020-06' })).toEqual(['fictional/resolution:fictional-r', 'fictional/recommendation:fictional-later']);
    expect(ids({ meeting: 'fictional/meeting:fictional-m2020-06' })).toEqual(['fictional/recommendation:fictional-later']);
    expect(ids({ body: 'fictional/organisation:fictional-committee' })).toEqual(['fictional/resolution:fictional-r']);
    expect(ids({ addressedTo: 'fictional/organisation:fictional-partnership' })).toEqual(['fictional/resolution:fictional-r']);
  });

  it('refuses filters that name the wrong kind of node, bad dates or a reversed range, saying what to fix', () => {
    expect(() => checkTrackerFilter({ body: 'fictional/meeting:fictional-m2019' })).toThrow(/filter.body must be the id of an? organisation/);
    expect(() => checkTrackerFilter({ meeting: 'nonsense' })).toThrow(/filter.meeting/);
    expect(() => checkTrackerFilter({ from: '2019-02-30' })).toThrow(/filter.from must be a date/);
    expect(() => checkTrackerFilter({ from: '2020', to: '2019-12' })).toThrow(/is after filter.to/);
    expect(() => checkTrackerFilter({ from: '2019-03', to: '2019-03' })).not.toThrow();
  });

  it('makes a row from a request with no recorded follow-up rather than dropping it', async () => {
    const result = await deliveryChains(createMemoryReader(all, graph).reader, 'fictional/recommendation:fictional-later');
    expect(trackerRow(result)).toMatchObject({ request: { id: 'fictional/recommendation:fictional-later' }, delivery: 'NOT_RECORDED', takenUpBy: [], latestProgress: null, response: null });
  });
});

describe('humanDate', () => {
  it('writes dates as an officer reads them, at the precision recorded', () => {
    expect(humanDate('2020-03-02')).toBe('2 March 2020');
    expect(humanDate('2019-12')).toBe('December 2019');
    expect(humanDate('2019')).toBe('2019');
  });
});

// A fictional task group's report, the executive's responses and an undated update: the
// forms other councils print (made in a report, answered with reasons, progress with no date).
describe('responses, made-in links and undated progress (fictional council)', () => {
  const undatedProgress = (id: string, notLaterThan: string): GraphNode => {
    const node = createNode(id, { dateBasis: 'document-date', notLaterThan, text: 'Lighting works have started.' });
    delete node.props.asAt;
    return node;
  };
  const report = createNode('fictional/document:fictional-task-group-report', { title: 'Fictional Task Group report', date: '2023-11-20' });
  const taskGroup = createNode('fictional/organisation:fictional-task-group', { name: 'Fictional Task Group', kind: 'task-group' });
  const cabinet = createNode('fictional/organisation:fictional-cabinet', { name: 'Fictional Cabinet', kind: 'executive' });
  const rec1 = createNode('fictional/recommendation:fictional-tg-1', { followUp: 'required', number: '1' });
  const rec2 = createNode('fictional/recommendation:fictional-tg-2', { followUp: 'required', number: '2' });
  const rejected = createNode('fictional/response:fictional-tg-1', { outcome: 'rejected', reasons: 'The budget does not allow it.', date: '2023-12-12' });
  const deferred = createNode('fictional/response:fictional-tg-2-first', { outcome: 'deferred', reasons: 'Awaiting costs.', date: '2023-12-12' });
  const partly = createNode('fictional/response:fictional-tg-2-second', { outcome: 'partly-agreed', reasons: 'Two streets first.', date: '2024-03-05' });
  const cabinetResolution = createNode('fictional/resolution:fictional-cabinet-2024-03-05-4', { followUp: 'required', number: '4' });
  const progress = undatedProgress('fictional/progress:fictional-lighting', '2024-06-10');
  const fNodes = [report, taskGroup, cabinet, rec1, rec2, rejected, deferred, partly, cabinetResolution, progress];
  const fEdges = [
    createEdge(rec1.id, 'MADE_IN', report.id),
    createEdge(rec1.id, 'MADE_BY', taskGroup.id),
    createEdge(rec1.id, 'ADDRESSED_TO', cabinet.id),
    createEdge(rec2.id, 'MADE_IN', report.id),
    createEdge(rec2.id, 'MADE_BY', taskGroup.id),
    createEdge(rejected.id, 'RESPONDS_TO', rec1.id),
    createEdge(rejected.id, 'MADE_BY', cabinet.id),
    createEdge(deferred.id, 'RESPONDS_TO', rec2.id),
    createEdge(partly.id, 'RESPONDS_TO', rec2.id),
    createEdge(partly.id, 'MADE_BY', cabinet.id),
    createEdge(cabinetResolution.id, 'TAKES_UP', rec2.id),
    createEdge(progress.id, 'PROGRESS_OF', cabinetResolution.id),
  ];
  const chainsOf = (id: string) => deliveryChains(createMemoryReader(fNodes, fEdges).reader, id);

  it('puts a recorded response after whom it was sent to, dated and cited, with who gave it', async () => {
    const result = await chainsOf(rec1.id);
    expect(stages(result)).toEqual([['REQUEST', 'SENT_TO', 'RESPONSE']]);
    const step = result.chains[0]!.steps[2]!;
    expect(step).toMatchObject({ node: { id: rejected.id }, date: '2023-12-12', notLaterThan: null, via: { type: 'RESPONDS_TO', from: rejected.id } });
    expect(step.context.map((c) => [c.role, c.node.id])).toEqual([['LEAD', cabinet.id]]);
  });

  it('says in the gap that a request was rejected, by whom and when, when nothing took it up', async () => {
    const result = await chainsOf(rec1.id);
    expect(result.delivery).toBe('NOT_RECORDED');
    expect(result.chains[0]!.gap).toMatchObject({ stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', reason: `Rejected by ${cabinet.label} on 12 December 2023; no action, progress or report-back is recorded.` });
  });

  it('dates a request made in a report by the report, and names the task group that made it as its body', async () => {
    const row = trackerRow(await chainsOf(rec1.id));
    expect(row).toMatchObject({ meeting: null, date: '2023-11-20', body: { id: taskGroup.id } });
    expect(row.response).toMatchObject({ outcome: 'rejected', reason: 'The budget does not allow it.', by: { id: cabinet.id }, date: '2023-12-12' });
  });

  it('shows every response on the chain and the latest in the tracker', async () => {
    const result = await chainsOf(rec2.id);
    expect(result.chains[0]!.steps.filter((s) => s.stage === 'RESPONSE').map((s) => s.node.id)).toEqual([partly.id, deferred.id]);
    expect(trackerRow(result).response).toMatchObject({ node: { id: partly.id }, outcome: 'partly-agreed', by: { id: cabinet.id } });
    const noBy = trackerRow(await deliveryChains(createMemoryReader(fNodes, fEdges.filter((e) => e.from !== partly.id || e.type !== 'MADE_BY')).reader, rec2.id));
    expect(noBy.response).toMatchObject({ node: { id: partly.id }, by: null });
  });

  it('stands a resolution that takes up a recommendation at TAKEN_UP_BY, and follows it on to progress', async () => {
    const result = await chainsOf(rec2.id);
    expect(ids(result)).toEqual([[rec2.id, partly.id, deferred.id, cabinetResolution.id, progress.id]]);
    expect(stages(result)).toEqual([['REQUEST', 'RESPONSE', 'RESPONSE', 'TAKEN_UP_BY', 'PROGRESS']]);
    expect(result.delivery).toBe('RECORDED');
  });

  it('reports undated progress as progress, bounded by its document and never dated by it', async () => {
    const result = await chainsOf(rec2.id);
    const step = result.chains[0]!.steps.at(-1)!;
    expect(step).toMatchObject({ stage: 'PROGRESS', date: null, notLaterThan: '2024-06-10' });
    expect(result.chains[0]!.gap).toMatchObject({ code: 'NOT_REPORTED_BACK', reason: 'Progress recorded (undated; reported by 10 June 2024), never reported back.' });
    const row = trackerRow(result);
    expect(row.latestProgress?.id).toBe(progress.id);
    expect(row.lastActivity).toBeNull();
  });

  it('gives a dated progress step no bound', async () => {
    const dated = createNode('fictional/progress:fictional-lighting', { asAt: '2024-05' });
    const result = await deliveryChains(createMemoryReader([...fNodes.filter((n) => n.id !== progress.id), dated], fEdges).reader, rec2.id);
    expect(result.chains[0]!.steps.at(-1)).toMatchObject({ date: '2024-05', notLaterThan: null });
    expect(trackerRow(result).lastActivity).toBe('2024-05');
  });
});
