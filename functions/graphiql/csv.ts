// CSV as RFC 4180 has it: CRLF line ends; a field with a comma, quote or line break is
// quoted, its quotes doubled. A cell a spreadsheet would run as a formula (=, +, -, @,
// tab, CR first) is prefixed with an apostrophe, so an opened file never executes one.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
