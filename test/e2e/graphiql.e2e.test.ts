/**
 * A scrutiny officer's first visit: GraphiQL in headless Chromium opens on the starter
 * trace, runs it, and shows the chain with citations, with no request leaving this machine.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type StartedProcess } from '../fixtures/local-process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let server: StartedProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ SCRUTINY_MEMORY: '1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('GraphiQL', () => {
  it('runs the starter trace and shows the chain from resolution 09(iii) to Operation Octans, all offline', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(server.url.replace('127.0.0.1', 'localhost'));
    expect(await page.title()).toBe('Scrutiny Graph – GraphiQL');

    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'TraceResolutionToDelivery' }).waitFor({ timeout: 30_000 });
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('TraceResolutionToDelivery'));
    await page.locator('button.graphiql-execute-button').click();
    const body = (await (await answer).json()) as { data: { trace: { paths: string[][]; nodes: Array<{ id: string; sources: Array<{ quote: string; locator: string }> }> } } };
    const onScreen = page.locator('.graphiql-response .view-lines').filter({ hasText: '"data"' });
    await onScreen.waitFor({ timeout: 30_000 });
    expect((await onScreen.innerText()).replace(/\u00a0/g, ' ')).toContain('resolution:cdc-2019-03-05-09-iii');

    const onPaths = (id: string) => body.data.trace.paths.some((path) => path.includes(id));
    expect(onPaths('action:csp-business-plan-2019-20-13')).toBe(true);
    expect(onPaths('operation:octans')).toBe(true);
    expect(onPaths('agenda-item:cdc-2020-03-02-08')).toBe(true);
    expect(body.data.trace.nodes.every((node) => node.sources.length > 0 && node.sources.every((s) => s.quote && s.locator))).toBe(true);

    const outside = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !['data:', 'blob:'].includes(protocol) && !['localhost', '127.0.0.1'].includes(hostname);
    });
    expect(outside).toEqual([]);
    expect(requested.some((url) => url.endsWith('/graphql'))).toBe(true);
    await page.close();
  });
});
