/**
 * Visibility in the model: every node and edge is public (the default) or restricted,
 * and a restricted one says why. The rules below keep restricted information from
 * reaching the public graph through anything public: an edge naming a restricted node,
 * a public quote of restricted lines, a public text repeating restricted words, or the
 * record of an exempt agenda item beyond its listing. Pure: no storage, no Apollo.
 */
import { normaliseWhitespace, type Citation } from './citations.js';
import type { Visibility } from './access.js';

/** Why something is restricted. */
export const RESTRICTION_REASONS = ['exempt-information', 'confidential-partnership', 'draft'] as const;
export type RestrictionReason = (typeof RESTRICTION_REASONS)[number];

/**
 * The paragraphs of Part 1 of Schedule 12A to the Local Government Act 1972: the
 * descriptions of exempt information (in England).
 */
export const SCHEDULE_12A_PARAGRAPHS: Readonly<Record<number, string>> = {
  1: 'information relating to any individual',
  2: 'information likely to reveal the identity of an individual',
  3: 'information relating to the financial or business affairs of any particular person',
  4: 'consultations or negotiations on labour relations matters',
  5: 'information in respect of which legal professional privilege could be maintained',
  6: 'information revealing a proposal to give a notice, or make an order or direction, under an enactment',
  7: 'action taken or to be taken in connection with the prevention, investigation or prosecution of crime',
};

export interface Restriction {
  reason: RestrictionReason;
  /** For exempt information: the paragraph of Schedule 12A, Part 1 (1-7). */
  paragraph?: number;
  note?: string;
}

/** Anything that may carry a restriction: a node or an edge. */
export interface MaybeRestricted {
  restriction?: Restriction;
}

export function visibilityOf(item: MaybeRestricted): Visibility {
  return item.restriction ? 'restricted' : 'public';
}

export function isPublic(item: MaybeRestricted): boolean {
  return item.restriction === undefined;
}

/** One line an officer reads: "exempt information, Schedule 12A paragraph 3". */
export function describeRestriction(restriction: Restriction): string {
  if (restriction.reason === 'exempt-information') return `exempt information, Schedule 12A paragraph ${restriction.paragraph} (${SCHEDULE_12A_PARAGRAPHS[restriction.paragraph!]})`;
  return restriction.reason === 'draft' ? 'an unpublished draft' : 'confidential partnership material';
}

function describe(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}

/**
 * Reads an entry's `visibility` and `restriction` fields, reporting what to fix.
 * `restricted` is what the entry declares (so the graph-wide rules treat it as
 * restricted even when its restriction is faulty); `restriction` is set when valid.
 */
export function parseVisibility(raw: Record<string, unknown>, what: 'node' | 'edge', report: (message: string) => void): { restricted: boolean; restriction?: Restriction } {
  const visibility = raw.visibility ?? 'public';
  if (visibility !== 'public' && visibility !== 'restricted') {
    report(`"visibility" must be public or restricted; got ${describe(visibility)}`);
    return { restricted: false };
  }
  const rawRestriction = raw.restriction;
  if (visibility === 'public') {
    if (rawRestriction !== undefined) report(`gives a "restriction" but is public; add "visibility: restricted", or drop the restriction`);
    return { restricted: false };
  }
  return { restricted: true, restriction: parseRestriction(rawRestriction, what, report) };
}

function parseRestriction(rawRestriction: unknown, what: 'node' | 'edge', report: (message: string) => void): Restriction | undefined {
  if (typeof rawRestriction !== 'object' || rawRestriction === null || Array.isArray(rawRestriction)) {
    report(`a restricted ${what} needs "restriction": { reason: ${RESTRICTION_REASONS.join(' | ')}, paragraph: 1-7 for exempt information }`);
    return undefined;
  }
  const entry = rawRestriction as Record<string, unknown>;
  const unknown = Object.keys(entry).filter((key) => !['reason', 'paragraph', 'note'].includes(key));
  if (unknown.length) report(`"restriction" has unknown field(s) ${unknown.join(', ')}; allowed: reason, paragraph, note`);
  const { reason, paragraph, note } = entry;
  if (typeof reason !== 'string' || !(RESTRICTION_REASONS as readonly string[]).includes(reason)) {
    report(`"restriction.reason" must be one of ${RESTRICTION_REASONS.join(', ')}; got ${describe(reason)}`);
    return undefined;
  }
  if (note !== undefined && (typeof note !== 'string' || note.trim() === '')) report(`"restriction.note" must be a non-empty string; got ${describe(note)}`);
  if (reason === 'exempt-information') {
    if (typeof paragraph !== 'number' || !Number.isInteger(paragraph) || paragraph < 1 || paragraph > 7) {
      report(`exempt information needs "restriction.paragraph": the paragraph of Schedule 12A, Part 1, that it falls within (1 to 7); got ${describe(paragraph)}`);
      return undefined;
    }
  } else if (paragraph !== undefined) {
    report(`"restriction.paragraph" names a paragraph of Schedule 12A, so it goes only with reason exempt-information; got reason ${reason}`);
    return undefined;
  }
  return {
    reason: reason as RestrictionReason,
    ...(reason === 'exempt-information' ? { paragraph: paragraph as number } : {}),
    ...(typeof note === 'string' && note.trim() !== '' ? { note } : {}),
  };
}

