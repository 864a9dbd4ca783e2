/**
 * The search's rank keys exactly, on fictional labels and texts: how much each way of
 * matching is worth (the label equal to, starting with or holding the query; the text
 * holding it; every word in the label; a typo), what a node's searchable text is, and
 * the index's order of terms and postings. The orderings these weights produce are
 * tested in search.unit.test.ts and search-index.unit.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../functions/core/dataset.js';
import { buildSearchIndex } from '../../functions/core/search-index.js';
import { compareRank, deletionNeighbourhood, LABEL_KEY_LENGTH, parseSearchQuery, rankFromLabel, rankNode, searchableText, searchTerms } from '../../functions/core/search.js';

const rank = (query: string, label: string, text = label) => rankNode(parseSearchQuery(query), 'fictional/plan:p', label, text);
/** score = base (100 equal, 60 starts with, 45 holds, 20 text holds) + 30 if every word is in the label + 2 per word in the label − min(10, label length / 20) − 25 per typo. */
const key = (score: number, label: string, tier: 0 | 1 = 0) => ({ tier, score: expect.closeTo(score, 9) as number, label, id: 'fictional/plan:p' });

describe('rankNode scores', () => {
  it('a label equal to the query highest, then one starting with it, then one holding it', () => {
    // "safer streets", 13 letters: 100 + 30 + 2 × 2 − 0.65.
    expect(rank('Safer Streets', 'safer streets')).toEqual(key(133.35, 'safer streets'));
    // "safer streets plan", 18 letters: 60 + 30 + 2 − 0.9.
    expect(rank('safer', 'safer streets plan')).toEqual(key(91.1, 'safer streets plan'));
    // 45 + 30 + 2 − 0.9.
    expect(rank('streets', 'safer streets plan')).toEqual(key(76.1, 'safer streets plan'));
    // "street" is only a prefix of a label word: the text holds it from a word start, 20 + 30 + 2 − 0.9.
    expect(rank('street', 'safer streets plan', 'safer streets plan with patrols')).toEqual(key(51.1, 'safer streets plan'));
  });

  it('a word found only in the text lower, and a phrase the text does not hold lower still', () => {
    // "fictional plan", 14 letters: 20 + 0 + 0 − 0.7.
    expect(rank('patrols', 'fictional plan', 'fictional plan with weekly patrols')).toEqual(key(19.3, 'fictional plan'));
    // "plan" in the label, "patrols" in the text, the phrase "plan patrols" nowhere: 0 + 0 + 2 − 0.7.
    expect(rank('plan patrols', 'fictional plan', 'fictional plan with weekly patrols')).toEqual(key(1.3, 'fictional plan'));
    expect(rank('weekly patrols', 'fictional plan', 'fictional plan with weekly patrols')).toEqual(key(19.3, 'fictional plan'));
  });

  it('a typo 25 less, in the typo tier', () => {
    // "patrils" for "patrols", in the label: 0 + 30 + 2 − 0.7 − 25.
    expect(rank('patrils', 'weekly patrols')).toEqual(key(6.3, 'weekly patrols', 1));
    // Two typo-forgiven words: 30 + 4 − 0.7 − 50.
    expect(rank('weakly patrils', 'weekly patrols')).toEqual(key(-16.7, 'weekly patrols', 1));
  });

  it('a long label at most 10 less, keeping its first 48 letters in the key', () => {
    const label = `fictional ${'x'.repeat(250)}`;
    const ranked = rank('fictional', label)!;
    expect(ranked.score).toBe(60 + 30 + 2 - 10);
    expect(ranked.label).toBe(label.slice(0, LABEL_KEY_LENGTH));
    expect(ranked.label).toHaveLength(48);
  });

  it('nothing when a word matches neither label nor text, digits never forgiven', () => {
    expect(rank('octopus', 'fictional plan')).toBeNull();
    expect(rank('2021', 'fictional plan 2020')).toBeNull();
    expect(rank('plan 2021', 'fictional plan', 'fictional plan 2020')).toBeNull();
  });
});

