/** Cursor pagination shared by `nodes` and `search`. */
import type { GraphNode } from '../core/dataset.js';
import type { TrackerRowModel } from '../core/delivery.js';
import { BadInputError } from '../core/errors.js';
import { MAX_CURSOR_LENGTH } from './inputs.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface ConnectionEdgeModel {
  cursor: string;
  node: GraphNode;
}

export interface ConnectionModel {
  totalCount: number | (() => Promise<number>);
  edges: ConnectionEdgeModel[];
  hasNextPage: boolean;
}

export interface TrackerEdgeModel {
  cursor: string;
  node: TrackerRowModel;
}

export interface TrackerConnectionModel {
  totalCount: number;
  edges: TrackerEdgeModel[];
  hasNextPage: boolean;
}

export interface DatasetModel {
  name: string;
  version: string;
  loadedAt: string;
  nodeCount: number;
  edgeCount: number;
}

export function checkPageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new BadInputError(`"first" must be from 1 to ${MAX_PAGE_SIZE}; got ${size}.`, { argument: 'first' });
  }
  return size;
}

/** Cursors are opaque to clients: base64url of a tagged value. */
export function encodeCursor(kind: 'id' | 'offset' | 'key', value: string | number): string {
  return Buffer.from(`${kind}:${value}`).toString('base64url');
}

export function decodeCursor(cursor: string, kind: 'id'): string;
export function decodeCursor(cursor: string, kind: 'offset'): number;
export function decodeCursor(cursor: string, kind: 'key'): string;
export function decodeCursor(cursor: string, kind: 'id' | 'offset' | 'key'): string | number {
  // The cursors handed out are short; a long one cannot be ours (and would become a storage key).
  if (cursor.length > MAX_CURSOR_LENGTH) {
    throw new BadInputError(`"after" is not a cursor from this list; pass the endCursor or an edge cursor of a previous page.`, { argument: 'after' });
  }
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  if (!decoded.startsWith(prefix)) {
    throw new BadInputError(`"after" is not a cursor from this list; pass the endCursor or an edge cursor of a previous page.`, { argument: 'after' });
  }
  const value = decoded.slice(prefix.length);
  if (kind === 'offset') {
    const offset = Number(value);
    if (!Number.isInteger(offset) || offset < 0) throw new BadInputError('"after" is not a valid cursor.', { argument: 'after' });
    return offset;
  }
  return value;
}
