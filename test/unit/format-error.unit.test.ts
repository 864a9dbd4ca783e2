/** What a client sees of each kind of error: formatError alone, with errors as Apollo hands them over. */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BadInputError, ConflictError, NotFoundError, UnavailableError } from '../../functions/core/errors.js';
import { formatError } from '../../functions/graphql/server.js';

const where = { path: ['node'], locations: [{ line: 1, column: 3 }] };
/** As Apollo passes a resolver's error: wrapped in a GraphQLError, already formatted with its stack. */
const fromResolver = (error: Error): [GraphQLFormattedError, unknown] => {
  const wrapped = new GraphQLError(error.message, { originalError: error, path: where.path });
  return [{ message: error.message, ...where, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: at graph-store.ts:1'] } }, wrapped];
};

describe('formatError', () => {
  it('passes a domain error on with its code, message and only the argument or id it names', () => {
    const error = new BadInputError('"first" must be from 1 to 100; got 0.', { argument: 'first', table: 'graph-prod', id: 'x:1' });
    expect(formatError(...fromResolver(error))).toEqual({ message: '"first" must be from 1 to 100; got 0.', ...where, extensions: { code: 'BAD_USER_INPUT', argument: 'first', id: 'x:1' } });
    expect(formatError(...fromResolver(new NotFoundError('No node has id "a:b".')))).toEqual({ message: 'No node has id "a:b".', ...where, extensions: { code: 'NOT_FOUND' } });
  });

  it('marks a storage outage as retryable, without its cause', () => {
    const error = new UnavailableError(undefined, { cause: new Error('ProvisionedThroughputExceededException on table graph-prod') });
    const formatted = formatError(...fromResolver(error));
    expect(formatted).toEqual({ message: error.message, ...where, extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true } });
    expect(JSON.stringify(formatted)).not.toMatch(/graph-prod|Provisioned/);
  });

  it('hides a domain error whose code is not public, and any other error, behind INTERNAL_SERVER_ERROR', () => {
    const hidden = { message: 'Internal server error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(formatError(...fromResolver(new ConflictError('Dataset "luton" was changed by another loader')))).toEqual(hidden);
    expect(formatError(...fromResolver(new TypeError("Cannot read properties of undefined (reading 'props')")))).toEqual(hidden);
    expect(formatError({ message: 'boom', extensions: { code: 'SOMETHING_ELSE', stacktrace: ['x'] } }, new Error('boom'))).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    // A formatted error may come without extensions at all (GraphQLFormattedError makes them optional).
    expect(formatError({ message: 'boom', path: ['node'] }, new Error('boom'))).toEqual({ message: 'Internal server error', path: ['node'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps the code and figures of a query limit, which validation wraps', () => {
    const limit = new GraphQLError('Query is 13 levels deep; the limit is 12.', { extensions: { code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 } });
    const wrapped = new GraphQLError(limit.message, { originalError: limit });
    expect(formatError({ message: limit.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, wrapped)).toEqual({ message: limit.message, extensions: { code: 'QUERY_TOO_DEEP', depth: 13, maxDepth: 12 } });
  });

  it('passes public GraphQL errors on without their stack trace', () => {
    const formatted = formatError({ message: 'Cannot query field "x" on type "Query".', locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['GraphQLError: at validate.js:1'] } }, new GraphQLError('Cannot query field "x" on type "Query".'));
    expect(formatted).toEqual({ message: 'Cannot query field "x" on type "Query".', locations: [{ line: 1, column: 3 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });
});
