import { describe, expect, it } from 'vitest';
import { ANONYMOUS, type Viewer } from '../../functions/core/access.js';
import { canRead, readableVisibilities, restrictionOf, visibilityAttributes, visibleFilter, visibleItems, withVisibility } from '../../functions/storage/visibility.js';

const OFFICER: Viewer = { role: 'officer', subject: 'o' };
const EDITOR: Viewer = { role: 'editor', subject: 'e' };
const restricted = { id: 'person:fictional-a', vis: 'restricted', restriction: { reason: 'draft' } };
const open = { id: 'person:fictional-b', vis: 'public' };
const unmarked = { id: 'person:fictional-c' };

describe('the storage visibility filter', () => {
  it('lets an anonymous caller read public and unmarked items only, in their order', () => {
    expect([canRead(ANONYMOUS, restricted), canRead(ANONYMOUS, open), canRead(ANONYMOUS, unmarked)]).toEqual([false, true, true]);
    expect(visibleItems(ANONYMOUS, [open, restricted, unmarked]).map((i) => i.id)).toEqual([open.id, unmarked.id]);
  });

  it('lets officers and editors read everything', () => {
    for (const viewer of [OFFICER, EDITOR]) {
      expect(canRead(viewer, restricted)).toBe(true);
      expect(visibleItems(viewer, [restricted, open]).map((i) => i.id)).toEqual([restricted.id, open.id]);
      expect(visibleFilter(viewer)).toBeUndefined();
    }
  });

  it('asks the server to drop restricted items for anyone else', () => {
    expect(visibleFilter(ANONYMOUS)).toEqual({ FilterExpression: '#vis <> :restricted', ExpressionAttributeNames: { '#vis': 'vis' }, ExpressionAttributeValues: { ':restricted': 'restricted' } });
    expect(visibleFilter({ role: 'public', subject: 'signed-in-without-group' })).toBeDefined();
  });

  it('stores a restriction with the item and reads it back, and marks everything else public', () => {
    expect(visibilityAttributes({ restriction: { reason: 'exempt-information', paragraph: 3 } })).toEqual({ vis: 'restricted', restriction: { reason: 'exempt-information', paragraph: 3 } });
    expect(visibilityAttributes({})).toEqual({ vis: 'public' });
    expect(restrictionOf(restricted)).toEqual({ restriction: { reason: 'draft' } });
    expect(restrictionOf(open)).toEqual({});
    expect(restrictionOf({ vis: 'restricted' }).restriction).toMatchObject({ note: 'Stored as restricted without its reason.' });
  });

  it('ANDs the visibility condition to a read\'s own filter, kept whole in brackets with its names and values; an officer\'s read stays as it was', () => {
    const scoped = { KeyConditionExpression: 'pk = :pk', FilterExpression: '#ds = :d0 OR #ds = :d1', ExpressionAttributeNames: { '#ds': 'ds' }, ExpressionAttributeValues: { ':pk': 'T#x', ':d0': 'alpha-2020', ':d1': 'beta-2021' } };
    expect(withVisibility(ANONYMOUS, scoped)).toEqual({
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '(#ds = :d0 OR #ds = :d1) AND #vis <> :restricted',
      ExpressionAttributeNames: { '#ds': 'ds', '#vis': 'vis' },
      ExpressionAttributeValues: { ':pk': 'T#x', ':d0': 'alpha-2020', ':d1': 'beta-2021', ':restricted': 'restricted' },
    });
    expect(withVisibility(ANONYMOUS, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'T#x' } })).toEqual({
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: '#vis <> :restricted',
      ExpressionAttributeNames: { '#vis': 'vis' },
      ExpressionAttributeValues: { ':pk': 'T#x', ':restricted': 'restricted' },
    });
    expect(withVisibility(OFFICER, scoped)).toBe(scoped);
  });

  it('reads the public index entries alone for an anonymous caller, both visibilities for an officer', () => {
    expect(readableVisibilities(ANONYMOUS)).toEqual(['public']);
    expect(readableVisibilities(OFFICER)).toEqual(['public', 'restricted']);
  });
});
