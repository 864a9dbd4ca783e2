import { describe, expect, it } from 'vitest';
import { normaliseForSearch, rankSearch } from '../../functions/core/search.js';
import type { NodeSummary } from '../../functions/core/ports.js';

const summary = (id: string, label: string, text = ''): NodeSummary => ({ id, type: 'Operation', label, search: normaliseForSearch(`${label} ${text}`) });

describe('rankSearch', () => {
  const candidates = [
    summary('operation:octans', 'Operation Octans', 'High Town pilot'),
    summary('progress:p', 'Progress as at 2020-03', 'Operation Octans has been created to oversee'),
    summary('person:cllr-baker', 'Councillor Baker'),
    summary('organisation:childrens-services', "LBC Children's Services"),
  ];

  it('ignores case, accents and punctuation', () => {
    expect(normaliseForSearch('Café – “Chair’s” NOTE!')).toBe('cafe chairs note');
    expect(rankSearch('CHILDRENS services', candidates).map((h) => h.id)).toEqual(['organisation:childrens-services']);
    expect(rankSearch("children's", candidates).map((h) => h.id)).toEqual(['organisation:childrens-services']);
  });

  it('ranks a label match above a text match', () => {
    expect(rankSearch('octans', candidates).map((h) => h.id)).toEqual(['operation:octans', 'progress:p']);
  });

  it('requires every word, matching word prefixes', () => {
    expect(rankSearch('oper oct', candidates).map((h) => h.id)).toEqual(['operation:octans', 'progress:p']);
    expect(rankSearch('octans baker', candidates)).toEqual([]);
    expect(rankSearch(' !? ', candidates)).toEqual([]);
  });
});
