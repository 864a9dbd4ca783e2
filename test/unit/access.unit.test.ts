import { describe, expect, it } from 'vitest';
import { ANONYMOUS, roleFromGroups, seesRestricted, signedInViewer } from '../../functions/core/access.js';
import { createRequestContext } from '../../functions/graphql/context.js';
import type { DynamoGraphStore } from '../../functions/storage/graph-store.js';

describe('access roles', () => {
  it('lets officers and editors read restricted material and nobody else', () => {
    expect(seesRestricted({ role: 'officer', subject: 'a' })).toBe(true);
    expect(seesRestricted({ role: 'editor', subject: 'b' })).toBe(true);
    expect(seesRestricted({ role: 'public' })).toBe(false);
    expect(seesRestricted(ANONYMOUS)).toBe(false);
  });

  it('keeps the anonymous viewer immutable', () => {
    expect(Object.isFrozen(ANONYMOUS)).toBe(true);
    expect(ANONYMOUS.role).toBe('public');
  });
});

describe('roleFromGroups', () => {
  it('gives the officer role to a member of the officer group', () => {
    expect(roleFromGroups(['officer'])).toBe('officer');
  });

  it('gives the editor role to a member of the editor group', () => {
    expect(roleFromGroups(['editor'])).toBe('editor');
  });

  it('lets the strongest group win whatever order the token lists them in', () => {
    expect(roleFromGroups(['officer', 'editor'])).toBe('editor');
    expect(roleFromGroups(['editor', 'officer'])).toBe('editor');
  });

  it('gives the public role when no group is known, ignoring unknown groups and case look-alikes', () => {
    expect(roleFromGroups([])).toBe('public');
    expect(roleFromGroups(['auditors', 'Officer', 'officers'])).toBe('public');
    expect(roleFromGroups(['auditors', 'officer'])).toBe('officer');
  });
});

describe('signedInViewer', () => {
  it('keeps the subject, so a signed-in caller without a group is told apart from an anonymous one', () => {
    const viewer = signedInViewer('user-1', []);
    expect(viewer).toEqual({ role: 'public', subject: 'user-1' });
    expect(viewer).not.toEqual(ANONYMOUS);
    expect(Object.isFrozen(viewer)).toBe(true);
  });

  it('carries the role its groups grant', () => {
    expect(signedInViewer('user-2', ['officer'])).toEqual({ role: 'officer', subject: 'user-2' });
  });
});

describe('the request context', () => {
  const store = {} as DynamoGraphStore;

  it('is anonymous unless a viewer is given', () => {
    expect(createRequestContext(store).viewer).toBe(ANONYMOUS);
  });

  it('carries the viewer it was given', () => {
    const officer = signedInViewer('user-3', ['officer']);
    expect(createRequestContext(store, 'req-1', officer).viewer).toBe(officer);
  });
});
