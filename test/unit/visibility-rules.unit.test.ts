/**
 * The visibility rules of the dataset validator (data/README.md, "Visibility"), one
 * test per rule with its message. Every name and text here is fictional.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, type DatasetFile, type Graph } from '../../functions/core/dataset.js';
import { InvalidDatasetError, type DatasetProblem } from '../../functions/core/errors.js';
import { describeRestriction, isPublic, visibilityOf } from '../../functions/core/visibility.js';

// Fictional agenda text (line numbers matter to the rules on quoted lines).
const PUBLIC_TEXT = [
  'FICTIONAL AGENDA OF A MADE-UP COUNCIL', // 1
  '4 Harbour Depot Contract', // 2
  'Report of the Depot Manager', // 3
  'Minutes: the committee noted the harbour depot budget', // 4
].join('\n');
const EXEMPT_TEXT = [
  'FICTIONAL EXEMPT REPORT', // 1
  'Report of Robin Example, Buyer', // 2
  'Three bids were received for the harbour contract', // 3
].join('\n');
const PACK = 'document:pack';
const REPORT = 'document:exempt-report';
/** The made-up dataset's namespace: the build qualifies its ids (`madeup/document:pack`). */
const NAMESPACE = 'madeup';
const q = (id: string) => `${NAMESPACE}/${id}`;
const documentTexts = new Map([[q(PACK), PUBLIC_TEXT], [q(REPORT), EXEMPT_TEXT]]);
const EXEMPT = { reason: 'exempt-information', paragraph: 3 };

const pack = { id: PACK, type: 'Document', title: 'Pack', kind: 'agenda-pack', sources: [{ lines: 1, quote: 'FICTIONAL AGENDA' }] };
const report = { id: REPORT, type: 'Document', title: 'Exempt report', kind: 'report', visibility: 'restricted', restriction: EXEMPT, sources: [{ document: REPORT, lines: 1, quote: 'FICTIONAL EXEMPT REPORT' }] };
const item = { id: 'agenda-item:m-04', type: 'AgendaItem', number: '4', title: 'Harbour Depot Contract', exemptInformation: true, sources: [{ lines: 2, quote: '4 Harbour Depot Contract' }] };
const meeting = { id: 'meeting:m', type: 'Meeting', title: 'Made-up Committee', kind: 'committee', sources: [{ lines: 1, quote: 'MADE-UP COUNCIL' }] };
const buyer = { id: 'person:robin-example', type: 'Person', name: 'Robin Example', visibility: 'restricted', restriction: EXEMPT, sources: [{ document: REPORT, lines: 2, quote: 'Robin Example' }] };
const manager = { id: 'post:depot-manager', type: 'Post', title: 'Depot Manager', sources: [{ lines: 3, quote: 'Depot Manager' }] };
const itemOf = { from: item.id, type: 'ITEM_OF', to: meeting.id, sources: [{ lines: 2, quote: 'Harbour Depot Contract' }] };
const authored = { from: REPORT, type: 'AUTHORED_BY', to: buyer.id, visibility: 'restricted', restriction: EXEMPT, sources: [{ document: REPORT, lines: 2, quote: 'Report of Robin Example' }] };

const file = (nodes: unknown[], edges: unknown[] = []): DatasetFile => ({ file: 'graph.yaml', content: { document: PACK, nodes, edges } });
const BASE = [pack, report, item, meeting, buyer, manager];

function build(nodes: unknown[], edges: unknown[] = []): Graph {
  return buildGraph([file(nodes, edges)], { namespace: NAMESPACE, documentTexts });
}

