/** FNV-1a (32-bit) against the published test vectors, and its spread over UTF-16 code units. */
import { describe, expect, it } from 'vitest';
import { fnv1a } from '../../functions/core/fnv.js';

describe('fnv1a', () => {
  it('gives the published 32-bit FNV-1a values', () => {
    expect([fnv1a(''), fnv1a('a'), fnv1a('foobar')]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
  });

  it('is an unsigned 32-bit number that every character moves, non-ASCII ones included', () => {
    const values = ['luton/meeting:cdc-2020-03-02', 'luton/meeting:cdc-2020-03-03', 'café', 'cafe'].map(fnv1a);
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32)).toBe(true);
    expect(new Set(values).size).toBe(4);
  });
});
