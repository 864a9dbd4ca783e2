/**
 * A front-end on another origin calls the local API from headless Chromium: the browser
 * sends its own preflight, and the page reads the answer only when its origin is admitted.
 * The page is served by a second server on loopback, on a port of its own.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser } from 'playwright-core';
import { launchChromium } from '../fixtures/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../functions/local/stack.js';
import { MINI_DATASET_DIR } from '../fixtures/local-graph.js';

let api: LocalStack;
let admitted: { server: Server; origin: string };
let other: { server: Server; origin: string };
let browser: Browser;

/** A front-end page that POSTs a query (JSON, so the browser preflights) to the API and shows the result. */
const page = (apiUrl: string) => `<!doctype html><title>Fictional front-end</title><pre id="out">waiting</pre><script type="module">
  const out = document.getElementById('out');
  try {
    const response = await fetch(${JSON.stringify(apiUrl)}, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ node(id: "luton/operation:octans") { label } }' }),
    });
    const body = await response.json();
    out.textContent = 'label: ' + body.data.node.label;
  } catch (error) {
    out.textContent = 'blocked: ' + error.name;
  }
</script>`;

async function frontEnd(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page(api.url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
  // Pages read the API's address when served, so the front-ends can start first.
  admitted = await frontEnd();
  other = await frontEnd();
  // The API listens on 127.0.0.1 too: same host, another port, so another origin.
  api = await startLocalStack({ port: 0, dataDir: null, datasetDir: MINI_DATASET_DIR, tableName: 'cors-browser-test', allowedOrigins: [admitted.origin] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const front of [admitted, other]) front?.server.closeAllConnections();
  await Promise.all([admitted, other].map((front) => front && new Promise((resolve) => front.server.close(resolve))));
  await api?.close();
});

async function visit(origin: string): Promise<string> {
  const tab = await browser.newPage();
  await tab.goto(origin);
  const out = tab.locator('#out');
  await out.filter({ hasNotText: 'waiting' }).waitFor({ timeout: 20_000 });
  const text = await out.innerText();
  await tab.close();
  return text;
}

describe('a front-end on a second origin', () => {
  it('reads the API answer when its origin is admitted', async () => {
    expect(await visit(admitted.origin)).toBe('label: Operation Octans');
  });

  it('is blocked by the browser when its origin is not admitted', async () => {
    expect(await visit(other.origin)).toBe('blocked: TypeError');
  });
});
