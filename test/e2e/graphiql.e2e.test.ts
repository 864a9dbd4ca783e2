/**
 * A scrutiny officer's first visit: GraphiQL in headless Chromium opens on the starter
 * query, runs it, and shows the delivery chain with citations, with no request leaving
 * this machine.
 */
import { type Browser } from 'playwright-core';
import { launchChromium } from '../fixtures/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type StartedProcess } from '../fixtures/local-process.js';

let server: StartedProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startServerProcess({ SCRUTINY_MEMORY: '1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('GraphiQL', () => {
  it('runs the starter query and shows the chain from resolution 09(iii) through Operation Octans to item 8, all offline', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(server.url.replace('127.0.0.1', 'localhost'));
    expect(await page.title()).toBe('Scrutiny Graph – GraphiQL');

    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'WhatBecameOfResolution09iii' }).waitFor({ timeout: 30_000 });
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('WhatBecameOfResolution09iii'));
    await page.locator('button.graphiql-execute-button').click();
    type Step = { node: { id: string; sources: Array<{ quote: string; locator: string }> } };
    const body = (await (await answer).json()) as { data: { deliveryChains: { chains: Array<{ steps: Step[] }> } } };
    const onScreen = page.locator('.graphiql-response .view-lines').filter({ hasText: '"data"' });
    await onScreen.waitFor({ timeout: 30_000 });
    expect((await onScreen.innerText()).replace(/\u00a0/g, ' ')).toContain('luton/resolution:cdc-2019-03-05-09-iii');

    const chains = body.data.deliveryChains.chains.map((chain) => chain.steps.map((step) => step.node.id));
    const through = ['luton/resolution:cdc-2019-03-05-09-iii', 'luton/action:csp-business-plan-2019-20-13', 'luton/operation:octans', 'luton/agenda-item:cdc-2020-03-02-08'];
    expect(chains.some((ids) => through.every((id) => ids.includes(id)) && through.map((id) => ids.indexOf(id)).every((at, i, all) => i === 0 || at > all[i - 1]!))).toBe(true);
    const steps = body.data.deliveryChains.chains.flatMap((chain) => chain.steps);
    expect(steps.every((step) => step.node.sources.length > 0 && step.node.sources.every((s) => s.quote && s.locator))).toBe(true);

    const outside = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !['data:', 'blob:'].includes(protocol) && !['localhost', '127.0.0.1'].includes(hostname);
    });
    expect(outside).toEqual([]);
    expect(requested.some((url) => url.endsWith('/graphql'))).toBe(true);
    await page.close();
  });
});
