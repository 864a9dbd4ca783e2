/**
 * Search: case-, accent- and punctuation-insensitive matching of labels and text,
 * forgiving a typo or two in longer words, ranked so that exact matches come first
 * and a label match beats a match in the body text.
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
    .replace(/['’‘`]/g, '')
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
 * The fewest edits that turn `query` into a prefix of `word` (optimal string alignment:
 * insertions, deletions, substitutions and adjacent swaps), or Infinity when it takes
 * more than `max`. A prefix, so "octen" is one edit from "octans".
 */
export function prefixEditDistance(query: string, word: string, max: number): number {
  if (word.startsWith(query)) return 0;
  if (max === 0 || word.length < query.length - max) return Infinity;
  // Only the first query.length + max letters of the word can take part in a prefix match.
  const columns = Math.min(word.length, query.length + max) + 1;
  if (rows[0]!.length < columns) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(columns * 2);
  let before = rows[0]!; // row i-2, for swaps
  let previous = rows[1]!;
  let row = rows[2]!;
  for (let j = 0; j < columns; j++) previous[j] = j;
  for (let i = 1; i <= query.length; i++) {
    row[0] = i;
    let rowMin = i;
    const q = query.charCodeAt(i - 1);
    for (let j = 1; j < columns; j++) {
      const w = word.charCodeAt(j - 1);
      let value = previous[j - 1]! + (q === w ? 0 : 1);
      if (previous[j]! + 1 < value) value = previous[j]! + 1;
      if (row[j - 1]! + 1 < value) value = row[j - 1]! + 1;
      if (i > 1 && j > 1 && q === word.charCodeAt(j - 2) && query.charCodeAt(i - 2) === w && before[j - 2]! + 1 < value) value = before[j - 2]! + 1;
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return Infinity;
    const spare = before;
    before = previous;
    previous = row;
    row = spare;
  }
  // Any prefix of the word: the best cell of the last row.
  let best = Infinity;
  for (let j = 0; j < columns; j++) if (previous[j]! < best) best = previous[j]!;
  return best <= max ? best : Infinity;
}

/** Reused rows of the edit-distance table (search runs synchronously, one query at a time). */
const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Fewest edits for `query` to match any of `words` as a prefix (0: an exact prefix), or
 * Infinity. `memo` remembers each word's distance for this query word, so a word that
 * recurs across candidates is measured once per search.
 */
function bestMatch(query: string, words: readonly string[], max: number, memo: Map<string, number>): number {
  for (const word of words) if (word.startsWith(query)) return 0;
  if (max === 0) return Infinity;
  let best = Infinity;
  for (const word of words) {
    let edits = memo.get(word);
    if (edits === undefined) {
      edits = prefixEditDistance(query, word, max);
      memo.set(word, edits);
    }
    if (edits < best) best = edits;
    if (best === 1) break;
  }
  return best;
}

/**
 * Scores every candidate against the query; returns matches best first. Every query
 * word must appear in the label or text, as a word prefix or (for longer words) within
 * a typo or two of one (see `allowedEdits`). Candidates matching every word exactly
 * come before any that needed a typo forgiven; within each group label matches, whole
 * phrases and short labels rank first, and fewer typos beat more.
 */
export function rankSearch(query: string, candidates: readonly NodeSummary[]): RankedHit[] {
  const needle = normaliseForSearch(query);
  const words = needle.split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const allowed = words.map(allowedEdits);
  const memos = words.map(() => new Map<string, number>());
  const hits: Array<RankedHit & { label: string; edits: number }> = [];
  for (const candidate of candidates) {
    const label = normaliseForSearch(candidate.label);
    const labelWords = label.split(' ');
    const textWords = candidate.search.split(' ');
    let inLabel = 0;
    let edits = 0;
    let matched = true;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const inLabelEdits = bestMatch(word, labelWords, allowed[i]!, memos[i]!);
      const best = inLabelEdits === 0 ? 0 : Math.min(inLabelEdits, bestMatch(word, textWords, allowed[i]!, memos[i]!));
      if (best === Infinity) {
        matched = false;
        break;
      }
      if (inLabelEdits !== Infinity) inLabel++;
      edits += best;
    }
    if (!matched) continue;
    let score = 0;
    if (label === needle) score += 100;
    else if (label.startsWith(needle)) score += 60;
    else if (` ${label} `.includes(` ${needle} `)) score += 45;
    else if (candidate.search.includes(needle)) score += 20;
    score += inLabel === words.length ? 30 : 0;
    score += inLabel * 2;
    // Shorter labels are more specific matches.
    score -= Math.min(10, label.length / 20);
    score -= 25 * edits;
    hits.push({ id: candidate.id, score, label, edits });
  }
  return hits
    .sort((a, b) => Number(a.edits > 0) - Number(b.edits > 0) || b.score - a.score || a.label.localeCompare(b.label) || a.id.localeCompare(b.id))
    .map(({ id, score }) => ({ id, score }));
}
