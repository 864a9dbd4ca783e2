import { describe, expect, it } from 'vitest';
import { carriedBytes, requestTooLarge, withinResponseBudget } from '../../functions/graphql/http-limits.js';

const answer = (body: string) => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

describe('carriedBytes', () => {
  it('counts a body as Lambda carries it: UTF-8, quoted, with JSON escapes', () => {
    for (const body of ['{"data":{"a":"b"}}', 'tab\there, newline\nthere, back\\slash', 'Café – “quoted”', 'bell\u0007']) {
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
