/**
 * Search: case-, accent- and punctuation-insensitive matching of labels and text,
 * ranked so that a label match beats a match in the body text.
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
 * Scores every candidate against the query; returns matches best first. Every query
 * word must appear (as a word prefix) in the label or text for a node to match.
 */
export function rankSearch(query: string, candidates: readonly NodeSummary[]): RankedHit[] {
  const needle = normaliseForSearch(query);
  const words = needle.split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const hits: Array<RankedHit & { label: string }> = [];
  for (const candidate of candidates) {
    const label = normaliseForSearch(candidate.label);
    const labelWords = label.split(' ');
    const textWords = candidate.search.split(' ');
    const inLabel = words.filter((w) => labelWords.some((lw) => lw.startsWith(w))).length;
    const inText = words.filter((w) => textWords.some((tw) => tw.startsWith(w))).length;
    if (inLabel < words.length && inText < words.length) continue;
    let score = 0;
    if (label === needle) score += 100;
    else if (label.startsWith(needle)) score += 60;
    else if (` ${label} `.includes(` ${needle} `)) score += 45;
    else if (candidate.search.includes(needle)) score += 20;
    score += inLabel === words.length ? 30 : 0;
    score += inLabel * 2;
    // Shorter labels are more specific matches.
    score -= Math.min(10, label.length / 20);
    hits.push({ id: candidate.id, score, label });
  }
  return hits
    .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label) || a.id.localeCompare(b.id))
    .map(({ id, score }) => ({ id, score }));
}
