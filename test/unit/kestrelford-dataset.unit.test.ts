/**
 * Guards on the fictional Kestrelford dataset, which exercises the model's forms for other
 * councils' documents: every quote is in its (fictional) source at its locator, every fact
 * is cited, the dataset says it is fictional wherever it is shown, each form is used, and
 * its delivery chains read as an officer would expect.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import { buildTracker, deliveryChains } from '../../functions/core/delivery.js';
import { loadGraphFromDir, PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { createMemoryReader } from '../fixtures/graph-builders.js';
import { loadKestrelford } from '../fixtures/kestrelford.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

const DIR = path.join(PROJECT_ROOT, 'data', 'kestrelford-2024');
const k = (id: string) => `kestrelford/${id}`;
const POLICE = 'registry/organisation:bedfordshire-police';

let graph: Graph;
let shared: Graph;
const node = (id: string): GraphNode => graph.nodes.find((n) => n.id === id)!;

beforeAll(async () => {
  ({ graph, shared } = await loadKestrelford());
});

describe('the fictional Kestrelford dataset', () => {
  it('says it is fictional in its descriptor, title, council name and the first line of every source', () => {
    const descriptor = parseYaml(readFileSync(path.join(DIR, 'dataset.yaml'), 'utf8')) as Record<string, unknown> & { council: { name: string } };
    expect(descriptor).toMatchObject({ name: 'kestrelford-2024', namespace: 'kestrelford', fictional: true, dependencies: ['registry'] });
    expect(descriptor.title).toMatch(/fictional/);
    expect(descriptor.council.name).toMatch(/fictional/);
    const documents = graph.nodes.filter((n) => n.type === 'Document');
    expect(documents.length).toBe(3);
    for (const document of documents) {
      expect(String(document.props.title)).toMatch(/fictional/);
      const text = readFileSync(path.join(PROJECT_ROOT, String(document.props.path)), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^FICTIONAL DOCUMENT, written for the Scrutiny Graph project/);
    }
  });

  it('quotes its sources verbatim at every locator (checked here independently of the validator)', () => {
    const texts = new Map(graph.nodes.filter((n) => n.type === 'Document').map((d) => [d.id, readFileSync(path.join(PROJECT_ROOT, String(d.props.path)), 'utf8').split(/\r?\n/)]));
    const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
    const misquoted: string[] = [];
    const subjects = [...graph.nodes.map((n) => ({ id: n.id, sources: n.sources })), ...graph.edges.map((e) => ({ id: `${e.from} ${e.type} ${e.to}`, sources: e.sources }))];
    for (const subject of subjects) {
      expect(subject.sources.length, subject.id).toBeGreaterThan(0);
      for (const citation of subject.sources) {
        const lines = texts.get(citation.document);
        expect(lines, `${subject.id} cites ${citation.document}`).toBeDefined();
        if (!squash(lines!.slice(citation.lines[0] - 1, citation.lines[1]).join(' ')).includes(squash(citation.quote))) misquoted.push(`${subject.id}: "${citation.quote}"`);
      }
    }
    expect(misquoted).toEqual([]);
  });

  it('is small: 30 to 50 nodes of its own, every id in its namespace', () => {
    expect(graph.nodes.length).toBe(44);
    expect(graph.edges.length).toBe(80);
    expect(graph.nodes.filter((n) => !n.id.startsWith('kestrelford/'))).toEqual([]);
  });

  it('records where each web page and PDF came from, with the hash of the text it cites', () => {
    for (const document of graph.nodes.filter((n) => n.type === 'Document')) {
      const text = readFileSync(path.join(PROJECT_ROOT, String(document.props.path)), 'utf8');
      expect(document.props.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      expect(document.props.url).toMatch(/^https:\/\/kestrelford\.example\//);
      expect(document.props.retrieved).toBe('2024-07-01');
    }
    expect(graph.nodes.filter((n) => n.type === 'Document').map((d) => d.props.format).sort()).toEqual(['pdf', 'web-page', 'web-page']);
  });

  it('uses every form the model has for other councils', () => {
    expect(graph.nodes.filter((n) => n.type === 'Response').map((n) => n.props.outcome).sort()).toEqual(['agreed', 'agreed-with-reservations', 'deferred', 'partly-agreed', 'rejected']);
    expect(graph.nodes.filter((n) => n.type === 'ProgressUpdate' && n.props.dateBasis === 'document-date').length).toBe(4);
    const notPrinted = graph.nodes.flatMap((n) => ((n.props.notPrinted as string[] | undefined) ?? []).map((name) => `${n.type}.${name}`)).sort();
    expect(notPrinted).toEqual(['AgendaItem.number', 'Meeting.startTime', 'Meeting.venue', 'Operation.startDate', 'Recommendation.number', 'Resolution.number', 'Response.reasons']);
    const types = new Set(graph.edges.map((e) => e.type));
    for (const type of ['MADE_IN', 'MADE_BY', 'RESPONDS_TO', 'TAKES_UP']) expect(types.has(type as never), type).toBe(true);
    expect(graph.edges.some((e) => e.type === 'TAKES_UP' && e.from === k('resolution:kestrelford-cabinet-2023-12-11-ii'))).toBe(true);
  });

  it('shares Bedfordshire Police with Luton through the registry, never defining it itself', async () => {
    expect(graph.edges.filter((e) => e.to === POLICE).map((e) => [e.from, e.type])).toEqual([[k('operation:kestrelford-joint-night-patrols'), 'INVOLVES']]);
    expect(shared.nodes.some((n) => n.id === POLICE)).toBe(true);
    const luton = await loadGraphFromDir(CURATED_DATASET_DIR);
    expect(luton.edges.filter((e) => e.to === POLICE && e.from.startsWith('luton/')).length).toBeGreaterThan(0);
  });
});

describe('what became of the Kestrelford recommendations', () => {
  const reader = () => createMemoryReader([...graph.nodes, ...shared.nodes], [...graph.edges, ...shared.edges]).reader;

  it('records the rejection of recommendation 2 with its reasons, and the undated progress on what was done instead', async () => {
    const result = await deliveryChains(reader(), k('recommendation:nts-2023-2'));
    expect(result.chains.map((c) => c.steps.map((s) => s.stage))).toEqual([['REQUEST', 'SENT_TO', 'RESPONSE', 'PROGRESS', 'REPORTED_BACK']]);
    const [, , response, progress, back] = result.chains[0]!.steps;
    expect(response).toMatchObject({ date: '2023-12-11', node: { props: { outcome: 'rejected' } } });
    expect(response!.node.props.reasons).toMatch(/^The cost of a second scheme cannot be met/);
    expect(progress).toMatchObject({ date: null, notLaterThan: '2024-06-10' });
    expect(back!.node.id).toBe(k('agenda-item:kestrelford-osc-2024-06-10-07'));
    expect(result.chains[0]!.gap).toBeNull();
  });

  it('follows recommendation 3 through the Cabinet resolution that took it up to the joint patrols and their progress', async () => {
    const result = await deliveryChains(reader(), k('recommendation:nts-2023-3'));
    const routes = result.chains.map((c) => c.steps.map((s) => `${s.stage} ${s.node.id.replace('kestrelford/', '')}`));
    const lead = ['REQUEST recommendation:nts-2023-3', 'SENT_TO organisation:kestrelford-cabinet', 'RESPONSE response:nts-2023-3'];
    expect(routes).toEqual([
      [...lead, 'DELIVERED_BY operation:kestrelford-joint-night-patrols', 'PROGRESS progress:kestrelford-joint-night-patrols', 'REPORTED_BACK agenda-item:kestrelford-osc-2024-06-10-07'],
      [...lead, 'TAKEN_UP_BY resolution:kestrelford-cabinet-2023-12-11-ii', 'REPORTED_BACK agenda-item:kestrelford-osc-2024-06-10-07'],
    ]);
    expect(result.chains[0]!.steps[4]).toMatchObject({ stage: 'PROGRESS', date: null, notLaterThan: '2024-06-10' });
    const patrols = result.chains[0]!.steps[3]!;
    expect(patrols.context.map((c) => [c.role, c.node.id])).toContainEqual(['PARTNER', POLICE]);
  });

  it('lists every request that asked for follow-up in the tracker, with the latest response', async () => {
    const requests = graph.nodes.filter((n) => n.type === 'Recommendation' || n.type === 'Resolution');
    const rows = await buildTracker(reader(), requests);
    const byId = new Map(rows.map((r) => [r.request.id.replace('kestrelford/', ''), r]));
    expect([...byId.keys()].sort()).toEqual([
      'recommendation:nts-2023-1', 'recommendation:nts-2023-2', 'recommendation:nts-2023-3', 'recommendation:nts-2023-4', 'recommendation:nts-2023-cctv-map',
      'resolution:kestrelford-cabinet-2023-12-11-ii', 'resolution:kestrelford-osc-2024-06-10-07',
    ]);
    expect(byId.get('recommendation:nts-2023-cctv-map')).toMatchObject({ number: null, date: '2023-11-20', body: { id: k('organisation:night-time-safety-task-group') }, response: { outcome: 'partly-agreed' } });
    expect(byId.get('recommendation:nts-2023-4')!.response).toMatchObject({ outcome: 'deferred', reason: null, by: { id: k('organisation:kestrelford-cabinet') } });
    expect(byId.get('recommendation:nts-2023-1')).toMatchObject({ delivery: 'RECORDED', lastActivity: '2024-06-10' });
    expect(byId.get('resolution:kestrelford-osc-2024-06-10-07')).toMatchObject({ number: null, delivery: 'NOT_RECORDED' });
  });
});
