/**
 * Citation coverage of a source document: which substantive lines (four or more
 * words) some node's or edge's quote covers, and which runs of uncited lines are
 * long enough to need a curator's look. Pure: the caller reads the files.
 */
import { normaliseWhitespace, type Citation } from './citations.js';
import type { Graph } from './dataset.js';

/** A line counts when it holds at least this many words. */
export const SUBSTANTIVE_WORDS = 4;
/** An uncited block with more substantive lines than this is listed for review. */
export const BLOCK_THRESHOLD = 5;

/** Why lines may stay uncited. */
export const EXCLUSION_REASONS = ['boilerplate', 'phone-numbers', 'repeated-header', 'contents-list', 'procedural', 'layout-residue', 'quoted-elsewhere', 'table-residue'] as const;

export interface CoverageExclusion {
  /** First and last line, inclusive. */
  lines: [number, number];
  /** Why the lines need no citation: boilerplate, phone-numbers, repeated-header, ... */
  reason: string;
  note?: string;
}

export interface UncitedBlock {
  /** First and last substantive line of the run, inclusive. */
  lines: [number, number];
  /** Substantive lines in the run. */
  substantive: number;
  /** The exclusion that covers the run, if one does. */
  excludedBy?: CoverageExclusion;
  /** First words of the run, to recognise it. */
  preview: string;
}

export interface CoverageReport {
  document: string;
  totalLines: number;
  substantiveLines: number;
  /** Substantive lines a quote spans (the tightest lines holding it). */
  coveredLines: number;
  /** Substantive lines inside some citation's line range (the looser measure: a generous range counts). */
  rangeCoveredLines: number;
  /** covered / substantive, 0..1. */
  share: number;
  /** Substantive lines that are uncited but inside a reviewed exclusion. */
  excludedLines: number;
  blocks: UncitedBlock[];
  /** Blocks longer than the threshold that no exclusion covers. */
  unreviewed: UncitedBlock[];
}

export function wordCount(line: string): number {
  return line.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * The lines a quote actually spans inside its cited range: the tightest sub-range
 * whose text holds it, so a generous range does not count as coverage.
 */
export function quotedLines(lines: readonly string[], citation: Pick<Citation, 'quote' | 'lines'>): [number, number] | undefined {
  const needle = normaliseWhitespace(citation.quote);
  const holds = (first: number, last: number) => normaliseWhitespace(lines.slice(first - 1, last).join('\n')).includes(needle);
  let [first, last] = citation.lines;
  last = Math.min(last, lines.length);
  if (first > last || !holds(first, last)) return undefined;
  while (first < last && holds(first + 1, last)) first++;
  while (last > first && holds(first, last - 1)) last--;
  return [first, last];
}

/**
 * `also`: other Document ids registered for the same source text (another dataset's own
 * registration of it), whose citations count too.
 */
export function coverageReport(graph: Graph, document: string, text: string, exclusions: readonly CoverageExclusion[] = [], also: readonly string[] = []): CoverageReport {
  const lines = text.split(/\r?\n/);
  const covered = new Uint8Array(lines.length + 2);
  const inRange = new Uint8Array(lines.length + 2);
  const citations = [...graph.nodes, ...graph.edges].flatMap((subject) => subject.sources).filter((c) => c.document === document || also.includes(c.document));
  for (const citation of citations) {
    for (let n = citation.lines[0]; n <= Math.min(citation.lines[1], lines.length); n++) inRange[n] = 1;
    const span = quotedLines(lines, citation);
    if (!span) continue;
    for (let n = span[0]; n <= span[1]; n++) covered[n] = 1;
  }
  const substantive = (n: number) => wordCount(lines[n - 1] ?? '') >= SUBSTANTIVE_WORDS;
  const excludedBy = (n: number) => exclusions.find((e) => e.lines[0] <= n && n <= e.lines[1]);

  let substantiveLines = 0;
  let coveredLines = 0;
  let excludedLines = 0;
  let rangeCoveredLines = 0;
  const blocks: UncitedBlock[] = [];
  let run: number[] = [];
  const closeRun = () => {
    if (run.length > 0) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      const exclusion = exclusions.find((e) => e.lines[0] <= first && last <= e.lines[1]);
      blocks.push({
        lines: [first, last],
        substantive: run.length,
        ...(exclusion ? { excludedBy: exclusion } : {}),
        preview: normaliseWhitespace(lines[first - 1] ?? '').slice(0, 60),
      });
    }
    run = [];
  };
  for (let n = 1; n <= lines.length; n++) {
    if (inRange[n] && substantive(n)) rangeCoveredLines++;
    if (covered[n]) {
      closeRun();
      if (substantive(n)) { substantiveLines++; coveredLines++; }
      continue;
    }
    if (!substantive(n)) continue;
    substantiveLines++;
    if (excludedBy(n)) excludedLines++;
    run.push(n);
  }
  closeRun();
  const long = blocks.filter((b) => b.substantive > BLOCK_THRESHOLD);
  return {
    document,
    totalLines: lines.length,
    substantiveLines,
    coveredLines,
    rangeCoveredLines,
    share: substantiveLines === 0 ? 1 : coveredLines / substantiveLines,
    excludedLines,
    blocks: long,
    unreviewed: long.filter((b) => !b.excludedBy),
  };
}
