import { describe, expect, it } from 'vitest';
import { allowedEdits, compareRank, deletionNeighbourhood, editDistance, normaliseForSearch, parseSearchQuery, rankFromLabel, rankNode, rankSearch, termReach } from '../../functions/core/search.js';
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


describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and neighbour swaps between whole words, up to a limit', () => {
    expect(editDistance('octans', 'octans', 0)).toBe(0);
    expect(editDistance('octens', 'octans', 1)).toBe(1);
    expect(editDistance('behavour', 'behaviour', 2)).toBe(1);
    expect(editDistance('behaviourr', 'behaviour', 1)).toBe(1);
    // Two neighbouring letters swapped is one edit.
    expect(editDistance('pedresen', 'pedersen', 2)).toBe(1);
    expect(editDistance('octnes', 'octans', 1)).toBe(Infinity);
    expect(editDistance('octnes', 'octans', 2)).toBe(2);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(Infinity);
    // Lengths too far apart for the limit, and a prefix is not a whole word.
    expect(editDistance('octens', 'oct', 2)).toBe(Infinity);
    expect(editDistance('octen', 'octans', 1)).toBe(Infinity);
  });

  it('forgives no typo in a word with digits, on either side', () => {
    expect(editDistance('20190', '20191', 1)).toBe(Infinity);
    expect(editDistance('octans', 'octans2', 1)).toBe(Infinity);
    expect(editDistance('2019', '2019', 0)).toBe(0);
  });

  it('allows one typo from five letters and two from eight, none in numbers', () => {
    expect(['pilot', 'bakr', 'octens', 'pedersen', '20190', 'b2b2b'].map(allowedEdits)).toEqual([1, 0, 1, 2, 0, 0]);
  });
});

describe('deletion neighbourhoods', () => {
  it('holds the word and every string left by deleting up to the given number of letters', () => {
    expect([...deletionNeighbourhood('abc', 1)].sort()).toEqual(['ab', 'abc', 'ac', 'bc']);
    expect([...deletionNeighbourhood('abc', 2)].sort()).toEqual(['a', 'ab', 'abc', 'ac', 'b', 'bc', 'c']);
    expect([...deletionNeighbourhood('abc', 0)]).toEqual(['abc']);
  });

  it('reaches every term a query word may match: two letters from six, one from four, none shorter or with digits', () => {
    expect(['octans', 'pilot', 'bake', 'ash', 'covid19'].map(termReach)).toEqual([2, 1, 1, 0, 0]);
    // Every pair within the allowed edits shares a variant; a pair further apart need not.
    const pairs: Array<[string, string]> = [['octens', 'octans'], ['pedresen', 'pedersen'], ['behavour', 'behaviour'], ['servises', 'services'], ['chlidrens', 'childrens'], ['councill', 'council'], ['bakes', 'bake']];
    for (const [query, term] of pairs) {
      const shared = [...deletionNeighbourhood(query, allowedEdits(query))].some((v) => deletionNeighbourhood(term, termReach(term)).has(v));
      expect(shared, `${query} ~ ${term}`).toBe(true);
    }
  });
});

describe('rankFromLabel', () => {
  const query = (text: string) => parseSearchQuery(text);

  it('settles a one-word hit from its label and how the word matched', () => {
    expect(rankFromLabel(query('octans'), 'luton/operation:octans', 'operation octans', 0, 0)).toEqual(rankNode(query('octans'), 'luton/operation:octans', 'operation octans', 'operation octans high town'));
    expect(rankFromLabel(query('octens'), 'luton/progress:p', 'progress as at 2020 03', 0, 1)).toEqual(rankNode(query('octens'), 'luton/progress:p', 'progress as at 2020 03', 'progress as at 2020 03 operation octans'));
  });

  it('needs the text when another word is not in the label exactly, or the phrase could be in the text', () => {
    expect(rankFromLabel(query('operation octans'), 'luton/progress:p', 'progress as at 2020 03', 1, 0)).toBeUndefined();
    expect(rankFromLabel(query('octans operation'), 'luton/operation:octans', 'operation octans', 0, 0)).toBeUndefined();
    expect(rankFromLabel(query('operation octant'), 'luton/operation:octans', 'operation octans', 1, 1)).toBeUndefined();
  });

  it('settles a many-word hit whose label holds the whole query', () => {
    expect(rankFromLabel(query('operation octans'), 'luton/operation:octans', 'operation octans', 1, 0)).toEqual(rankNode(query('operation octans'), 'luton/operation:octans', 'operation octans', 'operation octans octans'));
    expect(rankFromLabel(query('high town'), 'luton/place:high-town-hub', 'high town hub', 0, 0)).toEqual(rankNode(query('high town'), 'luton/place:high-town-hub', 'high town hub', 'high town hub north'));
  });
});

describe('compareRank', () => {
  const key = (tier: 0 | 1, score: number, label: string, id: string) => ({ tier, score, label, id });

  it('orders exact before typo-forgiven, then higher score, then label, then id', () => {
    const keys = [key(1, 90, 'a', 'x:1'), key(0, 10, 'b', 'x:2'), key(0, 50, 'b', 'x:3'), key(0, 50, 'a', 'x:4'), key(0, 50, 'a', 'x:0')];
    expect([...keys].sort(compareRank).map((k) => k.id)).toEqual(['x:0', 'x:4', 'x:3', 'x:2', 'x:1']);
    expect(compareRank(keys[0]!, keys[0]!)).toBe(0);
  });
});
