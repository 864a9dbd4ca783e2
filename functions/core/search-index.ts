/**
 * The search index: what the loader files beside the nodes of a dataset, and how a
 * search reads it so that its cost grows with the answer, not the graph.
 *
 * Built per dataset, once per load, from the nodes alone:
 *
 *   term      one entry per distinct normalised word (and visibility), with its
 *             document frequency `n` and, for rare words (n <= INLINE_POSTINGS), the
 *             postings inline; a common word keeps its postings in blocks of
 *             BLOCK_POSTINGS. Terms sort by their text inside a partition named by
 *             their first two letters, so a prefix ("oct") is one range read.
 *   posting   [node id, normalised label]: enough to filter by type (from the id) and
 *             to rank most hits without reading the node (see `rankFromLabel`).
 *   variants  the deletion neighbourhood of every term (`termReach` letters deleted,
 *             SymSpell-style), hashed into `buckets` groups so that a typo is found by
 *             a handful of exact look-ups, whatever the size of the vocabulary.
 *   meta      the number of variant buckets and the index's size.
 *
 * A search (per dataset): read the range of every query word and the variant buckets
 * of its typo-able words; take as driver the word with the fewest postings; read the
 * driver's postings; rank each candidate from its label where that settles it, and
 * otherwise read its text (the node's summary) to check the other words. Requests and
 * bytes are bounded by the driver's matches and the query's words, not by the graph.
 *
 * Paging: a cursor carries the rank key and position of the last hit it names. The
 * next page skips every candidate whose rank (settled from its label) is at or before
 * the cursor, without reading its text or node, and counts the total as the position
 * plus the hits after it.
 *
 * Why items and not an index file per dataset cached per container: only GetItem, Query
 * and BatchGetItem, so DynamoDB and the local engines behave alike, and no cold read
 * that grows with the graph. Why postings grouped per term rather than one item per
 * (term, node): a tenth of the items to write (curated graph: 2,630 instead of 21,424),
 * and prefixes come from sort-key ranges instead of indexing every prefix.
 *
 * Cost per write (`npm run bench:search`): the curated graph's 899 nodes add 3,655 items,
 * 4.07 per node, 4,963 bytes per node; 100,000 synthetic nodes add 1.03 items and 891
 * bytes per node. A load rewrites its dataset's whole index.
 */
import type { Visibility } from './access.js';
import type { GraphNode } from './dataset.js';
import { fnv1a } from './fnv.js';
import { typeOfId, type NodeTypeName } from './model.js';
import { compareRank, deletionNeighbourhood, editDistance, normaliseForSearch, rankFromLabel, rankNode, searchTerms, termReach, type RankKey, type SearchQuery } from './search.js';

/** Postings kept inside the term entry up to this many; more go to blocks. */
export const INLINE_POSTINGS = 32;
/** Postings per block of a common term. */
export const BLOCK_POSTINGS = 500;
/** Aimed-at bytes of variants per bucket: a bucket stays one 4 KB read. */
const BUCKET_BYTES = 2_000;
export const VISIBILITIES: readonly Visibility[] = ['public', 'restricted'];
/**
 * What the index items of a load look like: part of every dataset version, so that a
 * dataset loaded before the index existed, or under another layout of it, is loaded
 * again. The leading number goes up when terms, postings or variants change meaning
 * (normalisation, `termReach`, item shapes).
 */
export const SEARCH_INDEX_FORMAT = `1:${INLINE_POSTINGS}:${BLOCK_POSTINGS}:${BUCKET_BYTES}`;

/** A posting: node id and normalised label. */
export type Posting = readonly [id: string, label: string];

export interface TermEntry {
  term: string;
  vis: Visibility;
  /** Nodes carrying the term. */
  n: number;
  /** The postings, when inline. */
  postings?: Posting[];
  /** Number of blocks, when the postings are in blocks. */
  blocks?: number;
}

export interface SearchIndexContent {
  terms: TermEntry[];
  blocks: Array<{ term: string; vis: Visibility; block: number; postings: Posting[] }>;
  /** Variant buckets: bucket number -> variant -> terms. */
  variants: Map<number, Map<string, string[]>>;
  buckets: number;
  stats: { nodes: number; terms: number; postings: number; variants: number };
}

/** FNV-1a, 32 bits: a stable spread of variants over buckets. */
export function variantBucket(variant: string, buckets: number): number {
  return fnv1a(variant) % buckets;
}

