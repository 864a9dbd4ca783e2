/**
 * Arguments the resolvers themselves refuse, each with BAD_USER_INPUT, the argument it
 * names and a message that says what to send instead: search text past its limit, and
 * cursors the tracker never handed out. Runs the local stack on the mini dataset.
 */
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../functions/graphql/connection.js';
import { MAX_SEARCH_TEXT } from '../../functions/graphql/inputs.js';
import { stackPerFile } from '../fixtures/stack-per-file.js';

const testStack = stackPerFile();

const refusal = (argument: string, message: string) => [expect.objectContaining({ message, extensions: { code: 'BAD_USER_INPUT', argument } })];

describe('search text', () => {
  it(`is taken up to ${MAX_SEARCH_TEXT} characters once trimmed, and refused past them`, async () => {
    const words = (n: number) => 'octans '.repeat(Math.ceil(n / 7)).slice(0, n);
    const atLimit = await testStack().query(`{ search(text: "  ${words(MAX_SEARCH_TEXT)}  ") { totalCount } }`);
    expect(atLimit.errors).toBeUndefined();
    const over = await testStack().query(`{ search(text: "${words(MAX_SEARCH_TEXT + 1)}") { totalCount } }`);
    expect(over.errors).toEqual(refusal('text', `"text" must be at most ${MAX_SEARCH_TEXT} characters.`));
  });
});

describe('tracker cursors', () => {
  it('refuses a cursor the tracker did not hand out, naming the cursor to pass instead', async () => {
    const foreign = encodeCursor('key', 'not-a-tracker-key');
    const forward = await testStack().query(`{ tracker(after: "${foreign}") { totalCount } }`);
    expect(forward.errors).toEqual(refusal('after', '"after" is not a cursor from the tracker; pass the endCursor or an edge cursor of a previous page.'));
    const backward = await testStack().query(`{ tracker(last: 1, before: "${foreign}") { totalCount } }`);
    expect(backward.errors).toEqual(refusal('before', '"before" is not a cursor from the tracker; pass the startCursor or an edge cursor of a previous page.'));
  });

  it('pages on with a cursor it did hand out', async () => {
    const first = await testStack().query<{ tracker: { pageInfo: { endCursor: string | null }; totalCount: number } }>('{ tracker(first: 1) { totalCount pageInfo { endCursor } } }');
    expect(first.errors).toBeUndefined();
    const cursor = first.data!.tracker.pageInfo.endCursor!;
    const next = await testStack().query(`{ tracker(first: 1, after: "${cursor}") { totalCount } }`);
    expect(next.errors).toBeUndefined();
  });
});
