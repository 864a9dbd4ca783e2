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

describe('parseLineRange', () => {
  it('takes a pair of positive whole numbers, and nothing else shaped like one', () => {
    expect(parseLineRange([3, 5])).toEqual([3, 5]);
    expect(parseLineRange([0, 5])).toBeUndefined();
    expect(parseLineRange([3, 5.5])).toBeUndefined();
    expect(parseLineRange([3, 5, 7])).toBeUndefined();
    expect(parseLineRange([3])).toBeUndefined();
    expect(parseLineRange(['3', '5'])).toBeUndefined();
  });

  it('refuses line 0, a negative or fractional line, and text after the range', () => {
    expect(parseLineRange(0)).toBeUndefined();
    expect(parseLineRange(-2)).toBeUndefined();
    expect(parseLineRange(2.5)).toBeUndefined();
    expect(parseLineRange('12 abc')).toBeUndefined();
    expect(parseLineRange('12-15x')).toBeUndefined();
    expect(parseLineRange(' 12 - 15 ')).toEqual([12, 15]);
  });
});

describe('SourceText.findLines', () => {
  it('joins lines with a space, so a quote across a line break with no indent is found', () => {
    expect(new SourceText('The Chair, Councillor\nAnna Pedersen').findLines('Councillor Anna')).toEqual(['1-2']);
    expect(new SourceText('Fictional opening line\nThe Chair, Councillor\nAnna Pedersen').findLines('Councillor Anna')).toEqual(['2-3']);
  });

  it('suggests at most five places for a quote that recurs', () => {
    const text = Array.from({ length: 7 }, (_, i) => `fictional minute ${i}: noted`).join('\n');
    expect(new SourceText(text).findLines('noted')).toEqual(['1', '2', '3', '4', '5']);
  });
});