/** What the graph-wide rules need of a node or an edge. */
export interface VisibilityEntry {
  /** Declared restricted. */
  restricted: boolean;
  /** Where to report a problem. */
  file: string;
  entry: string;
  /** `node` with its id, or `edge` with its ends. */
  kind: 'node' | 'edge';
  id?: string;
  from?: string;
  to?: string;
  edgeType?: string;
  label?: string;
  /** Free-text properties a reader sees (text, description, title...). */
  texts?: readonly string[];
  sources: readonly Citation[];
  /** An entry of a dependency: it binds this dataset's entries and is never reported itself. */
  external?: boolean;
}

/** An agenda item whose listing is public and whose content is exempt information. */
export interface ExemptItem {
  id: string;
}

/** A restricted quote shorter than this many words is too common to be restricted text. */
export const RESTRICTED_TEXT_MIN_WORDS = 3;

const normalised = (value: string) => normaliseWhitespace(value).toLowerCase();

/**
 * The graph-wide rules, run once every entry is parsed. `report` gets the entry at fault
 * and what to fix.
 */
export function checkVisibilityRules(
  entries: readonly VisibilityEntry[],
  exemptItems: ReadonlySet<string>,
  report: (entry: VisibilityEntry, message: string) => void,
): void {
  const restrictedNodes = new Set(entries.filter((e) => e.kind === 'node' && e.restricted).map((e) => e.id!));
  const restricted = entries.filter((e) => e.restricted);
  const restrictedName = (e: VisibilityEntry) => (e.kind === 'node' ? `node "${e.id}"` : `edge ${e.from} -${e.edgeType}-> ${e.to}`);
  // Lines restricted entries quote, by document.
  const restrictedLines = new Map<string, Array<{ lines: [number, number]; by: VisibilityEntry }>>();
  for (const e of restricted) {
    for (const source of e.sources) {
      const list = restrictedLines.get(source.document) ?? [];
      list.push({ lines: source.lines, by: e });
      restrictedLines.set(source.document, list);
    }
  }
  // Words a restricted entry quotes (three or more), and the names of restricted nodes (two or more).
  const restrictedPhrases = restricted.flatMap((e) => [
    ...e.sources.map((s) => ({ quote: normalised(s.quote), by: e })).filter((q) => q.quote.split(' ').length >= RESTRICTED_TEXT_MIN_WORDS),
    ...(e.kind === 'node' && e.label && normalised(e.label).split(' ').length >= 2 ? [{ quote: normalised(e.label), by: e }] : []),
  ]);

  for (const e of entries) {
    if (e.external) continue;
    if (e.kind === 'node' && exemptItems.has(e.id!) && e.restricted) {
      report(e, 'an exempt-information item\'s listing on the agenda is public: keep this node public and restrict what is recorded beyond the listing (its reports, decisions, presenters)');
    }
    if (e.restricted) continue;
    if (e.kind === 'edge') {
      for (const end of [e.from!, e.to!]) {
        if (restrictedNodes.has(end)) report(e, `is public but joins restricted node "${end}", so it would name it: mark the edge "visibility: restricted" with a restriction`);
      }
      const exemptEnd = [e.from!, e.to!].find((end) => exemptItems.has(end));
      if (exemptEnd && e.edgeType !== 'ITEM_OF') {
        report(e, `is public but records more of exempt-information item "${exemptEnd}" than its listing (only its ITEM_OF link to the meeting is the listing): mark the edge "visibility: restricted"`);
      }
    }
    for (const source of e.sources) {
      if (restrictedNodes.has(source.document)) {
        report(e, `is public but cites "${source.document}", a restricted document: restrict this ${e.kind} or cite a public source`);
        continue;
      }
      const overlap = (restrictedLines.get(source.document) ?? []).find((r) => r.lines[0] <= source.lines[1] && source.lines[0] <= r.lines[1]);
      if (overlap) {
        report(e, `is public but quotes lines ${source.lines[0]}-${source.lines[1]} of ${source.document}, which overlap lines ${overlap.lines[0]}-${overlap.lines[1]} quoted by restricted ${restrictedName(overlap.by)}: restrict this ${e.kind}, or cite other lines`);
      }
    }
    const shown = [e.label, ...(e.texts ?? [])].filter((t): t is string => typeof t === 'string').map(normalised);
    for (const { quote, by } of restrictedPhrases) {
      if (shown.some((text) => text.includes(quote))) {
        report(e, `is public but its label or text repeats "${quote.slice(0, 60)}", words of restricted ${restrictedName(by)}: reword it or restrict this ${e.kind}`);
      }
    }
  }
}
