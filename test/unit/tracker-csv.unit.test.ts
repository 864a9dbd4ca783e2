/**
 * tracker.csv and gaps.csv cell by cell, from tracker rows built by hand of fictional
 * nodes (every name here is invented): what each column holds, and what it holds when the
 * source records nothing.
 */
import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../functions/core/dataset.js';
import type { ResponseModel, TrackerRowModel } from '../../functions/core/delivery.js';
import { GAPS_CSV_COLUMNS, gapCsvRows, TRACKER_CSV_COLUMNS, trackerCsvRow } from '../../functions/core/export/delivery.js';
import type { NodeTypeName } from '../../functions/core/model.js';

const node = (type: NodeTypeName, slug: string, label: string, props: GraphNode['props'] = {}): GraphNode => ({
  id: `fictional/${type.toLowerCase()}:${slug}`,
  type,
  label,
  props,
  sources: [],
  dataset: 'fictional',
});

const request = node('Recommendation', 'r1', 'Recommendation 1 (fictional)');
const meeting = node('Meeting', 'm1', 'Fictional Scrutiny Committee, 5 March 2021');
const body = node('Organisation', 'committee', 'Fictional Scrutiny Committee');
const addressee = node('Organisation', 'council', 'Fictional Borough Council');
const partner = node('Organisation', 'police', 'Fictional Police');
const action = node('Action', 'a1', 'Action 1 of the Fictional Plan');
const operation = node('Operation', 'op', 'Operation Fictional');
const lead = node('Post', 'lead', 'Head of Fictional Services');
const progress = node('ProgressUpdate', 'p1', 'Progress on Action 1', { asAt: '2021-09-01', status: 'in-progress', text: 'Patrols began.' });
const item = node('AgendaItem', 'i9', 'Item 9 (Fictional Scrutiny Committee, 1 March 2022)');
const responseNode = node('Response', 'reply', 'Response of the council');

const full: TrackerRowModel = {
  request,
  number: '1',
  text: 'That the council report back on fictional patrols.',
  meeting,
  date: '2021-03-05',
  body,
  addressedTo: [addressee, partner],
  response: { node: responseNode, outcome: 'partly-agreed', reason: 'Funding is fictional.', by: addressee, date: '2021-04-01', sources: [] },
  takenUpBy: [action, operation],
  leads: [lead],
  latestProgress: progress,
  reportedAt: [item],
  delivery: 'RECORDED',
  lastActivity: '2022-03-01',
  gaps: [],
};

const empty: TrackerRowModel = {
  request: { ...request, dataset: undefined },
  number: null,
  text: 'That something fictional happen.',
  meeting: null,
  date: null,
  body: null,
  addressedTo: [],
  response: null,
  takenUpBy: [],
  leads: [],
  latestProgress: null,
  reportedAt: [],
  delivery: 'NOT_RECORDED',
  lastActivity: null,
  gaps: [
    { stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', reason: 'Asked for follow-up; nothing is recorded.', node: request },
    { stage: 'PROGRESS', code: 'NO_PROGRESS_RECORDED', reason: 'Taken up; no progress is recorded.', node: action },
  ],
};

const cells = (row: TrackerRowModel) => Object.fromEntries(TRACKER_CSV_COLUMNS.map((column, i) => [column, trackerCsvRow(row)[i]]));
const withResponse = (response: Partial<ResponseModel>) => cells({ ...full, response: { ...full.response!, ...response } }).response;

describe('tracker.csv rows', () => {
  it('give every column of a request whose chain is recorded, lists joined with "; "', () => {
    expect(trackerCsvRow(full)).toHaveLength(TRACKER_CSV_COLUMNS.length);
    expect(cells(full)).toEqual({
      dataset: 'fictional',
      request_id: 'fictional/recommendation:r1',
      request: 'Recommendation 1 (fictional)',
      number: '1',
      text: 'That the council report back on fictional patrols.',
      meeting_id: 'fictional/meeting:m1',
      meeting: 'Fictional Scrutiny Committee, 5 March 2021',
      date: '2021-03-05',
      body: 'Fictional Scrutiny Committee',
      addressed_to: 'Fictional Borough Council; Fictional Police',
      response: 'partly-agreed by Fictional Borough Council on 2021-04-01: Funding is fictional.',
      taken_up_by: 'Action 1 of the Fictional Plan; Operation Fictional',
      taken_up_by_ids: 'fictional/action:a1; fictional/operation:op',
      leads: 'Head of Fictional Services',
      latest_progress_date: '2021-09-01',
      latest_progress_status: 'in-progress',
      latest_progress: 'Patrols began.',
      reported_at: 'Item 9 (Fictional Scrutiny Committee, 1 March 2022)',
      delivery: 'RECORDED',
      last_activity: '2022-03-01',
      gaps: '',
    });
  });

  it('leave a cell empty where the source records nothing, and join the gaps\' reasons', () => {
    expect(cells(empty)).toEqual({
      dataset: '',
      request_id: 'fictional/recommendation:r1',
      request: 'Recommendation 1 (fictional)',
      number: '',
      text: 'That something fictional happen.',
      meeting_id: '',
      meeting: '',
      date: '',
      body: '',
      addressed_to: '',
      response: '',
      taken_up_by: '',
      taken_up_by_ids: '',
      leads: '',
      latest_progress_date: '',
      latest_progress_status: '',
      latest_progress: '',
      reported_at: '',
      delivery: 'NOT_RECORDED',
      last_activity: '',
      gaps: 'Asked for follow-up; nothing is recorded.; Taken up; no progress is recorded.',
    });
  });

  it('write a response with only what is recorded of who, when and why', () => {
    expect([
      withResponse({ by: null }),
      withResponse({ date: null }),
      withResponse({ reason: null }),
      withResponse({ by: null, date: null, reason: null }),
    ]).toEqual([
      'partly-agreed on 2021-04-01: Funding is fictional.',
      'partly-agreed by Fictional Borough Council: Funding is fictional.',
      'partly-agreed by Fictional Borough Council on 2021-04-01',
      'partly-agreed',
    ]);
  });

  it('leave a progress cell empty when the latest progress does not record it', () => {
    const bare = cells({ ...full, latestProgress: node('ProgressUpdate', 'p2', 'Progress 2', {}) });
    expect([bare.latest_progress_date, bare.latest_progress_status, bare.latest_progress]).toEqual(['', '', '']);
  });
});

describe('gaps.csv rows', () => {
  it('give one row per gap, in order, naming the request and where its chain stops', () => {
    expect(gapCsvRows(empty).map((row) => Object.fromEntries(GAPS_CSV_COLUMNS.map((column, i) => [column, row[i]])))).toEqual([
      { dataset: '', request_id: request.id, request: request.label, stops_at_id: request.id, stops_at: request.label, stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', reason: 'Asked for follow-up; nothing is recorded.' },
      { dataset: '', request_id: request.id, request: request.label, stops_at_id: action.id, stops_at: action.label, stage: 'PROGRESS', code: 'NO_PROGRESS_RECORDED', reason: 'Taken up; no progress is recorded.' },
    ]);
    expect(gapCsvRows({ ...empty, request, gaps: [] })).toEqual([]);
    expect(gapCsvRows({ ...empty, request, gaps: empty.gaps.slice(0, 1) })[0]![0]).toBe('fictional');
  });
});
