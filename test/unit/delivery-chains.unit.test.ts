/**
 * Delivery chains and the tracker in the core: which evidence counts, what a walk reads,
 * which routes become chains, how steps are dated and ordered, the gap wording an officer
 * reads, and the tracker's columns, filters and order. Every graph here is fictional
 * (ids under `fictional/`, built with the fixture factories, citing a test document).
 */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, Properties } from '../../functions/core/dataset.js';
import {
  buildTracker,
  checkTrackerFilter,
  deliveryChains,
  deliveryStatus,
  humanDate,
  matchesTrackerFilter,
  MAX_CHAIN_HOPS,
  MAX_CHAINS,
  trackerRow,
  type DeliveryChainsResult,
  type TrackerRowModel,
} from '../../functions/core/delivery.js';
import { createEdge, createMemoryReader, createNode } from '../fixtures/graph-builders.js';

const F = 'fictional';
const ids = (result: DeliveryChainsResult) => result.chains.map((c) => c.steps.map((s) => s.node.id));
const chainsOf = (nodes: GraphNode[], edges: GraphEdge[], root: string, direction: 'DOWNSTREAM' | 'UPSTREAM' = 'DOWNSTREAM') =>
  deliveryChains(createMemoryReader(nodes, edges).reader, root, { direction });
/** A node with some of the factory's default properties removed (a source that does not print them). */
const without = (node: GraphNode, ...names: string[]): GraphNode => {
  const props: Properties = { ...node.props };
  for (const name of names) delete props[name];
  return { ...node, props };
};

describe('deliveryStatus: which evidence counts', () => {
  const asked = createNode(`${F}/recommendation:fictional-asked`, { followUp: 'required' });

  it('is NOT_RECORDED for a request with no links at all', () => {
    expect(deliveryStatus(asked, [], [])).toBe('NOT_RECORDED');
  });

  it('counts a report-back among the request\'s other links', () => {
    const out = [createEdge(asked.id, 'ADDRESSED_TO', `${F}/organisation:fictional-cabinet`), createEdge(asked.id, 'REPORTED_AT', `${F}/agenda-item:fictional-m-08`)];
    expect(deliveryStatus(asked, out, [])).toBe('RECORDED');
  });

  it('counts only links of this request, not another request\'s', () => {
    const other = `${F}/recommendation:fictional-other`;
    expect(deliveryStatus(asked, [createEdge(other, 'REPORTED_AT', `${F}/agenda-item:fictional-m-08`)], [createEdge(`${F}/action:fictional-a`, 'TAKES_UP', other)])).toBe('NOT_RECORDED');
  });

  it('does not count a response or a curator\'s dismissed suggestion as delivery', () => {
    const incoming = [createEdge(`${F}/response:fictional-r`, 'RESPONDS_TO', asked.id), createEdge(`${F}/progress:fictional-p`, 'DISMISSED_SUGGESTION', asked.id)];
    expect(deliveryStatus(asked, [], incoming)).toBe('NOT_RECORDED');
  });
});

describe('humanDate', () => {
  it('names every month', () => {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    expect(months.map((_, i) => humanDate(`2020-${String(i + 1).padStart(2, '0')}`))).toEqual(months.map((m) => `${m} 2020`));
  });
});

// A request made at an item of a committee meeting, answered by the cabinet, taken up by an
// action that an operation delivers; the operation's progress is reported back.
const R = createNode(`${F}/resolution:fictional-r`, { followUp: 'required', number: '3' });
const item1 = createNode(`${F}/agenda-item:fictional-m2019-03`, { number: '3', title: 'Fictional review' });
const meeting1 = createNode(`${F}/meeting:fictional-m2019`, { title: 'Fictional Committee', date: '2019-03-05' });
const committee = createNode(`${F}/organisation:fictional-committee`);
const partnership = createNode(`${F}/organisation:fictional-partnership`);
const aboutPlan = createNode(`${F}/plan:fictional-about`);
const action = createNode(`${F}/action:fictional-a`, { number: '1', title: 'Fictional action' });
const lead = createNode(`${F}/person:fictional-lead`, { name: 'Fictional Lead' });
const background = createNode(`${F}/document:fictional-background`);
const operation = createNode(`${F}/operation:fictional-op`, { name: 'Operation Fictional' });
const funder = createNode(`${F}/organisation:fictional-funder`);
const progress = createNode(`${F}/progress:fictional-op`, { asAt: '2020-03-02' });
const item2 = createNode(`${F}/agenda-item:fictional-m2020-08`, { number: '8', title: 'Fictional delivery report' });
const meeting2 = createNode(`${F}/meeting:fictional-m2020`, { title: 'Fictional Committee', date: '2020-03-02' });
const response = createNode(`${F}/response:fictional-r`, { outcome: 'agreed', date: '2019-04-01' });
const cabinet = createNode(`${F}/organisation:fictional-cabinet`, { name: 'Fictional Cabinet' });
const responseDoc = createNode(`${F}/document:fictional-response`);
const readNodes = [R, item1, meeting1, committee, partnership, aboutPlan, action, lead, background, operation, funder, progress, item2, meeting2, response, cabinet, responseDoc];
const readEdges = [
  createEdge(R.id, 'RESOLVED_AT', item1.id),
  createEdge(item1.id, 'ITEM_OF', meeting1.id),
  createEdge(meeting1.id, 'MEETING_OF', committee.id),
  createEdge(R.id, 'ADDRESSED_TO', partnership.id),
  createEdge(R.id, 'ABOUT', aboutPlan.id),
  createEdge(action.id, 'TAKES_UP', R.id),
  createEdge(action.id, 'LED_BY', lead.id),
  createEdge(action.id, 'REFERENCES', background.id),
  createEdge(operation.id, 'DELIVERS', action.id),
  createEdge(operation.id, 'LED_BY', lead.id),
  createEdge(operation.id, 'FUNDED_BY', funder.id),
  createEdge(progress.id, 'PROGRESS_OF', operation.id),
  createEdge(progress.id, 'REPORTED_AT', item2.id),
  createEdge(item2.id, 'ITEM_OF', meeting2.id),
  createEdge(response.id, 'RESPONDS_TO', R.id),
  createEdge(response.id, 'MADE_BY', cabinet.id),
  createEdge(response.id, 'MADE_IN', responseDoc.id),
];

