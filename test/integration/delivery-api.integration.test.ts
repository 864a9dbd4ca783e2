/**
 * Delivery chains, the tracker and labelled trace paths over GraphQL, against the embedded
 * engine (dynalite over HTTP), on the curated Luton graph and on the mini fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { EXPECTED_UNDELIVERED } from '../fixtures/curated-counts.js';
import { CURATED_DATASET_DIR, startTestStack, type TestStack } from '../fixtures/local-graph.js';

let curated: TestStack;
let mini: TestStack;
let graph: Graph;

beforeAll(async () => {
  [curated, mini, graph] = await Promise.all([startTestStack(CURATED_DATASET_DIR), startTestStack(), loadGraphFromDir(CURATED_DATASET_DIR)]);
});

afterAll(async () => {
  await Promise.all([curated?.close(), mini?.close()]);
});

const CHAINS = `query ($from: ID!, $direction: TraceDirection) {
  deliveryChains(from: $from, direction: $direction) {
    root { id }
    direction
    delivery
    truncated
    chains {
      steps {
        stage label date
        node { id type sources { quote locator } }
        via { type basis rationale sources { quote locator document { id } } }
        context { role printedRole basis node { id label } sources { quote } }
      }
      gap { stage code reason node { id } }
    }
  }
}`;

interface Step {
  stage: string;
  label: string;
  date: string | null;
  node: { id: string; type: string; sources: Array<{ quote: string; locator: string }> };
  via: { type: string; basis: string; rationale: string | null; sources: Array<{ quote: string; locator: string; document: { id: string } }> } | null;
  context: Array<{ role: string; printedRole: string | null; basis: string; node: { id: string; label: string }; sources: Array<{ quote: string }> }>;
}
interface ChainsData {
  deliveryChains: {
    root: { id: string };
    direction: string;
    delivery: string | null;
    truncated: boolean;
    chains: Array<{ steps: Step[]; gap: { stage: string; code: string; reason: string; node: { id: string } } | null }>;
  };
}

const OCTANS_CHAIN = [
  ['REQUEST', 'luton/resolution:cdc-2019-03-05-09-iii'],
  ['SENT_TO', 'luton/organisation:luton-community-safety-partnership'],
  ['TAKEN_UP_BY', 'luton/action:csp-business-plan-2019-20-13'],
  ['DELIVERED_BY', 'luton/operation:octans'],
  ['PROGRESS', 'luton/progress:csp-business-plan-2019-20-13-2020-03'],
  ['REPORTED_BACK', 'luton/agenda-item:cdc-2020-03-02-08'],
];

describe('deliveryChains', () => {
  it('gives 09(iii) as the request, the CSP, action 13 with its leads, Operation Octans, dated progress and item 8 of 2 March 2020, each step cited', async () => {
    const response = await curated.query<ChainsData>(CHAINS, { from: 'luton/resolution:cdc-2019-03-05-09-iii' });
    expect(response.errors).toBeUndefined();
    const result = response.data!.deliveryChains;
    expect(result.delivery).toBe('RECORDED');
    const first = result.chains[0]!;
    expect(first.steps.map((s) => [s.stage, s.node.id])).toEqual(OCTANS_CHAIN);
    expect(first.gap).toBeNull();
    for (const step of first.steps) expect(step.node.sources.length, step.node.id).toBeGreaterThan(0);
    expect(first.steps[0]!.via).toBeNull();
    for (const step of first.steps.slice(1)) expect(step.via!.sources.length, step.node.id).toBeGreaterThan(0);
    expect(first.steps.slice(1).map((s) => s.via!.type)).toEqual(['ADDRESSED_TO', 'TAKES_UP', 'DELIVERS', 'PROGRESS_OF', 'REPORTED_AT']);
    const takenUp = first.steps[2]!;
    expect(takenUp.via).toMatchObject({ basis: 'INFERRED', rationale: expect.stringMatching(/pilot/) });
    expect(takenUp.context.filter((c) => c.role === 'LEAD').map((c) => [c.node.id, c.printedRole])).toEqual(
      expect.arrayContaining([
        ['luton/person:darren-turney', 'Inspector – Bedfordshire Police'],
        ['luton/person:tara-lynch', 'Community Safety Officer – Community Safety'],
      ]),
    );
    expect(first.steps[3]!.context).toContainEqual(expect.objectContaining({ role: 'PLACE', node: expect.objectContaining({ id: 'luton/place:high-town' }) }));
    expect(first.steps[4]!.date).toBe('2020-03-02');
    expect(first.steps[5]).toMatchObject({ date: '2020-03-02', label: expect.stringMatching(/^Item 8: Delivery of CSP Business Plan 2019-20\b.*2 March 2020/) });
    expect(first.steps[0]).toMatchObject({ date: '2019-03-05', label: expect.stringMatching(/^Resolution 09\(iii\),.*5 March 2019/) });
  });

  it('gives every branch of 09(iii) from the request to item 8, with no context node as a step', async () => {
    const result = (await curated.query<ChainsData>(CHAINS, { from: 'luton/resolution:cdc-2019-03-05-09-iii' })).data!.deliveryChains;
    expect(result.chains.length).toBeGreaterThan(1);
    for (const chain of result.chains) {
      expect(chain.steps[0]!.node.id).toBe('luton/resolution:cdc-2019-03-05-09-iii');
      expect(chain.steps.at(-1)!.node.id).toBe('luton/agenda-item:cdc-2020-03-02-08');
      const order = chain.steps.map((s) => s.stage);
      expect(order).toEqual([...order].sort((a, b) => STAGES.indexOf(a) - STAGES.indexOf(b)));
      expect(chain.steps.filter((s) => s.node.type === 'PERSON' || s.node.type === 'PLACE')).toEqual([]);
    }
    // Each branch is a different route: no chain repeats another.
    const routes = result.chains.map((c) => c.steps.map((s) => s.node.id).join(' > '));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('stops a request with no recorded follow-up at the request, after whom it was sent to, with a gap', async () => {
    const response = await mini.query<ChainsData>(CHAINS, { from: 'luton/recommendation:cdc-2019-03-05-11-4' });
    const result = response.data!.deliveryChains;
    expect(result.delivery).toBe('NOT_RECORDED');
    expect(result.chains).toHaveLength(1);
    expect(result.chains[0]!.steps.map((s) => [s.stage, s.node.id])).toEqual([
      ['REQUEST', 'luton/recommendation:cdc-2019-03-05-11-4'],
      ['SENT_TO', 'luton/organisation:luton-community-safety-partnership'],
    ]);
    expect(result.chains[0]!.gap).toEqual({
      stage: 'TAKEN_UP_BY',
      code: 'NO_DELIVERY_RECORDED',
      reason: 'Asked Community Safety Partnership for follow-up on 5 March 2019; no action, progress or report-back is recorded.',
      node: { id: 'luton/recommendation:cdc-2019-03-05-11-4' },
    });
  });

  it('goes UPSTREAM from Operation Octans through action 13 to 09(iii)', async () => {
    const response = await curated.query<ChainsData>(CHAINS, { from: 'luton/operation:octans', direction: 'UPSTREAM' });
    const result = response.data!.deliveryChains;
    expect(result.delivery).toBeNull();
    expect(result.chains.map((c) => c.steps.map((s) => s.node.id))).toContainEqual(['luton/operation:octans', 'luton/action:csp-business-plan-2019-20-13', 'luton/resolution:cdc-2019-03-05-09-iii']);
    const toRequest = result.chains.find((c) => c.steps.at(-1)!.node.id === 'luton/resolution:cdc-2019-03-05-09-iii')!;
    expect(toRequest.steps.map((s) => s.stage)).toEqual(['DELIVERED_BY', 'TAKEN_UP_BY', 'REQUEST']);
    expect(toRequest.steps.map((s) => s.via?.type ?? null)).toEqual([null, 'DELIVERS', 'TAKES_UP']);
    expect(toRequest.gap).toBeNull();
  });

  it('reads the 09(iii) chains of the mini fixture in one round per level, each level batched', async () => {
    const query = `query ($from: ID!) { deliveryChains(from: $from) { chains { steps { stage label date node { id } via { type } context { role node { id } } } gap { code } } } }`;
    const { result, requests, rounds } = await mini.recorder.during(() => mini.query<ChainsData>(query, { from: 'luton/resolution:cdc-2019-03-05-09-iii' }));
    expect(result.errors).toBeUndefined();
    expect(result.data!.deliveryChains.chains[0]!.steps.map((s) => [s.stage, s.node.id])).toEqual(OCTANS_CHAIN);
    // Levels: request; CSP, action, progress, item 9; Octans, progress, item 8, meeting; item 8, JAG's and item's meetings; meetings' bodies.
    expect(rounds, requests.map((r) => r.command).join(', ')).toBeLessThanOrEqual(5);
    expect(requests.filter((r) => r.command === 'BatchGetItemCommand').length).toBeLessThanOrEqual(rounds);
  });

  it('refuses a node no chain starts from, a malformed id and an unknown one, with stable codes', async () => {
    const place = await mini.query(CHAINS, { from: 'luton/place:high-town' });
    expect(place.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(place.errors?.[0]?.message).toMatch(/Use trace/);
    const malformed = await mini.query(CHAINS, { from: 'not an id' });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await mini.query(CHAINS, { from: 'luton/resolution:cdc-1999-01-01-01' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

const STAGES = ['REQUEST', 'SENT_TO', 'RESPONSE', 'TAKEN_UP_BY', 'DELIVERED_BY', 'PROGRESS', 'REPORTED_BACK', 'OUTCOME'];

const TRACKER = `query ($filter: TrackerFilter, $first: Int, $after: String) {
  tracker(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { request { id } } }
    rows {
      request { id }
      number text date delivery lastActivity
      meeting { id } body { id } addressedTo { id }
      response { outcome }
      takenUpBy { id } leads { id }
      latestProgress { id asAt status }
      reportedAt { id }
      gaps { stage code reason }
    }
  }
}`;

interface TrackerData {
  tracker: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: { request: { id: string } } }>;
    rows: Array<{
      request: { id: string };
      number: string | null;
      text: string;
      date: string | null;
      delivery: string;
      lastActivity: string | null;
      meeting: { id: string } | null;
      body: { id: string } | null;
      addressedTo: Array<{ id: string }>;
      response: { outcome: string } | null;
      takenUpBy: Array<{ id: string }>;
      leads: Array<{ id: string }>;
      latestProgress: { id: string; asAt: string; status: string | null } | null;
      reportedAt: Array<{ id: string }>;
      gaps: Array<{ stage: string; code: string; reason: string }>;
    }>;
  };
}

describe('tracker', () => {
  const asked = () => graph.nodes.filter((n) => (n.type === 'Resolution' || n.type === 'Recommendation') && n.props.followUp === 'required');
  const evidence = new Set(['TAKES_UP', 'PROGRESS_OF', 'REPORTED_AT']);
  const undelivered = () => asked().filter((n) => !graph.edges.some((e) => evidence.has(e.type) && (e.to === n.id || (e.type === 'REPORTED_AT' && e.from === n.id))));

  it('lists every request of the curated graph that asked for follow-up, in date order', async () => {
    const response = await curated.query<TrackerData>(TRACKER, { first: 100 });
    expect(response.errors).toBeUndefined();
    const { rows, totalCount } = response.data!.tracker;
    expect(totalCount).toBe(asked().length);
    expect(rows.map((r) => r.request.id).sort()).toEqual(asked().map((n) => n.id).sort());
    const dates = rows.map((r) => r.date ?? '9999');
    expect(dates).toEqual([...dates].sort());
    expect(rows.every((r) => r.response === null)).toBe(true);
  });

  it('has exactly the NOT_RECORDED rows the dataset tests pin for 2019, and keeps every undelivered request as a row', async () => {
    const in2019 = await curated.query<TrackerData>(TRACKER, { filter: { from: '2019', to: '2019', delivery: ['NOT_RECORDED'] } });
    expect(in2019.data!.tracker.rows.map((r) => r.request.id).sort()).toEqual(EXPECTED_UNDELIVERED);
    expect(in2019.data!.tracker.totalCount).toBe(EXPECTED_UNDELIVERED.length);
    const all = await curated.query<TrackerData>(TRACKER, { filter: { delivery: ['NOT_RECORDED'] }, first: 100 });
    expect(all.data!.tracker.rows.map((r) => r.request.id).sort()).toEqual(undelivered().map((n) => n.id).sort());
    for (const row of all.data!.tracker.rows) {
      expect(row.gaps, row.request.id).toEqual([expect.objectContaining({ stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED' })]);
      expect(row.lastActivity).toBeNull();
    }
  });

  it('fills the row of 09(iii): action 13 and Octans, their leads, latest progress and item 8', async () => {
    const response = await curated.query<TrackerData>(TRACKER, { filter: { meeting: 'luton/meeting:cdc-2019-03-05' }, first: 100 });
    const row = response.data!.tracker.rows.find((r) => r.request.id === 'luton/resolution:cdc-2019-03-05-09-iii')!;
    expect(row).toMatchObject({
      number: '09(iii)',
      date: '2019-03-05',
      delivery: 'RECORDED',
      lastActivity: '2020-03-02',
      meeting: { id: 'luton/meeting:cdc-2019-03-05' },
      body: { id: 'luton/organisation:crime-and-disorder-committee' },
      addressedTo: [{ id: 'luton/organisation:luton-community-safety-partnership' }],
      latestProgress: { asAt: '2020-03-02' },
      reportedAt: [{ id: 'luton/agenda-item:cdc-2020-03-02-08' }],
      gaps: [],
    });
    expect(row.takenUpBy.map((n) => n.id)).toEqual(['luton/action:csp-business-plan-2019-20-13', 'luton/operation:octans']);
    expect(row.leads.map((n) => n.id)).toEqual(expect.arrayContaining(['luton/person:darren-turney', 'luton/person:tara-lynch']));
  });

  it('pages through every row with cursors, without repeats, totals matching', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = -1;
    for (;;) {
      const response: { data?: TrackerData; errors?: unknown } = await curated.query<TrackerData>(TRACKER, { first: 4, after });
      expect(response.errors).toBeUndefined();
      const page = response.data!.tracker;
      total = page.totalCount;
      expect(page.rows.map((r) => r.request.id)).toEqual(page.edges.map((e) => e.node.request.id));
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      seen.push(...page.rows.map((r) => r.request.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.rows).toHaveLength(4);
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 4));
    const whole = await curated.query<TrackerData>(TRACKER, { first: 100 });
    expect(seen).toEqual(whole.data!.tracker.rows.map((r) => r.request.id));
  });

  it('filters by body, addressee, meeting, date range and delivery status', async () => {
    const ids = async (filter: Record<string, unknown>) => (await curated.query<TrackerData>(TRACKER, { filter, first: 100 })).data!.tracker.rows.map((r) => r.request.id);
    const executive = await ids({ addressedTo: 'luton/organisation:csp-executive' });
    expect(executive.length).toBeGreaterThan(0);
    const addressedToExecutive = graph.edges.filter((e) => e.type === 'ADDRESSED_TO' && e.to === 'luton/organisation:csp-executive').map((e) => e.from);
    expect(executive.sort()).toEqual(asked().filter((n) => addressedToExecutive.includes(n.id)).map((n) => n.id).sort());
    const in2020 = await ids({ from: '2020-01-01' });
    expect(in2020.length).toBeGreaterThan(0);
    expect(in2020.every((id) => id.includes('2020'))).toBe(true);
    const committee = await ids({ body: 'luton/organisation:crime-and-disorder-committee' });
    expect(committee).not.toContain('luton/resolution:osb-2019-01-14-on-street-sexual-exploitation');
    expect(committee).toContain('luton/resolution:cdc-2019-03-05-09-iii');
    const recorded = await ids({ delivery: ['RECORDED'] });
    const notRecorded = await ids({ delivery: ['NOT_RECORDED'] });
    expect(recorded.length + notRecorded.length).toBe(asked().length);
    expect(await ids({ meeting: 'luton/meeting:cdc-2020-03-02', delivery: ['RECORDED'] })).toEqual([]);
  });

  it('refuses bad filters, sizes and cursors with BAD_USER_INPUT and says what to fix', async () => {
    const bad = async (variables: Record<string, unknown>) => {
      const response = await mini.query(TRACKER, variables);
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      return response.errors![0]!.message;
    };
    expect(await bad({ filter: { body: 'luton/meeting:cdc-2019-03-05' } })).toMatch(/filter.body must be the id of an organisation/);
    expect(await bad({ filter: { from: '5 March 2019' } })).toMatch(/YYYY, YYYY-MM or YYYY-MM-DD/);
    expect(await bad({ filter: { from: '2020', to: '2019' } })).toMatch(/after filter.to/);
    expect(await bad({ first: 0 })).toMatch(/"first" must be from 1 to 100/);
    expect(await bad({ after: 'bm9wZQ' })).toMatch(/not a cursor/);
    const nodesCursor = (await mini.query<{ nodes: { pageInfo: { endCursor: string } } }>(`{ nodes(type: MEETING, first: 1) { pageInfo { endCursor } } }`)).data!.nodes.pageInfo.endCursor;
    expect(await bad({ after: nodesCursor })).toMatch(/not a cursor/);
  });
});

describe('trace labelledPaths', () => {
  it('gives each path as labelled steps with the relationship that led to each', async () => {
    const response = await mini.query<{ trace: { paths: string[][]; labelledPaths: Array<Array<{ node: { id: string }; label: string; via: string | null }>> } }>(
      `{ trace(from: "luton/resolution:cdc-2019-03-05-09-iii") { paths labelledPaths { node { id } label via } } }`,
    );
    const { paths, labelledPaths } = response.data!.trace;
    expect(labelledPaths.map((p) => p.map((s) => s.node.id))).toEqual(paths);
    const toItem8 = labelledPaths.find((p) => p.at(-1)!.node.id === 'luton/meeting:cdc-2020-03-02')!;
    expect(toItem8.map((s) => s.via)).toEqual([null, 'TAKES_UP', 'PROGRESS_OF', 'REPORTED_AT', 'ITEM_OF']);
    expect(toItem8[1]!.label).toBe('Action 13: Pilot area for targeted area');
  });
});
