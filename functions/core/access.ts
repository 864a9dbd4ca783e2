/**
 * Who is asking. The caller's role is decided once per request, at the edge, from a
 * verified token (or its absence), and storage enforces what that role may read.
 */

export type Role = 'public' | 'officer' | 'editor';

export type Visibility = 'public' | 'restricted';

export interface Viewer {
  role: Role;
  /** The verified token's subject; absent for anonymous callers. */
  subject?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ role: 'public' });

/** Whether a caller with this role may read restricted nodes and edges. */
export function seesRestricted(viewer: Viewer): boolean {
  return viewer.role === 'officer' || viewer.role === 'editor';
}
