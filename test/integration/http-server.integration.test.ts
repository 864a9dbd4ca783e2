/**
 * The local HTTP front under hostile requests: oversized bodies, malformed paths and
 * responses past the budget, over real sockets on 127.0.0.1.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BODY_BYTES } from '../../functions/graphql/http-limits.js';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

const RESPONSE_BUDGET = 3_000;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'http-server-test', responseBudgetBytes: RESPONSE_BUDGET });
});

afterAll(async () => {
  await stack?.close();
});

/** Sends raw bytes on a keep-alive connection; resolves with what came back and whether the server closed it. */
function rawRequest(head: string, body: string, waitMs = 3_000): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(stack.port, '127.0.0.1');
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ response, closed: false });
    }, waitMs);
    socket.on('data', (chunk) => (response += chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, closed: true });
    });
    socket.write(head);
    socket.write(body);
  });
}

describe('a request body over the limit', () => {
  const body = JSON.stringify({ query: `{ datasets { name } } # ${'x'.repeat(MAX_REQUEST_BODY_BYTES)}` });

  it('is answered 413 REQUEST_TOO_LARGE and the keep-alive connection is closed', async () => {
    const { response, closed } = await rawRequest(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ${body.length}\r\n\r\n`, body);
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response).toMatch(/connection: close/i);
    expect(response).toContain('"code":"REQUEST_TOO_LARGE"');
    expect(closed).toBe(true);
  });

  it('is refused the same way when it comes chunked, without a length', async () => {
    const chunked = `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
    const { response, closed } = await rawRequest('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n', chunked);
    expect([response.slice(0, 12), closed]).toEqual(['HTTP/1.1 413', true]);
  });
});

describe('paths', () => {
  it('answers 400 for a GraphiQL asset path with malformed percent-encoding', async () => {
    const response = await fetch(`http://127.0.0.1:${stack.port}/graphiql/%`);
    expect(response.status).toBe(400);
  });

  it('answers 404 for a GraphiQL asset that does not exist', async () => {
    const response = await fetch(`http://127.0.0.1:${stack.port}/graphiql/no-such-asset.js`);
    expect(response.status).toBe(404);
  });
});

describe('the response budget', () => {
  const post = (query: string) => fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });

  it('answers 400 RESPONSE_TOO_LARGE for a response past it, with no partial data', async () => {
    const response = await post('{ trace(from: "luton/resolution:cdc-2019-03-05-09-iii", maxDepth: 10) { nodes { id label sources { quote locator } } edges { type sources { quote locator } } } }');
    const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string; maxBytes: number } }> };
    expect([response.status, body.errors[0]?.extensions.code, body.errors[0]?.extensions.maxBytes, body.data]).toEqual([400, 'RESPONSE_TOO_LARGE', RESPONSE_BUDGET, undefined]);
  });

  it('lets a response within it through', async () => {
    const response = await post('{ node(id: "luton/operation:octans") { id label } }');
    expect([response.status, ((await response.json()) as { data: unknown }).data]).toEqual([200, { node: { id: 'luton/operation:octans', label: 'Operation Octans' } }]);
  });
});

describe('introspection', () => {
  it('stays on for the local server, which GraphiQL needs', async () => {
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __type(name: "GapCode") { enumValues { name } } }' }) });
    const body = (await response.json()) as { data: { __type: { enumValues: Array<{ name: string }> } } };
    expect(body.data.__type.enumValues.map((v) => v.name)).toContain('NO_DELIVERY_RECORDED');
  });
});
