import { describe, expect, it } from 'vitest';
import { seesRestricted } from '../../functions/core/access.js';
import { OFFICERS_EXPORT } from '../../functions/handlers/export.js';
import { EXPORT_ROOTS } from '../../functions/storage/export-publisher.js';

describe('who each scheduled export set is for', () => {
  it('exports the full set as an officer, from whom nothing is withheld', () => {
    expect(OFFICERS_EXPORT.role).toBe('officer');
    expect(seesRestricted(OFFICERS_EXPORT)).toBe(true);
  });

  it('keeps the public set at the top of the bucket and the full set under restricted/', () => {
    expect(EXPORT_ROOTS).toEqual({ public: '', restricted: 'restricted/' });
  });
});
