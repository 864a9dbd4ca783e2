/**
 * contextualLabels, label by label, on a graph of fictional nodes (every name here is
 * invented): each type's context, what is left out when the graph does not say it, and
 * the order in which one label builds on another.
 */
import { describe, expect, it } from 'vitest';
import { contextualLabels } from '../../functions/core/labels.js';
import type { EdgeTypeName, NodeTypeName } from '../../functions/core/model.js';

type Node = { id: string; type: NodeTypeName; label: string; props: Record<string, unknown> };
const node = (type: NodeTypeName, slug: string, label: string, props: Record<string, unknown> = {}): Node => ({ id: `fictional/${type.toLowerCase()}:${slug}`, type, label, props });
const edge = (from: Node, type: EdgeTypeName, to: Node) => ({ from: from.id, type, to: to.id });

const council = node('Organisation', 'council', 'Fictional Borough Council', { name: 'Fictional Borough Council' });
const head = node('Post', 'head', 'Head of Fictional Services', { title: 'Head of Fictional Services' });
const leader = node('Post', 'leader', 'Leader of Fictional Borough Council', { title: 'Leader of Fictional Borough Council' });
const loosePost = node('Post', 'loose', 'Fictional Adviser', { title: 'Fictional Adviser' });
const review = node('Document', 'review', 'Fictional Review 2021');
const finding = node('Finding', 'f1', 'Finding 1');
const committee = node('Meeting', 'committee', 'Meeting', { title: 'Fictional Scrutiny Committee', date: '2021-03-05' });
const board = node('Meeting', 'board', 'Meeting of the board', { title: 'Fictional Board' });
const item7 = node('AgendaItem', 'item-7', 'Item 7', { number: '7' });
const item2 = node('AgendaItem', 'item-2', 'Item 2');
const recAtItem = node('Recommendation', 'r7a', 'Recommendation 7(a)');
const resAtItem = node('Resolution', 'res3', 'Resolution 3');
const resAtMeeting = node('Resolution', 'res4', 'Resolution 4');
const recNoNumber = node('Recommendation', 'r2', 'Recommendation 2');
const report = node('Document', 'report', 'Fictional Task Group Report', { date: '2021-06' });
const undatedReport = node('Document', 'undated', 'Fictional Note');
const recInReport = node('Recommendation', 'tg1', 'Recommendation 1');
const recInUndated = node('Recommendation', 'tg2', 'Recommendation 2 of the note');
const recAlone = node('Recommendation', 'alone', 'Recommendation 9');
const response = node('Response', 'reply', 'Response', { outcome: 'partly-accepted' });
const anonymousResponse = node('Response', 'reply-2', 'Response 2', { outcome: 'accepted' });
const unansweredResponse = node('Response', 'reply-3', 'Response 3', { outcome: 'noted' });
const plan = node('Plan', 'plan', 'Fictional Safety Plan');
const strategy = node('Strategy', 'strategy', 'Fictional Strategy');
const longTitle = 'Reduce fictional incidents in every fictional ward by working with fictional partners on shared patrols';
const action = node('Action', 'a21', 'Action 2.1', { number: '2.1', title: longTitle });
const actionOutsidePlan = node('Action', 'a9', 'Action 9', { number: '9', title: 'Short' });
const title90 = 'Ninety characters, exactly: a fictional action title written to fill the limit to the end.';
const actionAtLimit = node('Action', 'a22', 'Action 2.2', { number: '2.2', title: title90 });
const topPriority = node('Priority', 'top', 'Safer places', { kind: 'strategic-priority' });
const subPriority = node('Priority', 'sub', 'Safer streets', { kind: 'sub-priority' });
const loosePriority = node('Priority', 'loose', 'Loose priority', { kind: 'theme' });
const underLoose = node('Priority', 'under-loose', 'Under the loose one', { kind: 'aim' });
const order = node('Order', 'order', 'Fictional Order 2020');
const article3 = node('Provision', 'art3', 'Article 3', { kind: 'prohibition', status: 'proposed' });
const article4 = node('Provision', 'art4', 'Article 4', { kind: 'exemption', status: 'in-force' });
const metric = node('Metric', 'incidents', 'Fictional incidents');
const ward = node('Place', 'ward', 'Fictional Ward');
const square = node('Place', 'square', 'Fictional Square');
const actual = node('Observation', 'o1', 'Observation 1', { period: '2020-21', valueText: '120', kind: 'actual' });
const target = node('Observation', 'o2', 'Observation 2', { valueText: '100', kind: 'target' });
const twoPlaces = node('Observation', 'o3', 'Observation 3', { period: '2021', valueText: '7', kind: 'actual' });
const noMetric = node('Observation', 'o4', 'Observation 4', { period: '2021', valueText: '9', kind: 'actual' });
const progressText = 'Patrols began in two fictional wards and the partners met monthly to review them';
const dated = node('ProgressUpdate', 'p1', 'Progress 1', { asAt: '2021-09-01', text: progressText });
const undated = node('ProgressUpdate', 'p2', 'Progress 2', { notLaterThan: '2021-10', text: 'Short note' });
const commitment = node('Commitment', 'c1', 'Commitment 1', { madeOn: '2021-03-05', dueBy: '2021-12', text: 'Report back on the fictional patrols' });
const bareCommitment = node('Commitment', 'c2', 'Commitment 2', { dueBy: '2022', text: 'Review' });
const jointCommitment = node('Commitment', 'c3', 'Commitment 3', { dueBy: '2022-01', text: 'Meet again' });

