/**
 * searchDataset on small indexes of fictional places, built inside each test: which words
 * it looks up, which word drives, what it reads, how a node reached by two terms is
 * ranked, what the visibility of a typo-forgiven term decides, paging past a hit whose
 * text had to be read, and a posting whose node has gone.
 */
import { describe, expect, it } from 'vitest';
import type { Visibility } from '../../functions/core/access.js';
import type { GraphNode } from '../../functions/core/dataset.js';
import { INLINE_POSTINGS, searchDataset } from '../../functions/core/search-index.js';
import { parseSearchQuery, rankSearch, searchableText } from '../../functions/core/search.js';
import { createMemorySearchIndex } from '../fixtures/memory-search-index.js';

const place = (slug: string, name: string, extra: Record<string, unknown> = {}): GraphNode => ({
  id: `fictional/place:${slug}`,
  type: 'Place',
  label: name,
  props: { name, ...extra },
  sources: [],
});

const search = async (nodes: GraphNode[], text: string, options: Parameters<typeof searchDataset>[3] = {}, visibilityOf?: (node: GraphNode) => Visibility) => {
  const index = createMemorySearchIndex({ fictional: nodes }, visibilityOf);
  const { hits } = await searchDataset(index, 'fictional', parseSearchQuery(text), options);
  return { hits, reads: index.reads };
};

describe('searchDataset on fictional places', () => {
  it('looks up words of two letters or more, and a one-letter word only when there is no longer one', async () => {
    const nodes = [place('quay', 'Fictional Quay Walk'), place('x', 'X Marks Yard')];
    expect((await search(nodes, 'x quay')).reads.prefixes).toEqual(['quay']);
    const single = await search(nodes, 'x');
    expect(single.reads.prefixes).toEqual(['x', ...'abcdefghijklmnopqrstuvwxyz0123456789'.split('').map((c) => `x${c}`)]);
    expect(single.hits.map((h) => h.id)).toEqual(['fictional/place:x']);
    // Only the first of several one-letter words: its 37 ranges.
    expect((await search(nodes, 'x y')).reads.prefixes).toEqual(single.reads.prefixes);
  });

  it('drives from the word with the fewest postings, whichever comes first, and reads no block of the common one', async () => {
    // "harbour" names more places than a term entry holds; "lantern" one.
    const common = Array.from({ length: INLINE_POSTINGS + 8 }, (_, i) => place(`h${i}`, `Fictional Harbour ${i}`));
    const nodes = [...common, place('lantern', 'Fictional Harbour Lantern')];
    for (const text of ['lantern harbour', 'harbour lantern']) {
      const { hits, reads } = await search(nodes, text);
      expect(hits.map((h) => h.id), text).toEqual(['fictional/place:lantern']);
      expect(reads.blocks, text).toEqual([]);
    }
    // Driven by "harbour" alone, its blocks are read.
    expect((await search(nodes, 'harbour')).reads.blocks).toEqual(['harbour']);
  });

  it('counts a typo-forgiven term for its own word only, when every word of the query needs one', async () => {
    // "harbor" forgives into a common term, "lanturn" into a rare one: the rare word drives,
    // and no block of the common term is read, whichever word comes first.
    const common = Array.from({ length: INLINE_POSTINGS + 8 }, (_, i) => place(`h${i}`, `Fictional Harbour ${i}`));
    const nodes = [...common, place('lantern', 'Fictional Harbour Lantern')];
    for (const text of ['lanturn harbor', 'harbor lanturn']) {
      const { hits, reads } = await search(nodes, text);
      // One edit in each word: the score the whole-text ranking gives.
      expect(hits.map((h) => [h.id, h.tier]), text).toEqual([['fictional/place:lantern', 1]]);
      expect(hits.map(({ id, score }) => ({ id, score })), text).toEqual(rankSearch(text, nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, search: searchableText(n) }))));
      expect(reads.blocks, text).toEqual([]);
    }
  });

  it('ranks a node reached both by a prefix and by a typo-forgiven term as an exact match', async () => {
    // In the text only, so the match of the driving word decides the tier.
    const both = place('both', 'Fictional Yard', { aliases: ['patrol petrol point'] });
    const typoOnly = place('typo', 'Fictional Court', { aliases: ['petrol point'] });
    const { hits } = await search([both, typoOnly], 'patrol');
    expect(hits.map((h) => [h.id, h.tier])).toEqual([
      ['fictional/place:both', 0],
      ['fictional/place:typo', 1],
    ]);
  });

  it('forgives a typo only into terms the caller may see', async () => {
    const nodes = [place('open', 'Fictional Lantern Yard'), place('closed', 'Fictional Beacon Yard')];
    const visibility = (node: GraphNode): Visibility => (node.id.endsWith(':closed') ? 'restricted' : 'public');
    expect((await search(nodes, 'beakon', { visibilities: ['public'] }, visibility)).hits).toEqual([]);
    expect((await search(nodes, 'beakon', {}, visibility)).hits.map((h) => h.id)).toEqual(['fictional/place:closed']);
    expect((await search(nodes, 'lanturn', { visibilities: ['public'] }, visibility)).hits.map((h) => h.id)).toEqual(['fictional/place:open']);
  });

  it('pages past a hit whose text had to be read, leaving it out', async () => {
    // Two words, one only in the text: every hit's text is read.
    const nodes = ['a', 'b', 'c'].map((slug) => place(slug, `Fictional Yard ${slug.toUpperCase()}`, { aliases: ['lantern walk'] }));
    const all = await search(nodes, 'yard lantern');
    expect(all.hits).toHaveLength(3);
    expect(all.reads.texts).toHaveLength(3);
    const after = await search(nodes, 'yard lantern', { after: all.hits[0]! });
    expect(after.hits.map((h) => h.id)).toEqual(all.hits.slice(1).map((h) => h.id));
    expect(all.hits.map((h) => h.id)).toEqual(rankSearch('yard lantern', nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, search: searchableText(n) }))).map((h) => h.id));
  });

  it('leaves out a posting whose node has no text any more', async () => {
    const nodes = [place('kept', 'Fictional Yard Kept', { aliases: ['lantern'] }), place('gone', 'Fictional Yard Gone', { aliases: ['lantern'] })];
    const index = createMemorySearchIndex({ fictional: nodes });
    const nodeTexts = index.nodeTexts.bind(index);
    index.nodeTexts = async (ids) => (await nodeTexts(ids)).map((text, i) => (ids[i] === 'fictional/place:gone' ? null : text));
    const { hits } = await searchDataset(index, 'fictional', parseSearchQuery('yard lantern'));
    expect(hits.map((h) => h.id)).toEqual(['fictional/place:kept']);
  });
});
