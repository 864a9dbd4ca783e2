/**
 * `npm run screenshots`: the README's picture of the Trace view, taken from the real
 * thing. Starts the local server (in memory), opens GraphiQL in Debian's Chromium, clicks
 * "See the answer as a picture" on the starter tab, opens the Operation Octans card and
 * saves the view as functions/graphiql/screenshots/trace-view.png. Nothing is fetched
 * from beyond this machine.
 *
 * It also prints what an officer reads to answer the starter question: the cards and
 * links of the picture, against the lines of JSON of the starter's answer and of the
 * full trace of the same resolution.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium } from '../fixtures/chromium.js';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { startServerProcess } from '../fixtures/local-process.js';
import { TRACE_QUERY } from '../fixtures/trace-query.js';

const OUT_DIR = path.join(PROJECT_ROOT, 'functions', 'graphiql', 'screenshots');
// Wide enough to draw; the window is then fitted to the whole chain (the view takes 70%
// of GraphiQL's width), so the picture needs no scrolling.
const VIEWPORT = { width: 3000, height: 1400 };

const server = await startServerProcess({ SCRUTINY_MEMORY: '1' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const outside: string[] = [];
  page.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (!['data:', 'blob:'].includes(protocol) && !['localhost', '127.0.0.1'].includes(hostname)) outside.push(request.url());
  });
  await page.goto(server.url.replace('127.0.0.1', 'localhost'));
  const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('WhatBecameOfResolution09iii'));
  await page.getByRole('button', { name: 'See the answer as a picture' }).click();
  const starterLines = JSON.stringify(await (await answer).json(), null, 2).split('\n').length;
  const octans = page.locator('.sg-card', { hasText: 'Octans' }).first();
  await octans.waitFor({ timeout: 60_000 });
  await octans.click();
  await page.locator('.sg-details blockquote').first().waitFor();
  const chainWidth = await page.locator('.sg-canvas').evaluate((canvas) => canvas.getBoundingClientRect().width);
  await page.setViewportSize({ width: Math.ceil((chainWidth + 40) / 0.7) + 90, height: VIEWPORT.height });
  await page.mouse.move(0, 0); // no hover effects in the picture
  await mkdir(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, 'trace-view.png');
  // The view from its title to the open card's citations (not the search form below).
  const top = await page.locator('.graphiql-plugin .sg-view').boundingBox();
  const bottom = await page.locator('.graphiql-plugin .sg-details').boundingBox();
  if (!top || !bottom) throw new Error('The Trace view is not on screen.');
  const margin = 12;
  await page.screenshot({ path: file, clip: { x: top.x - margin, y: top.y - margin, width: top.width + 2 * margin, height: bottom.y + bottom.height - top.y + 2 * margin } });
  if (outside.length) throw new Error(`The page fetched from beyond this machine: ${outside.join(', ')}`);
  console.log(`Wrote ${path.relative(PROJECT_ROOT, file)}`);

  const cards = await page.locator('.sg-card').count();
  const gaps = await page.locator('.sg-card-gap').count();
  const links = await page.locator('.sg-link').count();
  const inferred = await page.locator('.sg-link-inferred').count();
  const trace = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: TRACE_QUERY }) });
  const traceLines = JSON.stringify(await trace.json(), null, 2).split('\n').length;
  console.log(`What an officer reads to answer "what became of 09(iii)?":`);
  console.log(`  Trace view: ${cards} cards (${gaps} gaps) and ${links} links (${inferred} inferred), one screen; a click on a card shows its citations`);
  console.log(`  as JSON: the starter's answer is ${starterLines} lines; the full trace of the same resolution is ${traceLines} lines`);
} finally {
  await browser.close();
  await server.stop();
}
