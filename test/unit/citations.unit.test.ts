import { describe, expect, it } from 'vitest';
import { formatLocator, normaliseWhitespace, parseLineRange, SourceText } from '../../functions/core/citations.js';

describe('SourceText.locate', () => {
  const source = new SourceText('first line\nThe Chair, Councillor\n  Anna Pedersen welcomed\neveryone');

  it('finds a quote that spans lines, whatever the whitespace', () => {
    expect(source.locate('Councillor Anna   Pedersen', [2, 3])).toBe('at-locator');
  });

  it('tells a quote at the wrong lines from one that is absent', () => {
    expect(source.locate('Anna Pedersen', [1, 1])).toBe('elsewhere');
    expect(source.findLines('Anna Pedersen')).toEqual(['3']);
    expect(source.findLines('Councillor Anna')).toEqual(['2-3']);
    expect(source.locate('Anna Petersen', [1, 4])).toBe('absent');
  });
});

describe('citation helpers', () => {
  it('parses line ranges and formats locators', () => {
    expect(parseLineRange('215-217')).toEqual([215, 217]);
    expect(parseLineRange(12)).toEqual([12, 12]);
    expect(parseLineRange('twelve')).toBeUndefined();
    expect(formatLocator({ lines: [215, 217], page: '17' })).toBe('page 17, lines 215-217');
    expect(formatLocator({ lines: [9, 9] })).toBe('line 9');
    expect(normaliseWhitespace(' a\n\t b\u00a0c ')).toBe('a b c');
  });
});
