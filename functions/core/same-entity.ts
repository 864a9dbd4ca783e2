/**
 * Candidate duplicates: nodes whose names are so alike that a curator must say whether
 * they are one thing (merge, keeping both citations), possibly one (a cited SAME_AS link)
 * or two. Pure: ranks by the words of the name alone, never decides.
 */
import type { GraphNode } from './dataset.js';

const STOP = new Set(['the', 'of', 'and', 'a', 'an', 'in', 'for', 'to', 'on', 'luton', 'lbc', 'council', 's']);

/** The words a node is named by: its name, title or text, lower case, without small words. */
export function nameWords(node: Pick<GraphNode, 'props' | 'label'>): string[] {
  const name = String(node.props.name ?? node.props.title ?? node.props.text ?? node.label);
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w.length > 0 && !STOP.has(w));
}

export interface CandidatePair {
  /** The two ids, in order. */
  a: string;
  b: string;
  /** Shared words over all words (Jaccard), 0..1. */
  similarity: number;
}

/**
 * Which types' nodes could name the same thing twice. A body and the work it does are the one
 * cross-type family the pack prints under one name (the Amber Unit); a plan and the document
 * that sets it out are two things by design, as are two metrics of one survey.
 */
const FAMILY: Partial<Record<string, string>> = {
  Organisation: 'body-or-work', Operation: 'body-or-work',
  Plan: 'plan', Strategy: 'plan',
  Person: 'Person', Post: 'Post', Place: 'Place', Consultation: 'Consultation', Order: 'Order',
};

/** Names and abbreviations squashed to letters and digits ("MAGPan" -> "magpan"). */
function compactNames(node: GraphNode): string[] {
  const names = [node.props.name, node.props.title, node.props.abbreviation, ...(Array.isArray(node.props.aliases) ? node.props.aliases : [])];
  return names.filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase().replace(/[^a-z0-9]/g, '')).filter((n) => n.length >= 5);
}

/** True when a and b differ by at most one insertion, deletion or substitution. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

/**
 * Pairs of nodes of one family whose name words overlap by at least `threshold` (Jaccard),
 * or whose name or abbreviation is one letter from the other's ("MagPlan", "MAGPan").
 */
export function candidateDuplicates(nodes: readonly GraphNode[], threshold = 0.6): CandidatePair[] {
  const named = nodes.filter((n) => FAMILY[n.type]).map((n) => ({ node: n, family: FAMILY[n.type]!, words: new Set(nameWords(n)), compact: compactNames(n) })).filter((x) => x.words.size > 0);
  const pairs: CandidatePair[] = [];
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const x = named[i]!;
      const y = named[j]!;
      if (x.family !== y.family) continue;
      let shared = 0;
      for (const w of x.words) if (y.words.has(w)) shared++;
      let similarity = shared / (x.words.size + y.words.size - shared);
      if (similarity < threshold && x.compact.some((a) => y.compact.some((b) => withinOneEdit(a, b)))) similarity = Math.max(similarity, threshold);
      if (similarity >= threshold) {
        const [a, b] = [x.node.id, y.node.id].sort();
        pairs.push({ a: a!, b: b!, similarity: Math.round(similarity * 100) / 100 });
      }
    }
  }
  return pairs.sort((p, q) => q.similarity - p.similarity || p.a.localeCompare(q.a) || p.b.localeCompare(q.b));
}
