/**
 * The officers' views as a person uses them, in headless Chromium against the local
 * server: the starter question readable on a laptop, its answer as a picture in one
 * click, citations a click away, the tracker with its filters and CSV, axe-core clean,
 * and nothing fetched from beyond this machine.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../fixtures/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type StartedProcess } from '../fixtures/local-process.js';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const STAGE_ORDER = ['Request', 'Sent to', 'Response', 'Taken up by', 'Delivered by', 'Progress', 'Reported back', 'Outcome'];

let server: StartedProcess;
let browser: Browser;
const requested: string[] = [];

beforeAll(async () => {
  server = await startServerProcess({ SCRUTINY_MEMORY: '1' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh visit (no saved tabs) at a laptop's screen size, every request recorded. */
async function openGraphiql(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(server.url.replace('127.0.0.1', 'localhost'));
  await page.locator('.graphiql-query-editor .view-lines', { hasText: 'WhatBecameOfResolution09iii' }).waitFor({ timeout: 30_000 });
  return page;
}

async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

interface SeenCard {
  stage: string;
  type: string;
  label: string;
  x: number;
}

async function cardsOnScreen(page: Page): Promise<SeenCard[]> {
  return page.locator('.sg-card').evaluateAll((cards) =>
    cards.map((card) => ({
      stage: (card.querySelector('.sg-stage')?.textContent ?? '').trim(),
      type: (card.querySelector('.sg-type')?.textContent ?? '').trim(),
      label: (card.querySelector('.sg-label, .sg-reason')?.textContent ?? '').trim(),
      x: card.getBoundingClientRect().x,
    })),
  );
}

/** axe-core, from node_modules, on one part of the page: serious and critical findings. */
async function axeFindings(page: Page, selector: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (scope) => {
    const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const results = await axe.run(document.querySelector(scope)!, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`);
  }, selector);
}

/** Records of an RFC 4180 file (a quoted field may hold commas, quotes and line breaks). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') record.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += char;
  }
  if (field || record.length) record.push(field), records.push(record);
  return records;
}

describe('the starter tab', () => {
  it('opens with no panel over the query, so every line of its explanation is readable at 1366×768', async () => {
    const page = await openGraphiql();
    // GraphiQL parks a closed panel off screen.
    const pane = await page.locator('.graphiql-plugin').boundingBox();
    expect(pane!.x + pane!.width).toBeLessThanOrEqual(0);
    const editor = await page.locator('.graphiql-query-editor .monaco-scrollable-element').first().boundingBox();
    const comments = await page.locator('.graphiql-query-editor .view-line').evaluateAll((lines) =>
      lines
        .map((line) => ({ text: (line.textContent ?? '').replace(/\u00a0/g, ' '), box: (line.firstElementChild ?? line).getBoundingClientRect() }))
        .filter((line) => line.text.trimStart().startsWith('#'))
        .map((line) => ({ text: line.text, right: line.box.right, bottom: line.box.bottom })),
    );
    expect(comments.length).toBeGreaterThan(5);
    expect(comments.map((line) => line.text).join(' ')).toContain('resolution 09(iii)');
    for (const line of comments) {
      expect(line.right, `"${line.text}" runs past the editor's edge`).toBeLessThanOrEqual(editor!.x + editor!.width);
      expect(line.bottom).toBeLessThanOrEqual(768);
    }
    await page.context().close();
  });

  it('keeps its explanation when a field is clicked in the Explorer, and still runs', async () => {
    const page = await openGraphiql();
    // The whole query as GraphiQL keeps it (the editor shows only the lines in view).
    const savedQuery = () =>
      page.evaluate(() => {
        const saved = JSON.parse(localStorage.getItem('scrutiny-graph:graphiql:tabState') ?? '{"tabs":[]}') as { tabs: Array<{ query: string }>; activeTabIndex: number };
        return saved.tabs[saved.activeTabIndex ?? 0]?.query ?? '';
      });
    await expect.poll(savedQuery, { timeout: 10_000 }).toContain('WhatBecameOfResolution09iii');
    const explanation = (await savedQuery()).split('\n').filter((line) => line.startsWith('#'));
    expect(explanation.length).toBeGreaterThan(5);
    await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
    // deliveryChains is open in the Explorer (the query uses it); tick its `direction`.
    await page.locator('.graphiql-explorer-deliveryChains [data-field-name="direction"]').first().click();
    await expect.poll(savedQuery, { timeout: 10_000 }).toMatch(/^\s+direction$/m);
    expect((await savedQuery()).split('\n').slice(0, explanation.length)).toEqual(explanation);
    expect((await page.locator('.graphiql-query-editor .view-lines').innerText()).replace(/\u00a0/g, ' ')).toContain(explanation[0]);

    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('WhatBecameOfResolution09iii'));
    await page.locator('button.graphiql-execute-button').click();
    const body = (await (await answer).json()) as { data?: { deliveryChains?: { chains: unknown[]; direction?: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.deliveryChains?.chains.length).toBeGreaterThan(0);
    expect(body.data?.deliveryChains?.direction).toBe('DOWNSTREAM');
    await page.context().close();
  });

  it('leaves an officer\'s saved tabs as they were', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const saved = { tabs: [{ id: 'saved-tab', hash: 'saved-tab', title: 'MySavedQuery', query: 'query MySavedQuery {\n  datasets {\n    id\n  }\n}', variables: null, headers: null, operationName: 'MySavedQuery', response: null }], activeTabIndex: 0 };
    await context.addInitScript((tabs) => localStorage.setItem('scrutiny-graph:graphiql:tabState', tabs), JSON.stringify(saved));
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(server.url.replace('127.0.0.1', 'localhost'));
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'MySavedQuery' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(['MySavedQuery']);
    expect(await page.locator('.graphiql-query-editor .view-lines').innerText()).not.toContain('WhatBecameOfResolution09iii');
    await context.close();
  });
});

