/**
 * The GraphQL API over HTTP against the embedded engine (dynalite over HTTP, no mocked
 * storage), on the small fixture slice of the Luton graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTER_QUERY } from '../../functions/graphiql/starter-query.js';
import { MAX_QUERY_COST, MAX_QUERY_DEPTH } from '../../functions/graphql/limits.js';
import { startTestStack, type TestStack } from '../fixtures/local-graph.js';
import { queryOfCost, queryOfDepth } from '../fixtures/query-shapes.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

const TRACE = `query ($from: ID!, $direction: TraceDirection, $maxDepth: Int) {
  trace(from: $from, direction: $direction, maxDepth: $maxDepth) {
    root { id }
    nodes { id __typename }
    edges { type basis rationale from { id } to { id } sources { quote locator document { id } } }
    paths
    gaps { code reason node { id } }
    depthReached
    truncated
  }
}`;

interface TraceData {
  trace: {
    root: { id: string };
    nodes: Array<{ id: string; __typename: string }>;
    edges: Array<{ type: string; basis: string; rationale: string | null; from: { id: string }; to: { id: string }; sources: Array<{ quote: string; locator: string; document: { id: string } }> }>;
    paths: string[][];
    gaps: Array<{ code: string; reason: string; node: { id: string } }>;
    depthReached: number;
    truncated: boolean;
  };
}

describe('node', () => {
  it('returns a node with its typed fields and citations', async () => {
    const response = await stack.query<{ node: Record<string, unknown> }>(`{
      node(id: "luton/action:csp-business-plan-2019-20-13") {
        id type label
        sources { quote locator lines { first last } document { id title } }
        ... on Action { number title leads { role lead { id label } } deliveredBy { id name } progress { asAt } plan { id } }
      }
    }`);
    expect(response.errors).toBeUndefined();
    expect(response.data?.node).toMatchObject({
      id: 'luton/action:csp-business-plan-2019-20-13',
      type: 'ACTION',
      number: '13',
      title: 'Pilot area for targeted area',
      leads: [
        { role: 'Inspector – Bedfordshire Police', lead: { id: 'luton/person:darren-turney' } },
        { role: 'Community Safety Officer – Community Safety', lead: { id: 'luton/person:tara-lynch' } },
      ],
      deliveredBy: [{ id: 'luton/operation:octans', name: 'Operation Octans' }],
      progress: [{ asAt: '2020-03-02' }],
      sources: [{ quote: 'Pilot area for targeted area', locator: 'line 1604', lines: { first: 1604, last: 1604 }, document: { id: 'luton/document:luton-cdc-2020-03-02-agenda-pack' } }],
    });
    // The fixture records no plan for the action: the field says "not recorded" as null.
    expect(response.data?.node.plan).toBeNull();
  });

  it('answers NOT_FOUND for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const unknown = await stack.query(`{ node(id: "luton/action:no-such-action") { id } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(unknown.data?.node).toBeNull();
    const malformed = await stack.query(`{ node(id: "not an id") { id } }`);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0]?.message).toMatch(/ids look like/);
  });

  it('reports the delivery of a request as RECORDED or NOT_RECORDED', async () => {
    const response = await stack.query<{ a: { delivery: string }; b: { delivery: string } }>(`{
      a: node(id: "luton/resolution:cdc-2019-03-05-09-iii") { ... on Resolution { delivery } }
      b: node(id: "luton/recommendation:cdc-2019-03-05-11-4") { ... on Recommendation { delivery } }
    }`);
    expect(response.data).toEqual({ a: { delivery: 'RECORDED' }, b: { delivery: 'NOT_RECORDED' } });
  });
});

describe('nodes', () => {
  it('pages through a type in id order with a total count', async () => {
    const first = await stack.query<{ nodes: { totalCount: number; nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ nodes(type: MEETING, first: 2) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(first.data?.nodes.totalCount).toBe(3);
    expect(first.data?.nodes.nodes.map((n) => n.id)).toEqual(['luton/meeting:cdc-2019-03-05', 'luton/meeting:cdc-2020-03-02']);
    expect(first.data?.nodes.pageInfo.hasNextPage).toBe(true);
    const second = await stack.query<{ nodes: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean } } }>(
      `query ($after: String) { nodes(type: MEETING, first: 2, after: $after) { nodes { id } pageInfo { hasNextPage } } }`,
      { after: first.data?.nodes.pageInfo.endCursor },
    );
    expect(second.data?.nodes.nodes.map((n) => n.id)).toEqual(['luton/meeting:high-town-jag-2019-12-19']);
    expect(second.data?.nodes.pageInfo.hasNextPage).toBe(false);
  });

  it('refuses a page size over 100 and a foreign cursor with BAD_USER_INPUT', async () => {
    const big = await stack.query(`{ nodes(type: PERSON, first: 101) { totalCount } }`);
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await stack.query(`{ nodes(type: PERSON, after: "bm9wZQ") { totalCount } }`);
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('search', () => {
  it('matches regardless of case and punctuation and ranks label matches first', async () => {
    const response = await stack.query<{ search: { totalCount: number; nodes: Array<{ id: string }> } }>(`{ search(text: "OCTANS!") { totalCount nodes { id } } }`);
    expect(response.data?.search.nodes[0]?.id).toBe('luton/operation:octans');
    // The progress update mentions Octans only in its text, so it ranks after the operation.
    expect(response.data?.search.nodes.map((n) => n.id)).toContain('luton/progress:csp-business-plan-2019-20-13-2020-03');
  });

  it('finds a misspelt name, and still puts the exact match first when it is spelt right', async () => {
    const search = async (text: string) =>
      (await stack.query<{ search: { nodes: Array<{ id: string }> } }>(`{ search(text: "${text}") { nodes { id } } }`)).data?.search.nodes.map((n) => n.id);
    expect((await search('octens'))?.[0]).toBe('luton/operation:octans');
    expect((await search('operation octans'))?.[0]).toBe('luton/operation:octans');
  });

  it('filters by type and refuses empty text', async () => {
    const filtered = await stack.query<{ search: { nodes: Array<{ id: string }> } }>(`{ search(text: "high town", types: [PLACE]) { nodes { id } } }`);
    expect(filtered.data?.search.nodes.map((n) => n.id)).toEqual(['luton/place:high-town']);
    const empty = await stack.query(`{ search(text: "  ") { totalCount } }`);
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('trace', () => {
  it('follows resolution 09(iii) to action 13, Operation Octans and the 2020 report-back, with citations', async () => {
    const response = await stack.query<TraceData>(TRACE, { from: 'luton/resolution:cdc-2019-03-05-09-iii' });
    expect(response.errors).toBeUndefined();
    const trace = response.data!.trace;
    expect(trace.paths).toContainEqual([
      'luton/resolution:cdc-2019-03-05-09-iii',
      'luton/action:csp-business-plan-2019-20-13',
      'luton/progress:csp-business-plan-2019-20-13-2020-03',
      'luton/agenda-item:cdc-2020-03-02-08',
      'luton/meeting:cdc-2020-03-02',
    ]);
    expect(trace.paths).toContainEqual(['luton/resolution:cdc-2019-03-05-09-iii', 'luton/action:csp-business-plan-2019-20-13', 'luton/operation:octans', 'luton/place:high-town']);
    const takesUp = trace.edges.find((e) => e.type === 'TAKES_UP');
    expect(takesUp).toMatchObject({ basis: 'INFERRED', from: { id: 'luton/action:csp-business-plan-2019-20-13' }, to: { id: 'luton/resolution:cdc-2019-03-05-09-iii' } });
    expect(takesUp?.rationale).toBeTruthy();
    expect(takesUp?.sources).toHaveLength(2);
    expect(trace.gaps).toEqual([]);
  });

  it('names the gap where a recommendation that asked for follow-up has none recorded', async () => {
    const response = await stack.query<TraceData>(TRACE, { from: 'luton/recommendation:cdc-2019-03-05-11-4' });
    expect(response.data?.trace.gaps).toEqual([
      { code: 'NO_DELIVERY_RECORDED', reason: expect.stringMatching(/No action, operation, progress or report-back is recorded/), node: { id: 'luton/recommendation:cdc-2019-03-05-11-4' } },
    ]);
  });

  it('goes UPSTREAM from Operation Octans to the resolution that led to it', async () => {
    const response = await stack.query<TraceData>(TRACE, { from: 'luton/operation:octans', direction: 'UPSTREAM' });
    expect(response.data?.trace.paths).toContainEqual(['luton/operation:octans', 'luton/action:csp-business-plan-2019-20-13', 'luton/resolution:cdc-2019-03-05-09-iii', 'luton/agenda-item:cdc-2019-03-05-09', 'luton/meeting:cdc-2019-03-05']);
  });

  it('stops at maxDepth and says the trace was truncated', async () => {
    const response = await stack.query<TraceData>(TRACE, { from: 'luton/resolution:cdc-2019-03-05-09-iii', maxDepth: 1 });
    expect(response.data?.trace.depthReached).toBe(1);
    expect(response.data?.trace.truncated).toBe(true);
    expect(response.data?.trace.nodes.map((n) => n.id).sort()).toEqual(['luton/action:csp-business-plan-2019-20-13', 'luton/organisation:luton-community-safety-partnership', 'luton/resolution:cdc-2019-03-05-09-iii']);
  });

  it('makes one sequential round of DynamoDB requests per level of nodes, however wide', async () => {
    // The chain itself: ids, types, paths and gaps. (Citations' documents are one more batched read.)
    const chain = `query ($from: ID!, $maxDepth: Int) { trace(from: $from, maxDepth: $maxDepth) { nodes { id __typename label } edges { type from { id } to { id } } paths gaps { code node { id } } depthReached } }`;
    for (const maxDepth of [1, 2, 3, 4]) {
      const { result, rounds, requests } = await stack.recorder.during(() => stack.query<TraceData>(chain, { from: 'luton/resolution:cdc-2019-03-05-09-iii', maxDepth }));
      const levels = result.data!.trace.depthReached + 1;
      expect(rounds, `maxDepth ${maxDepth}: ${requests.map((r) => r.command).join(', ')}`).toBeLessThanOrEqual(levels);
      // Batched: at most one BatchGetItem per round for the whole level.
      expect(requests.filter((r) => r.command === 'BatchGetItemCommand').length).toBeLessThanOrEqual(levels);
    }
  });

  it('refuses maxDepth over 10 and an unknown root', async () => {
    const deep = await stack.query(TRACE, { from: 'luton/resolution:cdc-2019-03-05-09-iii', maxDepth: 11 });
    expect(deep.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await stack.query(TRACE, { from: 'luton/resolution:cdc-1999-01-01-01' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('query limits', () => {
  it('accepts a query exactly at the depth limit and refuses one level more', async () => {
    const atLimit = await stack.query<{ trace: { root: { meeting?: unknown; sources?: unknown } } }>(queryOfDepth(MAX_QUERY_DEPTH));
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data?.trace.root).toBeTruthy();
    const over = await stack.query(queryOfDepth(MAX_QUERY_DEPTH + 1));
    expect(over.status).toBe(400);
    expect(over.errors?.map((e) => e.extensions)).toEqual([{ code: 'QUERY_TOO_DEEP', depth: MAX_QUERY_DEPTH + 1, maxDepth: MAX_QUERY_DEPTH }]);
  });

  it('accepts a query exactly at the cost limit and refuses one that costs one more', async () => {
    const atLimit = await stack.query<{ count: { totalCount: number } }>(queryOfCost(MAX_QUERY_COST));
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data?.count.totalCount).toBeGreaterThan(0);
    const over = await stack.query(queryOfCost(MAX_QUERY_COST + 1));
    expect(over.status).toBe(400);
    expect(over.errors?.map((e) => e.extensions)).toEqual([{ code: 'QUERY_TOO_COSTLY', cost: MAX_QUERY_COST + 1, maxCost: MAX_QUERY_COST }]);
  });


  it('refuses an over-deep query before execution, reading nothing', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'id' : `posts { post { holders { person { ${nested(depth - 1)} } } } }`);
    const deep = `{ node(id: "luton/person:tara-lynch") { ... on Person { ${nested(4)} } } }`;
    const { result, requests } = await stack.recorder.during(() => stack.query(deep));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(requests).toHaveLength(0);
  });

  it('refuses an over-costly query before execution, reading nothing', async () => {
    const costly = `{ a: nodes(type: PERSON, first: 100) { nodes { relationships { from { relationships { to { relationships { from { id label } } } } } } } } }`;
    const { result, requests } = await stack.recorder.during(() => stack.query(costly));
    expect([result.status, result.errors?.[0]?.extensions?.code, requests.length]).toEqual([400, 'QUERY_TOO_COSTLY', 0]);
  });

  it('refuses a small document of fragments that double each other, reading nothing', async () => {
    let bomb = '{ node(id: "luton/operation:octans") { ...F0 } }';
    for (let i = 0; i < 24; i++) bomb += ` fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`;
    bomb += ' fragment F24 on Node { id }';
    const { result, requests } = await stack.recorder.during(() => stack.query(bomb));
    expect([result.status, result.errors?.[0]?.extensions?.code, requests.length]).toEqual([400, 'QUERY_TOO_COSTLY', 0]);
  });

  it('refuses more than 20 aliases with QUERY_TOO_MANY_ALIASES, reading nothing', async () => {
    const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: trace(from: "luton/resolution:cdc-2019-03-05-09-iii", maxDepth: 10) { paths }`).join(' ')} }`;
    const { result, requests } = await stack.recorder.during(() => stack.query(aliased(21)));
    expect([result.status, result.errors?.[0]?.extensions?.code, requests.length]).toEqual([400, 'QUERY_TOO_MANY_ALIASES', 0]);
    const atLimit = await stack.query<Record<string, { paths: string[][] }>>(aliased(20));
    expect(atLimit.errors).toBeUndefined();
    expect(Object.keys(atLimit.data ?? {})).toHaveLength(20);
  });

  it('refuses a fourth search in one request, reading nothing', async () => {
    const searches = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `s${i}: search(text: "octans") { totalCount }`).join(' ')} }`;
    const { result, requests } = await stack.recorder.during(() => stack.query(searches(4)));
    expect([result.status, result.errors?.[0]?.extensions?.code, requests.length]).toEqual([400, 'QUERY_TOO_COSTLY', 0]);
    expect(result.errors?.[0]?.message).toMatch(/3 per request/);
    const atLimit = await stack.query<Record<string, { totalCount: number }>>(searches(3));
    expect(atLimit.errors).toBeUndefined();
    expect(Object.values(atLimit.data ?? {}).map((s) => s.totalCount > 0)).toEqual([true, true, true]);
  });

  it('refuses 1,000 aliased introspections before execution', async () => {
    const response = await stack.query(`{ ${Array.from({ length: 1000 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ')} }`);
    expect([response.status, response.errors?.[0]?.extensions?.code]).toEqual([400, 'QUERY_TOO_MANY_ALIASES']);
  });

  it('answers the GraphiQL starter query within every limit', async () => {
    const response = await stack.query(STARTER_QUERY);
    expect(response.errors).toBeUndefined();
    expect(response.data?.deliveryChains).toBeTruthy();
  });

  it('hides internal details of errors from clients', async () => {
    const response = await stack.query(`{ node(id: "luton/person:tara-lynch") { id nonexistentField } }`);
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(response)).not.toMatch(/stacktrace|node_modules/);
  });
});

describe('choosing the operation', () => {
  const document = 'query Tara { node(id: "luton/person:tara-lynch") { id } } query Darren { node(id: "luton/person:darren-turney") { id } }';
  const send = async (operationName?: string) => {
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: document, operationName }) });
    return { status: response.status, ...((await response.json()) as { data?: { node: { id: string } }; errors?: Array<{ message: string; extensions?: { code?: string } }> }) };
  };

  it('runs the operation a request names', async () => {
    expect(await send('Darren')).toMatchObject({ status: 200, data: { node: { id: 'luton/person:darren-turney' } } });
  });

  it('refuses, with OPERATION_RESOLUTION_FAILURE, a request naming an operation the document lacks or naming none of several', async () => {
    const unknown = await send('Nobody');
    expect([unknown.status, unknown.errors?.[0]?.extensions?.code, unknown.errors?.[0]?.message]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE', 'Unknown operation named "Nobody".']);
    const unnamed = await send();
    expect([unnamed.status, unnamed.errors?.[0]?.extensions?.code, unnamed.errors?.[0]?.message]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE', 'Must provide operation name if query contains multiple operations.']);
  });
});

describe('input limits', () => {
  const longId = `action:${'x'.repeat(2100)}`;
  const longCursor = 'Y'.repeat(1100);

  it.each([
    ['an id over 256 bytes', `{ node(id: "${longId}") { id } }`, undefined],
    ['an id over 256 bytes in a variable', `query ($id: ID!) { node(id: $id) { id } }`, { id: longId }],
    ['a trace root over 256 bytes', `query ($id: ID!) { trace(from: $id) { paths } }`, { id: longId }],
    ['a cursor over 512 characters', `{ nodes(type: PERSON, after: "${longCursor}") { totalCount } }`, undefined],
    ['a cursor over 512 characters in a variable', `query ($after: String) { search(text: "octans", after: $after) { totalCount } }`, { after: longCursor }],
    ['a text over 1,000 characters', `query ($text: String!) { search(text: $text) { totalCount } }`, { text: 'octans '.repeat(200) }],
    ['a list over 100 ids', `query ($ids: [ID!]!) { nodesById(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, (_, i) => `luton/person:p${i}`) }],
  ])('refuses %s with BAD_USER_INPUT, reading nothing', async (_name, query, variables) => {
    const { result, requests } = await stack.recorder.during(() => stack.query(query, variables));
    expect([result.status, result.errors?.[0]?.extensions?.code, requests.length]).toEqual([400, 'BAD_USER_INPUT', 0]);
    expect(result.errors?.[0]?.message).toMatch(/at most|limit|not a cursor/);
  });

  it('accepts an id of exactly 256 bytes and answers NOT_FOUND', async () => {
    const id = `action:${'x'.repeat(256 - 'action:'.length)}`;
    const response = await stack.query(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses an id of 257 bytes', async () => {
    const id = `action:${'x'.repeat(257 - 'action:'.length)}`;
    const response = await stack.query(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
