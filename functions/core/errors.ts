/** Domain errors. The GraphQL edge maps each `code` to `extensions.code`. */

export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNKNOWN_DATASET'
  | 'INVALID_DATASET'
  | 'CONFLICT'
  | 'SERVICE_UNAVAILABLE'
  | SourceTextErrorCode;

/** A cited document's text, kept outside the repository, was not found, or the file found is another text. */
export type SourceTextErrorCode = 'SOURCE_TEXT_MISSING' | 'SOURCE_TEXT_MISMATCH';

export class DomainError extends Error {
  constructor(readonly code: DomainErrorCode, message: string, readonly details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', message, details);
  }
}

export class BadInputError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, details);
  }
}

export interface DatasetProblem {
  /** File the problem is in, relative to the dataset folder. */
  file: string;
  /** Entry at fault: `nodes[3] (person:vicky-hawkes)` or `edges[12] (a -HOLDS-> b)`. */
  entry: string;
  message: string;
}

export class InvalidDatasetError extends DomainError {
  constructor(readonly problems: DatasetProblem[]) {
    super(
      'INVALID_DATASET',
      `The dataset has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was written:\n` +
        problems.slice(0, 50).map((p) => `  ${p.file}: ${p.entry}: ${p.message}`).join('\n') +
        (problems.length > 50 ? `\n  ... and ${problems.length - 50} more` : ''),
      { problems },
    );
  }
}

/**
 * The text a dataset cites could not be used: no folder of the search path holds it
 * (SOURCE_TEXT_MISSING), or the file found is not the text whose sha256 the dataset
 * records (SOURCE_TEXT_MISMATCH). Nothing is validated or loaded without it.
 */
export class SourceTextError extends DomainError {
  constructor(code: SourceTextErrorCode, message: string, details: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** A conditional write lost a race: someone else changed the item first. */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/**
 * Storage stayed throttled or unreachable after every retry. Nothing was wrong with
 * the request: the same request may succeed in a moment. `cause` keeps the last
 * underlying error for the logs; clients see only this message.
 */
export class UnavailableError extends DomainError {
  constructor(message = 'The graph is busy or briefly unreachable; retry the request in a moment.', options?: { cause?: unknown }) {
    super('SERVICE_UNAVAILABLE', message, undefined, options);
  }
}