describe('the Trace view', () => {
  it('shows the 09(iii) chain as a picture in one click, its cards in stage order from the request to item 8', async () => {
    const page = await openGraphiql();
    await page.getByRole('button', { name: 'See the answer as a picture' }).click();
    await page.locator('.sg-card').first().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.sg-trace-status').innerText()).toMatch(/What became of .*09\(iii\)/);

    const cards = await cardsOnScreen(page);
    const steps = cards.filter((card) => !card.stage.startsWith('Gap'));
    // The picture reads left to right: every stage's cards stand right of the stages before it.
    for (const [index, card] of steps.entries()) {
      for (const later of steps.slice(index + 1)) {
        if (STAGE_ORDER.indexOf(later.stage) > STAGE_ORDER.indexOf(card.stage)) expect(later.x, `${later.label} after ${card.label}`).toBeGreaterThan(card.x);
      }
    }
    const find = (stage: string, pattern: RegExp) => steps.find((card) => card.stage === stage && pattern.test(card.label));
    const chain = [find('Request', /09\(iii\)/), find('Sent to', /Community Safety Partnership/), find('Taken up by', /13/), find('Delivered by', /Octans/), find('Progress', /./), find('Reported back', /8/)];
    expect(chain.every(Boolean), JSON.stringify(steps, null, 1)).toBe(true);
    expect(chain.map((card) => card!.x)).toEqual(chain.map((card) => card!.x).sort((a, b) => a - b));
    expect(steps[0]).toMatchObject({ stage: 'Request', type: 'Resolution' });
    await page.context().close();
  });

  it('shows a card\'s quote and locator when it is clicked, and traces from it on request', async () => {
    const page = await openGraphiql();
    const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('WhatBecameOfResolution09iii'));
    await page.getByRole('button', { name: 'See the answer as a picture' }).click();
    const body = (await (await answer).json()) as { data: { deliveryChains: { chains: Array<{ steps: Array<{ node: { id: string; sources: Array<{ quote: string; locator: string }> } }> }> } } };
    const octans = body.data.deliveryChains.chains.flatMap((chain) => chain.steps).find((step) => step.node.id === 'luton/operation:octans');
    expect(octans?.node.sources.length).toBeGreaterThan(0);

    const card = page.locator('.sg-card', { hasText: 'Octans' }).first();
    await card.click();
    const details = page.locator('.sg-details');
    await expect.poll(() => details.innerText()).toContain(octans!.node.sources[0]!.quote);
    expect(await details.innerText()).toContain(octans!.node.sources[0]!.locator);
    expect(await card.getAttribute('aria-pressed')).toBe('true');

    await details.getByRole('button', { name: 'Trace from here' }).click();
    await expect.poll(() => page.locator('.sg-trace-status').innerText(), { timeout: 30_000 }).toMatch(/What became of Operation Octans/);
    await page.locator('.sg-card').first().waitFor();
    expect((await cardsOnScreen(page))[0]?.label).toMatch(/Octans/);

    await page.locator('.sg-card').first().click();
    await details.getByRole('button', { name: 'What led to it' }).click();
    await expect.poll(() => page.locator('.sg-trace-status').innerText(), { timeout: 30_000 }).toMatch(/What led to Operation Octans/);
    await expect.poll(async () => (await cardsOnScreen(page)).some((seen) => /09\(iii\)/.test(seen.label))).toBe(true);
    await page.context().close();
  });

  it('is operated by keyboard: Tab moves through the picture left to right, focus shows, Enter opens a card, an inferred link shows its rationale', async () => {
    const page = await openGraphiql();
    await page.getByRole('button', { name: 'See the answer as a picture' }).click();
    const first = page.locator('.sg-card').first();
    await first.waitFor({ timeout: 30_000 });
    await page.locator('.sg-trace-status').focus();

    // Tab from the status line: the request card first, then cards and inferred links' words, left to right.
    const focusedX: number[] = [];
    let rationale: string | null = null;
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const tip = element.querySelector<HTMLElement>('[role="tooltip"]');
        return { isCard: element.classList.contains('sg-card'), isLink: element.classList.contains('sg-link-label-inferred'), x: element.offsetLeft, outline: getComputedStyle(element).outlineStyle, tip: tip && tip.offsetParent !== null ? tip.innerText : null };
      });
      if (!focused.isCard && !focused.isLink) break;
      expect(focused.outline).not.toBe('none');
      focusedX.push(focused.x);
      if (focused.isLink) rationale ??= focused.tip;
    }
    expect(focusedX.length).toBeGreaterThanOrEqual(await page.locator('.sg-card').count());
    expect(focusedX.slice(1).every((x, i) => x >= focusedX[i]!)).toBe(true);
    // The 09(iii) chain has inferred links (its action takes it up by a curator's judgement).
    expect(await page.locator('.sg-link-inferred').count()).toBeGreaterThan(0);
    expect(rationale).toMatch(/^Inferred: \S/);
    expect(await page.locator('.sg-link-inferred').count()).toBe(await page.locator('.sg-link-label-inferred').count());

    await first.focus();
    const label = (await first.locator('.sg-label').innerText()).trim();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.sg-details h3').innerText()).toContain(label.split('\n')[0]!.slice(0, 20));
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    await page.context().close();
  });
});

