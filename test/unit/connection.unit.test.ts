import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkPageSize, COUNT_FIELDS, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, encodeSearchCursor, MAX_PAGE_SIZE, readPageArgs, readSearchCursor, selectsOnly } from '../../functions/graphql/connection.js';
import { LABEL_KEY_LENGTH } from '../../functions/core/search.js';
import { MAX_CURSOR_LENGTH } from '../../functions/graphql/inputs.js';

describe('checkPageSize', () => {
  it('takes the default when no size is given and accepts every size from 1 to the largest page', () => {
    expect(checkPageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(checkPageSize(null)).toBe(DEFAULT_PAGE_SIZE);
    expect(checkPageSize(1)).toBe(1);
    expect(checkPageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
  });

  it('refuses 0, one past the largest page and a fraction, saying what is allowed', () => {
    for (const size of [0, MAX_PAGE_SIZE + 1, 2.5]) {
      expect(() => checkPageSize(size), String(size)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { argument: 'first' }, message: `"first" must be from 1 to ${MAX_PAGE_SIZE}; got ${size}.` }));
    }
  });
});

describe('cursors', () => {
  it('round-trips ids and offsets through opaque cursors', () => {
    expect(decodeCursor(encodeCursor('id', 'luton/person:tara-lynch'), 'id')).toBe('luton/person:tara-lynch');
    expect(decodeCursor(encodeCursor('offset', 0), 'offset')).toBe(0);
    expect(decodeCursor(encodeCursor('offset', 40), 'offset')).toBe(40);
    expect(encodeCursor('id', 'luton/person:tara-lynch')).not.toContain('person');
  });

  it('refuses a cursor of another list, a bad offset and an overlong cursor, naming the argument', () => {
    const refused = (cursor: string, kind: 'id' | 'offset', message: RegExp) =>
      expect(() => decodeCursor(cursor, kind as never)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { argument: 'after' }, message: expect.stringMatching(message) }));
    refused(encodeCursor('offset', 3), 'id', /^"after" is not a cursor from this list; pass the endCursor/);
    refused(encodeCursor('offset', -1), 'offset', /^"after" is not a valid cursor\.$/);
    refused(encodeCursor('offset', 'x'), 'offset', /^"after" is not a valid cursor\.$/);
    refused(encodeCursor('id', 'a'.repeat(MAX_CURSOR_LENGTH)), 'id', /is not a cursor from this list/);
    // At the length limit a cursor is still read.
    const longest = encodeCursor('id', 'x'.repeat(Math.floor((MAX_CURSOR_LENGTH * 3) / 4) - 3));
    expect(longest).toHaveLength(MAX_CURSOR_LENGTH);
    expect(decodeCursor(longest, 'id')).toMatch(/^x+$/);
  });
});

describe('selectsOnly', () => {
  /** The resolve info of the first root field of `query`, as graphql-js hands it to a resolver. */
  function infoOf(query: string): Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'> {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
  }

  it('is true when only the listed fields are selected, directly, in inline fragments and in named fragments, however nested', () => {
    for (const query of [
      '{ nodes { totalCount } }',
      '{ nodes { totalCount __typename totalCount } }',
      '{ nodes { ... on NodeConnection { totalCount } } }',
      '{ nodes { ... { ... on NodeConnection { __typename } } } }',
      '{ nodes { ...A } } fragment A on NodeConnection { totalCount ...B } fragment B on NodeConnection { __typename }',
      '{ nodes { totalCount @skip(if: true) } }',
    ]) {
      expect(selectsOnly(infoOf(query), COUNT_FIELDS), query).toBe(true);
    }
  });

  it('is false when any other field is selected anywhere, under a directive or an alias, or a fragment is unknown', () => {
    for (const query of [
      '{ nodes { totalCount nodes { id } } }',
      '{ nodes { pageInfo { hasNextPage } } }',
      '{ nodes { count: edges { cursor } } }',
      '{ nodes { totalCount ... on NodeConnection { nodes { id } } } }',
      '{ nodes { totalCount ...A } } fragment A on NodeConnection { __typename ...B } fragment B on NodeConnection { edges { cursor } }',
      '{ nodes { totalCount edges @include(if: false) { cursor } } }',
      '{ nodes { ...Missing } }',
    ]) {
      expect(selectsOnly(infoOf(query), COUNT_FIELDS), query).toBe(false);
    }
  });

  it('is false for a field with no selection, and asks every node of a field merged from several places', () => {
    expect(selectsOnly(infoOf('{ viewer }'), COUNT_FIELDS)).toBe(false);
    const counted = infoOf('{ nodes { totalCount } }').fieldNodes[0]!;
    const listed = infoOf('{ nodes { nodes { id } } }').fieldNodes[0]!;
    expect(selectsOnly({ fieldNodes: [counted, counted], fragments: {} }, COUNT_FIELDS)).toBe(true);
    expect(selectsOnly({ fieldNodes: [counted, listed], fragments: {} }, COUNT_FIELDS)).toBe(false);
  });
});

