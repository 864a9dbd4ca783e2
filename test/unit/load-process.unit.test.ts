/**
 * Errors of a load in `npm start`'s loading process cross to the server as the class they
 * were thrown as, with the same code, message and details, so the server reports them as
 * it would a load of its own.
 */
import { describe, expect, it } from 'vitest';
import { BadInputError, ConflictError, DomainError, InvalidDatasetError, NotFoundError, SourceTextError, UnavailableError } from '../../functions/core/errors.js';
import { deserializeError, serializeError } from '../../functions/local/load-process.js';

/** Through JSON, as over the IPC channel. */
const roundTrip = (error: unknown) => deserializeError(JSON.parse(JSON.stringify(serializeError(error))));

describe('errors of the loading process', () => {
  const problems = [{ file: 'fictional-ds/dataset.yaml', entry: 'file', message: 'is missing' }];
  const domainErrors: DomainError[] = [
    new InvalidDatasetError(problems),
    new SourceTextError('SOURCE_TEXT_MISSING', 'SOURCE_TEXT_MISSING: fictional.txt was not found', { file: 'fictional.txt', searched: ['/a', '/b'] }),
    new SourceTextError('SOURCE_TEXT_MISMATCH', 'SOURCE_TEXT_MISMATCH: fictional.txt is another text', { file: 'fictional.txt' }),
    new BadInputError('Dataset name "X" cannot be used', { argument: 'dataset' }),
    new NotFoundError('No such node', { id: 'fictional:x' }),
    new ConflictError('Another load changed the record first'),
    new UnavailableError(),
  ];

  it.each(domainErrors.map((error) => [error.name, error] as const))('%s keeps its class, code, message, details and stack', (_, error) => {
    const received = roundTrip(error);
    expect(received).toBeInstanceOf(error.constructor);
    expect(received).toMatchObject({ name: error.name, code: error.code, message: error.message, details: error.details });
    expect(received.stack).toBe(error.stack);
  });

  it('rebuilds an invalid dataset\'s message from its problems', () => {
    const received = roundTrip(new InvalidDatasetError(problems));
    expect((received as InvalidDatasetError).problems).toEqual(problems);
    expect(received.message).toBe('The dataset has 1 problem; nothing was written:\n  fictional-ds/dataset.yaml: file: is missing');
  });

  it('keeps any other error\'s name, message and stack', () => {
    const error = new TypeError('Cannot read properties of undefined');
    const received = roundTrip(error);
    expect(received).not.toBeInstanceOf(DomainError);
    expect(received).toMatchObject({ name: 'TypeError', message: error.message, stack: error.stack });
    expect(roundTrip('a thrown string')).toMatchObject({ name: 'Error', message: 'a thrown string' });
  });
});
