/**
 * Suggested evidence for a request whose delivery the pack does not record: nodes whose
 * text shares the request's rarer words, ranked. A suggestion is never a fact and never
 * enters a trace; a curator confirms one (it becomes an inferred, cited link in the
 * dataset) or dismisses it (a DISMISSED_SUGGESTION edge, so it is not suggested again).
 * Pure: the caller supplies the candidate nodes.
 */
import type { GraphNode } from './dataset.js';
import { NODE_TYPES, type NodeTypeName, type PropertySpec } from './model.js';
import { normaliseForSearch } from './search.js';

/** A node as the ranking sees it: its own words, not the context its label borrows. */
export interface EvidenceCandidate {
  id: string;
  type: NodeTypeName;
  label: string;
  text: string;
}

/** The node's own searchable properties (name, title, text, description, aliases), without its label. */
export function evidenceCandidate(node: GraphNode): EvidenceCandidate {
  const specs = NODE_TYPES[node.type].properties as Record<string, PropertySpec>;
  const parts = Object.entries(node.props).filter(([name]) => specs[name]?.searchable && name !== 'note').map(([, v]) => (Array.isArray(v) ? v.join(' ') : String(v)));
  return { id: node.id, type: node.type, label: node.label, text: parts.join(' ') };
}

/** Most suggestions one request may ask for. */
export const MAX_SUGGESTIONS = 20;

/** Kinds of node that can be evidence of delivery. */
export const SUGGESTION_TYPES: readonly NodeTypeName[] = ['Action', 'Operation', 'ProgressUpdate', 'Plan', 'Strategy', 'Priority', 'Consultation'];

const STOP = new Set(
  ('the and that for with this from have has had been were was are will would should could which their there they them than then into onto over under about after before also such '
    + 'other more most some any all each its our your his her she him who whom what when where why how not but nor per via upon within without between '
    + 'be by of to in on at as an a or is it we us do does done can may must being made make one two three '
    + 'these those work support year further relation appropriate necessary provide use address '
    + 'committee crime disorder report reports requested request recommended recommendation resolved noted note csp community safety partnership luton council').split(' '),
);

/** A light stem: "targeted", "targets" and "target" match; "giving" and "give" match. */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The words a text is matched by: lower case, no small or common words, stemmed; years kept, other numbers dropped. */
export function matchWords(text: string): string[] {
  return normaliseForSearch(text)
    .split(' ')
    .filter((w) => (w.length > 2 && !STOP.has(w) && !/^\d+$/.test(w)) || /^(19|20)\d\d$/.test(w))
    .map(stem)
    .filter((w) => !STOP.has(w));
}

export interface EvidenceSuggestion {
  id: string;
  type: NodeTypeName;
  label: string;
  /** Sum of the shared words' rarity (inverse document frequency), damped by the candidate's length. */
  score: number;
  /** The request's words the candidate shares, rarest first. */
  matchingWords: string[];
}

/**
 * Ranks `candidates` against the request's text. Words rare among the candidates weigh
 * more; a long candidate text is damped so that it does not win by size alone.
 */
export function suggestEvidence(requestText: string, candidates: readonly EvidenceCandidate[], options: { exclude?: ReadonlySet<string>; limit?: number } = {}): EvidenceSuggestion[] {
  const wanted = new Set(matchWords(requestText));
  if (wanted.size === 0) return [];
  const bags = candidates.map((c) => ({ candidate: c, words: new Set(matchWords(c.text)) }));
  const documentFrequency = new Map<string, number>();
  for (const { words } of bags) for (const w of words) if (wanted.has(w)) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((bags.length + 1) / ((documentFrequency.get(w) ?? 0) + 1));
  const ranked: EvidenceSuggestion[] = [];
  for (const { candidate, words } of bags) {
    if (options.exclude?.has(candidate.id)) continue;
    const shared = [...wanted].filter((w) => words.has(w));
    if (shared.length === 0) continue;
    const weight = shared.reduce((sum, w) => sum + idf(w), 0);
    const score = weight / Math.log(4 + words.size);
    ranked.push({
      id: candidate.id,
      type: candidate.type,
      label: candidate.label,
      score: Math.round(score * 1000) / 1000,
      matchingWords: shared.sort((a, b) => idf(b) - idf(a) || a.localeCompare(b)),
    });
  }
  ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return ranked.slice(0, options.limit ?? 5);
}

export interface PrecisionCase {
  request: string;
  /** Nodes the dataset links as its delivery (TAKES_UP, PROGRESS_OF). */
  truth: string[];
  /** Best rank of any of them when the links are hidden, or null when none ranks within the list. */
  bestRank: number | null;
}

/**
 * How often a recorded delivery would have been suggested: for every request whose delivery
 * the dataset links to an action, operation, progress update or plan, rank the candidates by
 * text alone (the links play no part in ranking) and see whether a linked node is in the top k.
 */
export function suggestionPrecision(graph: { nodes: readonly GraphNode[]; edges: ReadonlyArray<{ from: string; type: string; to: string }> }, k = 3): { hits: number; total: number; cases: PrecisionCase[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const candidates = graph.nodes.filter((n) => SUGGESTION_TYPES.includes(n.type)).map(evidenceCandidate);
  const cases: PrecisionCase[] = [];
  for (const request of graph.nodes.filter((n) => n.type === 'Resolution' || n.type === 'Recommendation')) {
    const truth = graph.edges
      .filter((e) => e.to === request.id && (e.type === 'TAKES_UP' || e.type === 'PROGRESS_OF') && SUGGESTION_TYPES.includes(byId.get(e.from)?.type as NodeTypeName))
      .map((e) => e.from);
    if (truth.length === 0) continue;
    const ranked = suggestEvidence(String(request.props.text ?? ''), candidates, { limit: MAX_SUGGESTIONS });
    const ranks = ranked.map((s, i) => (truth.includes(s.id) ? i + 1 : null)).filter((r): r is number => r !== null);
    cases.push({ request: request.id, truth: [...new Set(truth)].sort(), bestRank: ranks.length ? Math.min(...ranks) : null });
  }
  return { hits: cases.filter((c) => c.bestRank !== null && c.bestRank <= k).length, total: cases.length, cases };
}
