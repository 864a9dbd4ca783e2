import { describe, expect, it } from 'vitest';
import { allowedEdits, normaliseForSearch, prefixEditDistance, rankSearch } from '../../functions/core/search.js';
import type { NodeSummary } from '../../functions/core/ports.js';

const summary = (id: string, label: string, text = ''): NodeSummary => ({ id, type: 'Operation', label, search: normaliseForSearch(`${label} ${text}`) });

describe('rankSearch', () => {
  const candidates = [
    summary('luton/operation:octans', 'Operation Octans', 'High Town pilot'),
    summary('luton/progress:p', 'Progress as at 2020-03', 'Operation Octans has been created to oversee'),
    summary('luton/person:cllr-baker', 'Councillor Baker'),
    summary('luton/organisation:childrens-services', "LBC Children's Services"),
  ];

  it('ignores case, accents and punctuation', () => {
    expect(normaliseForSearch('Café – “Chair’s” NOTE!')).toBe('cafe chairs note');
    expect(rankSearch('CHILDRENS services', candidates).map((h) => h.id)).toEqual(['luton/organisation:childrens-services']);
    expect(rankSearch("children's", candidates).map((h) => h.id)).toEqual(['luton/organisation:childrens-services']);
  });

  it('ranks a label match above a text match', () => {
    expect(rankSearch('octans', candidates).map((h) => h.id)).toEqual(['luton/operation:octans', 'luton/progress:p']);
  });

  it('requires every word, matching word prefixes', () => {
    expect(rankSearch('oper oct', candidates).map((h) => h.id)).toEqual(['luton/operation:octans', 'luton/progress:p']);
    expect(rankSearch('octans baker', candidates)).toEqual([]);
    expect(rankSearch(' !? ', candidates)).toEqual([]);
  });

  it('finds a misspelt word, label matches still first', () => {
    expect(rankSearch('octens', candidates).map((h) => h.id)).toEqual(['luton/operation:octans', 'luton/progress:p']);
    expect(rankSearch('operation octens', candidates).map((h) => h.id)).toEqual(['luton/operation:octans', 'luton/progress:p']);
    expect(rankSearch('chlidrens servises', candidates).map((h) => h.id)).toEqual(['luton/organisation:childrens-services']);
  });

  it('puts every exact match before any match that needed a typo forgiven', () => {
    const withNeighbour = [...candidates, summary('luton/operation:octant', 'Operation Octant')];
    // "octans" is exact in the operation's label and in the progress text; "Octant" is one letter off.
    expect(rankSearch('operation octans', withNeighbour).map((h) => h.id)).toEqual(['luton/operation:octans', 'luton/progress:p', 'luton/operation:octant']);
    expect(rankSearch('octant', withNeighbour).map((h) => h.id)).toEqual(['luton/operation:octant', 'luton/operation:octans', 'luton/progress:p']);
    const [exact, forgiven] = rankSearch('octant', withNeighbour);
    expect(exact!.score).toBeGreaterThan(forgiven!.score);
  });

  it('forgives no typo in short words or numbers', () => {
    expect(rankSearch('bakr', candidates)).toEqual([]);
    expect(rankSearch('2021', candidates)).toEqual([]);
    expect(rankSearch('2020', candidates).map((h) => h.id)).toEqual(['luton/progress:p']);
  });
});

describe('prefixEditDistance', () => {
  it('counts the edits that turn a query word into a prefix of a word, up to a limit', () => {
    expect(prefixEditDistance('oct', 'octans', 0)).toBe(0);
    expect(prefixEditDistance('octens', 'octans', 1)).toBe(1);
    expect(prefixEditDistance('octen', 'octans', 1)).toBe(1);
    expect(prefixEditDistance('behavour', 'behaviour', 2)).toBe(1);
    // Two neighbouring letters swapped is one edit.
    expect(prefixEditDistance('pedresen', 'pedersen', 2)).toBe(1);
    expect(prefixEditDistance('octnes', 'octans', 1)).toBe(Infinity);
    expect(prefixEditDistance('octnes', 'octans', 2)).toBe(2);
    expect(prefixEditDistance('abcdef', 'uvwxyz', 2)).toBe(Infinity);
    expect(prefixEditDistance('octens', 'oct', 1)).toBe(Infinity);
  });

  it('allows one typo from five letters and two from eight, none in numbers', () => {
    expect(['pilot', 'bakr', 'octens', 'pedersen', '20190', 'b2b2b'].map(allowedEdits)).toEqual([1, 0, 1, 2, 0, 0]);
  });
});
