/**
 * What the API tells its operators, and the status it tells clients, when a request
 * fails for reasons of its own rather than the caller's:
 *
 * - every failed request is logged once as structured JSON (Powertools Logger) with its
 *   correlation id, the error codes and the underlying cause (never sent to clients);
 * - each such request counts one `ApplicationErrors` metric (Powertools Metrics, as
 *   CloudWatch embedded metrics), which the stack alarms on: these answers are often
 *   HTTP 200 GraphQL errors that the API's 5xx and Lambda-error alarms never see;
 * - storage still throttled or unreachable after retries answers HTTP 503 with
 *   `SERVICE_UNAVAILABLE` (`extensions.retryable: true`) and a `Retry-After`, and no
 *   `data`: a half-read answer is never presented as a whole one.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { GraphQLError } from 'graphql';
import { APPLICATION_METRICS } from '../config.js';
import { DomainError, UnavailableError } from '../core/errors.js';
import type { RequestContext } from './context.js';

/** Seconds a client is asked to wait before retrying a 503. */
export const RETRY_AFTER_SECONDS = 1;

export interface Observability {
  /** Structured logger. @default a Powertools Logger for the `graphql` service */
  logger?: Logger;
  /**
   * Embedded-metrics emitter, flushed after each request. Give one only where a single
   * request runs at a time per process (Lambda); locally the log lines suffice.
   * @default - no metrics
   */
  metrics?: Metrics;
}

type ErrorKind = 'caller' | 'unavailable' | 'internal';

function kindOf(error: unknown): ErrorKind {
  const original = unwrapResolverError(error);
  if (original instanceof UnavailableError) return 'unavailable';
  if (original instanceof DomainError) return 'caller';
  // Parse, validation and limit errors carry their own code; they are the caller's doing.
  if (original instanceof GraphQLError && typeof original.extensions?.code === 'string') return 'caller';
  return 'internal';
}

function describe(error: unknown): Record<string, unknown> {
  const original = unwrapResolverError(error) as Error & { cause?: unknown };
  const cause = original?.cause as (Error & { code?: string }) | undefined;
  return {
    name: original?.name,
    message: original?.message,
    ...(cause ? { cause: { name: cause.name, code: cause.code, message: cause.message } } : {}),
    ...(original instanceof UnavailableError ? {} : { stack: original?.stack }),
  };
}

export function observabilityPlugin(options: Observability = {}): ApolloServerPlugin<RequestContext> {
  const logger = options.logger ?? new Logger({ serviceName: APPLICATION_METRICS.service });
  const { metrics } = options;
  return {
    // The viewer is decided while the context is built, before any request hook runs.
    // A refused token is the caller's doing (401, nothing to log); keys that could not
    // be fetched, or anything else failing there, are the application's.
    async contextCreationDidFail({ error }) {
      const extensions = (error as GraphQLError).extensions ?? {};
      if (extensions.code === 'UNAUTHENTICATED') return;
      const unavailableKeys = extensions.code === 'SERVICE_UNAVAILABLE';
      const correlationId = (extensions.http as { headers?: Map<string, string> } | undefined)?.headers?.get('x-request-id');
      const entry = { correlation_id: correlationId, code: unavailableKeys ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', errors: [describe(error)] };
      if (unavailableKeys) logger.warn('GraphQL request failed: sign-in keys unavailable', entry);
      else logger.error('GraphQL request failed while deciding who is asking', entry);
      if (metrics) {
        metrics.addMetric(APPLICATION_METRICS.errors, MetricUnit.Count, 1);
        metrics.addMetadata('code', entry.code);
        metrics.publishStoredMetrics();
      }
    },
    async requestDidStart() {
      let unavailable = false;
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const kinds = errors.map(kindOf);
          unavailable = kinds.includes('unavailable');
          const failed = kinds.filter((kind) => kind !== 'caller');
          if (failed.length === 0) return;
          const code = unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
          const entry = {
            correlation_id: contextValue.correlationId,
            code,
            operation: operationName ?? undefined,
            errors: errors.filter((_, i) => kinds[i] !== 'caller').slice(0, 5).map(describe),
          };
          if (unavailable) logger.warn('GraphQL request failed: storage unavailable after retries', entry);
          else logger.error('GraphQL request failed with an internal error', entry);
          if (metrics) {
            metrics.addMetric(APPLICATION_METRICS.errors, MetricUnit.Count, 1);
            metrics.addMetadata('code', code);
            metrics.addMetadata('correlation_id', contextValue.correlationId);
          }
        },
        async willSendResponse({ response, contextValue }) {
          response.http.headers.set('x-request-id', contextValue.correlationId);
          if (unavailable) {
            response.http.status = 503;
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
            // The request failed as a whole: whatever fields did resolve are not the answer.
            if (response.body.kind === 'single') delete response.body.singleResult.data;
          }
          if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
        },
      };
    },
  };
}