describe('readPageArgs', () => {
  const bad = (argument: string, message: string) => expect.objectContaining({ code: 'BAD_USER_INPUT', details: { argument }, message });

  it('pages forwards with first and after, backwards with last and before, and forwards by default', () => {
    expect(readPageArgs({ first: 3, after: encodeCursor('id', 'fictional/a') }, 'id')).toEqual({ direction: 'forward', size: 3, after: 'fictional/a' });
    expect(readPageArgs({ last: 2 }, 'id')).toEqual({ direction: 'backward', size: 2, before: null });
    expect(readPageArgs({ before: encodeCursor('id', 'fictional/b') }, 'id', 7)).toEqual({ direction: 'backward', size: 7, before: 'fictional/b' });
    expect(readPageArgs({}, 'id', 7)).toEqual({ direction: 'forward', size: 7, after: null });
    expect(readPageArgs({ after: encodeCursor('offset', 12) }, 'offset')).toEqual({ direction: 'forward', size: DEFAULT_PAGE_SIZE, after: 12 });
    expect(readPageArgs({ last: 1, before: encodeCursor('offset', 4) }, 'offset')).toEqual({ direction: 'backward', size: 1, before: 4 });
  });

  it('refuses both directions at once, and a backward cursor with a forward size', () => {
    expect(() => readPageArgs({ first: 1, last: 1 }, 'id')).toThrow(bad('last', 'Pass "first" (with "after") to page forwards or "last" (with "before") to page backwards, not both.'));
    expect(() => readPageArgs({ after: encodeCursor('id', 'a'), before: encodeCursor('id', 'b') }, 'id')).toThrow(bad('before', 'Pass "after" to page forwards or "before" to page backwards, not both.'));
    expect(() => readPageArgs({ first: 2, before: encodeCursor('id', 'b') }, 'id')).toThrow(bad('before', '"before" pages backwards: pass it with "last", not "first".'));
  });

  it('names the argument whose cursor is not of this list, and the cursor to pass instead', () => {
    const ofAnotherList = encodeCursor('offset', 3);
    expect(() => readPageArgs({ after: ofAnotherList }, 'id')).toThrow(bad('after', '"after" is not a cursor from this list; pass the endCursor or an edge cursor of a previous page.'));
    expect(() => readPageArgs({ last: 1, before: ofAnotherList }, 'key')).toThrow(bad('before', '"before" is not a cursor from this list; pass the startCursor or an edge cursor of a previous page.'));
    expect(() => readPageArgs({ after: encodeCursor('id', 'x') }, 'offset')).toThrow(bad('after', '"after" is not a cursor from this list; pass the endCursor or an edge cursor of a previous page.'));
  });
});

describe('search cursors', () => {
  const key = { tier: 1 as const, score: 2.5, label: 'fictional label', id: 'fictional/node:one' };

  it('round-trips the position and rank of a hit', () => {
    const page = readPageArgs({ after: encodeSearchCursor(4, key) }, 'key');
    const cursor = page.direction === 'forward' ? page.after! : '';
    expect(readSearchCursor(cursor, 'after')).toEqual({ offset: 4, key });
    expect(readSearchCursor(JSON.stringify([0, 0, 0, 'x'.repeat(LABEL_KEY_LENGTH), 'i']), 'before')).toEqual({ offset: 0, key: { tier: 0, score: 0, label: 'x'.repeat(LABEL_KEY_LENGTH), id: 'i' } });
  });

  it('refuses anything that is not a hit of a search, each part checked', () => {
    const valid = [4, 1, 2.5, 'label', 'fictional/node:one'];
    const variants: unknown[] = [
      'not json',
      { offset: 4 },
      valid.slice(0, 4),
      [...valid, 'extra'],
      [-1, ...valid.slice(1)],
      [1.5, ...valid.slice(1)],
      ['4', ...valid.slice(1)],
      [4, 2, ...valid.slice(2)],
      [4, '1', ...valid.slice(2)],
      [4, 1, '2.5', ...valid.slice(3)],
      [4, 1, null, ...valid.slice(3)],
      [4, 1, 2.5, 7, valid[4]],
      [4, 1, 2.5, 'x'.repeat(LABEL_KEY_LENGTH + 1), valid[4]],
      [...valid.slice(0, 4), ''],
      [...valid.slice(0, 4), 9],
    ];
    for (const variant of variants) {
      const value = typeof variant === 'string' ? variant : JSON.stringify(variant);
      expect(() => readSearchCursor(value, 'after'), value).toThrow(
        expect.objectContaining({ code: 'BAD_USER_INPUT', details: { argument: 'after' }, message: '"after" is not a cursor from this search; pass the endCursor or an edge cursor of a previous page of the same search.' }),
      );
    }
    expect(() => readSearchCursor('[]', 'before')).toThrow(expect.objectContaining({ details: { argument: 'before' }, message: expect.stringContaining('pass the startCursor') }));
  });
});