describe('what a chain walk reads', () => {
  const readsOf = async (root: string, direction: 'DOWNSTREAM' | 'UPSTREAM') => {
    const { reader, calls } = createMemoryReader(readNodes, readEdges);
    const result = await deliveryChains(reader, root, { direction });
    const of = (kind: string) => calls.filter((c) => c.kind === kind).flatMap((c) => c.ids);
    return { result, calls, nodes: of('nodes'), out: of('out'), in: of('in') };
  };

  it('DOWNSTREAM: each body once; edges of chain nodes and of where the request was made; incoming links only before progress', async () => {
    const reads = await readsOf(R.id, 'DOWNSTREAM');
    expect(ids(reads.result)).toEqual([[R.id, partnership.id, response.id, action.id, operation.id, progress.id, item2.id]]);
    expect(new Set(reads.calls.map((c) => c.kind))).toEqual(new Set(['nodes', 'out', 'in']));
    // The lead of both the action and the operation is read once; the plan the request is
    // about, the action's background paper and the document the response is set out in are not read.
    expect(reads.nodes).toHaveLength(new Set(reads.nodes).size);
    expect([...reads.nodes].sort()).toEqual(
      [R, item1, meeting1, committee, partnership, action, lead, operation, funder, progress, item2, meeting2, response, cabinet].map((n) => n.id).sort(),
    );
    expect([...reads.out].sort()).toEqual([R, item1, meeting1, action, operation, progress, item2, response].map((n) => n.id).sort());
    expect([...reads.in].sort()).toEqual([R, action, operation].map((n) => n.id).sort());
    expect(reads.result.rounds).toBe(6);
  });

  it('reads the responses to the request itself, not to a resolution further along its chains', async () => {
    const rec = createNode(`${F}/recommendation:fictional-referred`, { followUp: 'required' });
    const resolution = createNode(`${F}/resolution:fictional-cabinet-5`, { followUp: 'required' });
    const answer = createNode(`${F}/response:fictional-to-cabinet-5`, { outcome: 'noted' });
    const { reader, calls } = createMemoryReader([rec, resolution, answer, cabinet], [createEdge(resolution.id, 'TAKES_UP', rec.id), createEdge(answer.id, 'RESPONDS_TO', resolution.id), createEdge(answer.id, 'MADE_BY', cabinet.id)]);
    const result = await deliveryChains(reader, rec.id);
    expect(ids(result)).toEqual([[rec.id, resolution.id]]);
    expect(calls.flatMap((c) => c.ids)).not.toContain(answer.id);
  });

  it('UPSTREAM: incoming links of a report-back only, where progress was reported', async () => {
    const reads = await readsOf(item2.id, 'UPSTREAM');
    expect(ids(reads.result)).toEqual([[item2.id, progress.id, operation.id, action.id, R.id]]);
    expect(reads.in).toEqual([item2.id]);
  });
});

