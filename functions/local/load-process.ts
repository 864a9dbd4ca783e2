/**
 * Validates, builds and loads the datasets in a child process that writes to the engine
 * over HTTP and exits, so the server never holds the loader's working set: the parsed
 * files, every item of a dataset, the search index being built and the client side of
 * the write requests. Loaded in the server, their garbage left it some 100 MB above its
 * live heap, in pages the heap kept resident (`npm run bench:start`; README, "Quick
 * start"); only the engine's side of the writes stays in the server now.
 *
 * The child reports the load results, or the error that stopped it, over the IPC
 * channel; an error comes back as the same class with the same code, message and
 * details, so the caller tells the user exactly what a load in its own process would.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BadInputError,
  ConflictError,
  DomainError,
  InvalidDatasetError,
  NotFoundError,
  SourceTextError,
  UnavailableError,
  type DatasetProblem,
  type DomainErrorCode,
  type SourceTextErrorCode,
} from '../core/errors.js';
import type { LoadResult } from '../storage/dataset-loader.js';

/** What the child loads, and where. */
export interface LoadJob {
  endpoint: string;
  tableName: string;
  /** One dataset folder and its dependencies; every folder under data/ when unset. */
  datasetDir?: string;
}

/** An error as it crosses the process boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: DomainErrorCode;
  details?: Record<string, unknown>;
}

export type LoadMessage = { loads: LoadResult[] } | { error: SerializedError };

const CHILD_ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-child.ts');

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error instanceof DomainError ? { code: error.code, ...(error.details ? { details: error.details } : {}) } : {}),
  };
}

/** The error again, as the class it was thrown as (a domain error by its code), with the child's stack. */
export function deserializeError(serialized: SerializedError): Error {
  const { code, message, details } = serialized;
  let error: Error;
  if (code === 'INVALID_DATASET') error = new InvalidDatasetError((details?.problems ?? []) as DatasetProblem[]);
  else if (code === 'SOURCE_TEXT_MISSING' || code === 'SOURCE_TEXT_MISMATCH') error = new SourceTextError(code as SourceTextErrorCode, message, details ?? {});
  else if (code === 'BAD_USER_INPUT') error = new BadInputError(message, details);
  else if (code === 'NOT_FOUND') error = new NotFoundError(message, details);
  else if (code === 'CONFLICT') error = new ConflictError(message);
  else if (code === 'SERVICE_UNAVAILABLE') error = new UnavailableError(message);
  else if (code) error = new DomainError(code, message, details);
  else {
    error = new Error(message);
    error.name = serialized.name;
  }
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

/**
 * Runs the load in a child process of the same Node, with this process's flags (its
 * TypeScript loader among them), and resolves with one result per dataset, dependencies
 * first; rejects with the child's error, or says how the child ended when it could not.
 */
export async function loadDatasetsInChildProcess(job: LoadJob): Promise<LoadResult[]> {
  const child = spawn(process.execPath, [...process.execArgv, CHILD_ENTRY, JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let message: LoadMessage | undefined;
  child.on('message', (received) => (message = received as LoadMessage));
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  if (message && 'error' in message) throw deserializeError(message.error);
  if (message && 'loads' in message && ended.code === 0) return message.loads;
  throw new Error(`Loading the datasets stopped (the loading process ${ended.signal ? `was ended by ${ended.signal}` : `exited with ${ended.code}`}); the messages above say why.`);
}
