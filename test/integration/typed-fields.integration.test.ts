/**
 * Closed sets travel as enums and dates as the Date scalar: what a generated client
 * is typed with is what the API sends.
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

describe('typed fields over GraphQL', () => {
  it('sends followUp and a recommendation status as enum values, as documented', async () => {
    const result = await stack.query<{ r: { followUp: string }; c: { followUp: string; status: string } }>(
      `{ r: node(id: "luton/resolution:cdc-2019-03-05-09-iii") { ... on Resolution { followUp } }
         c: node(id: "luton/recommendation:cdc-2019-03-05-11-4") { ... on Recommendation { followUp status } } }`,
    );
    expect(result.data).toEqual({ r: { followUp: 'REQUIRED' }, c: { followUp: 'REQUIRED', status: 'ADOPTED' } });
  });

  it('sends kinds and statuses with hyphens as enum values with underscores, and dates at their precision', async () => {
    const result = await stack.query<{ m: unknown; p: unknown; d: unknown }>(
      `{ m: node(id: "luton/meeting:high-town-jag-2019-12-19") { ... on Meeting { kind status date } }
         p: node(id: "luton/progress:csp-business-plan-2019-20-13-2020-03") { ... on ProgressUpdate { status asAt } }
         d: node(id: "luton/document:luton-cdc-2020-03-02-agenda-pack") { ... on Document { kind date } } }`,
    );
    expect(result.data).toEqual({
      m: { kind: 'JOINT_ACTION_GROUP', status: 'HELD', date: '2019-12-19' },
      p: { status: 'IN_PROGRESS', asAt: '2020-03-02' },
      d: { kind: 'AGENDA_PACK', date: '2020-03-02' },
    });
  });

  it('filters relationships by EdgeType and refuses an edge type the model lacks before running', async () => {
    const filtered = await stack.query<{ node: { relationships: Array<{ type: string }> } }>(
      '{ node(id: "luton/meeting:cdc-2019-03-05") { relationships(types: [ITEM_OF]) { type } } }',
    );
    expect(filtered.data?.node.relationships.length).toBeGreaterThan(0);
    expect(new Set(filtered.data?.node.relationships.map((r) => r.type))).toEqual(new Set(['ITEM_OF']));
    const unknown = await stack.query('{ node(id: "luton/meeting:cdc-2019-03-05") { relationships(types: [ITEM_OFF]) { type } } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown.errors?.[0]?.message).toMatch(/EdgeType/);
  });
});
