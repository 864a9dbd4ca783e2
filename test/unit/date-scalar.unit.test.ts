import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateScalar } from '../../functions/graphql/scalars.js';

describe('the Date scalar', () => {
  it.each(['2019', '2019-12', '2020-03-02', '2020-02-29'])('passes %s through at its own precision', (value) => {
    expect(DateScalar.serialize(value)).toBe(value);
    expect(DateScalar.parseValue(value)).toBe(value);
  });

  it.each(['2019-02-30', '2019-13', '19-03-05', '2019-03-05T10:00:00Z', '5 March 2019'])('refuses %s as input with BAD_USER_INPUT and the accepted forms', (value) => {
    expect(() => DateScalar.parseValue(value)).toThrow(/YYYY, YYYY-MM or YYYY-MM-DD/);
    try {
      DateScalar.parseLiteral({ kind: Kind.STRING, value });
    } catch (error) {
      expect((error as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');
      return;
    }
    throw new Error('parseLiteral accepted an invalid date');
  });

  it('refuses a number literal', () => {
    expect(() => DateScalar.parseLiteral({ kind: Kind.INT, value: '2019' })).toThrow(/must be a string/);
  });
});
