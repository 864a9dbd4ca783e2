// The Explorer rewrites the query from its syntax tree, which has no comments; the
// starter's explanation is a block of comments at the top, so it is carried over.

/** The comment lines (and blank lines between them) before the first line of GraphQL. */
export function leadingComments(query: string): string {
  const lines = query.split(/\r?\n/);
  const kept: string[] = [];
  for (const line of lines) {
    if (/^\s*#/.test(line) || (line.trim() === '' && kept.length > 0)) kept.push(line);
    else if (line.trim() !== '') break;
  }
  while (kept.length && kept[kept.length - 1]!.trim() === '') kept.pop();
  return kept.join('\n');
}

/** `next` with the leading comment block of `previous` in front, unless it already has it. */
export function keepLeadingComments(previous: string, next: string): string {
  const block = leadingComments(previous);
  if (!block || next.startsWith(block)) return next;
  return `${block}\n${next.replace(/^\s*\n/, '')}`;
}
