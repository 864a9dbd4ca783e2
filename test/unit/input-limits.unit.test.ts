/**
 * Argument values measured against their schema types before anything runs
 * (functions/graphql/inputs.ts): literal and variable values, in lists, input objects and
 * fragments, each at its limit accepted and one past it refused. Ids are fictional.
 */
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkInputLimits, MAX_CURSOR_LENGTH, MAX_ID_BYTES, MAX_LIST_LENGTH, MAX_TEXT_LENGTH } from '../../functions/graphql/inputs.js';
import { buildGraphSchema } from '../../functions/graphql/server.js';

const schema = buildGraphSchema();

/** The BAD_USER_INPUT error for `query`, or 'accepted'. */
function check(query: string, variables: Record<string, unknown> = {}, operationName?: string): string {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName))!;
  try {
    checkInputLimits(schema, document, operation, variables);
    return 'accepted';
  } catch (error) {
    const { code, argument } = (error as { extensions: { code: string; argument: string } }).extensions;
    return `${code} ${argument}: ${(error as Error).message}`;
  }
}

const id = (bytes: number) => `fictional/node:${'x'.repeat(bytes - 'fictional/node:'.length)}`;
const text = (n: number) => 'y'.repeat(n);

describe('checkInputLimits', () => {
  it('measures an id in UTF-8 bytes: at the limit accepted, one past refused', () => {
    expect(check(`{ node(id: "${id(MAX_ID_BYTES)}") { id } }`)).toBe('accepted');
    expect(check(`{ node(id: "${id(MAX_ID_BYTES + 1)}") { id } }`)).toBe(`BAD_USER_INPUT id: "id" is ${MAX_ID_BYTES + 1} bytes long; ids are at most ${MAX_ID_BYTES} bytes, e.g. "luton/resolution:cdc-2019-03-05-09-iii".`);
    // 128 two-byte characters: 256 characters' worth of bytes in half the characters.
    expect(check(`{ node(id: "${'é'.repeat(MAX_ID_BYTES / 2 + 1)}") { id } }`)).toMatch(/^BAD_USER_INPUT id: "id" is 258 bytes long/);
  });

  it('holds a cursor to its own limit, and other text to the text limit', () => {
    expect(check(`{ search(text: "a", after: "${text(MAX_CURSOR_LENGTH)}") { totalCount } }`)).toBe('accepted');
    expect(check(`{ search(text: "a", after: "${text(MAX_CURSOR_LENGTH + 1)}") { totalCount } }`)).toBe(
      `BAD_USER_INPUT after: "after" is not a cursor from this API (cursors are at most ${MAX_CURSOR_LENGTH} characters); pass the endCursor of a previous page.`,
    );
    expect(check(`{ search(text: "a", last: 1, before: "${text(MAX_CURSOR_LENGTH + 1)}") { totalCount } }`)).toMatch(/^BAD_USER_INPUT before: "before" is not a cursor/);
    expect(check(`{ search(text: "${text(MAX_TEXT_LENGTH)}") { totalCount } }`)).toBe('accepted');
    expect(check(`{ search(text: "${text(MAX_TEXT_LENGTH + 1)}") { totalCount } }`)).toBe(`BAD_USER_INPUT text: "text" is ${MAX_TEXT_LENGTH + 1} characters long; the limit is ${MAX_TEXT_LENGTH}.`);
  });

  it('counts the items of a list, literal or variable, and checks each item', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `fictional/node:${i}`);
    expect(check(`{ nodesById(ids: ${JSON.stringify(ids(MAX_LIST_LENGTH))}) { id } }`)).toBe('accepted');
    expect(check(`{ nodesById(ids: ${JSON.stringify(ids(MAX_LIST_LENGTH + 1))}) { id } }`)).toBe(`BAD_USER_INPUT ids: "ids" has ${MAX_LIST_LENGTH + 1} items; lists are limited to ${MAX_LIST_LENGTH}.`);
    const byVariable = 'query Q($ids: [ID!]!) { nodesById(ids: $ids) { id } }';
    expect(check(byVariable, { ids: ids(MAX_LIST_LENGTH) })).toBe('accepted');
    expect(check(byVariable, { ids: ids(MAX_LIST_LENGTH + 1) })).toMatch(/^BAD_USER_INPUT ids: "ids" has 101 items/);
    expect(check(byVariable, { ids: ['fictional/node:1', id(MAX_ID_BYTES + 1)] })).toMatch(/^BAD_USER_INPUT ids: "ids" is 257 bytes long/);
    expect(check(`{ nodesById(ids: ["fictional/node:1", "${id(MAX_ID_BYTES + 1)}"]) { id } }`)).toMatch(/^BAD_USER_INPUT ids: "ids" is 257 bytes long/);
  });

  it('takes a single value where a list is expected, as GraphQL coerces it', () => {
    expect(check(`{ nodesById(ids: "${id(MAX_ID_BYTES + 1)}") { id } }`)).toMatch(/^BAD_USER_INPUT ids: "ids" is 257 bytes long/);
    expect(check('query Q($ids: [ID!]!) { nodesById(ids: $ids) { id } }', { ids: id(MAX_ID_BYTES + 1) })).toMatch(/^BAD_USER_INPUT ids: "ids" is 257 bytes long/);
  });

  it('checks the fields of an input object, literal or variable, by the field name', () => {
    expect(check(`{ tracker(filter: { body: "${id(MAX_ID_BYTES + 1)}" }) { totalCount } }`)).toMatch(/^BAD_USER_INPUT body: "body" is 257 bytes long/);
    expect(check(`{ tracker(filter: { from: "${text(MAX_TEXT_LENGTH + 1)}" }) { totalCount } }`)).toMatch(/^BAD_USER_INPUT from: "from" is 1001 characters long/);
    expect(check(`{ tracker(filter: { body: "${id(MAX_ID_BYTES)}", from: "2019" }) { totalCount } }`)).toBe('accepted');
    // Not the schema's shape: left to validation, which refuses it with its own message.
    expect(check(`{ tracker(filter: { nosuch: "${text(MAX_TEXT_LENGTH + 1)}" }) { totalCount } }`)).toBe('accepted');
    expect(check('{ tracker(filter: "not an object") { totalCount } }')).toBe('accepted');
    const byVariable = 'query Q($f: TrackerFilter) { tracker(filter: $f) { totalCount } }';
    expect(check(byVariable, { f: { meeting: id(MAX_ID_BYTES + 1) } })).toMatch(/^BAD_USER_INPUT meeting: "meeting" is 257 bytes long/);
    expect(check(byVariable, { f: { meeting: id(MAX_ID_BYTES), unknown: text(MAX_TEXT_LENGTH + 1) } })).toBe('accepted');
    expect(check(byVariable, { f: 'not an object' })).toBe('accepted');
    expect(check(byVariable, { f: null })).toBe('accepted');
  });

  it("follows a variable to its value, or to its default when the request gives none", () => {
    const query = `query Q($id: ID! = "${id(MAX_ID_BYTES + 1)}") { node(id: $id) { id } }`;
    expect(check(query)).toMatch(/^BAD_USER_INPUT id: "id" is 257 bytes long/);
    expect(check(query, { id: 'fictional/node:short' })).toBe('accepted');
    expect(check('query Q($id: ID!) { node(id: $id) { id } }', { id: 12345 })).toBe('accepted');
  });

  it('reads the fragments and the operation that runs, not another operation of the document', () => {
    const document = `
      query Short { node(id: "fictional/node:short") { ...F } }
      query Long { node(id: "${id(MAX_ID_BYTES + 1)}") { id } }
      fragment F on Node { id }`;
    expect(check(document, {}, 'Short')).toBe('accepted');
    expect(check(document, {}, 'Long')).toMatch(/^BAD_USER_INPUT id:/);
    const inFragment = `query Q { ...R } fragment R on Query { node(id: "${id(MAX_ID_BYTES + 1)}") { id } }`;
    expect(check(inFragment)).toMatch(/^BAD_USER_INPUT id:/);
  });
});