describe('which routes become chains', () => {
  it('leaves out work, addressees and responses the reader does not return', async () => {
    const hidden = [`${F}/action:fictional-hidden`, `${F}/organisation:fictional-hidden`, `${F}/response:fictional-hidden`];
    const edges = [
      createEdge(R.id, 'ADDRESSED_TO', hidden[1]!),
      createEdge(R.id, 'ADDRESSED_TO', partnership.id),
      createEdge(hidden[0]!, 'TAKES_UP', R.id),
      createEdge(hidden[2]!, 'RESPONDS_TO', R.id),
    ];
    const result = await chainsOf([R, partnership], edges, R.id);
    expect(ids(result)).toEqual([[R.id, partnership.id]]);
    expect(result.chains[0]!.steps[1]!.context).toEqual([]);
    expect(result.request!.addressedTo.map((n) => n.id)).toEqual([partnership.id]);
    expect(result.request!.responses).toEqual([]);
    expect(trackerRow(result).addressedTo.map((n) => n.id)).toEqual([partnership.id]);
  });

  it('counts a request reported back with nothing else recorded as RECORDED, its report-back the only chain', async () => {
    const result = await chainsOf([R, item2, meeting2], [createEdge(R.id, 'REPORTED_AT', item2.id), createEdge(item2.id, 'ITEM_OF', meeting2.id)], R.id);
    expect(ids(result)).toEqual([[R.id, item2.id]]);
    expect(result.delivery).toBe('RECORDED');
    expect(result.chains[0]!.gap).toBeNull();
  });

  it('DOWNSTREAM never steps sideways: an action that delivers the action taking the request up is not a later stage', async () => {
    const other = createNode(`${F}/action:fictional-other`);
    const result = await chainsOf([R, action, other], [createEdge(action.id, 'TAKES_UP', R.id), createEdge(other.id, 'DELIVERS', action.id)], R.id);
    expect(ids(result)).toEqual([[R.id, action.id]]);
  });

  it('starts DOWNSTREAM chains from work at the work, with no request facts', async () => {
    const result = await chainsOf(readNodes, readEdges, action.id);
    expect(ids(result)).toEqual([[action.id, operation.id, progress.id, item2.id]]);
    expect(result).toMatchObject({ delivery: null, request: null });
  });

  it('UPSTREAM from a request: the request alone, with its delivery and responses as recorded', async () => {
    const result = await chainsOf(readNodes, readEdges, R.id, 'UPSTREAM');
    expect(ids(result)).toEqual([[R.id]]);
    expect(result.chains[0]!.gap).toBeNull();
    expect(result.delivery).toBe('RECORDED');
    expect(result.request!.responses.map((r) => r.node.id)).toEqual([response.id]);
  });

  it('UPSTREAM climbs to work at the same stage (a plan an action is part of) but not to a later stage', async () => {
    const plan = createNode(`${F}/plan:fictional-plan`);
    const op = createNode(`${F}/operation:fictional-programme`);
    const result = await chainsOf([action, plan, op], [createEdge(action.id, 'PART_OF', plan.id), createEdge(action.id, 'PART_OF', op.id)], action.id, 'UPSTREAM');
    expect(ids(result)).toEqual([[action.id, plan.id]]);
  });

  it('UPSTREAM stops at the first request: a resolution that took up a recommendation ends the chain', async () => {
    const resolution = createNode(`${F}/resolution:fictional-cabinet-4`, { followUp: 'required' });
    const recommendation = createNode(`${F}/recommendation:fictional-tg-2`, { followUp: 'required' });
    const update = createNode(`${F}/progress:fictional-cabinet-4`, { asAt: '2024-05' });
    const edges = [createEdge(update.id, 'PROGRESS_OF', resolution.id), createEdge(resolution.id, 'TAKES_UP', recommendation.id)];
    const result = await chainsOf([resolution, recommendation, update], edges, update.id, 'UPSTREAM');
    expect(ids(result)).toEqual([[update.id, resolution.id]]);
    expect(result.chains[0]!.steps.map((s) => s.stage)).toEqual(['PROGRESS', 'REQUEST']);
  });

  it('UPSTREAM leaves out what is not work: a commitment progress reports on, the meeting an outcome was measured at', async () => {
    const commitment = createNode(`${F}/commitment:fictional-c`, { dueText: 'by March' });
    const update = createNode(`${F}/progress:fictional-c`);
    const fromUpdate = await chainsOf([action, commitment, update], [createEdge(update.id, 'PROGRESS_OF', commitment.id), createEdge(update.id, 'PROGRESS_OF', action.id)], update.id, 'UPSTREAM');
    expect(ids(fromUpdate)).toEqual([[update.id, action.id]]);
    const observation = createNode(`${F}/observation:fictional-o`, { kind: 'actual' });
    const fromOutcome = await chainsOf([action, observation, meeting2], [createEdge(observation.id, 'OUTCOME_OF', meeting2.id), createEdge(observation.id, 'OUTCOME_OF', action.id)], observation.id, 'UPSTREAM');
    expect(ids(fromOutcome)).toEqual([[observation.id, action.id]]);
  });

  it('keeps one chain where work leads to a plan both directly and through one of its priorities', async () => {
    const plan = createNode(`${F}/plan:fictional-plan`);
    const priority = createNode(`${F}/priority:fictional-priority`, { title: 'Fictional priority' });
    const edges = [createEdge(operation.id, 'DELIVERS', plan.id), createEdge(operation.id, 'CONTRIBUTES_TO', priority.id), createEdge(priority.id, 'PART_OF', plan.id)];
    const result = await chainsOf([operation, plan, priority], edges, operation.id, 'UPSTREAM');
    expect(ids(result)).toEqual([[operation.id, priority.id, plan.id]]);
  });

  it('ends a chain where it would come back on itself (programmes recorded as part of each other)', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => createNode(`${F}/operation:fictional-programme-${s}`));
    const edges = [createEdge(a!.id, 'PART_OF', b!.id), createEdge(b!.id, 'PART_OF', c!.id), createEdge(c!.id, 'PART_OF', b!.id)];
    const result = await chainsOf([a!, b!, c!], edges, a!.id, 'UPSTREAM');
    expect(ids(result)).toEqual([[a!.id, b!.id, c!.id]]);
    expect(result.truncated).toBe(false);
  });

  describe(`walks at most ${MAX_CHAIN_HOPS} links from the root`, () => {
    const nested = (levels: number) => {
      const nodes = Array.from({ length: levels }, (_, i) => createNode(`${F}/operation:fictional-level-${i}`));
      return { nodes, edges: nodes.slice(1).map((n, i) => createEdge(nodes[i]!.id, 'PART_OF', n.id)) };
    };

    it('a chain of exactly that many links is whole', async () => {
      const { nodes, edges } = nested(MAX_CHAIN_HOPS + 1);
      const result = await chainsOf(nodes, edges, nodes[0]!.id, 'UPSTREAM');
      expect(ids(result)).toEqual([nodes.map((n) => n.id)]);
      expect(result.truncated).toBe(false);
    });

    it('a longer one is cut there, and says so', async () => {
      const { nodes, edges } = nested(MAX_CHAIN_HOPS + 3);
      const result = await chainsOf(nodes, edges, nodes[0]!.id, 'UPSTREAM');
      expect(ids(result)).toEqual([nodes.slice(0, MAX_CHAIN_HOPS + 1).map((n) => n.id)]);
      expect(result.truncated).toBe(true);
    });
  });

  it(`cuts at ${MAX_CHAINS} chains, walking earlier stages first and then by id`, async () => {
    const request = createNode(`${F}/recommendation:fictional-wide`, { followUp: 'required' });
    const operations = Array.from({ length: MAX_CHAINS + 5 }, (_, i) => createNode(`${F}/operation:fictional-op-${String(i).padStart(2, '0')}`));
    const reportedAt = createNode(`${F}/meeting:fictional-m2021`, { date: '2021-01-01' });
    const edges = [...operations].reverse().map((o) => createEdge(o.id, 'TAKES_UP', request.id));
    edges.push(createEdge(request.id, 'REPORTED_AT', reportedAt.id));
    const result = await chainsOf([request, reportedAt, ...operations], edges, request.id);
    expect(result.truncated).toBe(true);
    expect(result.chains.map((c) => c.steps.at(-1)!.node.id).sort()).toEqual(operations.slice(0, MAX_CHAINS).map((o) => o.id));
  });
});

