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

  /** Line numbers (1-based) where the quote starts, to help fix a wrong locator. */
  findLines(quote: string): number[] {
    const needle = normaliseWhitespace(quote);
    const found: number[] = [];
    for (let start = 0; start < this.lines.length; start++) {
      let joined = '';
      for (let end = start; end < Math.min(this.lines.length, start + 40); end++) {
        joined = normaliseWhitespace(`${joined} ${this.lines[end]}`);
        if (joined.includes(needle)) {
          // Only report the tightest start: the quote must not also fit from start + 1.
          found.push(start + 1);
          break;
        }
        if (joined.length > needle.length + 4000) break;
      }
    }
    return found.filter((line, i) => !found.includes(line + 1) || i === found.length - 1).slice(0, 5);
  }
}
