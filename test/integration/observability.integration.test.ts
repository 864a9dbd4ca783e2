/**
 * What operators are told of a failed request (functions/graphql/observability.ts): one
 * structured log entry with the correlation id, the codes and the causes, one
 * ApplicationErrors metric, and for storage that stays unavailable a 503 with Retry-After
 * and no data. The server is the real one over the embedded engine; failures are
 * injected by a proxy in front of the real store, and the Powertools Logger and Metrics
 * are real objects whose output methods are watched (and kept quiet).
 */
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { HeaderMap } from '@apollo/server';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { GraphQLError } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { APPLICATION_METRICS } from '../../functions/config.js';
import { UnavailableError } from '../../functions/core/errors.js';
import { createGraphServer, createRequestContext } from '../../functions/graphql/server.js';
import type { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { MAX_QUERY_DEPTH } from '../../functions/graphql/limits.js';
import { createHttpApiEvent } from '../fixtures/api-gateway-events.js';
import { queryOfDepth } from '../fixtures/query-shapes.js';
import { stackPerFile } from '../fixtures/stack-per-file.js';

const ACTION = 'luton/action:csp-business-plan-2019-20-13';

const testStack = stackPerFile();

/** The stack's store, with node reads failing as `fault` says (after `passes` reads succeed). */
function failingStore(fault: () => Error, passes = 0): DynamoGraphStore {
  let reads = 0;
  return new Proxy(testStack().store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'getNodes' && property !== 'readNeighbourhood') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => (reads++ < passes ? (value as (...a: unknown[]) => unknown).apply(target, args) : Promise.reject(fault()));
    },
  }) as DynamoGraphStore;
}

function watched() {
  const logger = new Logger({ serviceName: APPLICATION_METRICS.service });
  const metrics = new Metrics({ namespace: APPLICATION_METRICS.namespace, serviceName: APPLICATION_METRICS.service });
  const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
  const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  const addMetric = vi.spyOn(metrics, 'addMetric');
  const addMetadata = vi.spyOn(metrics, 'addMetadata');
  const publish = vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);
  return { logger, metrics, warn, error, addMetric, addMetadata, publish };
}

async function ask(store: DynamoGraphStore, query: string, operationName?: string) {
  const watch = watched();
  const server = createGraphServer({ observability: { logger: watch.logger, metrics: watch.metrics } });
  const response = await server.executeOperation({ query, operationName }, { contextValue: createRequestContext(store, 'fictional-request-1') });
  const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
  return { ...watch, status: response.http.status ?? 200, headers: response.http.headers, result };
}