describe('steps', () => {
  it('dates each step by what the source records for its kind', async () => {
    const report = createNode(`${F}/document:fictional-report`, { date: '2023-11-20' });
    const rec = createNode(`${F}/recommendation:fictional-dated`, { followUp: 'required' });
    const plan = createNode(`${F}/plan:fictional-plan`, { periodStart: '2019-04', date: '1999' });
    const strategy = createNode(`${F}/strategy:fictional-strategy`, { periodStart: '2019-01', date: '1999' });
    const consultation = createNode(`${F}/consultation:fictional-consultation`, { periodStart: '2019-06', date: '1999' });
    const order = createNode(`${F}/order:fictional-order`, { inForceFrom: '2019-07', periodStart: '1999', date: '1999' });
    const op = createNode(`${F}/operation:fictional-dated`, { startDate: '2019-05', periodStart: '1999', date: '1999' });
    const measured = createNode(`${F}/observation:fictional-measured`, { kind: 'actual', periodStart: '2019-04', periodEnd: '2020-03' });
    const blankEnd = createNode(`${F}/observation:fictional-blank-end`, { kind: 'actual', periodStart: '2020-01', periodEnd: '' });
    const nodes = [report, rec, plan, strategy, consultation, order, op, measured, blankEnd];
    const edges = [
      createEdge(rec.id, 'MADE_IN', report.id),
      ...[plan, strategy, consultation, order].map((w) => createEdge(w.id, 'TAKES_UP', rec.id)),
      createEdge(op.id, 'DELIVERS', plan.id),
      createEdge(measured.id, 'OUTCOME_OF', op.id),
      createEdge(blankEnd.id, 'OUTCOME_OF', order.id),
    ];
    const result = await chainsOf(nodes, edges, rec.id);
    const dates = Object.fromEntries(result.chains.flatMap((c) => c.steps).map((s) => [s.node.id, s.date]));
    expect(dates).toEqual({
      [rec.id]: '2023-11-20',
      [plan.id]: '2019-04',
      [strategy.id]: '2019-01',
      [consultation.id]: '2019-06',
      [order.id]: '2019-07',
      [op.id]: '2019-05',
      [measured.id]: '2020-03',
      [blankEnd.id]: '2020-01',
    });
  });

  it('lists a step\'s context leads first, then partners, places and funders, each by id', async () => {
    const ids = { lead: `${F}/person:fictional-zed`, partnerB: `${F}/organisation:fictional-partner-b`, partnerA: `${F}/organisation:fictional-partner-a`, place: `${F}/place:fictional-ward`, funder: `${F}/organisation:fictional-a-funder` };
    const context = Object.values(ids).map((id) => createNode(id, { kind: 'ward' }));
    const edges = [
      createEdge(action.id, 'TAKES_UP', R.id),
      createEdge(action.id, 'FUNDED_BY', ids.funder),
      createEdge(action.id, 'LOCATED_IN', ids.place),
      createEdge(action.id, 'INVOLVES', ids.partnerB),
      createEdge(action.id, 'INVOLVES', ids.partnerA),
      createEdge(action.id, 'LED_BY', ids.lead),
    ];
    const result = await chainsOf([R, action, ...context], edges, R.id);
    expect(result.chains[0]!.steps[1]!.context.map((c) => [c.role, c.node.id])).toEqual([
      ['LEAD', ids.lead],
      ['PARTNER', ids.partnerA],
      ['PARTNER', ids.partnerB],
      ['PLACE', ids.place],
      ['FUNDER', ids.funder],
    ]);
  });

  it('links each response step by its own RESPONDS_TO, and gives who made it with the MADE_BY link', async () => {
    const rec = createNode(`${F}/recommendation:fictional-answered`, { followUp: 'required' });
    const first = createNode(`${F}/response:fictional-first`, { outcome: 'deferred', date: '2023-12-12' });
    const second = createNode(`${F}/response:fictional-second`, { outcome: 'partly-agreed', date: '2024-03-05' });
    const edges = [
      createEdge(first.id, 'RESPONDS_TO', rec.id),
      createEdge(second.id, 'RESPONDS_TO', rec.id),
      createEdge(action.id, 'TAKES_UP', rec.id),
      createEdge(second.id, 'MADE_BY', cabinet.id),
    ];
    const result = await chainsOf([rec, first, second, cabinet, action], edges, rec.id);
    const responses = result.chains[0]!.steps.filter((s) => s.stage === 'RESPONSE');
    expect(responses.map((s) => [s.node.id, s.via?.type, s.via?.from])).toEqual([
      [second.id, 'RESPONDS_TO', second.id],
      [first.id, 'RESPONDS_TO', first.id],
    ]);
    expect(responses[0]!.context.map((c) => [c.role, c.node.id, c.edge.type, c.edge.from, c.edge.to])).toEqual([['LEAD', cabinet.id, 'MADE_BY', second.id, cabinet.id]]);
    expect(responses[1]!.context).toEqual([]);
  });

  it('orders responses latest first, undated last', async () => {
    const rec = createNode(`${F}/recommendation:fictional-answered`, { followUp: 'required' });
    const dated = [['a', '2024-03-05'], ['b', '2023-12-12'], ['c', '2024-06']] as const;
    const responses = [...dated.map(([s, date]) => createNode(`${F}/response:fictional-${s}`, { outcome: 'noted', date })), createNode(`${F}/response:fictional-0-undated`, { outcome: 'noted' })];
    const result = await chainsOf([rec, ...responses], responses.map((r) => createEdge(r.id, 'RESPONDS_TO', rec.id)), rec.id);
    expect(result.request!.responses.map((r) => r.node.id)).toEqual([`${F}/response:fictional-c`, `${F}/response:fictional-a`, `${F}/response:fictional-b`, `${F}/response:fictional-0-undated`]);
  });
});

