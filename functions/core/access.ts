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

/**
 * The groups (Cognito user-pool groups, or the dev issuer's) that grant a role,
 * strongest first: a member of several gets the strongest.
 */
export const ROLE_GROUPS = ['editor', 'officer'] as const satisfies readonly Role[];

/** The strongest role the groups grant; `public` when they grant none. */
export function roleFromGroups(groups: readonly string[]): Role {
  return ROLE_GROUPS.find((group) => groups.includes(group)) ?? 'public';
}

/**
 * The viewer of a verified token. A signed-in caller in no known group is
 * authenticated (it has a subject) but reads with the `public` role, as anyone may.
 */
export function signedInViewer(subject: string, groups: readonly string[]): Viewer {
  return Object.freeze({ role: roleFromGroups(groups), subject });
}
