import { describe, expect, it } from 'vitest';
import { ANONYMOUS, seesRestricted } from '../../functions/core/access.js';

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
