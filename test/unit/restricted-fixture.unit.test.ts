import { describe, expect, it } from 'vitest';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { visibilityOf } from '../../functions/core/visibility.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';
import { RESTRICTED_DATASET_DIR, RESTRICTED_IDS, publicPart } from '../fixtures/restricted-graph.js';

describe('the fictional dataset with restricted content', () => {
  it('holds an exempt report, the edge to it, a person named only in it and a restricted progress update beside public ones', async () => {
    const graph = await loadGraphFromDir(RESTRICTED_DATASET_DIR);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const report = byId.get('exampleton/document:exampleton-riverside-depot-exempt-report')!;
    expect(report.restriction).toEqual({ reason: 'exempt-information', paragraph: 3 });
    expect(graph.edges.find((e) => e.to === report.id && e.type === 'CONSIDERED')!.restriction).toMatchObject({ reason: 'exempt-information' });
    const person = byId.get('exampleton/person:morgan-quill')!;
    expect(visibilityOf(person)).toBe('restricted');
    expect(person.sources.every((s) => s.document === report.id)).toBe(true);
    expect(graph.edges.filter((e) => e.from === person.id || e.to === person.id).every((e) => visibilityOf(e) === 'restricted')).toBe(true);
    expect(visibilityOf(byId.get('exampleton/progress:exampleton-riverside-depot-security-review-2026-10')!)).toBe('restricted');
    expect(visibilityOf(byId.get('exampleton/progress:exampleton-night-time-economy-patrols-2026-10')!)).toBe('public');
    expect(graph.nodes.filter((n) => n.restriction).map((n) => n.id).sort()).toEqual([...RESTRICTED_IDS].sort());
    // A restricted link between two public nodes: who leads the review.
    const lead = graph.edges.find((e) => e.type === 'LED_BY')!;
    expect([visibilityOf(lead), visibilityOf(byId.get(lead.from)!), visibilityOf(byId.get(lead.to)!)]).toEqual(['restricted', 'public', 'public']);
  });

  it('keeps the exempt item listed in public, with nothing beyond the listing public', async () => {
    const graph = await loadGraphFromDir(RESTRICTED_DATASET_DIR);
    const item = graph.nodes.find((n) => n.id === 'exampleton/agenda-item:exampleton-csc-2026-10-12-04')!;
    expect([item.props.exemptInformation, visibilityOf(item)]).toEqual([true, 'public']);
    const publicLinks = publicPart(graph).edges.filter((e) => e.from === item.id || e.to === item.id);
    expect(publicLinks.map((e) => e.type)).toEqual(['ITEM_OF']);
  });
});

describe('item 14 of the Luton pack', () => {
  it('is marked exempt information, its listing public and cited, with nothing recorded beyond the listing', async () => {
    const graph = await loadGraphFromDir(CURATED_DATASET_DIR);
    const item = graph.nodes.find((n) => n.id === 'luton/agenda-item:cdc-2020-03-02-14')!;
    expect(item.props.exemptInformation).toBe(true);
    expect(visibilityOf(item)).toBe('public');
    expect(item.sources.map((s) => s.quote).join(' ')).toContain('exempt information falling within the Paragraphs of Part 1 of Schedule 12A');
    expect(graph.edges.filter((e) => e.from === item.id || e.to === item.id).map((e) => e.type)).toEqual(['ITEM_OF']);
    // The pack prints no exempt content, so the curated graph restricts nothing.
    expect(graph.nodes.filter((n) => n.restriction)).toEqual([]);
    expect(graph.nodes.filter((n) => n.props.exemptInformation === true).map((n) => n.id)).toEqual([item.id]);
  });
});