describe('gaps in an officer\'s words', () => {
  const report = createNode(`${F}/document:fictional-report`, { date: '2023-11-20' });
  const gapOf = async (nodes: GraphNode[], edges: GraphEdge[], root: string, direction: 'DOWNSTREAM' | 'UPSTREAM' = 'DOWNSTREAM') =>
    (await chainsOf(nodes, edges, root, direction)).chains.map((c) => c.gap);

  it('a proposed recommendation: when and to whom it was proposed, else just that it was', async () => {
    const rec = createNode(`${F}/recommendation:fictional-proposed`, { followUp: 'required', status: 'proposed' });
    const edges = [createEdge(rec.id, 'MADE_IN', report.id), createEdge(rec.id, 'ADDRESSED_TO', cabinet.id)];
    expect((await gapOf([rec, report, cabinet], edges, rec.id))[0]).toMatchObject({
      stage: 'TAKEN_UP_BY',
      code: 'NO_DELIVERY_RECORDED',
      reason: 'Proposed on 20 November 2023 to Fictional Cabinet; no decision, action, progress or report-back is recorded.',
    });
    expect((await gapOf([rec], [], rec.id))[0]!.reason).toBe('Proposed; no decision, action, progress or report-back is recorded.');
  });

  it('a request addressed to no one: asked for follow-up, and when', async () => {
    const edges = [createEdge(R.id, 'RESOLVED_AT', item1.id), createEdge(item1.id, 'ITEM_OF', meeting1.id)];
    expect((await gapOf([R, item1, meeting1], edges, R.id))[0]!.reason).toBe('Asked for follow-up on 5 March 2019; no action, progress or report-back is recorded.');
  });

  it('the latest response in words, with who gave it and when where recorded', async () => {
    const rec = createNode(`${F}/recommendation:fictional-answered`, { followUp: 'required' });
    const partly = createNode(`${F}/response:fictional-partly`, { outcome: 'partly-agreed', date: '2024-03-05' });
    const withBy = [createEdge(partly.id, 'RESPONDS_TO', rec.id), createEdge(partly.id, 'MADE_BY', cabinet.id)];
    expect((await gapOf([rec, partly, cabinet], withBy, rec.id))[0]!.reason).toBe('Partly agreed by Fictional Cabinet on 5 March 2024; no action, progress or report-back is recorded.');
    const deferred = without(createNode(`${F}/response:fictional-deferred`, { outcome: 'deferred' }), 'date');
    expect((await gapOf([rec, deferred], [createEdge(deferred.id, 'RESPONDS_TO', rec.id)], rec.id))[0]!.reason).toBe('Deferred; no action, progress or report-back is recorded.');
  });

  it('work that took a request up with nothing after it: named with its kind where its label does not say it', async () => {
    const priority = createNode(`${F}/priority:fictional-priority`, { title: 'Violence & Exploitation (fictional)' });
    const edges = [createEdge(priority.id, 'TAKES_UP', R.id), createEdge(action.id, 'TAKES_UP', R.id)];
    expect((await gapOf([R, priority, action], edges, R.id)).map((g) => g!.reason)).toEqual([
      'Taken up by Action 1: Fictional action; no progress or delivering work is recorded.',
      'Taken up by priority Violence & Exploitation (fictional); no progress or delivering work is recorded.',
    ]);
  });

  it('progress with neither a date nor a bound: recorded, never reported back', async () => {
    const update = without(createNode(`${F}/progress:fictional-undated`), 'asAt');
    const edges = [createEdge(action.id, 'TAKES_UP', R.id), createEdge(update.id, 'PROGRESS_OF', action.id)];
    expect((await gapOf([R, action, update], edges, R.id))[0]).toMatchObject({ code: 'NOT_REPORTED_BACK', reason: 'Progress recorded, never reported back.' });
  });

  it('UPSTREAM: no origin recorded behind an action, progress, a report-back or an outcome; none asked of a plan', async () => {
    const update = createNode(`${F}/progress:fictional-alone`);
    const observation = createNode(`${F}/observation:fictional-alone`, { kind: 'actual' });
    const plan = createNode(`${F}/plan:fictional-alone`);
    const nodes = [action, update, item2, observation, plan];
    expect((await gapOf(nodes, [], action.id, 'UPSTREAM'))[0]).toEqual({
      stage: 'REQUEST',
      code: 'NO_ORIGIN_RECORDED',
      reason: 'No request, priority or plan is recorded as leading to Action 1: Fictional action.',
      node: action,
    });
    expect((await gapOf(nodes, [], item2.id, 'UPSTREAM'))[0]!.reason).toBe('No request, priority or plan is recorded as leading to agenda item 8: Fictional delivery report.');
    for (const root of [update, item2, observation]) {
      expect((await gapOf(nodes, [], root.id, 'UPSTREAM'))[0]).toMatchObject({ stage: 'REQUEST', code: 'NO_ORIGIN_RECORDED', node: { id: root.id } });
    }
    expect(await gapOf(nodes, [], plan.id, 'UPSTREAM')).toEqual([null]);
  });
});

