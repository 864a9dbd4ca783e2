/**
 * Relay cursor connections: `nodes` and `search` page forwards (first/after) and
 * backwards (last/before) over the same order, and PageInfo says where a page sits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../fixtures/local-graph.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.close();
});

interface Page {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const SELECTION = 'totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const ids = (page: Page) => page.edges.map((e) => e.node.id);

async function nodesPage(args: { first?: number; after?: string | null; last?: number; before?: string | null }): Promise<Page> {
  const result = await stack.query<{ nodes: Page }>(
    `query ($first: Int, $after: String, $last: Int, $before: String) { nodes(type: MEETING, first: $first, after: $after, last: $last, before: $before) { ${SELECTION} } }`,
    args,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.nodes;
}

async function searchPage(args: { first?: number; after?: string | null; last?: number; before?: string | null }): Promise<Page> {
  const result = await stack.query<{ search: Page }>(
    `query ($first: Int, $after: String, $last: Int, $before: String) { search(text: "a", first: $first, after: $after, last: $last, before: $before) { ${SELECTION} } }`,
    args,
  );
  expect(result.errors).toBeUndefined();
  return result.data!.search;
}

describe.each([
  ['nodes', nodesPage],
  ['search', searchPage],
])('the %s connection', (_name, page) => {
  it('pages forwards one node at a time to the end, with PageInfo true to each page', async () => {
    const all = await page({ first: 100 });
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < all.totalCount; i++) {
      const current: Page = await page({ first: 1, after: cursor });
      expect(current.pageInfo).toEqual({ hasNextPage: i < all.totalCount - 1, hasPreviousPage: i > 0, startCursor: current.edges[0]!.cursor, endCursor: current.edges[0]!.cursor });
      seen.push(...ids(current));
      cursor = current.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids(all));
  });

  it('pages backwards from the end over the same order', async () => {
    const all = ids(await page({ first: 100 }));
    const lastTwo = await page({ last: 2 });
    expect(ids(lastTwo)).toEqual(all.slice(-2));
    expect(lastTwo.pageInfo.hasNextPage).toBe(false);
    expect(lastTwo.pageInfo.hasPreviousPage).toBe(all.length > 2);
    const before = await page({ last: 100, before: lastTwo.pageInfo.startCursor });
    expect(ids(before)).toEqual(all.slice(0, -2));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('gives an empty page with null cursors past the end', async () => {
    const all = await page({ first: 100 });
    const past = await page({ first: 5, after: all.pageInfo.endCursor });
    expect(past.edges).toEqual([]);
    expect(past.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});

describe('the tracker connection', () => {
  const TRACKER = `query ($first: Int, $after: String, $last: Int, $before: String) {
    tracker(first: $first, after: $after, last: $last, before: $before) { totalCount edges { cursor node { request { id } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
  }`;
  const trackerPage = async (args: Record<string, unknown>) => {
    const result = await stack.query<{ tracker: { totalCount: number; edges: Array<{ cursor: string; node: { request: { id: string } } }>; pageInfo: Page['pageInfo'] } }>(TRACKER, args);
    expect(result.errors).toBeUndefined();
    return result.data!.tracker;
  };
  const rows = (page: { edges: Array<{ node: { request: { id: string } } }> }) => page.edges.map((e) => e.node.request.id);

  it('pages backwards from the end over the order it pages forwards', async () => {
    const all = await trackerPage({ first: 100 });
    expect(all.totalCount).toBeGreaterThanOrEqual(2);
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    const last = await trackerPage({ last: 1 });
    expect(rows(last)).toEqual(rows(all).slice(-1));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await trackerPage({ last: 100, before: last.pageInfo.startCursor });
    expect(rows(before)).toEqual(rows(all).slice(0, -1));
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const after = await trackerPage({ first: 1, after: before.pageInfo.endCursor });
    expect(rows(after)).toEqual(rows(all).slice(-1));
    expect(after.pageInfo).toMatchObject({ hasPreviousPage: true });
  });

  it("refuses a before cursor that is not the tracker's, naming startCursor", async () => {
    const nodeCursor = (await nodesPage({ first: 1 })).pageInfo.endCursor;
    const result = await stack.query(TRACKER, { last: 1, before: nodeCursor });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'before' });
    expect(result.errors?.[0]?.message).toMatch(/startCursor/);
  });
});

describe('paging arguments', () => {
  it('refuses first together with last, saying which way each pages', async () => {
    const result = await stack.query('{ nodes(type: MEETING, first: 2, last: 2) { totalCount } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
    expect(result.errors?.[0]?.message).toMatch(/"first" \(with "after"\) to page forwards or "last" \(with "before"\) to page backwards/);
  });

  it('refuses a last of more than 100 and a before cursor from another list', async () => {
    const big = await stack.query('{ nodes(type: MEETING, last: 101) { totalCount } }');
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'last' });
    const searchCursor = (await searchPage({ first: 1 })).pageInfo.endCursor;
    const foreign = await stack.query('query ($before: String) { nodes(type: MEETING, last: 1, before: $before) { totalCount } }', { before: searchCursor });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'before' });
    expect(foreign.errors?.[0]?.message).toMatch(/startCursor/);
  });
});
