/**
 * Search: case-, accent- and punctuation-insensitive matching of labels and text,
 * forgiving a typo or two in longer words, ranked so that exact matches come first
 * and a label match beats a match in the body text.
 *
 * A query word matches a word of a node when it is a prefix of it ("oct" finds
 * "octans"), or, for words of five letters or more, when the two whole words are
 * within `allowedEdits` of each other ("octens" finds "octans"). Typos are forgiven
 * against whole words only, so that the index can find them by exact look-ups of
 * deletion neighbourhoods (see search-index.ts) rather than by reading every word.
 *
 * The rank of a hit is a key (`RankKey`): exact matches before typo-forgiven ones,
 * then score, then label, then id. The same functions rank in memory (`rankSearch`)
 * and over the index, so both give the same order.
 */
import type { GraphNode } from './dataset.js';
import { NODE_TYPES, type PropertySpec } from './model.js';
import type { NodeSummary } from './ports.js';

/** Lower case, accents dropped, punctuation (including ’ and –) turned into spaces. */
export function normaliseForSearch(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2019\u2018`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The text a node is found by: its label, id slug and searchable properties. */
export function searchableText(node: GraphNode): string {
  const specs = NODE_TYPES[node.type].properties as Record<string, PropertySpec>;
  const parts = [node.label, node.id.slice(node.id.indexOf(':') + 1)];
  for (const [name, value] of Object.entries(node.props)) {
    if (!specs[name]?.searchable) continue;
    parts.push(Array.isArray(value) ? value.join(' ') : String(value));
  }
  return normaliseForSearch(parts.join(' '));
}

/** The distinct words of a node's searchable text: the terms the index files it under. */
export function searchTerms(node: GraphNode): string[] {
  return [...new Set(searchableText(node).split(' ').filter(Boolean))];
}

export interface RankedHit {
  id: string;
  score: number;
}

/**
 * Typos a query word may carry and still match: none under five letters (short words
 * and numbers must be exact), one from five, two from eight. An edit is a letter
 * added, dropped, changed, or two neighbours swapped.
 */
export function allowedEdits(word: string): number {
  if (/\d/.test(word)) return 0;
  return word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
}

/**
 * The fewest edits that turn `a` into `b` (optimal string alignment: insertions,
 * deletions, substitutions and adjacent swaps), or Infinity when it takes more than
 * `max`. Words with digits are never forgiven a typo: they must be spelt exactly.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (max === 0 || Math.abs(a.length - b.length) > max || /\d/.test(a) || /\d/.test(b)) return Infinity;
  const columns = b.length + 1;
  let before = new Int32Array(columns); // row i-2, for swaps
  let previous = new Int32Array(columns);
  let row = new Int32Array(columns);
  for (let j = 0; j < columns; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const x = a.charCodeAt(i - 1);
    for (let j = 1; j < columns; j++) {
      const y = b.charCodeAt(j - 1);
      let value = previous[j - 1]! + (x === y ? 0 : 1);
      if (previous[j]! + 1 < value) value = previous[j]! + 1;
      if (row[j - 1]! + 1 < value) value = row[j - 1]! + 1;
      if (i > 1 && j > 1 && x === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === y && before[j - 2]! + 1 < value) value = before[j - 2]! + 1;
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return Infinity;
    [before, previous, row] = [previous, row, before];
  }
  return previous[b.length]! <= max ? previous[b.length]! : Infinity;
}

/**
 * How many letters the index deletes from a term so that any query word allowed to
 * reach it (`allowedEdits`) shares a deletion variant with it: two from six letters
 * (an eight-letter query two edits away), one from four, none below or with digits.
 */
export function termReach(term: string): number {
  if (/\d/.test(term)) return 0;
  return term.length >= 6 ? 2 : term.length >= 4 ? 1 : 0;
}

/**
 * The deletion neighbourhood of a word: every string left by deleting up to `depth`
 * letters, the word itself included. Two words within `depth` edits of each other
 * (swaps included) always share one, so a typo is found by exact look-ups.
 */
export function deletionNeighbourhood(word: string, depth: number): Set<string> {
  const seen = new Set([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const current of frontier) {
      for (let i = 0; i < current.length; i++) {
        const shorter = current.slice(0, i) + current.slice(i + 1);
        if (shorter.length > 0 && !seen.has(shorter)) {
          seen.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** Edits for a query word to match a word: 0 as a prefix, else a whole-word typo distance, else Infinity. */
export function wordMatch(queryWord: string, word: string, allowed: number): number {
  return word.startsWith(queryWord) ? 0 : editDistance(queryWord, word, allowed);
}

function bestMatch(queryWord: string, words: readonly string[], allowed: number): number {
  let best = Infinity;
  for (const word of words) {
    const edits = wordMatch(queryWord, word, allowed);
    if (edits < best) best = edits;
    if (best === 0) break;
  }
  return best;
}

export interface SearchQuery {
  /** The whole query, normalised. */
  needle: string;
  words: Array<{ word: string; allowed: number }>;
}

/** A query read into its normalised words; no words when it holds no letter or digit. */
export function parseSearchQuery(text: string): SearchQuery {
  const needle = normaliseForSearch(text);
  return { needle, words: needle.split(' ').filter(Boolean).map((word) => ({ word, allowed: allowedEdits(word) })) };
}

/**
 * Where a hit ranks: exact matches (`tier` 0) before typo-forgiven ones (1), then
 * higher score, then label and id. The label is kept to its first LABEL_KEY_LENGTH
 * letters so that a key fits in a cursor.
 */
export interface RankKey {
  tier: 0 | 1;
  score: number;
  label: string;
  id: string;
}

export const LABEL_KEY_LENGTH = 48;

export function compareRank(a: RankKey, b: RankKey): number {
  return a.tier - b.tier || b.score - a.score || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Scores a node against a query, or null when a word does not match. `text` is the
 * node's searchable text (normalised). Every query word must match a word of the
 * label or text. Within each tier: the label equal to, starting with or holding the
 * whole query scores most, then the text holding it from a word start; a query whose
 * every word is in the label beats one found partly in the text; shorter labels are
 * more specific; each typo costs.
 */
export function rankNode(query: SearchQuery, id: string, normalisedLabel: string, text: string): RankKey | null {
  const labelWords = normalisedLabel.split(' ');
  const textWords = text.split(' ');
  const perWord: Array<{ inLabel: number; best: number }> = [];
  for (const { word, allowed } of query.words) {
    const inLabel = bestMatch(word, labelWords, allowed);
    const best = inLabel === 0 ? 0 : Math.min(inLabel, bestMatch(word, textWords, allowed));
    if (best === Infinity) return null;
    perWord.push({ inLabel, best });
  }
  return keyOf(query, id, normalisedLabel, perWord, ` ${text}`.includes(` ${query.needle}`));
}

function keyOf(query: SearchQuery, id: string, label: string, perWord: ReadonlyArray<{ inLabel: number; best: number }>, phraseInText: boolean): RankKey {
  const needle = query.needle;
  const inLabel = perWord.filter((w) => w.inLabel !== Infinity).length;
  const edits = perWord.reduce((sum, w) => sum + w.best, 0);
  let score = 0;
  if (label === needle) score += 100;
  else if (label.startsWith(needle)) score += 60;
  else if (` ${label} `.includes(` ${needle} `)) score += 45;
  else if (phraseInText) score += 20;
  score += inLabel === perWord.length ? 30 : 0;
  score += inLabel * 2;
  // Shorter labels are more specific matches.
  score -= Math.min(10, label.length / 20);
  score -= 25 * edits;
  return { tier: edits > 0 ? 1 : 0, score, label: label.slice(0, LABEL_KEY_LENGTH), id };
}

/**
 * The rank of a node known only by its label and by how the driving word (the one
 * whose postings found it) matched its text, when the rest of its text cannot change
 * it; undefined when the text is needed. The text is not needed when every other word
 * matches the label exactly and the phrase question is settled by the label (or by the
 * driving word alone, for a one-word query). A node whose rank is settled this way is
 * a hit for certain: every word matched.
 */
export function rankFromLabel(query: SearchQuery, id: string, normalisedLabel: string, driver: number, driverEdits: number): RankKey | undefined {
  const labelWords = normalisedLabel.split(' ');
  const perWord: Array<{ inLabel: number; best: number }> = [];
  for (let i = 0; i < query.words.length; i++) {
    const { word, allowed } = query.words[i]!;
    const inLabel = bestMatch(word, labelWords, allowed);
    if (i === driver) perWord.push({ inLabel, best: Math.min(inLabel, driverEdits) });
    else if (inLabel === 0) perWord.push({ inLabel, best: 0 });
    else return undefined;
  }
  const label = normalisedLabel;
  const labelHoldsPhrase = label === query.needle || label.startsWith(query.needle) || ` ${label} `.includes(` ${query.needle} `);
  if (labelHoldsPhrase) return keyOf(query, id, label, perWord, true);
  // One word: the text holds it from a word start exactly when the driver matched it as a prefix.
  if (query.words.length === 1) return keyOf(query, id, label, perWord, driverEdits === 0);
  return undefined;
}

/**
 * Scores every candidate against the query; returns matches best first (see `rankNode`).
 */
export function rankSearch(text: string, candidates: readonly NodeSummary[]): RankedHit[] {
  const query = parseSearchQuery(text);
  if (query.words.length === 0) return [];
  const hits: RankKey[] = [];
  for (const candidate of candidates) {
    const key = rankNode(query, candidate.id, normaliseForSearch(candidate.label), candidate.search);
    if (key) hits.push(key);
  }
  return hits.sort(compareRank).map(({ id, score }) => ({ id, score }));
}