function messagesOf(nodes: unknown[], edges: unknown[] = []): string[] {
  try {
    build(nodes, edges);
  } catch (error) {
    if (error instanceof InvalidDatasetError) return error.problems.map((p: DatasetProblem) => `${p.entry}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('visibility in the dataset', () => {
  it('accepts restricted nodes and edges with their reason, and leaves everything else public', () => {
    const graph = build(BASE, [itemOf, authored]);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    expect(byId.get(q(buyer.id))!.restriction).toEqual({ reason: 'exempt-information', paragraph: 3 });
    expect(visibilityOf(byId.get(q(buyer.id))!)).toBe('restricted');
    expect(visibilityOf(byId.get(q(item.id))!)).toBe('public');
    expect(byId.get(q(item.id))!.restriction).toBeUndefined();
    expect(graph.edges.find((e) => e.type === 'AUTHORED_BY')!.restriction).toEqual({ reason: 'exempt-information', paragraph: 3 });
    expect(isPublic(graph.edges.find((e) => e.type === 'ITEM_OF')!)).toBe(true);
    // The restriction is not a property: it never reaches a property-driven field.
    expect(byId.get(q(buyer.id))!.props).toEqual({ name: 'Robin Example' });
  });

  it('keeps a note with a restriction and says what a paragraph means', () => {
    const graph = build([pack, report, meeting, manager, { ...buyer, restriction: { ...EXEMPT, note: 'Named only in the report.' } }]);
    const restriction = graph.nodes.find((n) => n.id === q(buyer.id))!.restriction!;
    expect(restriction.note).toBe('Named only in the report.');
    expect(describeRestriction(restriction)).toBe('exempt information, Schedule 12A paragraph 3 (information relating to the financial or business affairs of any particular person)');
    expect(describeRestriction({ reason: 'draft' })).toBe('an unpublished draft');
    expect(describeRestriction({ reason: 'confidential-partnership' })).toBe('confidential partnership material');
  });

  it('rejects a visibility other than public or restricted', () => {
    expect(messagesOf([pack, { ...manager, visibility: 'secret' }])).toEqual(['nodes[1] (post:depot-manager): "visibility" must be public or restricted; got "secret"']);
  });

  it('asks a restricted node or edge for its restriction', () => {
    const { restriction: _r, ...bare } = buyer;
    const { restriction: _e, ...bareEdge } = authored;
    expect(messagesOf([pack, report, bare], [bareEdge])).toEqual([
      'nodes[2] (person:robin-example): a restricted node needs "restriction": { reason: exempt-information | confidential-partnership | draft, paragraph: 1-7 for exempt information }',
      'edges[0] (document:exempt-report -AUTHORED_BY-> person:robin-example): a restricted edge needs "restriction": { reason: exempt-information | confidential-partnership | draft, paragraph: 1-7 for exempt information }',
    ]);
  });

  it('rejects an unknown reason and unknown restriction fields', () => {
    expect(messagesOf([pack, report, { ...buyer, restriction: { reason: 'secret', why: 'x' } }])).toEqual([
      'nodes[2] (person:robin-example): "restriction" has unknown field(s) why; allowed: reason, paragraph, note',
      'nodes[2] (person:robin-example): "restriction.reason" must be one of exempt-information, confidential-partnership, draft; got "secret"',
    ]);
  });

  it.each([[undefined, 'undefined'], [0, '0'], [8, '8'], [2.5, '2.5'], ['3', '"3"']])('asks exempt information for a Schedule 12A paragraph from 1 to 7 (refuses %s)', (paragraph, shown) => {
    expect(messagesOf([pack, report, { ...buyer, restriction: { reason: 'exempt-information', paragraph } }])).toEqual([
      `nodes[2] (person:robin-example): exempt information needs "restriction.paragraph": the paragraph of Schedule 12A, Part 1, that it falls within (1 to 7); got ${shown}`,
    ]);
  });

  it.each([1, 7])('accepts paragraph %s, the ends of the range', (paragraph) => {
    expect(messagesOf([pack, report, { ...buyer, restriction: { reason: 'exempt-information', paragraph } }])).toEqual([]);
  });

  it('refuses a paragraph with a reason other than exempt information, and a blank note', () => {
    expect(messagesOf([pack, report, { ...buyer, restriction: { reason: 'draft', paragraph: 3 } }])).toEqual([
      'nodes[2] (person:robin-example): "restriction.paragraph" names a paragraph of Schedule 12A, so it goes only with reason exempt-information; got reason draft',
    ]);
    expect(messagesOf([pack, report, { ...buyer, restriction: { reason: 'draft', note: ' ' } }])).toEqual(['nodes[2] (person:robin-example): "restriction.note" must be a non-empty string; got " "']);
  });

  it('refuses a restriction on something public', () => {
    expect(messagesOf([pack, { ...manager, restriction: { reason: 'draft' } }])).toEqual([
      'nodes[1] (post:depot-manager): gives a "restriction" but is public; add "visibility: restricted", or drop the restriction',
    ]);
  });

  it('refuses a public edge that joins a restricted node, at either end', () => {
    const { visibility: _v, restriction: _r, ...publicAuthored } = authored;
    const towards = { from: item.id, type: 'CONSIDERED', to: REPORT, sources: [{ lines: 2, quote: 'Harbour Depot Contract' }] };
    expect(messagesOf(BASE, [itemOf, publicAuthored, { ...towards, from: 'agenda-item:m-05' }])).toContain(
      'edges[1] (document:exempt-report -AUTHORED_BY-> person:robin-example): is public but joins restricted node "madeup/document:exempt-report", so it would name it: mark the edge "visibility: restricted" with a restriction',
    );
    const messages = messagesOf([...BASE, { ...item, id: 'agenda-item:m-05', number: '5', title: 'Other business', exemptInformation: false }], [itemOf, { ...towards, from: 'agenda-item:m-05' }]);
    expect(messages).toEqual([
      'edges[1] (agenda-item:m-05 -CONSIDERED-> document:exempt-report): is public but joins restricted node "madeup/document:exempt-report", so it would name it: mark the edge "visibility: restricted" with a restriction',
    ]);
  });

  it('refuses a public entry citing a restricted document', () => {
    expect(messagesOf([pack, report, { ...manager, sources: [{ document: REPORT, lines: 3, quote: 'Three bids were received' }] }])).toEqual([
      'nodes[2] (post:depot-manager): is public but cites "madeup/document:exempt-report", a restricted document: restrict this node or cite a public source',
    ]);
  });

  it('refuses a public quote of lines a restricted entry quotes, and allows the lines beside them', () => {
    const draft = { id: 'finding:budget', type: 'Finding', text: 'A budget was noted.', visibility: 'restricted', restriction: { reason: 'draft' }, sources: [{ lines: 4, quote: 'the committee noted the harbour depot budget' }] };
    expect(messagesOf([pack, draft, { ...manager, sources: [{ lines: '3-4', quote: 'Depot Manager Minutes' }] }])).toEqual([
      'nodes[2] (post:depot-manager): is public but quotes lines 3-4 of madeup/document:pack, which overlap lines 4-4 quoted by restricted node "madeup/finding:budget": restrict this node, or cite other lines',
    ]);
    expect(messagesOf([pack, draft, manager])).toEqual([]);
  });

  it('refuses public text repeating three or more restricted words or a restricted name, and allows fewer', () => {
    const repeats = { ...manager, description: 'The depot where three bids were received for the harbour contract.' };
    expect(messagesOf([pack, report, buyer, { id: 'progress:bids', type: 'ProgressUpdate', text: 'Bids in.', asAt: '2026', visibility: 'restricted', restriction: EXEMPT, sources: [{ document: REPORT, lines: 3, quote: 'Three bids were received' }] }, repeats])).toEqual([
      'nodes[4] (post:depot-manager): is public but its label or text repeats "three bids were received", words of restricted node "madeup/progress:bids": reword it or restrict this node',
    ]);
    expect(messagesOf([pack, report, buyer, { ...manager, note: 'Asked Robin  Example.' }])).toEqual([
      'nodes[3] (post:depot-manager): is public but its label or text repeats "robin example", words of restricted node "madeup/person:robin-example": reword it or restrict this node',
    ]);
    // Two restricted words are not restricted text ("Robin" alone, or a two-word quote, may appear anywhere).
    expect(messagesOf([pack, report, { ...buyer, name: 'Robin', sources: [{ document: REPORT, lines: 2, quote: 'Robin Example' }] }, { ...manager, note: 'Robin Example called.' }])).toEqual([]);
  });

  it('keeps an exempt item\'s listing public and restricts anything recorded beyond it', () => {
    expect(messagesOf([pack, { ...item, visibility: 'restricted', restriction: EXEMPT }, meeting], [{ ...itemOf, visibility: 'restricted', restriction: EXEMPT }])).toEqual([
      'nodes[1] (agenda-item:m-04): an exempt-information item\'s listing on the agenda is public: keep this node public and restrict what is recorded beyond the listing (its reports, decisions, presenters)',
    ]);
    const presented = { from: item.id, type: 'PRESENTED_BY', to: manager.id, sources: [{ lines: 3, quote: 'Report of the Depot Manager' }] };
    expect(messagesOf(BASE, [itemOf, presented])).toEqual([
      'edges[1] (agenda-item:m-04 -PRESENTED_BY-> post:depot-manager): is public but records more of exempt-information item "madeup/agenda-item:m-04" than its listing (only its ITEM_OF link to the meeting is the listing): mark the edge "visibility: restricted"',
    ]);
    expect(messagesOf(BASE, [itemOf, { ...presented, visibility: 'restricted', restriction: EXEMPT, sources: [{ document: REPORT, lines: 2, quote: 'Report of Robin Example' }] }])).toEqual([]);
    // An item not marked exempt may have public links of any kind.
    expect(messagesOf([...BASE.filter((n) => n !== item), { ...item, exemptInformation: false }], [itemOf, presented])).toEqual([]);
  });

  it('holds a dependency\'s restricted nodes and exempt items against the public entries of a dataset that links to it', () => {
    const dependency = { name: 'madeup-2026', namespace: NAMESPACE, graph: build(BASE, [itemOf, authored]) };
    const author = { id: 'person:sam-other', type: 'Person', name: 'Sam Other', sources: [{ document: q(PACK), lines: 3, quote: 'Depot Manager' }] };
    const citing = { id: 'post:other-buyer', type: 'Post', title: 'Other Buyer', sources: [{ document: q(REPORT), lines: 1, quote: 'FICTIONAL EXEMPT REPORT' }] };
    const joins = { from: q(REPORT), type: 'AUTHORED_BY', to: author.id, sources: [{ document: q(PACK), lines: 3, quote: 'Depot Manager' }] };
    const presented = { from: q(item.id), type: 'PRESENTED_BY', to: author.id, sources: [{ document: q(PACK), lines: 3, quote: 'Report of the Depot Manager' }] };
    const messages = (nodes: unknown[], edges: unknown[]) => {
      try {
        buildGraph([{ file: 'other.yaml', content: { nodes, edges } }], { namespace: 'other', documentTexts, dependencies: [dependency] });
      } catch (error) {
        if (error instanceof InvalidDatasetError) return error.problems.map((p: DatasetProblem) => `${p.entry}: ${p.message}`);
        throw error;
      }
      return [];
    };
    expect(messages([author, citing], [joins, presented])).toEqual([
      'nodes[1] (post:other-buyer): is public but cites "madeup/document:exempt-report", a restricted document: restrict this node or cite a public source',
      'edges[0] (madeup/document:exempt-report -AUTHORED_BY-> person:sam-other): is public but joins restricted node "madeup/document:exempt-report", so it would name it: mark the edge "visibility: restricted" with a restriction',
      'edges[1] (madeup/agenda-item:m-04 -PRESENTED_BY-> person:sam-other): is public but records more of exempt-information item "madeup/agenda-item:m-04" than its listing (only its ITEM_OF link to the meeting is the listing): mark the edge "visibility: restricted"',
    ]);
    // Restricted in their turn, the same entries are accepted; the dependency's own entries are never reported.
    const restrict = <T,>(entry: T) => ({ ...entry, visibility: 'restricted', restriction: EXEMPT, sources: [{ document: q(REPORT), lines: 2, quote: 'Report of Robin Example' }] });
    expect(messages([author, restrict(citing)], [restrict(joins), restrict(presented)])).toEqual([]);
  });

  it('draws a public label from the public graph only', () => {
    const progress = { id: 'progress:budget', type: 'ProgressUpdate', text: 'Budget noted.', asAt: '2026', sources: [{ lines: 4, quote: 'the committee noted the harbour depot budget' }] };
    const op = { id: 'operation:secret-works', type: 'Operation', name: 'Quiet works', kind: 'project', visibility: 'restricted', restriction: { reason: 'draft' }, sources: [{ document: REPORT, lines: 3, quote: 'harbour contract' }] };
    const progressOf = { from: progress.id, type: 'PROGRESS_OF', to: op.id, visibility: 'restricted', restriction: { reason: 'draft' }, sources: [{ document: REPORT, lines: 3, quote: 'harbour contract' }] };
    const withRestricted = build([pack, report, progress, op], [progressOf]).nodes.find((n) => n.id === q(progress.id))!.label;
    const without = build([pack, report, progress]).nodes.find((n) => n.id === q(progress.id))!.label;
    expect(withRestricted).toBe(without);
    expect(withRestricted).not.toContain('Quiet works');
    // A restricted node's own label may name its restricted context.
    const restrictedProgress = build([pack, report, { ...progress, visibility: 'restricted', restriction: { reason: 'draft' }, sources: [{ document: REPORT, lines: 3, quote: 'Three bids' }] }, op], [progressOf]).nodes.find((n) => n.id === q(progress.id))!;
    expect(restrictedProgress.label).toContain('Quiet works');
  });
});