/** Builds the index of a dataset's nodes. `visibilityOf` says who may find a node (public by default). */
export function buildSearchIndex(nodes: Iterable<GraphNode>, visibilityOf: (node: GraphNode) => Visibility = () => 'public'): SearchIndexContent {
  const byTerm = new Map<string, Map<Visibility, Posting[]>>();
  let nodeCount = 0;
  let postingCount = 0;
  for (const node of nodes) {
    nodeCount++;
    const vis = visibilityOf(node);
    const posting: Posting = [node.id, normaliseForSearch(node.label)];
    for (const term of searchTerms(node)) {
      let byVis = byTerm.get(term);
      if (!byVis) byTerm.set(term, (byVis = new Map()));
      let list = byVis.get(vis);
      if (!list) byVis.set(vis, (list = []));
      list.push(posting);
      postingCount++;
    }
  }
  const terms: TermEntry[] = [];
  const blocks: SearchIndexContent['blocks'] = [];
  const neighbourhoods = new Map<string, Set<string>>();
  let variantBytes = 0;
  for (const [term, byVis] of [...byTerm].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const [vis, postings] of byVis) {
      postings.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (postings.length <= INLINE_POSTINGS) {
        terms.push({ term, vis, n: postings.length, postings });
      } else {
        const count = Math.ceil(postings.length / BLOCK_POSTINGS);
        terms.push({ term, vis, n: postings.length, blocks: count });
        for (let b = 0; b < count; b++) blocks.push({ term, vis, block: b, postings: postings.slice(b * BLOCK_POSTINGS, (b + 1) * BLOCK_POSTINGS) });
      }
    }
    for (const variant of deletionNeighbourhood(term, termReach(term))) {
      let owners = neighbourhoods.get(variant);
      if (!owners) {
        neighbourhoods.set(variant, (owners = new Set()));
        variantBytes += variant.length + 4;
      }
      owners.add(term);
      variantBytes += term.length + 1;
    }
  }
  const buckets = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, variantBytes / BUCKET_BYTES))));
  const variants = new Map<number, Map<string, string[]>>();
  for (const [variant, owners] of neighbourhoods) {
    const bucket = variantBucket(variant, buckets);
    let map = variants.get(bucket);
    if (!map) variants.set(bucket, (map = new Map()));
    map.set(variant, [...owners].sort());
  }
  return { terms, blocks, variants, buckets, stats: { nodes: nodeCount, terms: byTerm.size, postings: postingCount, variants: neighbourhoods.size } };
}

/** What a search needs from storage, per dataset; the DynamoDB adapter implements it. */
export interface SearchIndexReader {
  /** Number of variant buckets of the dataset's index; null when the dataset has no index. */
  variantBuckets(dataset: string): Promise<number | null>;
  /** Term entries whose term starts with `prefix` (every visibility). */
  termsWithPrefix(dataset: string, prefix: string): Promise<TermEntry[]>;
  /** Term entries of exactly these terms (every visibility). */
  termsExactly(dataset: string, terms: readonly string[]): Promise<TermEntry[]>;
  /** Variant -> terms, for the variants asked, read from their buckets. */
  variantTerms(dataset: string, variants: readonly string[], buckets: number): Promise<Map<string, string[]>>;
  /** Every posting of a term held in blocks. */
  blockPostings(dataset: string, term: string, vis: Visibility): Promise<Posting[]>;
  /** Normalised searchable text of nodes, aligned with `ids` (null where none). */
  nodeTexts(ids: readonly string[]): Promise<Array<string | null>>;
}

export interface SearchOptions {
  types?: readonly NodeTypeName[];
  /** Visibilities the caller may find. @default both */
  visibilities?: readonly Visibility[];
  /** Forward paging after this rank key: skip what ranks at or before it. */
  after?: RankKey;
}

export interface DatasetSearchResult {
  /** Hits after `after` (all hits when none), best first. */
  hits: RankKey[];
}

/** Letters and digits a one-letter word can be followed by: the partitions its range spans. */
const NEXT_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Prefixes whose ranges hold every term starting with `word`, given partitions of two letters. */
export function prefixRanges(word: string): string[] {
  return word.length >= 2 ? [word] : [word, ...[...NEXT_CHARACTERS].map((c) => word + c)];
}

