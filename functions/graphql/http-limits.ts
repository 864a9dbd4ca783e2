/**
 * Limits on what crosses HTTP, the same on the Lambda handler and the local server:
 * a request body limit of our own, and a response budget under Lambda's 6 MB payload
 * limit, so an answer too large to deliver is a clear RESPONSE_TOO_LARGE rather than
 * an opaque 5xx from the platform or a truncated body.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Largest request body accepted. Queries are a few KB; this leaves room for long ones. */
export const MAX_REQUEST_BODY_BYTES = 100_000;

/**
 * Largest response body, as Lambda carries it. A synchronous Lambda response is at most
 * 6 MB (6,291,456 bytes) of JSON, in which the body is one escaped string; 5,000,000
 * leaves room for the status, headers and envelope.
 */
export const RESPONSE_BUDGET_BYTES = 5_000_000;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function errorBody(message: string, extensions: Record<string, unknown>): string {
  return JSON.stringify({ errors: [{ message, extensions }] });
}

/** The answer to a request body over the limit: 413, and the connection is not kept. */
export function requestTooLarge(bytes: number, limit = MAX_REQUEST_BODY_BYTES): HttpAnswer {
  return {
    status: 413,
    headers: { ...JSON_HEADERS, connection: 'close' },
    body: errorBody(`The request body${bytes > limit ? ` (${bytes} bytes)` : ''} is too large; request bodies are limited to ${limit} bytes. Send a shorter query.`, {
      code: 'REQUEST_TOO_LARGE',
      maxBytes: limit,
    }),
  };
}

/**
 * Bytes a body takes inside Lambda's JSON response: its UTF-8 length plus the escapes
 * JSON adds to a string (a backslash before `"` and `\`, and before or in place of
 * control characters).
 */
export function carriedBytes(body: string): number {
  let extra = 2;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === 34 || code === 92 || code === 8 || code === 9 || code === 10 || code === 12 || code === 13) extra += 1;
    else if (code < 32) extra += 5;
  }
  return Buffer.byteLength(body, 'utf8') + extra;
}

/**
 * The body as it is when within the budget; otherwise a 400 RESPONSE_TOO_LARGE that
 * says how large the answer was and how to ask for less.
 */
export function withinResponseBudget(answer: HttpAnswer, budget = RESPONSE_BUDGET_BYTES): HttpAnswer {
  const bytes = carriedBytes(answer.body);
  if (bytes <= budget) return answer;
  return {
    status: 400,
    headers: { ...answer.headers, ...JSON_HEADERS },
    body: errorBody(`The response would be ${bytes} bytes; responses are limited to ${budget}. Ask for fewer fields, smaller pages (first), fewer aliases or a smaller maxDepth.`, {
      code: 'RESPONSE_TOO_LARGE',
      bytes,
      maxBytes: budget,
    }),
  };
}

/** Bytes of an API Gateway event's body, decoded when it came base64-encoded. */
function eventBodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  if (!event.isBase64Encoded) return Buffer.byteLength(event.body, 'utf8');
  const padding = event.body.endsWith('==') ? 2 : event.body.endsWith('=') ? 1 : 0;
  return Math.floor((event.body.length * 3) / 4) - padding;
}

export interface LambdaHttpLimits {
  maxRequestBytes?: number;
  responseBudgetBytes?: number;
}

/**
 * Middleware for `startServerAndCreateLambdaHandler`: refuses an oversized body before
 * Apollo parses it, and holds every response to the budget.
 */
export function lambdaHttpLimits(limits: LambdaHttpLimits = {}) {
  const maxRequest = limits.maxRequestBytes ?? MAX_REQUEST_BODY_BYTES;
  const budget = limits.responseBudgetBytes ?? RESPONSE_BUDGET_BYTES;
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2 | ((result: APIGatewayProxyStructuredResultV2) => Promise<void>)> => {
    const bytes = eventBodyBytes(event);
    if (bytes > maxRequest) {
      const answer = requestTooLarge(bytes, maxRequest);
      return { statusCode: answer.status, headers: answer.headers, body: answer.body };
    }
    return async (result) => {
      if (typeof result.body !== 'string' || result.isBase64Encoded) return;
      const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([key, value]) => [key, String(value)]));
      const answer = withinResponseBudget({ status: result.statusCode ?? 200, headers, body: result.body }, budget);
      if (answer.body === result.body) return;
      result.statusCode = answer.status;
      result.headers = answer.headers;
      result.body = answer.body;
    };
  };
}