describe('chain order', () => {
  it('DOWNSTREAM: among chains that reach as far, the one with the latest activity first', async () => {
    const a = createNode(`${F}/action:fictional-a`);
    const b = createNode(`${F}/action:fictional-b`);
    const op = createNode(`${F}/operation:fictional-b`, { startDate: '2021-01' });
    const pa = createNode(`${F}/progress:fictional-a`, { asAt: '2020-06' });
    const pb = createNode(`${F}/progress:fictional-b`, { asAt: '2020-01' });
    const undatedRequest = createNode(`${F}/resolution:fictional-undated`, { followUp: 'required' });
    const edges = [
      createEdge(a.id, 'TAKES_UP', undatedRequest.id),
      createEdge(b.id, 'TAKES_UP', undatedRequest.id),
      createEdge(op.id, 'DELIVERS', b.id),
      createEdge(pa.id, 'PROGRESS_OF', a.id),
      createEdge(pb.id, 'PROGRESS_OF', op.id),
    ];
    const result = await chainsOf([undatedRequest, a, b, op, pa, pb], edges, undatedRequest.id);
    expect(result.chains.map((c) => c.steps.at(-1)!.node.id)).toEqual([pb.id, pa.id]);
  });

  it('UPSTREAM: chains that reach a request first, then the shortest', async () => {
    const update = createNode(`${F}/progress:fictional-shared`);
    const [a, b, c] = ['a', 'b', 'c'].map((s) => createNode(`${F}/action:fictional-${s}`));
    const plan = createNode(`${F}/plan:fictional-plan`);
    const edges = [
      ...[a!, b!, c!].map((n) => createEdge(update.id, 'PROGRESS_OF', n.id)),
      createEdge(a!.id, 'PART_OF', plan.id),
      createEdge(c!.id, 'TAKES_UP', R.id),
    ];
    const result = await chainsOf([update, a!, b!, c!, plan, R], edges, update.id, 'UPSTREAM');
    expect(ids(result)).toEqual([
      [update.id, c!.id, R.id],
      [update.id, b!.id],
      [update.id, a!.id, plan.id],
    ]);
  });
});

