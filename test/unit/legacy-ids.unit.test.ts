import { describe, expect, it } from 'vitest';
import { InvalidDatasetError } from '../../functions/core/errors.js';
import { formatLegacyIds, legacyIds, parseLegacyIds } from '../../functions/core/legacy-ids.js';

const own = ['fictional/meeting:m1', 'fictional/document:pack', 'fictional/organisation:council'];
const registry = ['registry/organisation:police', 'registry/document:pack'];

describe('legacyIds', () => {
  it('maps every own node from its local id, and a dependency node whose local id the dataset no longer defines', () => {
    expect(legacyIds('fictional', own, registry, undefined, 'legacy-ids.csv').sort((a, b) => a.oldId.localeCompare(b.oldId))).toEqual([
      { oldId: 'document:pack', newId: 'fictional/document:pack' },
      { oldId: 'meeting:m1', newId: 'fictional/meeting:m1' },
      { oldId: 'organisation:council', newId: 'fictional/organisation:council' },
      { oldId: 'organisation:police', newId: 'registry/organisation:police' },
    ]);
  });

  it('keeps a published mapping to its old ids, following a node that moved, and adds no new ones', () => {
    const published = [{ oldId: 'organisation:council', newId: 'fictional/organisation:council' }];
    expect(legacyIds('fictional', own.filter((id) => id !== 'fictional/organisation:council'), ['registry/organisation:council'], published, 'f.csv')).toEqual([{ oldId: 'organisation:council', newId: 'registry/organisation:council' }]);
  });

  it('refuses to drop a published old id that names no node any more, saying what to do', () => {
    const published = [{ oldId: 'meeting:gone', newId: 'fictional/meeting:gone' }];
    try {
      legacyIds('fictional', own, registry, published, 'f.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDatasetError);
      expect((error as InvalidDatasetError).problems).toEqual([{ file: 'f.csv', entry: 'meeting:gone', message: expect.stringMatching(/names no node any more; keep a node with that local id/) }]);
    }
  });
});

describe('the legacy-ids CSV', () => {
  it('round-trips, sorted by old id in code-unit order', () => {
    const text = formatLegacyIds([{ oldId: 'place:b', newId: 'x/place:b' }, { oldId: 'place:a', newId: 'x/place:a' }]);
    expect(text).toBe('old_id,new_id\nplace:a,x/place:a\nplace:b,x/place:b\n');
    expect(parseLegacyIds(text, 'f.csv')).toEqual([{ oldId: 'place:a', newId: 'x/place:a' }, { oldId: 'place:b', newId: 'x/place:b' }]);
  });

  it('writes rows given in any order sorted by old id, upper case before lower as code units order them', () => {
    const oldIds = ['place:c', 'place:a', 'place:e', 'person:z', 'place:b', 'place:D', 'place:d'];
    const lines = formatLegacyIds(oldIds.map((oldId) => ({ oldId, newId: `x/${oldId}` }))).trimEnd().split('\n');
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['person:z', 'place:D', 'place:a', 'place:b', 'place:c', 'place:d', 'place:e']);
    expect(parseLegacyIds(lines.join('\n'), 'f.csv').map((row) => row.newId)).toEqual(lines.slice(1).map((line) => line.split(',')[1]));
  });

  it('refuses a missing header, a qualified old id and an unqualified new id, naming the line', () => {
    expect(() => parseLegacyIds('old,new\n', 'f.csv')).toThrow(InvalidDatasetError);
    try {
      parseLegacyIds('place:a,x/place:a\n', 'f.csv');
      expect.unreachable();
    } catch (error) {
      expect((error as InvalidDatasetError).problems).toEqual([{ file: 'f.csv', entry: 'line 1', message: 'must be the header "old_id,new_id"' }]);
    }
    for (const row of ['x/place:a,x/place:a', 'place:a,place:a', 'place:a', 'place:a,x/place:a,extra']) {
      try {
        parseLegacyIds(`old_id,new_id\n${row}\n`, 'f.csv');
        expect.unreachable();
      } catch (error) {
        expect((error as InvalidDatasetError).problems).toEqual([{ file: 'f.csv', entry: 'line 2', message: `must be "<old unqualified id>,<qualified id>"; got "${row}"` }]);
      }
    }
  });
});
