import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphNode } from '../../functions/core/dataset.js';
import { BLOCK_POSTINGS, buildSearchIndex, INLINE_POSTINGS, prefixRanges, searchDataset, searchDatasets, variantBucket } from '../../functions/core/search-index.js';
import { compareRank, parseSearchQuery, rankSearch, searchableText } from '../../functions/core/search.js';
import { buildDatasets, findDatasetDirs, type BuiltDataset } from '../../functions/local/dataset-files.js';
import { createNode } from '../fixtures/graph-builders.js';
import { createMemorySearchIndex } from '../fixtures/memory-search-index.js';

/** Fictional places sharing words, for counts at the boundaries. */
const places = (count: number, word: string) => Array.from({ length: count }, (_, i) => createNode(`fictional/place:fictional-${word}-${i}`, { name: `${word} ward ${i}` }));

describe('buildSearchIndex', () => {
  it(`keeps up to ${INLINE_POSTINGS} postings in the term entry and puts more in blocks of ${BLOCK_POSTINGS}`, () => {
    const nodes = [...places(INLINE_POSTINGS, 'inlined'), ...places(INLINE_POSTINGS + 1, 'blocked'), ...places(BLOCK_POSTINGS, 'fullblock'), ...places(BLOCK_POSTINGS + 1, 'twoblocks')];
    const index = buildSearchIndex(nodes);
    const entry = (term: string) => index.terms.find((t) => t.term === term);
    expect(entry('inlined')).toMatchObject({ n: INLINE_POSTINGS, vis: 'public' });
    expect(entry('inlined')!.postings).toHaveLength(INLINE_POSTINGS);
    expect(entry('blocked')).toEqual({ term: 'blocked', vis: 'public', n: INLINE_POSTINGS + 1, blocks: 1 });
    expect(entry('fullblock')).toMatchObject({ n: BLOCK_POSTINGS, blocks: 1 });
    expect(entry('twoblocks')).toMatchObject({ n: BLOCK_POSTINGS + 1, blocks: 2 });
    const blocks = index.blocks.filter((b) => b.term === 'twoblocks');
    expect(blocks.map((b) => [b.block, b.postings.length])).toEqual([[0, BLOCK_POSTINGS], [1, 1]]);
    // A posting is the node's id and normalised label.
    expect(entry('inlined')!.postings![0]).toEqual(['fictional/place:fictional-inlined-0', 'inlined ward 0']);
  });

  it('files a node under each distinct word once, and counts the postings', () => {
    const node = createNode('fictional/place:fictional-echo', { name: 'Echo echo Echo' });
    const index = buildSearchIndex([node]);
    expect(index.terms.find((t) => t.term === 'echo')).toMatchObject({ n: 1 });
    expect(index.stats).toMatchObject({ nodes: 1, postings: new Set(searchableText(node).split(' ')).size });
  });

  it('keeps restricted nodes apart from public ones, term by term', () => {
    const [open, closed] = places(2, 'harbour');
    const index = buildSearchIndex([open!, closed!], (node) => (node === closed ? 'restricted' : 'public'));
    expect(index.terms.filter((t) => t.term === 'harbour').map((t) => [t.vis, t.n])).toEqual([['public', 1], ['restricted', 1]]);
  });

  it('spreads variants over a power of two of buckets sized by their bytes, each variant in its hashed bucket', () => {
    const small = buildSearchIndex(places(1, 'tiny'));
    expect(small.buckets).toBe(1);
    const large = buildSearchIndex(places(400, 'harbour').map((n, i) => ({ ...n, label: `${n.label} waterside${i % 50 === 0 ? '' : String.fromCharCode(97 + (i % 26)).repeat(3)}` })));
    expect(Math.log2(large.buckets) % 1).toBe(0);
    for (const [bucket, map] of large.variants) for (const variant of map.keys()) expect(variantBucket(variant, large.buckets)).toBe(bucket);
    expect(variantBucket('octans', 1)).toBe(0);
    expect(variantBucket('octans', 1024)).toBe(variantBucket('octans', 1024));
  });
});

describe('prefixRanges', () => {
  it('reads one range for a word of two letters or more and every two-letter partition for one letter', () => {
    expect(prefixRanges('oc')).toEqual(['oc']);
    const ranges = prefixRanges('a');
    expect(ranges).toHaveLength(37);
    expect(ranges.slice(0, 3)).toEqual(['a', 'aa', 'ab']);
    expect(ranges.at(-1)).toBe('a9');
  });
});

