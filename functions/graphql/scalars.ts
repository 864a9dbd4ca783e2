/**
 * Custom scalars. `Date` is an ISO 8601 calendar date at the precision of the source:
 * `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checked with the dataset validator's own rule.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isValidPartialDate } from '../core/dataset.js';

const HOW = 'a real date written YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2019", "2019-12", "2020-03-02")';

function checked(value: unknown, onError: (message: string) => Error): string {
  if (typeof value !== 'string' || !isValidPartialDate(value)) throw onError(`Date must be ${HOW}; got ${JSON.stringify(value)}.`);
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in ISO 8601, as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD.',
  specifiedByURL: 'https://www.iso.org/iso-8601-date-and-time-format.html',
  // Stored dates were validated on load; one that is not is a fault of the server, not the client.
  serialize: (value) => checked(value, (message) => new Error(message)),
  parseValue: (value) => checked(value, (message) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } })),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError(`Date must be a string, ${HOW}.`, { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    return checked(ast.value, (message) => new GraphQLError(message, { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } }));
  },
});