describe('rankFromLabel', () => {
  const query = (text: string) => parseSearchQuery(text);

  it('gives a one-word hit the key rankNode gives it, with or without the text holding the word from a word start', () => {
    // The driver matched "patrols" in the text as a prefix: as if the text held it.
    expect(rankFromLabel(query('patrols'), 'fictional/plan:p', 'fictional plan', 0, 0)).toEqual(key(19.3, 'fictional plan'));
    // Matched with a typo: no phrase, one typo: 0 + 0 + 0 − 0.7 − 25.
    expect(rankFromLabel(query('patrils'), 'fictional/plan:p', 'fictional plan', 0, 1)).toEqual(key(-25.7, 'fictional plan', 1));
  });

  it('settles a many-word hit whose label is, starts with or holds the query, and no other', () => {
    expect(rankFromLabel(query('weekly patrols'), 'fictional/plan:p', 'weekly patrols', 1, 0)).toEqual(key(133.3, 'weekly patrols'));
    expect(rankFromLabel(query('weekly patrols'), 'fictional/plan:p', 'weekly patrols plan', 1, 0)).toEqual(key(60 + 30 + 4 - 0.95, 'weekly patrols plan'));
    expect(rankFromLabel(query('weekly patrols'), 'fictional/plan:p', 'fictional weekly patrols', 1, 0)).toEqual(key(45 + 30 + 4 - 1.2, 'fictional weekly patrols'));
    // Starting with the query but not holding it as whole words: still settled by the label.
    expect(rankFromLabel(query('weekly patrols'), 'fictional/plan:p', 'weekly patrolsmen', 1, 0)).toEqual(key(60 + 30 + 4 - 0.85, 'weekly patrolsmen'));
    expect(rankFromLabel(query('weekly patrols'), 'fictional/plan:p', 'patrols weekly', 1, 0)).toBeUndefined();
    expect(rankFromLabel(query('weekly patrols'), 'fictional/plan:p', 'fictional patrols', 1, 0)).toBeUndefined();
  });
});

describe('compareRank', () => {
  it('orders keys equal but for their ids by id, both ways', () => {
    const a = { tier: 0 as const, score: 1, label: 'same', id: 'fictional/plan:p' };
    const b = { ...a, id: 'fictional/plan:q' };
    expect([compareRank(a, b), compareRank(b, a), compareRank(b, b)]).toEqual([-1, 1, 0]);
  });
});

describe('what a node is found by', () => {
  const plan: GraphNode = {
    id: 'fictional/plan:safer-streets-2021',
    type: 'Plan',
    label: 'Fictional Safer-Streets Plan',
    props: { title: 'Fictional Safer-Streets Plan', aliases: ['SSP', 'Streets Plan'], status: 'draft' },
    sources: [],
  };

  it('its label, the slug of its id and its searchable properties, normalised', () => {
    expect(searchableText(plan)).toBe('fictional safer streets plan safer streets 2021 fictional safer streets plan ssp streets plan');
    expect(searchTerms(plan)).toEqual(['fictional', 'safer', 'streets', 'plan', '2021', 'ssp']);
  });

  it('the deletion neighbourhood of a short word holds no empty string', () => {
    expect([...deletionNeighbourhood('ab', 2)].sort()).toEqual(['a', 'ab', 'b']);
  });

  it(`the index files terms in term order, each term's postings in id order`, () => {
    const node = (slug: string, label: string): GraphNode => ({ id: `fictional/place:${slug}`, type: 'Place', label, props: { name: label }, sources: [] });
    const index = buildSearchIndex([node('c', 'Zeta Alpha'), node('a', 'Alpha'), node('b', 'Alpha Zeta')]);
    expect(index.terms.map((entry) => entry.term)).toEqual(['a', 'alpha', 'b', 'c', 'zeta']);
    expect(index.terms.find((entry) => entry.term === 'alpha')?.postings?.map(([id]) => id)).toEqual(['fictional/place:a', 'fictional/place:b', 'fictional/place:c']);
    expect(index.terms.find((entry) => entry.term === 'zeta')?.postings?.map(([id]) => id)).toEqual(['fictional/place:b', 'fictional/place:c']);
  });
});
