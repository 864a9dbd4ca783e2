/** Relay cursor pagination shared by `nodes` and `search`: first/after forwards, last/before backwards. */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import type { GraphNode } from '../core/dataset.js';
import type { TrackerRowModel } from '../core/delivery.js';
import { BadInputError } from '../core/errors.js';
import { LABEL_KEY_LENGTH, type RankKey } from '../core/search.js';
import { MAX_CURSOR_LENGTH } from './inputs.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Rows of the tracker a page holds when neither `first` nor `last` is given. */
export const TRACKER_PAGE_SIZE = 50;

export interface ConnectionEdgeModel {
  cursor: string;
  node: GraphNode;
}

export interface ConnectionModel {
  totalCount: number | (() => Promise<number>);
  edges: ConnectionEdgeModel[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface TrackerEdgeModel {
  cursor: string;
  node: TrackerRowModel;
}

export interface TrackerConnectionModel {
  totalCount: number;
  edges: TrackerEdgeModel[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** One page of a list: `size` items after the cursor, or `size` items before it. */
export type PageRequest<T> = { direction: 'forward'; size: number; after: T | null } | { direction: 'backward'; size: number; before: T | null };

/** A page size from `first` or `last`: 1 to MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE when not given. */
export function checkPageSize(given: number | null | undefined, argument: 'first' | 'last' = 'first'): number {
  const size = given ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadInputError(`"${argument}" must be from 1 to ${MAX_PAGE_SIZE}; got ${size}.`, { argument });
  }
  return size;
}

/**
 * Reads Relay's paging arguments: `first` (with `after`) pages forwards, `last` (with
 * `before`) backwards; neither gives the first page of `defaultSize`.
 */
export function readPageArgs(args: PageArgs, kind: 'id' | 'key', defaultSize?: number): PageRequest<string>;
export function readPageArgs(args: PageArgs, kind: 'offset', defaultSize?: number): PageRequest<number>;
export function readPageArgs(args: PageArgs, kind: 'id' | 'offset' | 'key', defaultSize = DEFAULT_PAGE_SIZE): PageRequest<string | number> {
  const { first, after, last, before } = args;
  if (first != null && last != null) {
    throw new BadInputError('Pass "first" (with "after") to page forwards or "last" (with "before") to page backwards, not both.', { argument: 'last' });
  }
  if (after != null && before != null) {
    throw new BadInputError('Pass "after" to page forwards or "before" to page backwards, not both.', { argument: 'before' });
  }
  const decode = (cursor: string, argument: 'after' | 'before') => (kind === 'offset' ? decodeCursor(cursor, 'offset', argument) : decodeCursor(cursor, kind, argument));
  if (last != null || before != null) {
    if (first != null) throw new BadInputError('"before" pages backwards: pass it with "last", not "first".', { argument: 'before' });
    return { direction: 'backward', size: checkPageSize(last ?? defaultSize, 'last'), before: before != null ? decode(before, 'before') : null };
  }
  return { direction: 'forward', size: checkPageSize(first ?? defaultSize, 'first'), after: after != null ? decode(after, 'after') : null };
}

/** Cursors are opaque to clients: base64url of a tagged value. */
export function encodeCursor(kind: 'id' | 'offset' | 'key', value: string | number): string {
  return Buffer.from(`${kind}:${value}`).toString('base64url');
}

export function decodeCursor(cursor: string, kind: 'id' | 'key', argument?: 'after' | 'before'): string;
export function decodeCursor(cursor: string, kind: 'offset', argument?: 'after' | 'before'): number;
export function decodeCursor(cursor: string, kind: 'id' | 'offset' | 'key', argument: 'after' | 'before' = 'after'): string | number {
  // The cursors handed out are short; a long one cannot be ours (and would become a storage key).
  const decoded = cursor.length > MAX_CURSOR_LENGTH ? '' : Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!decoded.startsWith(prefix)) {
    const which = argument === 'after' ? 'endCursor' : 'startCursor';
    throw new BadInputError(`"${argument}" is not a cursor from this list; pass the ${which} or an edge cursor of a previous page.`, { argument });
  }
  const value = decoded.slice(prefix.length);
  if (kind === 'offset') {
    const offset = Number(value);
    if (!Number.isInteger(offset) || offset < 0) throw new BadInputError(`"${argument}" is not a valid cursor.`, { argument });
    return offset;
  }
  return value;
}

/** Where a search cursor points: the rank key of a hit and its position (0 for the first hit). */
export interface SearchCursor {
  offset: number;
  key: RankKey;
}

/** A search cursor carries the position and rank of its hit, so the next page starts after it without re-reading. */
export function encodeSearchCursor(offset: number, key: RankKey): string {
  return encodeCursor('key', JSON.stringify([offset, key.tier, key.score, key.label, key.id]));
}

/** Reads a search cursor decoded by `readPageArgs(args, 'key')`; anything else is refused as not ours. */
export function readSearchCursor(value: string, argument: 'after' | 'before'): SearchCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 5) {
    const [offset, tier, score, label, id] = parsed as unknown[];
    if (
      Number.isInteger(offset) && (offset as number) >= 0 &&
      (tier === 0 || tier === 1) &&
      typeof score === 'number' && Number.isFinite(score) &&
      typeof label === 'string' && label.length <= LABEL_KEY_LENGTH &&
      typeof id === 'string' && id.length > 0
    ) {
      return { offset: offset as number, key: { tier, score, label, id } };
    }
  }
  const which = argument === 'after' ? 'endCursor' : 'startCursor';
  throw new BadInputError(`"${argument}" is not a cursor from this search; pass the ${which} or an edge cursor of a previous page of the same search.`, { argument });
}

/** The fields of a connection that need no page of it. */
export const COUNT_FIELDS = new Set(['totalCount', '__typename']);

/**
 * Whether the field being resolved selects nothing but `fields`, through fragments too.
 * A field under @skip or @include counts as selected: reading a page that is then not
 * shown costs only time, leaving out one that is shown would be wrong.
 */
export function selectsOnly(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, fields: ReadonlySet<string>): boolean {
  const only = (set: SelectionSetNode | undefined): boolean =>
    set !== undefined &&
    set.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) return fields.has(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return only(selection.selectionSet);
      return only(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.every((node) => only(node.selectionSet));
}