/** Searches one dataset's index. */
export async function searchDataset(reader: SearchIndexReader, dataset: string, query: SearchQuery, options: SearchOptions = {}): Promise<DatasetSearchResult> {
  const visible = new Set(options.visibilities ?? VISIBILITIES);
  const types = options.types ? new Set(options.types) : null;
  // Words to look up: every word of two letters or more; a one-letter word only when no longer one exists.
  const distinct = [...new Set(query.words.map((w) => w.word))];
  const lookup = distinct.some((w) => w.length >= 2) ? distinct.filter((w) => w.length >= 2) : distinct.slice(0, 1);
  const allowedOf = new Map(query.words.map((w) => [w.word, w.allowed]));

  const [buckets, ranges] = await Promise.all([
    reader.variantBuckets(dataset),
    Promise.all(lookup.map(async (word) => (await Promise.all(prefixRanges(word).map((p) => reader.termsWithPrefix(dataset, p)))).flat())),
  ]);
  if (buckets === null) return { hits: [] };

  // Typo-forgiven terms: variants shared with the word's deletion neighbourhood, checked by distance.
  const typoTerms = await Promise.all(
    lookup.map(async (word) => {
      const allowed = allowedOf.get(word)!;
      if (allowed === 0) return new Map<string, number>();
      const found = await reader.variantTerms(dataset, [...deletionNeighbourhood(word, allowed)], buckets);
      const terms = new Map<string, number>();
      for (const owners of found.values()) {
        for (const term of owners) {
          if (term.startsWith(word) || terms.has(term)) continue;
          const edits = editDistance(word, term, allowed);
          if (edits !== Infinity) terms.set(term, edits);
        }
      }
      return terms;
    }),
  );
  const typoEntries = await reader.termsExactly(dataset, [...new Set(typoTerms.flatMap((m) => [...m.keys()]))]);

  // Entries per word, with the edits each term costs, and the word's number of postings.
  const perWord = lookup.map((word, i) => {
    const entries: Array<{ entry: TermEntry; edits: number }> = [];
    for (const entry of ranges[i]!) if (visible.has(entry.vis) && entry.term.startsWith(word)) entries.push({ entry, edits: 0 });
    for (const entry of typoEntries) {
      const edits = typoTerms[i]!.get(entry.term);
      if (edits !== undefined && visible.has(entry.vis)) entries.push({ entry, edits });
    }
    return { word, entries, postings: entries.reduce((sum, e) => sum + e.entry.n, 0) };
  });
  if (perWord.some((w) => w.postings === 0)) return { hits: [] };
  const driving = perWord.reduce((a, b) => (b.postings < a.postings ? b : a));
  const driver = query.words.findIndex((w) => w.word === driving.word);

  // The driver's postings: candidates with the fewest edits by which they matched.
  const candidates = new Map<string, { label: string; edits: number }>();
  const add = (postings: readonly Posting[], edits: number) => {
    for (const [id, label] of postings) {
      if (types && !types.has(typeOfId(id)!)) continue;
      const known = candidates.get(id);
      if (!known || edits < known.edits) candidates.set(id, { label, edits });
    }
  };
  await Promise.all(
    driving.entries.map(async ({ entry, edits }) => add(entry.postings ?? (await reader.blockPostings(dataset, entry.term, entry.vis)), edits)),
  );

  // Rank from the label where it settles the rank; read the text of the rest.
  const hits: RankKey[] = [];
  const unsettled: Array<{ id: string; label: string }> = [];
  for (const [id, { label, edits }] of candidates) {
    const key = rankFromLabel(query, id, label, driver, edits);
    if (key === undefined) unsettled.push({ id, label });
    else if (!options.after || compareRank(key, options.after) > 0) hits.push(key);
  }
  if (unsettled.length > 0) {
    const texts = await reader.nodeTexts(unsettled.map((c) => c.id));
    unsettled.forEach(({ id, label }, i) => {
      const text = texts[i];
      const key = text == null ? null : rankNode(query, id, label, text);
      if (key && (!options.after || compareRank(key, options.after) > 0)) hits.push(key);
    });
  }
  return { hits: hits.sort(compareRank) };
}

/**
 * Searches every dataset's index and merges the hits, best first. With `after`, only
 * the hits ranked after it (forward paging); the caller adds the cursor's position.
 */
export async function searchDatasets(reader: SearchIndexReader, datasets: readonly string[], query: SearchQuery, options: SearchOptions = {}): Promise<RankKey[]> {
  if (query.words.length === 0) return [];
  const results = await Promise.all(datasets.map((dataset) => searchDataset(reader, dataset, query, options)));
  return results.flatMap((r) => r.hits).sort(compareRank);
}
