import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkPageSize, COUNT_FIELDS, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE, selectsOnly } from '../../functions/graphql/connection.js';
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