describe('a request that fails for the application', () => {
  it('logs one error with the correlation id, operation and cause, counts one metric, and answers with what resolved', async () => {
    const internal = () => new Error('fictional internal failure', { cause: Object.assign(new Error('fictional cause'), { code: 'EFICTION' }) });
    const answer = await ask(failingStore(internal), `query Named { node(id: "${ACTION}") { id } }`, 'Named');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('fictional-request-1');
    expect(answer.headers.has('retry-after')).toBe(false);
    expect(answer.result?.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(answer.result).toHaveProperty('data');
    expect(answer.warn).not.toHaveBeenCalled();
    expect(answer.error).toHaveBeenCalledTimes(1);
    expect(answer.error).toHaveBeenCalledWith('GraphQL request failed with an internal error', {
      correlation_id: 'fictional-request-1',
      code: 'INTERNAL_SERVER_ERROR',
      operation: 'Named',
      errors: [{ name: 'Error', message: 'fictional internal failure', cause: { name: 'Error', code: 'EFICTION', message: 'fictional cause' }, stack: expect.stringContaining('fictional internal failure') }],
    });
    expect(answer.addMetric).toHaveBeenCalledWith(APPLICATION_METRICS.errors, MetricUnit.Count, 1);
    expect(answer.addMetadata.mock.calls).toEqual([
      ['code', 'INTERNAL_SERVER_ERROR'],
      ['correlation_id', 'fictional-request-1'],
    ]);
    expect(answer.publish).toHaveBeenCalledTimes(1);
  });

  it('answers 503 with Retry-After and no data when storage stays unavailable, and logs a warning without a stack', async () => {
    const unavailable = () => new UnavailableError(undefined, { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const answer = await ask(failingStore(unavailable), `{ node(id: "${ACTION}") { id } }`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('x-request-id')).toBe('fictional-request-1');
    expect(answer.result).not.toHaveProperty('data');
    expect(answer.result?.errors?.map((e) => e.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', retryable: true }]);
    expect(answer.error).not.toHaveBeenCalled();
    expect(answer.warn).toHaveBeenCalledWith('GraphQL request failed: storage unavailable after retries', {
      correlation_id: 'fictional-request-1',
      code: 'SERVICE_UNAVAILABLE',
      operation: undefined,
      errors: [{ name: 'UnavailableError', message: 'The graph is busy or briefly unreachable; retry the request in a moment.', cause: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } }],
    });
    expect(answer.addMetadata).toHaveBeenCalledWith('code', 'SERVICE_UNAVAILABLE');
    expect(answer.publish).toHaveBeenCalledTimes(1);
  });

  it('describes at most five failures, and leaves out the caller’s own errors', async () => {
    const aliases = Array.from({ length: 7 }, (_, i) => `n${i}: node(id: "${ACTION}-${i}") { id }`).join(' ');
    const answer = await ask(failingStore(() => new Error('fictional internal failure')), `{ ${aliases} bad: node(id: "") { id } }`);
    const codes = answer.result?.errors?.map((e) => e.extensions?.code);
    expect(codes?.filter((code) => code === 'INTERNAL_SERVER_ERROR')).toHaveLength(7);
    expect(codes).toContain('BAD_USER_INPUT');
    const entry = answer.error.mock.calls[0]![1] as { errors: Array<{ message: string }> };
    expect(entry.errors).toHaveLength(5);
    expect(entry.errors.every((e) => e.message === 'fictional internal failure')).toBe(true);
    expect(answer.addMetric).toHaveBeenCalledTimes(1);
  });
});

describe('a GraphQL error with no code of its own', () => {
  it('is the application’s failure, not the caller’s', async () => {
    const answer = await ask(failingStore(() => new GraphQLError('fictional uncoded failure')), `{ node(id: "${ACTION}") { id } }`);
    expect(answer.error).toHaveBeenCalledTimes(1);
    expect(answer.result?.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
  });
});

describe("a request that fails for the caller's own reasons", () => {
  it('is neither logged nor counted: a bad argument, an unknown field, a query past the limits', async () => {
    for (const query of ['{ node(id: "") { id } }', '{ nosuchfield }', queryOfDepth(MAX_QUERY_DEPTH + 1)]) {
      const answer = await ask(testStack().store, query);
      expect(answer.warn, query).not.toHaveBeenCalled();
      expect(answer.error, query).not.toHaveBeenCalled();
      expect(answer.addMetric, query).not.toHaveBeenCalled();
      expect(answer.publish, query).not.toHaveBeenCalled();
      expect(answer.headers.get('x-request-id')).toBe('fictional-request-1');
    }
  });
});

describe('a request whose caller could not be decided', () => {
  const lambdaContext = { functionName: 'graphql', awsRequestId: 'fictional-invocation', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

  async function handle(failure: Error) {
    const watch = watched();
    const server = createGraphServer({ observability: { logger: watch.logger, metrics: watch.metrics } });
    const handler = startServerAndCreateLambdaHandler(server, handlers.createAPIGatewayProxyEventV2RequestHandler(), {
      context: async () => {
        throw failure;
      },
    });
    const result = (await handler(createHttpApiEvent({ body: { query: '{ __typename }' } }), lambdaContext, () => undefined)) as APIGatewayProxyStructuredResultV2;
    return { ...watch, result };
  }

  const failure = (code: string) => new GraphQLError('fictional', { extensions: { code, http: { status: code === 'UNAUTHENTICATED' ? 401 : 503, headers: new HeaderMap([['x-request-id', 'fictional-request-9']]) } } });

  it('logs nothing for a refused token: that is the caller’s doing', async () => {
    const answer = await handle(failure('UNAUTHENTICATED'));
    expect([answer.warn.mock.calls.length, answer.error.mock.calls.length, answer.publish.mock.calls.length]).toEqual([0, 0, 0]);
  });

  it('warns when the sign-in keys were unavailable, with the correlation id, and counts it', async () => {
    const answer = await handle(failure('SERVICE_UNAVAILABLE'));
    expect(answer.error).not.toHaveBeenCalled();
    expect(answer.warn).toHaveBeenCalledWith('GraphQL request failed: sign-in keys unavailable', {
      correlation_id: 'fictional-request-9',
      code: 'SERVICE_UNAVAILABLE',
      errors: [expect.objectContaining({ name: 'GraphQLError', message: 'fictional' })],
    });
    expect(answer.addMetric).toHaveBeenCalledWith(APPLICATION_METRICS.errors, MetricUnit.Count, 1);
    expect(answer.addMetadata).toHaveBeenCalledWith('code', 'SERVICE_UNAVAILABLE');
    expect(answer.publish).toHaveBeenCalledTimes(1);
  });

  it('logs anything else failing there as an internal error', async () => {
    const answer = await handle(new Error('fictional context failure'));
    expect(answer.warn).not.toHaveBeenCalled();
    expect(answer.error).toHaveBeenCalledWith('GraphQL request failed while deciding who is asking', {
      correlation_id: undefined,
      code: 'INTERNAL_SERVER_ERROR',
      errors: [expect.objectContaining({ name: 'Error', message: 'fictional context failure' })],
    });
    expect(answer.addMetadata).toHaveBeenCalledWith('code', 'INTERNAL_SERVER_ERROR');
    expect(answer.publish).toHaveBeenCalledTimes(1);
  });
});
