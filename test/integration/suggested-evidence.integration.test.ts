/**
 * Suggested evidence over HTTP on the curated graph: typed as suggestions, only for requests
 * whose delivery is not recorded, without what a curator dismissed, never in a trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURATED_DATASET_DIR, startTestStack, type TestStack } from '../fixtures/local-graph.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack(CURATED_DATASET_DIR);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

interface Suggestion { __typename: string; rank: number; score: number; matchingWords: string[]; node: { id: string; __typename: string } }
const SUGGEST = `query ($id: ID!, $first: Int) { node(id: $id) { ... on Resolution { delivery suggestedEvidence(first: $first) { __typename rank score matchingWords node { id __typename } } } } }`;

describe('suggestedEvidence', () => {
  it('ranks candidates for a request whose delivery is not recorded, with the words they share, and leaves out a dismissed one', async () => {
    const { data, errors } = await stack.query<{ node: { delivery: string; suggestedEvidence: Suggestion[] } }>(SUGGEST, { id: 'luton/resolution:cdc-2019-03-05-08-ii', first: 5 });
    expect(errors).toBeUndefined();
    expect(data!.node.delivery).toBe('NOT_RECORDED');
    const list = data!.node.suggestedEvidence;
    expect(list.length).toBeGreaterThan(0);
    expect(list.map((s) => s.rank)).toEqual(list.map((_, i) => i + 1));
    expect(list.every((s) => s.__typename === 'EvidenceSuggestion' && s.matchingWords.length > 0)).toBe(true);
    expect([...list.map((s) => s.score)].sort((a, b) => b - a)).toEqual(list.map((s) => s.score));
    expect(list.map((s) => s.node.id)).not.toContain('luton/priority:csp-adult-exploitation-delivery-plan-2019-veru');
  });

  it('suggests nothing for a request whose delivery the pack records', async () => {
    const { data } = await stack.query<{ node: { delivery: string; suggestedEvidence: Suggestion[] } }>(SUGGEST, { id: 'luton/resolution:cdc-2019-03-05-09-iii' });
    expect(data!.node).toEqual({ delivery: 'RECORDED', suggestedEvidence: [] });
  });

  it('keeps suggestions out of the trace, which shows the gap instead', async () => {
    const { data } = await stack.query<{ trace: { nodes: Array<{ id: string }>; gaps: Array<{ code: string }> } }>(`{ trace(from: "luton/resolution:cdc-2019-03-05-08-ii") { nodes { id } gaps { code } } }`);
    const { data: suggested } = await stack.query<{ node: { suggestedEvidence: Suggestion[] } }>(SUGGEST, { id: 'luton/resolution:cdc-2019-03-05-08-ii' });
    const traced = new Set(data!.trace.nodes.map((n) => n.id));
    expect(suggested!.node.suggestedEvidence.filter((s) => traced.has(s.node.id))).toEqual([]);
    expect(data!.trace.gaps.length).toBeGreaterThan(0);
  });

  it('refuses a page size out of range with a code that says what to fix', async () => {
    const { errors } = await stack.query(SUGGEST, { id: 'luton/resolution:cdc-2019-03-05-08-ii', first: 50 });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/"first" must be 1 to 20/);
  });
});
