/**
 * Storage faults heal or fail cleanly. A fault-injecting proxy sits between the server
 * (local HTTP server and Lambda handler) and the embedded engine; it throttles with
 * DynamoDB's own error answers, cuts batch reads short and resets connections. Every
 * answer is either exactly the fault-free answer or a 503 with a retryable code.
 */
import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TRACE_QUERY } from '../fixtures/trace-query.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { APPLICATION_METRICS } from '../../functions/config.js';
import { createHttpApiEvent } from '../fixtures/api-gateway-events.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

type Handler = (event: ReturnType<typeof createHttpApiEvent>, context: Context) => Promise<APIGatewayProxyResultV2>;

interface Answer {
  status: number;
  retryAfter: string | null;
  requestId: string | null;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string; retryable?: boolean } }> };
}

const TABLE = 'storage-faults';
const SEARCHES = ['operation octans', 'community safety', 'high town', 'anti-social behaviour'];
/** Traces and searches in turn: the trace of resolution 09(iii), then a search, and so on. */
const queries = SEARCHES.flatMap((text) => [TRACE_QUERY, `{ search(text: ${JSON.stringify(text)}) { nodes { id label } } }`]);

let engine: LocalEngine;
let proxy: FaultProxy;
let stack: LocalStack;
let handler: Handler;
const expected = new Map<string, unknown>();

async function ask(query: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), requestId: response.headers.get('x-request-id'), body: (await response.json()) as Answer['body'] };
}

/** Runs `total` requests, `concurrency` at a time, cycling through the queries. */
async function run(total: number, concurrency: number) {
  const answers: Array<{ query: string; answer: Answer }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const query = queries[next++ % queries.length]!;
        answers.push({ query, answer: await ask(query) });
      }
    }),
  );
  return answers;
}

function isCleanUnavailable(answer: Answer): boolean {
  return (
    answer.status === 503 &&
    answer.body.data === undefined &&
    (answer.body.errors ?? []).length > 0 &&
    (answer.body.errors ?? []).every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions.retryable === true)
  );
}

beforeAll(async () => {
  engine = await startLocalEngine();
  proxy = await startFaultProxy(engine.endpoint, { seed: 20 });
  stack = await startLocalStack({ port: 0, endpoint: proxy.endpoint, tableName: TABLE, datasetDir: CURATED_DATASET_DIR });
  for (const query of new Set(queries)) {
    const answer = await ask(query);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expected.set(query, answer.body.data);
  }
  process.env.TABLE_NAME = TABLE;
  process.env.DYNAMODB_ENDPOINT = proxy.endpoint;
  // Imported after the environment is set: the handler builds its clients at module scope, as on Lambda.
  ({ handler } = (await import('../../functions/handlers/graphql.js')) as unknown as { handler: Handler });
});

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await engine?.close();
});

describe('storage faults behind the local server', () => {
  it('at 20% throttling and 20% partial batches, at least 99% of trace and search requests get the fault-free answer and the rest a clean 503', { timeout: 180_000 }, async () => {
    proxy.setRates({ throttle: 0.2, partialBatch: 0.2, reset: 0 });
    const before = { ...proxy.counts };
    const answers = await run(100, 10);
    proxy.setRates({ throttle: 0, partialBatch: 0 });

    const succeeded = answers.filter(({ answer }) => answer.status === 200);
    const failed = answers.filter(({ answer }) => answer.status !== 200);
    const byCode: Record<string, number> = {};
    for (const { answer } of failed) {
      const key = `${answer.status} ${answer.body.errors?.[0]?.extensions?.code ?? '-'}`;
      byCode[key] = (byCode[key] ?? 0) + 1;
    }
    console.log(
      `storage faults: ${succeeded.length}/${answers.length} succeeded; failures ${JSON.stringify(byCode)}; ` +
        `${proxy.counts.requests - before.requests} storage requests, ${proxy.counts.throttled - before.throttled} throttled, ${proxy.counts.partial - before.partial} partial batches`,
    );
    // The faults really happened, at about the rates asked for.
    expect(proxy.counts.throttled - before.throttled).toBeGreaterThan(0.1 * (proxy.counts.requests - before.requests));
    expect(proxy.counts.partial - before.partial).toBeGreaterThan(0);
    expect(succeeded.length / answers.length).toBeGreaterThanOrEqual(0.99);
    // Never wrong or partial data: every success is the fault-free answer, whole.
    for (const { query, answer } of succeeded) {
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual(expected.get(query));
    }
    for (const { answer } of failed) expect(isCleanUnavailable(answer)).toBe(true);
  });

  it('retries reset connections and still answers exactly', { timeout: 120_000 }, async () => {
    proxy.setRates({ reset: 0.1 });
    const before = proxy.counts.reset;
    const answers = await run(20, 4);
    proxy.setRates({ reset: 0 });
    expect(proxy.counts.reset - before).toBeGreaterThan(0);
    for (const { query, answer } of answers) {
      if (answer.status === 200) expect(answer.body.data).toEqual(expected.get(query));
      else expect(isCleanUnavailable(answer)).toBe(true);
    }
    expect(answers.filter(({ answer }) => answer.status === 200).length).toBeGreaterThanOrEqual(19);
  });

  it('answers 503 SERVICE_UNAVAILABLE, retryable, with Retry-After and no data when storage throttles every request', async () => {
    proxy.setRates({ throttle: 1 });
    try {
      const started = performance.now();
      const answer = await ask(TRACE_QUERY, { 'x-request-id': 'trace-check-1' });
      // Retries give up well within the Lambda's 10 s timeout.
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe('1');
      expect(answer.requestId).toBe('trace-check-1');
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]).toEqual({
        message: 'The graph is busy or briefly unreachable; retry the request in a moment.',
        path: ['trace'],
        locations: expect.any(Array),
        extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/Throughput|Throttling|dynamo/i);
    } finally {
      proxy.setRates({ throttle: 0 });
    }
  });

  it('answers 200 again as soon as storage recovers', async () => {
    const answer = await ask(TRACE_QUERY);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual(expected.get(TRACE_QUERY));
  });
});

describe('storage faults behind the Lambda handler', () => {
  const lambdaContext = { functionName: 'graphql', awsRequestId: 'req-faults', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

  it('answers 503 with the retryable code, logs the failure with its correlation id and counts one ApplicationErrors metric', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const errors = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    proxy.setRates({ throttle: 1 });
    let result: APIGatewayProxyStructuredResultV2;
    try {
      const event = createHttpApiEvent({ body: { query: '{ search(text: "octans") { nodes { id } } }' } });
      event.requestContext.requestId = 'apigw-req-42';
      result = (await handler(event, lambdaContext)) as APIGatewayProxyStructuredResultV2;
    } finally {
      proxy.setRates({ throttle: 0 });
      spy.mockRestore();
      errors.mockRestore();
    }
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('1');
    const body = JSON.parse(result.body ?? '{}') as Answer['body'];
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryable: true });

    const lines = written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const log = lines.find((line) => line.correlation_id === 'apigw-req-42' && line.code === 'SERVICE_UNAVAILABLE');
    expect(log).toMatchObject({ level: 'WARN', service: APPLICATION_METRICS.service, function_request_id: 'req-faults' });
    const emf = lines.find((line) => line._aws !== undefined);
    expect(emf).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: APPLICATION_METRICS.namespace, Dimensions: [['service']], Metrics: [{ Name: APPLICATION_METRICS.errors, Unit: 'Count' }] }] },
      service: APPLICATION_METRICS.service,
      [APPLICATION_METRICS.errors]: 1,
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
