import { describe, expect, it } from 'vitest';
import { entityTag, matchesIfNoneMatch } from '../../functions/graphql/http-caching.js';

// Fictional dataset names and versions.
const A = { name: 'fictional-a', version: '2026-01-01T00:00:00Z#1' };
const B = { name: 'fictional-b', version: '2026-02-01T00:00:00Z#4' };

describe('entityTag', () => {
  it('is a weak validator of 27 base64url characters', () => {
    expect(entityTag('?query=%7B__typename%7D', [A])).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  });

  it('is the same for the same request and dataset versions, in any order', () => {
    expect(entityTag('?q=1', [A, B])).toBe(entityTag('?q=1', [B, A]));
  });

  it('changes with the request, with a dataset version and with a dataset name', () => {
    const tag = entityTag('?q=1', [A, B]);
    expect(entityTag('?q=2', [A, B])).not.toBe(tag);
    expect(entityTag('?q=1', [A, { ...B, version: '2026-02-01T00:00:00Z#5' }])).not.toBe(tag);
    expect(entityTag('?q=1', [A, { ...B, name: 'fictional-c' }])).not.toBe(tag);
    expect(entityTag('?q=1', [A])).not.toBe(tag);
  });
});

describe('matchesIfNoneMatch', () => {
  const tag = 'W/"abc"';

  it('matches its own validator, weak or strong, alone or in a list with spaces', () => {
    expect(matchesIfNoneMatch('W/"abc"', tag)).toBe(true);
    expect(matchesIfNoneMatch('"abc"', tag)).toBe(true);
    expect(matchesIfNoneMatch('W/"other" ,  W/"abc" ', tag)).toBe(true);
    expect(matchesIfNoneMatch(' "abc"', tag)).toBe(true);
  });

  it('matches `*`, alone or in a list', () => {
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
    expect(matchesIfNoneMatch('W/"other", *', tag)).toBe(true);
  });

  it('does not match other validators, an empty header or a W/ inside a validator', () => {
    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
    expect(matchesIfNoneMatch('', tag)).toBe(false);
    expect(matchesIfNoneMatch('W/"other", "abcd"', tag)).toBe(false);
    expect(matchesIfNoneMatch('"aW/bc"', 'W/"abc"')).toBe(false);
    expect(matchesIfNoneMatch('"ab"', 'W/"aW/b"')).toBe(false);
  });
});