describe('tracker rows', () => {
  it('lists what took a request up once, however many chains pass through it', async () => {
    const [o1, o2] = ['1', '2'].map((s) => createNode(`${F}/operation:fictional-op-${s}`));
    const edges = [createEdge(action.id, 'TAKES_UP', R.id), createEdge(o1!.id, 'DELIVERS', action.id), createEdge(o2!.id, 'DELIVERS', action.id)];
    const row = trackerRow(await chainsOf([R, action, o1!, o2!], edges, R.id));
    expect(row.takenUpBy.map((n) => n.id).sort()).toEqual([action.id, o1!.id, o2!.id].sort());
  });

  it('gives the latest dated progress, the last dated activity, and a gap for each chain that stops short', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => createNode(`${F}/action:fictional-${s}`));
    const older = createNode(`${F}/progress:fictional-2-older`, { asAt: '2020-01' });
    const newer = createNode(`${F}/progress:fictional-1-newer`, { asAt: '2020-06' });
    const undated = without(createNode(`${F}/progress:fictional-0-undated`, { dateBasis: 'document-date', notLaterThan: '2020-09' }), 'asAt');
    const reportMeeting = createNode(`${F}/meeting:fictional-m2020-02`, { date: '2020-02-10' });
    const noText = without(createNode(R.id, { followUp: 'required' }), 'text');
    const edges = [
      ...[a!, b!, c!].map((n) => createEdge(n.id, 'TAKES_UP', R.id)),
      createEdge(older.id, 'PROGRESS_OF', a!.id),
      createEdge(older.id, 'REPORTED_AT', reportMeeting.id),
      createEdge(newer.id, 'PROGRESS_OF', b!.id),
      createEdge(undated.id, 'PROGRESS_OF', c!.id),
    ];
    const row = trackerRow(await chainsOf([noText, a!, b!, c!, older, newer, undated, reportMeeting], edges, R.id));
    expect(row.latestProgress?.id).toBe(newer.id);
    expect(row.lastActivity).toBe('2020-06');
    expect(row.gaps.map((g) => [g.code, g.node.id]).sort()).toEqual([
      ['NOT_REPORTED_BACK', undated.id],
      ['NOT_REPORTED_BACK', newer.id],
    ].sort());
    expect(row.text).toBe('');
  });

  it('names as the body only an organisation that made the request, not a member who did', async () => {
    const member = createNode(`${F}/person:fictional-member`, { name: 'Fictional Member' });
    const rec = createNode(`${F}/recommendation:fictional-member`, { followUp: 'required' });
    const report = createNode(`${F}/document:fictional-report`, { date: '2023-11-20' });
    const row = trackerRow(await chainsOf([rec, member, report], [createEdge(rec.id, 'MADE_IN', report.id), createEdge(rec.id, 'MADE_BY', member.id)], rec.id));
    expect(row).toMatchObject({ body: null, date: '2023-11-20', meeting: null });
  });
});