const nodes = [
  council, head, leader, loosePost, review, finding, committee, board, item7, item2, recAtItem, resAtItem, resAtMeeting, recNoNumber, report, undatedReport,
  recInReport, recInUndated, recAlone, response, anonymousResponse, unansweredResponse, plan, strategy, action, actionOutsidePlan, actionAtLimit, topPriority,
  subPriority, loosePriority, underLoose, order, article3, article4, metric, ward, square, actual, target, twoPlaces, noMetric, dated, undated, commitment,
  bareCommitment, jointCommitment,
];
const edges = [
  edge(head, 'POST_IN', council),
  edge(leader, 'POST_IN', council),
  edge(finding, 'PART_OF', review),
  edge(item7, 'ITEM_OF', committee),
  edge(item2, 'ITEM_OF', board),
  edge(recAtItem, 'RESOLVED_AT', item7),
  edge(resAtItem, 'RESOLVED_AT', item7),
  edge(resAtMeeting, 'RESOLVED_AT', board),
  edge(recNoNumber, 'RESOLVED_AT', item2),
  edge(recInReport, 'MADE_IN', report),
  edge(recInUndated, 'MADE_IN', undatedReport),
  edge(response, 'RESPONDS_TO', recAtItem),
  edge(response, 'MADE_BY', head),
  edge(response, 'MADE_BY', council),
  edge(anonymousResponse, 'RESPONDS_TO', recInReport),
  edge(action, 'PART_OF', plan),
  edge(actionAtLimit, 'PART_OF', plan),
  // A plan inside a strategy: a priority still names the plan, the first container that is not a priority.
  edge(plan, 'PART_OF', strategy),
  edge(underLoose, 'PART_OF', loosePriority),
  edge(twoPlaces, 'MEASURES', metric),
  edge(twoPlaces, 'LOCATED_IN', ward),
  edge(twoPlaces, 'LOCATED_IN', square),
  edge(noMetric, 'LOCATED_IN', ward),
  edge(jointCommitment, 'COMMITTED_BY', head),
  edge(jointCommitment, 'COMMITTED_BY', council),
  edge(actionOutsidePlan, 'PART_OF', review),
  edge(subPriority, 'PART_OF', topPriority),
  edge(topPriority, 'PART_OF', plan),
  edge(article3, 'PART_OF', order),
  edge(article4, 'VARIES', article3),
  edge(actual, 'MEASURES', metric),
  edge(actual, 'LOCATED_IN', ward),
  edge(target, 'MEASURES', metric),
  edge(dated, 'PROGRESS_OF', action),
  edge(undated, 'PROGRESS_OF', subPriority),
  edge(undated, 'PROGRESS_OF', action),
  edge(commitment, 'COMMITTED_BY', head),
];

// Labels are worked out inside each test, never once at import, so a test sees the code
// as it is when it runs (mutation testing switches code on and off between tests).
const label = (n: Node) => contextualLabels(nodes, edges).get(n.id);
const ACTION_LABEL = 'Action 2.1 of Fictional Safety Plan: Reduce fictional incidents in every fictional ward by working with fictional partners on…';

