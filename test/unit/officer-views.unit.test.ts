import { describe, expect, it } from 'vitest';
import { keepLeadingComments, leadingComments } from '../../functions/graphiql/comments.js';
import { csvField, toCsv } from '../../functions/graphiql/csv.js';
import { chainsFromResponse, toDiagram, type StepCard } from '../../functions/graphiql/delivery.js';
import { CARD_HEIGHT, CARD_WIDTH, LAYOUT_OPTIONS, layoutDiagram } from '../../functions/graphiql/layout.js';
import { STARTER_QUERY } from '../../functions/graphiql/starter-query.js';
import { COLUMNS, trackerCsv } from '../../functions/graphiql/tracker.js';
import { fictionalChains, fictionalTrackerRow } from '../fixtures/officer-views.js';

describe('chainsFromResponse', () => {
  it('finds delivery chains in a result under any alias', () => {
    const response = JSON.stringify({ data: { octans: fictionalChains() } });
    expect(chainsFromResponse(response)?.root.id).toBe('fictional/resolution:fictional-09-iii');
  });

  it('finds none in a result of another query, an error or text that is not JSON', () => {
    expect(chainsFromResponse(JSON.stringify({ data: { trace: { paths: [] } } }))).toBeNull();
    expect(chainsFromResponse(JSON.stringify({ errors: [{ message: 'Bad' }] }))).toBeNull();
    expect(chainsFromResponse('{"data": ')).toBeNull();
    expect(chainsFromResponse(null)).toBeNull();
  });
});

describe('toDiagram', () => {
  const diagram = toDiagram(fictionalChains());

  it('draws a step shared by two branches once, so the branches fan out from it', () => {
    const steps = diagram.cards.filter((card): card is StepCard => card.kind === 'step');
    expect(steps.map((card) => card.node.id).filter((id) => id === 'fictional/resolution:fictional-09-iii')).toHaveLength(1);
    expect(steps).toHaveLength(7);
    expect(diagram.links.filter((link) => link.from === 'node:fictional/organisation:fictional-csp').map((link) => link.to).sort()).toEqual(['node:fictional/action:fictional-13', 'node:fictional/action:fictional-14']);
  });

  it('puts a chain\'s gap after its last step, with the reason in words', () => {
    const gap = diagram.cards.find((card) => card.kind === 'gap');
    expect(gap).toMatchObject({ stage: 'PROGRESS', reason: 'Fictional: no progress recorded for action 14.' });
    expect(diagram.links.find((link) => link.to === gap?.key)).toMatchObject({ from: 'node:fictional/action:fictional-14', basis: 'GAP' });
  });

  it('labels a progress card with the update\'s own words, and keeps the standalone label for its details', () => {
    const progress = diagram.cards.find((card): card is StepCard => card.key === 'node:fictional/progress:fictional');
    expect(progress).toMatchObject({ label: 'Fictional words of the update', fullLabel: 'Fictional progress' });
  });

  it('keeps an inferred link\'s rationale for the reader', () => {
    const inferred = diagram.links.find((link) => link.to === 'node:fictional/action:fictional-13');
    expect(inferred).toMatchObject({ type: 'TAKES_UP', basis: 'INFERRED', rationale: 'Fictional rationale: same pilot named in both.' });
  });
});

describe('layoutDiagram', () => {
  it('lays a chain out left to right in stage order, with fixed card sizes', async () => {
    const diagram = toDiagram(fictionalChains());
    const layout = await layoutDiagram(diagram);
    const x = (nodeId: string) => layout.cards.find((card) => card.key === `node:${nodeId}`)!.x;
    const chain = ['fictional/resolution:fictional-09-iii', 'fictional/organisation:fictional-csp', 'fictional/action:fictional-13', 'fictional/operation:fictional', 'fictional/progress:fictional', 'fictional/agenda-item:fictional-08'];
    const xs = chain.map(x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(new Set(xs).size).toBe(chain.length);
    expect(layout.cards.every((card) => card.width === CARD_WIDTH && card.height === CARD_HEIGHT)).toBe(true);
    expect(layout.width).toBeGreaterThan(chain.length * CARD_WIDTH);
    expect(LAYOUT_OPTIONS).toMatchObject({ 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' });
  });

  it('places every link with its points and its words', async () => {
    const layout = await layoutDiagram(toDiagram(fictionalChains()));
    const inferred = layout.links.find((link) => link.key === 'node:fictional/organisation:fictional-csp->node:fictional/action:fictional-13');
    expect(inferred?.label?.text).toBe('takes up\n(inferred)');
    expect(inferred!.label!.height).toBeGreaterThan(layout.links.find((link) => link.label?.text === 'addressed to')!.label!.height);
    expect(inferred!.points.length).toBeGreaterThanOrEqual(2);
    expect(layout.links.find((link) => link.key.includes('->gap:'))?.label).toBeNull();
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes or line breaks as RFC 4180 says, and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x, y', 'say "no"'], ['two\nlines', null]])).toBe('a,b\r\n"x, y","say ""no"""\r\n"two\nlines",\r\n');
  });

  it('stops a spreadsheet from running a cell as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('2019-03-05')).toBe('2019-03-05');
  });

  it('writes one line per tracker row after the header, with the table\'s columns', () => {
    const rows = [fictionalTrackerRow(), fictionalTrackerRow({ request: { id: 'fictional/recommendation:fictional-2', label: 'Two' }, text: 'A request, with a comma', delivery: 'RECORDED' })];
    const lines = trackerCsv(rows).split('\r\n');
    expect(lines).toHaveLength(rows.length + 2); // header, rows, and the empty string after the last CRLF
    expect(lines[0]).toBe(['Id', ...COLUMNS.map((column) => column.name)].join(','));
    expect(lines[2]).toContain('"A request, with a comma"');
    expect(lines[1]).toContain('Not recorded');
  });
});

describe('the starter query\'s explanation', () => {
  const explorerOutput = 'query WhatBecameOfResolution09iii {\n  deliveryChains(from: "x") {\n    delivery\n  }\n}';

  it('is a leading comment block the Explorer\'s rewrite keeps', () => {
    const block = leadingComments(STARTER_QUERY);
    expect(block.split('\n').length).toBeGreaterThan(3);
    const kept = keepLeadingComments(STARTER_QUERY, explorerOutput);
    expect(kept.startsWith(block)).toBe(true);
    expect(kept.endsWith(explorerOutput)).toBe(true);
  });

  it('is not added twice, and a query without comments is left as the Explorer wrote it', () => {
    const once = keepLeadingComments(STARTER_QUERY, explorerOutput);
    expect(keepLeadingComments(once, once)).toBe(once);
    expect(keepLeadingComments('query A { x }', explorerOutput)).toBe(explorerOutput);
  });
});