describe('the Tracker view', () => {
  it('lists the 2019 requests and filters to those with no recorded delivery', async () => {
    const page = await openGraphiql();
    await page.getByRole('button', { name: 'Recommendation tracker' }).click();
    const rows = page.locator('.sg-table tbody tr');
    await rows.first().waitFor({ timeout: 30_000 });
    const column = (name: string) =>
      page.locator('.sg-table').evaluate((table, header) => {
        const index = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent === header);
        return [...table.querySelectorAll('tbody tr')].map((tr) => (tr.children[index]?.textContent ?? '').trim());
      }, name);

    const { y2019, notRecorded } = await api<{ y2019: { totalCount: number }; notRecorded: { totalCount: number } }>(
      'query { y2019: tracker(filter: { from: "2019", to: "2019" }) { totalCount } notRecorded: tracker(filter: { delivery: [NOT_RECORDED] }) { totalCount } }',
    );
    expect(y2019.totalCount).toBeGreaterThan(0);
    expect((await column('Date')).filter((date) => date.startsWith('2019'))).toHaveLength(y2019.totalCount);
    expect(await column('Request')).toEqual(expect.arrayContaining([expect.stringMatching(/pilot of target areas/)]));

    await page.getByLabel('Delivery').selectOption({ label: 'Not recorded' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('.sg-table caption').innerText()).toContain(`${notRecorded.totalCount} request`);
    expect(notRecorded.totalCount).toBeGreaterThan(0);
    const delivery = await column('Delivery');
    expect(delivery).toHaveLength(notRecorded.totalCount);
    expect(new Set(delivery)).toEqual(new Set(['Not recorded']));

    // The CSV holds exactly the rows on screen, one record each after the header.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /Download CSV/ }).click();
    const file = await (await download).path();
    const records = csvRecords(await readFile(file, 'utf8'));
    expect((await download).suggestedFilename()).toBe('tracker.csv');
    expect(records[0]?.slice(0, 3)).toEqual(['Id', 'Number', 'Request']);
    expect(records.slice(1)).toHaveLength(notRecorded.totalCount);
    expect(records.slice(1).map((record) => record[records[0]!.indexOf('Delivery')])).toEqual(delivery);
    await page.context().close();
  });
});

describe('accessibility and privacy', () => {
  it('has no serious or critical axe-core findings in either view or the header', async () => {
    const page = await openGraphiql();
    expect(await axeFindings(page, '.sg-header')).toEqual([]);
    await page.getByRole('button', { name: 'See the answer as a picture' }).click();
    await page.locator('.sg-card').first().waitFor({ timeout: 30_000 });
    await page.locator('.sg-card').first().click();
    expect(await axeFindings(page, '.graphiql-plugin')).toEqual([]);
    await page.getByRole('button', { name: 'Recommendation tracker' }).click();
    await page.locator('.sg-table tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await axeFindings(page, '.graphiql-plugin')).toEqual([]);
    await page.context().close();
  });

  it('fetched nothing from beyond this machine in any of these visits', () => {
    expect(requested.some((url) => url.endsWith('/graphql'))).toBe(true);
    const outside = requested.filter((url) => {
      const { protocol, hostname } = new URL(url);
      return !['data:', 'blob:'].includes(protocol) && !['localhost', '127.0.0.1'].includes(hostname);
    });
    expect(outside).toEqual([]);
  });
});