describe('contextualLabels on fictional nodes', () => {
  it('names the body of a post, unless the title already does or no body is recorded', () => {
    expect([label(head), label(leader), label(loosePost)]).toEqual(['Head of Fictional Services, Fictional Borough Council', undefined, undefined]);
  });

  it('names the document a finding belongs to', () => {
    expect(label(finding)).toBe('Finding 1 (finding of the Fictional Review 2021)');
  });

  it('names the meeting of an agenda item, with its date where recorded', () => {
    expect([label(item7), label(item2)]).toEqual(['Item 7 (Fictional Scrutiny Committee, 5 March 2021)', 'Item 2 (Fictional Board)']);
  });

  it('names where a request was made: the item number for recommendations only, then the meeting', () => {
    expect([label(recAtItem), label(resAtItem), label(resAtMeeting), label(recNoNumber)]).toEqual([
      'Recommendation 7(a) of item 7, Fictional Scrutiny Committee, 5 March 2021',
      'Resolution 3, Fictional Scrutiny Committee, 5 March 2021',
      'Resolution 4, Fictional Board',
      'Recommendation 2, Fictional Board',
    ]);
  });

  it('names the report a request was made in, with its date where recorded, and nothing when neither is recorded', () => {
    expect([label(recInReport), label(recInUndated), label(recAlone)]).toEqual([
      'Recommendation 1, Fictional Task Group Report, June 2021',
      'Recommendation 2 of the note, Fictional Note',
      undefined,
    ]);
  });

  it("names a response's authors, its request by that request's own label, and its outcome in words", () => {
    expect(label(unansweredResponse)).toBeUndefined();
    expect([label(response), label(anonymousResponse)]).toEqual([
      'Response of Fictional Borough Council and Head of Fictional Services to Recommendation 7(a) of item 7, Fictional Scrutiny Committee, 5 March 2021: partly accepted',
      'Response to Recommendation 1, Fictional Task Group Report, June 2021: accepted',
    ]);
  });

  it('names the plan and number of an action, its title cut at 90 characters; none outside a plan', () => {
    expect([label(action), label(actionOutsidePlan), label(actionAtLimit)]).toEqual([ACTION_LABEL, undefined, `Action 2.2 of Fictional Safety Plan: ${title90}`]);
    expect(title90.length).toBe(90);
    expect(ACTION_LABEL.length - 'Action 2.1 of Fictional Safety Plan: '.length).toBeLessThanOrEqual(90);
  });

  it('names the kind of a priority and the plan it sits in, through any priorities above it', () => {
    expect([label(subPriority), label(topPriority), label(loosePriority), label(underLoose)]).toEqual([
      'Safer streets (sub priority, Fictional Safety Plan)',
      'Safer places (strategic priority, Fictional Safety Plan)',
      undefined,
      'Under the loose one (aim, Loose priority)',
    ]);
  });

  it('names the order of a provision, or the provision it varies by that one’s own label, and whether it is proposed', () => {
    expect([label(article3), label(article4)]).toEqual(['Article 3 (proposed prohibition, Fictional Order 2020)', 'Article 4 (exemption, Article 3 (proposed prohibition, Fictional Order 2020))']);
  });

  it('names the metric, period and place of an observation, and its kind unless actual', () => {
    expect([label(actual), label(target), label(twoPlaces), label(noMetric)]).toEqual([
      'Fictional incidents, 2020-21, Fictional Ward: 120',
      'Fictional incidents, period not recorded: 100 (target)',
      'Fictional incidents, 2021, Fictional Square, Fictional Ward: 7',
      undefined,
    ]);
  });

  it('names what progress is on, when, and what it says, each cut to 60 characters', () => {
    expect([label(dated), label(undated)]).toEqual([
      'Progress on Action 2.1 of Fictional Safety Plan: Reduce fictional incid… as at 1 September 2021: Patrols began in two fictional wards and the partners met m…',
      'Progress on Action 2.1 of Fictional Safety Plan: Reduce fictional incid… (and 1 more) undated, reported by October 2021: Short note',
    ]);
    expect(['Action 2.1 of Fictional Safety Plan: Reduce fictional incid…'.length, 'Patrols began in two fictional wards and the partners met m…'.length]).toEqual([60, 60]);
  });

  it('names who made a commitment, when, and when it is due', () => {
    expect([label(commitment), label(bareCommitment)]).toEqual([
      'Commitment by Head of Fictional Services, made 5 March 2021, due December 2021: Report back on the fictional patrols',
      'Commitment, due 2022: Review',
    ]);
    expect(label(jointCommitment)).toBe('Commitment by Fictional Borough Council, Head of Fictional Services, due January 2022: Meet again');
  });

  it('adds nothing to types that read well alone', () => {
    expect([council, review, committee, plan, strategy, order, metric, ward].map(label)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('tells apart an agenda item and a plan left with the same label by their types, in words', () => {
    const same = contextualLabels([node('AgendaItem', 'x', 'Fictional Budget'), node('Plan', 'x', 'Fictional Budget')], []);
    expect([...same.values()].sort()).toEqual(['Fictional Budget (agenda item)', 'Fictional Budget (plan)']);
  });
});
