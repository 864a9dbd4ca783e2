/**
 * Citations: every quote must appear verbatim (whitespace aside) in the cited
 * document, within the cited line range.
 */

export interface Citation {
  /** Id of the Document node cited. */
  document: string;
  /** Exact words of the source; runs of whitespace compare equal. */
  quote: string;
  /** First and last line (1-based, inclusive) of the document text holding the quote. */
  lines: [number, number];
  /** Printed page, where the text gives one. */
  page?: string;
}

/** Collapses runs of whitespace (line breaks, tabs, non-breaking spaces) to one space. */
export function normaliseWhitespace(value: string): string {
  return value.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

export function formatLocator(citation: Pick<Citation, 'lines' | 'page'>): string {
  const [first, last] = citation.lines;
  const lines = first === last ? `line ${first}` : `lines ${first}-${last}`;
  return citation.page ? `page ${citation.page}, ${lines}` : lines;
}

/** Parses "12", "12-15" or [12, 15] into an inclusive line range. */
export function parseLineRange(value: unknown): [number, number] | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n > 0)) {
    return [value[0] as number, value[1] as number];
  }
  if (typeof value === 'string') {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(value);
    if (match) return [Number(match[1]), Number(match[2] ?? match[1])];
  }
  return undefined;
}

/** The lines of a document, for checking quotes against a locator. */
export class SourceText {
  readonly lines: string[];
  private readonly whole: string;

  constructor(readonly text: string) {
    this.lines = text.split(/\r?\n/);
    this.whole = normaliseWhitespace(text);
  }

  /** Where the quote is: `at-locator`, `elsewhere` (lines wrong) or `absent`. */
  locate(quote: string, lines: [number, number]): 'at-locator' | 'elsewhere' | 'absent' {
    const needle = normaliseWhitespace(quote);
    const [first, last] = lines;
    const span = normaliseWhitespace(this.lines.slice(first - 1, last).join('\n'));
    if (span.includes(needle)) return 'at-locator';
    return this.whole.includes(needle) ? 'elsewhere' : 'absent';
  }

  /** The tightest line ranges (1-based) holding the quote, to help fix a wrong locator. */
  findLines(quote: string): string[] {
    const needle = normaliseWhitespace(quote);
    const found: string[] = [];
    for (let start = 0; start < this.lines.length && found.length < 5; start++) {
      if (!normaliseWhitespace(this.lines.slice(start, Math.min(this.lines.length, start + 60)).join(' ')).includes(needle)) continue;
      let end = start;
      while (!normaliseWhitespace(this.lines.slice(start, end + 1).join(' ')).includes(needle)) end++;
      // Skip a start that only works because the quote also fits from the next line.
      if (normaliseWhitespace(this.lines.slice(start + 1, end + 1).join(' ')).includes(needle)) continue;
      found.push(end === start ? `${start + 1}` : `${start + 1}-${end + 1}`);
    }
    return found;
  }
}