describe('searchDataset over the curated graph', () => {
  /** The datasets of data/: registry, luton-2020 and kestrelford-2024. */
  let datasets: BuiltDataset[];
  let nodes: GraphNode[];
  beforeAll(async () => {
    datasets = await buildDatasets(await findDatasetDirs());
    nodes = datasets.flatMap((d) => d.graph.nodes);
  });
  const summaries = () => nodes.map((n) => ({ id: n.id, type: n.type, label: n.label, search: searchableText(n) }));

  const QUERIES = ['operation octans', 'octans', 'octens', 'oper oct', 'anti social behavour', 'pedresen', 'high town', '2019', 'a', 'the plan', 'chlidrens servises', 'bedfordshire polce', 'octans baker', 'luton 2020 community', 'zzzz', 'safety partnership', 'h t'];

  it.each(QUERIES)('finds for "%s" exactly the hits ranking every node finds, in the same order', async (text) => {
    const index = createMemorySearchIndex({ curated: nodes });
    const { hits } = await searchDataset(index, 'curated', parseSearchQuery(text));
    expect(hits.map((h) => h.id)).toEqual(rankSearch(text, summaries()).map((h) => h.id));
  });

  it.each(QUERIES)('finds for "%s", searching every dataset in its own index, the hits of ranking all their nodes together', async (text) => {
    const index = createMemorySearchIndex(Object.fromEntries(datasets.map((d) => [d.descriptor.name, d.graph.nodes])));
    const hits = await searchDatasets(index, datasets.map((d) => d.descriptor.name), parseSearchQuery(text));
    expect(hits.map((h) => h.id)).toEqual(rankSearch(text, summaries()).map((h) => h.id));
  });

  it('reads the postings of the rarest word only: no block of a common word, no text beyond its matches', async () => {
    const index = createMemorySearchIndex({ curated: nodes });
    const { hits } = await searchDataset(index, 'curated', parseSearchQuery('action octans'));
    expect(hits.length).toBeGreaterThan(0);
    // "action" is common enough to keep its postings in blocks; "octans" is the rarer word.
    expect(buildSearchIndex(nodes).terms.find((t) => t.term === 'action')?.blocks).toBeGreaterThan(0);
    const octans = rankSearch('octans', summaries()).length;
    expect(index.reads.blocks).toEqual([]);
    expect(index.reads.texts.length).toBeLessThanOrEqual(octans);
  });

  it('reads no text at all for a one-word query: its rank is settled by the postings', async () => {
    const index = createMemorySearchIndex({ curated: nodes });
    const { hits } = await searchDataset(index, 'curated', parseSearchQuery('octens'));
    expect(hits.length).toBeGreaterThan(1);
    expect(index.reads.texts).toEqual([]);
  });

  it('after a rank key, returns exactly the hits ranked after it and reads no text of a hit at or before it', async () => {
    const all = (await searchDataset(createMemorySearchIndex({ curated: nodes }), 'curated', parseSearchQuery('community safety'))).hits;
    expect(all.length).toBeGreaterThan(30);
    const index = createMemorySearchIndex({ curated: nodes });
    const { hits } = await searchDataset(index, 'curated', parseSearchQuery('community safety'), { after: all[19]! });
    expect(hits.map((h) => h.id)).toEqual(all.slice(20).map((h) => h.id));
    const pageOne = new Set(all.slice(0, 20).map((h) => h.id));
    const settledOnPageOne = all.slice(0, 20).filter((h) => !index.reads.texts.includes(h.id));
    expect(settledOnPageOne.length).toBeGreaterThan(0);
    expect(index.reads.texts.filter((id) => pageOne.has(id)).length).toBeLessThan(pageOne.size);
  });

  it('finds only nodes of the types asked', async () => {
    const index = createMemorySearchIndex({ curated: nodes });
    const { hits } = await searchDataset(index, 'curated', parseSearchQuery('high town'), { types: ['Place'] });
    expect(hits.map((h) => h.id)).toEqual(rankSearch('high town', summaries().filter((s) => s.type === 'Place')).map((h) => h.id));
    expect(hits.length).toBeGreaterThan(0);
  });

  it('answers nothing, reading no postings, when a word matches no term', async () => {
    const index = createMemorySearchIndex({ curated: nodes });
    expect((await searchDataset(index, 'curated', parseSearchQuery('octans qqqqq'))).hits).toEqual([]);
    expect(index.reads).toMatchObject({ blocks: [], texts: [] });
  });

  it('answers nothing for a dataset without an index', async () => {
    const index = createMemorySearchIndex({ curated: nodes });
    expect((await searchDataset(index, 'elsewhere', parseSearchQuery('octans'))).hits).toEqual([]);
  });
});

describe('visibility and datasets', () => {
  it('finds restricted nodes only for callers who may see them, and counts none for others', async () => {
    const [open, closed] = places(2, 'harbour');
    const index = createMemorySearchIndex({ fictional: [open!, closed!] }, (node) => (node === closed ? 'restricted' : 'public'));
    const query = parseSearchQuery('harbour');
    expect((await searchDataset(index, 'fictional', query)).hits.map((h) => h.id)).toEqual([open!.id, closed!.id]);
    expect((await searchDataset(index, 'fictional', query, { visibilities: ['public'] })).hits.map((h) => h.id)).toEqual([open!.id]);
    expect((await searchDataset(index, 'fictional', parseSearchQuery('harbour 1'), { visibilities: ['public'] })).hits).toEqual([]);
  });

  it('merges the hits of every dataset in rank order', async () => {
    const a = places(3, 'harbour');
    const b = [createNode('fictional-b/place:fictional-harbour', { name: 'Harbour' })];
    const index = createMemorySearchIndex({ a, b });
    const hits = await searchDatasets(index, ['a', 'b'], parseSearchQuery('harbour'));
    expect(hits.map((h) => h.id)).toEqual(['fictional-b/place:fictional-harbour', ...a.map((n) => n.id)]);
    expect([...hits].sort(compareRank)).toEqual(hits);
    expect(await searchDatasets(index, ['a', 'b'], parseSearchQuery(' !? '))).toEqual([]);
  });
});