describe('the tracker: order and filters', () => {
  const at = (slug: string, date: string | null, type = 'recommendation') => ({
    request: createNode(`${F}/${type}:${slug}`, { followUp: 'required' }),
    meeting: date ? createNode(`${F}/meeting:m-${slug}`, { date }) : null,
  });
  const rows = [at('fictional-undated', null), at('fictional-2020', '2020-01-01'), at('fictional-b', '2019-05-05'), at('fictional-a', '2019-05-05', 'resolution')];
  const nodes = rows.flatMap((r) => (r.meeting ? [r.request, r.meeting] : [r.request]));
  const edges = [
    ...rows.filter((r) => r.meeting).map((r) => createEdge(r.request.id, 'RESOLVED_AT', r.meeting!.id)),
    createEdge(action.id, 'TAKES_UP', `${F}/recommendation:fictional-2020`),
  ];
  const reader = () => createMemoryReader([...nodes, action], edges).reader;

  it('orders rows by date, undated last, and within a date by the request\'s id whatever its type', async () => {
    const tracker = await buildTracker(reader(), nodes);
    expect(tracker.map((r) => r.request.id)).toEqual([`${F}/resolution:fictional-a`, `${F}/recommendation:fictional-b`, `${F}/recommendation:fictional-2020`, `${F}/recommendation:fictional-undated`]);
  });

  it('applies the filter it is given', async () => {
    expect((await buildTracker(reader(), nodes, { delivery: ['RECORDED'] })).map((r) => r.request.id)).toEqual([`${F}/recommendation:fictional-2020`]);
  });

  it('an empty delivery list, a meeting filter over rows with no meeting, another addressee', async () => {
    const tracker = await buildTracker(reader(), nodes);
    const kept = (filter: Parameters<typeof matchesTrackerFilter>[1], list: TrackerRowModel[] = tracker) => list.filter((r) => matchesTrackerFilter(r, filter)).map((r) => r.request.id);
    expect(kept({ delivery: [] })).toHaveLength(4);
    expect(kept({ meeting: `${F}/meeting:m-fictional-2020` })).toEqual([`${F}/recommendation:fictional-2020`]);
    const addressed = tracker.map((r) => ({ ...r, addressedTo: [partnership] }));
    expect(kept({ addressedTo: cabinet.id }, addressed)).toEqual([]);
    expect(kept({ addressedTo: partnership.id }, addressed)).toHaveLength(4);
  });

  it('keeps a request dated only by its year under a month range within that year', () => {
    const row = { ...trackerRow({ root: createNode(`${F}/recommendation:fictional-year`, { followUp: 'required' }), direction: 'DOWNSTREAM', delivery: 'NOT_RECORDED', chains: [], truncated: false, rounds: 1, request: null }), date: '2019' };
    expect(matchesTrackerFilter(row, { from: '2019-03', to: '2019-03' })).toBe(true);
    expect(matchesTrackerFilter(row, { from: '2020-01' })).toBe(false);
  });
});

describe('checkTrackerFilter', () => {
  const refusal = (filter: Parameters<typeof checkTrackerFilter>[0]) => {
    try {
      checkTrackerFilter(filter);
    } catch (error) {
      return { message: (error as Error).message, code: (error as { code?: string }).code, details: (error as { details?: unknown }).details };
    }
    return null;
  };

  it('accepts ids of the right kind, empty filters and a from date inside a coarser to', () => {
    expect(refusal({ body: committee.id, meeting: meeting1.id, addressedTo: `${F}/post:fictional-director` })).toBeNull();
    expect(refusal({ addressedTo: `${F}/person:fictional-lead` })).toBeNull();
    expect(refusal({ body: null, meeting: undefined, addressedTo: null, from: null, to: undefined, delivery: null })).toBeNull();
    expect(refusal({ from: '2019' })).toBeNull();
    expect(refusal({ from: '2019-03-05', to: '2019-03' })).toBeNull();
  });

  it('says which kind of id each filter takes, with an example', () => {
    expect(refusal({ body: meeting1.id })).toEqual({
      code: 'BAD_USER_INPUT',
      message: `filter.body must be the id of an organisation, e.g. "luton/organisation:crime-and-disorder-committee"; got "${meeting1.id}".`,
      details: { argument: 'filter.body' },
    });
    expect(refusal({ meeting: 'nonsense' })).toMatchObject({ message: 'filter.meeting must be the id of a meeting, e.g. "luton/meeting:cdc-2019-03-05"; got "nonsense".', details: { argument: 'filter.meeting' } });
    expect(refusal({ addressedTo: meeting1.id })).toMatchObject({
      message: `filter.addressedTo must be the id of an organisation or a post or a person, e.g. "luton/organisation:luton-community-safety-partnership"; got "${meeting1.id}".`,
      details: { argument: 'filter.addressedTo' },
    });
  });

  it('says how to write a date, and which bound is out of order', () => {
    expect(refusal({ to: '2019-13' })).toMatchObject({ message: 'filter.to must be a date written YYYY, YYYY-MM or YYYY-MM-DD; got "2019-13".', details: { argument: 'filter.to' } });
    expect(refusal({ from: '2020', to: '2019-12' })).toMatchObject({ message: 'filter.from (2020) is after filter.to (2019-12).', details: { argument: 'filter.from' } });
  });
});

describe('deliveryChains refusals', () => {
  const refusal = (root: string) => chainsOf(readNodes, readEdges, root).then(() => null, (error) => ({ code: error.code, message: error.message, details: error.details }));

  it('a malformed id, a node no chain starts from, an unknown node', async () => {
    expect(await refusal('not an id')).toEqual({ code: 'BAD_USER_INPUT', message: '"not an id" is not a node id; ids look like "luton/resolution:cdc-2019-03-05-09-iii".', details: { argument: 'from' } });
    expect(await refusal(partnership.id)).toEqual({
      code: 'BAD_USER_INPUT',
      message: `Delivery chains start from a request, work, progress, report-back or outcome; "${partnership.id}" is an Organisation. Use trace for other nodes.`,
      details: { argument: 'from' },
    });
    expect(await refusal(`${F}/action:fictional-none`)).toEqual({ code: 'NOT_FOUND', message: `No node has id "${F}/action:fictional-none".`, details: { id: `${F}/action:fictional-none` } });
  });
});
