import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { carriedBytes, lambdaHttpLimits, requestTooLarge, withinResponseBudget } from '../../functions/graphql/http-limits.js';
import { createHttpApiEvent } from '../fixtures/api-gateway-events.js';

const answer = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

describe('carriedBytes', () => {
  it('counts a body as Lambda carries it: UTF-8, quoted, with JSON escapes', () => {
    for (const body of ['{"data":{"a":"b"}}', 'tab\there, newline\nthere, back\\slash', 'Café – “quoted”', 'bell\u0007', '"', '\\', '\b', '\t', '\n', '\f', '\r', '\u0000', '\u001f', ' ']) {
      expect(carriedBytes(body)).toBe(Buffer.byteLength(JSON.stringify(body)));
    }
  });
});

describe('withinResponseBudget', () => {
  it('passes a response exactly at the budget unchanged and refuses one a byte over with RESPONSE_TOO_LARGE', () => {
    const body = JSON.stringify({ data: { text: 'x'.repeat(100) } });
    const budget = carriedBytes(body);
    expect(withinResponseBudget(answer(body), budget)).toEqual(answer(body));
    const refused = withinResponseBudget(answer(body), budget - 1);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({
      errors: [{ message: expect.stringMatching(/would be \d+ bytes; responses are limited to \d+\. Ask for fewer fields/), extensions: { code: 'RESPONSE_TOO_LARGE', bytes: budget, maxBytes: budget - 1 } }],
    });
  });
});

describe('requestTooLarge', () => {
  it('answers 413 REQUEST_TOO_LARGE and closes the connection', () => {
    const refused = requestTooLarge(200_000, 100_000);
    expect([refused.status, refused.headers.connection, JSON.parse(refused.body).errors[0].extensions]).toEqual([413, 'close', { code: 'REQUEST_TOO_LARGE', maxBytes: 100_000 }]);
  });
});

describe('requestTooLarge', () => {
  it('says how large the body was when it is known to be over the limit', () => {
    const message = (bytes: number) => JSON.parse(requestTooLarge(bytes, 100).body).errors[0].message;
    expect(message(101)).toBe('The request body (101 bytes) is too large; request bodies are limited to 100 bytes. Send a shorter query.');
    expect(message(100)).toBe('The request body is too large; request bodies are limited to 100 bytes. Send a shorter query.');
    expect(message(0)).toBe('The request body is too large; request bodies are limited to 100 bytes. Send a shorter query.');
  });
});

describe('lambdaHttpLimits', () => {
  type After = (result: APIGatewayProxyStructuredResultV2) => Promise<void>;
  const refusedOrPassed = async (limit: number, body: string, isBase64Encoded: boolean) => {
    const event = { ...createHttpApiEvent(), body, isBase64Encoded };
    const outcome = await lambdaHttpLimits({ maxRequestBytes: limit })(event);
    return typeof outcome === 'function' ? 'passed' : `${outcome.statusCode} ${JSON.parse(outcome.body!).errors[0].message}`;
  };

  it('measures a base64 body by its decoded bytes, whatever its padding', async () => {
    for (const bytes of [9, 10, 11]) {
      const body = Buffer.alloc(bytes, 7).toString('base64');
      expect(body.endsWith('=='), `${bytes}: ${body}`).toBe(bytes % 3 === 1);
      expect(await refusedOrPassed(bytes, body, true), `${bytes} bytes at a limit of ${bytes}`).toBe('passed');
      expect(await refusedOrPassed(bytes - 1, body, true)).toBe(`413 The request body (${bytes} bytes) is too large; request bodies are limited to ${bytes - 1} bytes. Send a shorter query.`);
    }
  });

  it('measures a plain body by its UTF-8 bytes', async () => {
    const body = 'é'.repeat(5);
    expect(await refusedOrPassed(10, body, false)).toBe('passed');
    expect(await refusedOrPassed(9, body, false)).toBe('413 The request body (10 bytes) is too large; request bodies are limited to 9 bytes. Send a shorter query.');
    expect(await refusedOrPassed(0, '', false)).toBe('passed');
  });

  const after = async (budget: number, result: APIGatewayProxyStructuredResultV2) => {
    const outcome = await lambdaHttpLimits({ responseBudgetBytes: budget })(createHttpApiEvent({ body: { query: '{ __typename }' } }));
    expect(typeof outcome).toBe('function');
    await (outcome as After)(result);
    return result;
  };

  it('leaves a response within the budget exactly as it was', async () => {
    const result = { body: '{"data":{}}', headers: { 'x-count': 1 } };
    expect(await after(1_000, result)).toEqual({ body: '{"data":{}}', headers: { 'x-count': 1 } });
  });

  it('replaces a response over the budget, keeping its other headers', async () => {
    const body = JSON.stringify({ data: { text: 'x'.repeat(50) } });
    const result = await after(10, { statusCode: 200, body, headers: { 'x-request-id': 'fictional-1', 'content-type': 'text/plain' } });
    expect(result.statusCode).toBe(400);
    expect(result.headers).toEqual({ 'x-request-id': 'fictional-1', 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(result.body!).errors[0].extensions).toEqual({ code: 'RESPONSE_TOO_LARGE', bytes: carriedBytes(body), maxBytes: 10 });
    const bare = await after(10, { body: 'x'.repeat(50) });
    expect([bare.statusCode, bare.headers]).toEqual([400, { 'content-type': 'application/json; charset=utf-8' }]);
  });

  it('leaves a base64 (binary) response alone, whatever its size', async () => {
    const body = Buffer.alloc(100).toString('base64');
    expect(await after(10, { body, isBase64Encoded: true })).toEqual({ body, isBase64Encoded: true });
  });
});
