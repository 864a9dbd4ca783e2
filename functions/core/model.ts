/**
 * The graph model: every node type with its properties, every edge type with the
 * node types it may join and how a trace walks it. This registry is the single
 * source for validation, storage, search, trace and export; the GraphQL schema
 * mirrors it (a unit test keeps the two in step).
 */

import { localIdOf } from './namespaces.js';

export type PropertyKind = 'string' | 'text' | 'date' | 'time' | 'number' | 'integer' | 'boolean' | 'string[]';

export interface PropertySpec {
  kind: PropertyKind;
  required?: boolean;
  /** Allowed values, for enumerated strings. */
  values?: readonly string[];
  /** Included in the search index. */
  searchable?: boolean;
  /**
   * A required property the source may leave unprinted: naming it in `notPrinted`
   * stands in for the value (optional properties may always be named there).
   */
  mayBeNotPrinted?: boolean;
  description: string;
}

export interface NodeTypeSpec {
  /** Id prefix: every id of this type is `${prefix}:${slug}`. */
  prefix: string;
  /** GraphQL `NodeType` enum value. */
  enumValue: string;
  description: string;
  properties: Record<string, PropertySpec>;
  /** Property names whose values, joined, make the human label. */
  label: (props: Record<string, unknown>) => string;
  /**
   * Context nodes (people, bodies, places, documents, metrics) end a trace path:
   * they are shown, never expanded, or a trace would reach the whole graph.
   */
  traceLeaf?: boolean;
}

const text = (description: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ kind: 'text', description, searchable: true, ...extra });
const str = (description: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ kind: 'string', description, ...extra });
const date = (description: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ kind: 'date', description, ...extra });
const oneOf = (values: readonly string[], description: string, extra: Partial<PropertySpec> = {}): PropertySpec => ({ kind: 'string', values, description, ...extra });

const common = {
  description: text('A short neutral description, in the words of the source where possible.'),
  aliases: { kind: 'string[]', searchable: true, description: 'Other names the source uses (abbreviations, variant spellings).' } as PropertySpec,
  note: text('A curator\'s note on how the source was read, e.g. an ambiguity.'),
  notPrinted: { kind: 'string[]', description: 'Properties the source does not print (an item number, a date, a text): their values are absent because the document leaves them out, not because nobody looked. Never faked.' } as PropertySpec,
};

/** Properties `notPrinted` may never name: they are a curator's, not the source's. */
export const NEVER_NOT_PRINTED: ReadonlySet<string> = new Set(['description', 'aliases', 'note', 'notPrinted']);

export const FOLLOW_UP = ['required', 'none'] as const;
export const DOCUMENT_FORMATS = ['web-page', 'pdf', 'word', 'text', 'spreadsheet', 'other'] as const;

/**
 * How an executive answered a scrutiny request. `agreed-with-reservations` and
 * `partly-agreed` are kept apart, as councils print them apart.
 */
export const RESPONSE_OUTCOMES = ['agreed', 'agreed-with-reservations', 'partly-agreed', 'rejected', 'deferred', 'noted'] as const;
/** Outcomes that need the source's reasons (or `notPrinted: [reasons]`). */
export const OUTCOMES_NEEDING_REASONS: ReadonlySet<string> = new Set(['agreed-with-reservations', 'partly-agreed', 'rejected', 'deferred']);

/** How a progress update is dated: `printed` (its own `asAt`), or `document-date` (undated; its document's date is an upper bound). */
export const PROGRESS_DATE_BASES = ['printed', 'document-date'] as const;

export const NODE_TYPES = {
  Organisation: {
    prefix: 'organisation', enumValue: 'ORGANISATION', traceLeaf: true,
    description: 'A body: council, police force, partnership, board, committee, service, team, unit, charity, school, funder.',
    properties: {
      name: text('Name as the source gives it.', { required: true }),
      abbreviation: str('Abbreviation used in the source (CSP, NET, OSB).', { searchable: true }),
      kind: oneOf(['council', 'police', 'partnership', 'board', 'committee', 'task-group', 'executive', 'service', 'team', 'unit', 'charity', 'school', 'funder', 'government', 'health', 'justice', 'business', 'community-group', 'other'], 'What sort of body it is.', { required: true }),
      ...common,
    },
    label: (p) => String(p.name),
  },
  Person: {
    prefix: 'person', enumValue: 'PERSON', traceLeaf: true,
    description: 'A named person: councillor, officer, police officer, partner.',
    properties: {
      name: text('Full name as printed; surname alone where only that is printed.', { required: true }),
      honorific: str('Title printed with the name (Councillor, Superintendent, Inspector, Sergeant).'),
      ...common,
    },
    label: (p) => (p.honorific ? `${p.honorific} ${p.name}` : String(p.name)),
  },
  Post: {
    prefix: 'post', enumValue: 'POST', traceLeaf: true,
    description: 'A position within an organisation (Service Manager – Public Protection, Chair of the CSP). Who held it, and when, are HOLDS edges.',
    properties: {
      title: text('Job or role title as printed.', { required: true }),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Meeting: {
    prefix: 'meeting', enumValue: 'MEETING',
    description: 'A dated meeting or event: committee, board, Joint Action Group, workshop, consultation event, day of action.',
    properties: {
      title: text('Name of the meeting or event.', { required: true }),
      kind: oneOf(['committee', 'board', 'executive', 'joint-action-group', 'workshop', 'consultation-event', 'day-of-action', 'campaign-event', 'other'], 'What sort of meeting.', { required: true }),
      date: date('Date held (or planned), ISO 8601, as precise as the source (YYYY, YYYY-MM or YYYY-MM-DD).'),
      endDate: date('Last day, for events over several days.'),
      startTime: { kind: 'time', description: 'Start time, HH:MM, 24-hour.' },
      endTime: { kind: 'time', description: 'End time, HH:MM, 24-hour.' },
      venue: text('Venue as printed.'),
      quorum: str('Quorum as printed.'),
      status: oneOf(['held', 'scheduled'], 'Whether it had taken place by the date of the source.'),
      ...common,
    },
    label: (p) => (p.date ? `${p.title} (${p.date})` : String(p.title)),
  },
  AgendaItem: {
    prefix: 'agenda-item', enumValue: 'AGENDA_ITEM',
    description: 'An item on a meeting agenda, or a numbered minute item.',
    properties: {
      number: str('Item number as printed (8, 2.1, 09); where the source prints none, `notPrinted: [number]`.', { required: true, mayBeNotPrinted: true }),
      title: text('Item heading as printed.', { required: true }),
      pages: str('Page range in the agenda pack (17 - 39).'),
      reference: str('Cross-reference printed with a minute item (Ref: 11).'),
      kind: oneOf(['procedural', 'report', 'verbal-report', 'reference', 'questions', 'minute'], 'What sort of item.'),
      exemptInformation: { kind: 'boolean', description: 'True for an item whose business is exempt information (Local Government Act 1972, Part VA and Schedule 12A): its listing on the agenda is public; anything recorded of it beyond the listing is restricted.' },
      ...common,
    },
    label: (p) => `Item ${p.number ?? '(number not printed)'}: ${p.title}`,
  },
  Document: {
    prefix: 'document', enumValue: 'DOCUMENT', traceLeaf: true,
    description: 'A document: the agenda pack (whose text the graph cites), a report, appendix, plan, strategy file or attachment.',
    properties: {
      title: text('Title as printed, or file name for attachments.', { required: true }),
      kind: oneOf(['agenda-pack', 'report', 'minutes', 'appendix', 'plan', 'strategy', 'action-plan', 'information-pack', 'attachment', 'presentation', 'background-paper', 'other'], 'What sort of document.', { required: true }),
      date: date('Date of the document or of the meeting it was written for.'),
      pages: str('Page range within the agenda pack.'),
      fileName: str('File name as printed for embedded attachments (ASB performance.pdf).', { searchable: true }),
      path: str('Path, within this project, of the document\'s text: only text written for the project (fictional test data) is kept in it.'),
      textFile: str('File name of the document\'s text where it is third-party text, kept outside the project and found on the sources search path (SCRUTINY_SOURCES, ../shared/sources, the cache); needs `sha256`.'),
      publisher: str('Publisher as printed.'),
      format: oneOf(DOCUMENT_FORMATS, 'What the document was retrieved as: a web page, a PDF, a word-processor file, plain text.'),
      url: str('Where the document was retrieved from (http or https).'),
      retrieved: date('When it was retrieved from `url`, ISO 8601.'),
      sha256: str('SHA-256 of the document\'s text as stored (`path` or `textFile`), 64 lower-case hex digits: the text the citations were checked against.'),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Resolution: {
    prefix: 'resolution', enumValue: 'RESOLUTION',
    description: 'A "Resolved" clause of a minute, numbered as printed.',
    properties: {
      number: str('Minute and clause as printed: 09(iii), 04(i); where the source prints none, `notPrinted: [number]`.', { required: true, mayBeNotPrinted: true }),
      text: text('The clause, verbatim.', { required: true }),
      followUp: oneOf(FOLLOW_UP, 'required: it asked someone to do or report something later; none: it noted, agreed or thanked.', { required: true }),
      ...common,
    },
    label: (p) => `Resolution ${p.number ?? '(number not printed)'}`,
  },
  Recommendation: {
    prefix: 'recommendation', enumValue: 'RECOMMENDATION',
    description: 'A recommendation made to a body (adopted) or put to a meeting in a report (proposed); made at a meeting (RESOLVED_AT), or in a report (MADE_IN) by a task group or committee (MADE_BY).',
    properties: {
      number: str('Number as printed.'),
      text: text('The recommendation, verbatim.', { required: true }),
      status: oneOf(['adopted', 'proposed'], 'adopted by the meeting, or proposed in a report awaiting decision.', { required: true }),
      followUp: oneOf(FOLLOW_UP, 'required: it asked for action or a report back; none: it asked only to note.', { required: true }),
      ...common,
    },
    label: (p) => (p.number ? `Recommendation ${p.number}` : 'Recommendation'),
  },
  Plan: {
    prefix: 'plan', enumValue: 'PLAN',
    description: 'A plan: partnership plan, business plan, delivery plan, action plan, delivery model.',
    properties: {
      title: text('Title as printed.', { required: true }),
      kind: oneOf(['partnership-plan', 'business-plan', 'action-plan', 'delivery-plan', 'delivery-model', 'other'], 'What sort of plan.', { required: true }),
      periodStart: date('First year or date covered.'),
      periodEnd: date('Last year or date covered.'),
      status: oneOf(['current', 'ended', 'draft', 'proposed', 'adopted'], 'Status as at the source date.'),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Priority: {
    prefix: 'priority', enumValue: 'PRIORITY',
    description: 'A priority, sub-priority, aim, key target, value or theme of a plan or strategy.',
    properties: {
      title: text('The priority as printed.', { required: true }),
      number: str('Number or letter as printed.'),
      kind: oneOf(['overarching-priority', 'priority', 'sub-priority', 'strategic-priority', 'aim', 'key-target', 'value', 'theme', 'local-priority'], 'What sort of priority.', { required: true }),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Strategy: {
    prefix: 'strategy', enumValue: 'STRATEGY',
    description: 'A strategy or strategic action plan referenced by the pack.',
    properties: {
      title: text('Title as printed.', { required: true }),
      periodStart: date('First year covered.'),
      periodEnd: date('Last year covered.'),
      status: oneOf(['current', 'ended', 'draft', 'proposed', 'under-review', 'signed-off'], 'Status as at the source date.'),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Action: {
    prefix: 'action', enumValue: 'ACTION',
    description: 'A numbered action of a business or action plan.',
    properties: {
      number: str('Number as printed.', { required: true }),
      title: text('The action as printed.', { required: true }),
      ...common,
    },
    label: (p) => `Action ${p.number}: ${p.title}`,
  },
  Operation: {
    prefix: 'operation', enumValue: 'OPERATION',
    description: 'An operation, initiative, campaign, programme, project or service that delivers work.',
    properties: {
      name: text('Name as printed.', { required: true }),
      kind: oneOf(['operation', 'initiative', 'campaign', 'programme', 'project', 'service', 'scheme', 'funding-bid', 'other'], 'What sort of work.', { required: true }),
      startDate: date('When it started, if the source says.'),
      endDate: date('When it ended, if the source says.'),
      status: oneOf(['planned', 'active', 'complete', 'proposed'], 'Status as at the source date.'),
      ...common,
    },
    label: (p) => String(p.name),
  },
  ProgressUpdate: {
    prefix: 'progress', enumValue: 'PROGRESS_UPDATE',
    description: 'A report of progress on an action, operation, recommendation or plan: dated as printed (`asAt`), or undated, with the date of the document that reports it as an upper bound (`dateBasis: document-date`, `notLaterThan`).',
    properties: {
      text: text('The progress as reported, verbatim or near-verbatim.', { required: true }),
      asAt: date('When the progress was reported (the report date when the text gives no other). Required unless `dateBasis` is document-date.'),
      dateBasis: oneOf(PROGRESS_DATE_BASES, 'printed (default): `asAt` is the date the source gives; document-date: the source prints no date for this progress, so it has no `asAt` and `notLaterThan` (the date of the document that reports it) bounds it.'),
      notLaterThan: date('With dateBasis document-date: the date of the cited document that reports the progress, an upper bound, never the progress date.'),
      status: oneOf(['complete', 'in-progress', 'planned', 'on-target', 'not-met', 'met', 'not-started'], 'Status the update reports.'),
      statusBasis: oneOf(['stated', 'inferred'], 'stated: the text prints the status (Complete, targets met); inferred: a curator read it from the text, with statusRationale.'),
      statusRationale: text('Required when statusBasis is inferred: one line on why the status was read so.'),
      ...common,
    },
    label: (p) => `Progress ${p.asAt ? `as at ${p.asAt}` : `undated, reported by ${p.notLaterThan}`}: ${truncate(String(p.text), 80)}`,
  },
  Response: {
    prefix: 'response', enumValue: 'RESPONSE',
    description: 'An executive\'s (or addressee\'s) response to a scrutiny request: which outcome, why in the source\'s words, when, and (edges) by whom (MADE_BY), to what (RESPONDS_TO) and where (MADE_IN a document, RESOLVED_AT a meeting).',
    properties: {
      outcome: oneOf(RESPONSE_OUTCOMES, 'The outcome as printed: agreed, agreed with reservations, partly agreed, rejected, deferred or noted.', { required: true }),
      outcomeText: text('The outcome in the source\'s words ("Agreed in part"), where it differs from the value.'),
      reasons: text('The reasons given, verbatim. Required for an outcome other than agreed or noted, unless `notPrinted: [reasons]`.'),
      date: date('When the response was made (the decision or document date), as precise as the source.'),
      ...common,
    },
    label: (p) => `Response: ${String(p.outcome).replace(/-/g, ' ')}`,
  },
  Finding: {
    prefix: 'finding', enumValue: 'FINDING',
    description: 'What an assessment, profile or audit found (a problem identified as predominant, a gap).',
    properties: {
      text: text('The finding as printed.', { required: true }),
      ...common,
    },
    label: (p) => String(p.text),
  },
  Commitment: {
    prefix: 'commitment', enumValue: 'COMMITMENT',
    description: 'A dated promise recorded in the source: what someone said would be done, by whom and by when. Who made it, where and what it concerns are edges; whether anything records it done is a PROGRESS_OF edge, or nothing.',
    properties: {
      text: text('What was promised, in the words of the source.', { required: true }),
      dueBy: date('When it falls due, ISO, as precise as the source ("2019" for "before the end of this year 2019").', { required: true }),
      dueText: text('The deadline as printed ("by September 2019", "within the next 12 months").', { required: true }),
      madeOn: date('When the promise was made or recorded (the date of the meeting or report), where the source gives it.'),
      ...common,
    },
    label: (p) => `Commitment due ${p.dueText}: ${truncate(String(p.text), 80)}`,
  },
  Metric: {
    prefix: 'metric', enumValue: 'METRIC', traceLeaf: true,
    description: 'Something measured: a count, rate or survey result.',
    properties: {
      name: text('What is measured.', { required: true }),
      unit: str('Unit of the values (people, %, fines, responses, £).'),
      ...common,
    },
    label: (p) => String(p.name),
  },
  Observation: {
    prefix: 'observation', enumValue: 'OBSERVATION',
    description: 'One value of a metric, for a period and place: an actual, a target or a baseline.',
    properties: {
      value: { kind: 'number', description: 'The value as a number, where the source gives one.' },
      valueText: text('The value as printed (e.g. "8-10 times per day").', { required: true }),
      unit: str('Unit of the value.'),
      period: str('Period as printed (2019, Jan 2019, 2018/19).'),
      periodStart: date('Start of the period, ISO.'),
      periodEnd: date('End of the period, ISO.'),
      kind: oneOf(['actual', 'target', 'baseline', 'estimate'], 'What sort of value.', { required: true }),
      ...common,
    },
    label: (p) => `${p.valueText}${p.period ? ` (${p.period})` : ''}`,
  },
  Place: {
    prefix: 'place', enumValue: 'PLACE', traceLeaf: true,
    description: 'A place: town, ward, area, street, venue or zone.',
    properties: {
      name: text('Name as printed.', { required: true }),
      kind: oneOf(['town', 'ward', 'area', 'street', 'venue', 'zone', 'county', 'region', 'park', 'station'], 'What sort of place.', { required: true }),
      ...common,
    },
    label: (p) => String(p.name),
  },
  Consultation: {
    prefix: 'consultation', enumValue: 'CONSULTATION',
    description: 'A consultation or engagement exercise, with its method and results.',
    properties: {
      title: text('Name of the consultation.', { required: true }),
      method: text('How it was run (online survey, workshops, ...).'),
      periodStart: date('When it opened.'),
      periodEnd: date('When it closed.'),
      responses: { kind: 'integer', description: 'Number of responses, if the source gives it.' },
      status: oneOf(['planned', 'open', 'closed'], 'Status as at the source date.'),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Order: {
    prefix: 'order', enumValue: 'ORDER',
    description: 'A legal order such as a Public Spaces Protection Order.',
    properties: {
      title: text('Title of the order.', { required: true }),
      legislation: text('The Act it is made under.'),
      inForceFrom: date('When it came into force.'),
      expiresOn: date('When it expires, if stated.'),
      ...common,
    },
    label: (p) => String(p.title),
  },
  Provision: {
    prefix: 'provision', enumValue: 'PROVISION',
    description: 'A term of an order (a prohibition or requirement), its penalty, or a proposed variation of it.',
    properties: {
      title: text('Short name of the term (Begging, Dog control).', { required: true }),
      text: text('The term as printed.', { required: true }),
      kind: oneOf(['prohibition', 'requirement', 'penalty', 'exemption', 'variation'], 'What sort of term.', { required: true }),
      status: oneOf(['in-force', 'proposed', 'removed'], 'Status as at the source date.', { required: true }),
      ...common,
    },
    label: (p) => String(p.title),
  },
} as const satisfies Record<string, NodeTypeSpec>;

export type NodeTypeName = keyof typeof NODE_TYPES;
export const NODE_TYPE_NAMES = Object.keys(NODE_TYPES) as NodeTypeName[];

/** How a trace follows an edge: `out` from `from` to `to`, `in` from `to` back to `from`. */
export type WalkDirection = 'out' | 'in';

export interface EdgeTypeSpec {
  description: string;
  from: readonly NodeTypeName[];
  to: readonly NodeTypeName[];
  /** The way a DOWNSTREAM trace (from what was asked towards its delivery) walks this edge. */
  downstream?: WalkDirection;
  /** The way an UPSTREAM trace (from delivery back to what asked for it) walks this edge. */
  upstream?: WalkDirection;
}

const ALL: readonly NodeTypeName[] = Object.keys(NODE_TYPES) as NodeTypeName[];
const ASKS = ['Resolution', 'Recommendation'] as const;
const WORK = ['Action', 'Operation', 'Plan', 'Strategy', 'Priority', 'Consultation', 'Order', 'Provision'] as const;
const RESPONSIBLE = ['Person', 'Post', 'Organisation'] as const;

export const EDGE_TYPES = {
  // Structure of bodies and people.
  SUB_ORGANISATION_OF: { description: 'The source body is part of the target body (CSP Executive within the CSP).', from: ['Organisation'], to: ['Organisation'] },
  MEMBER_OF: { description: 'A person or body is a member of a body (a councillor of a committee, an agency of a partnership). Carries role and dates.', from: ['Person', 'Organisation'], to: ['Organisation'] },
  HOLDS: { description: 'A person holds a post. Carries validFrom/validTo where stated, else observedOn (and lastObservedOn).', from: ['Person'], to: ['Post'] },
  POST_IN: { description: 'A post belongs to an organisation.', from: ['Post'], to: ['Organisation'] },
  // Meetings.
  ITEM_OF: { description: 'An agenda or minute item belongs to a meeting.', from: ['AgendaItem'], to: ['Meeting'], downstream: 'out', upstream: 'out' },
  MEETING_OF: { description: 'A meeting is a meeting of a body, or organised by it.', from: ['Meeting', 'Consultation'], to: ['Organisation'] },
  HELD_AT: { description: 'Where a meeting or event was held.', from: ['Meeting'], to: ['Place'], downstream: 'out' },
  ATTENDED: { description: 'A person or body attended a meeting. role: present | apologies | in-attendance | officer | presenter.', from: ['Person', 'Organisation'], to: ['Meeting'] },
  CONSIDERED: { description: 'An agenda item considered a document.', from: ['AgendaItem'], to: ['Document'] },
  PRESENTED_BY: { description: 'An item was introduced or presented by a person (or body).', from: ['AgendaItem'], to: RESPONSIBLE },
  AUTHORED_BY: { description: 'A document (or report item) was written or issued by a person, post or body.', from: ['Document', 'AgendaItem'], to: RESPONSIBLE },
  PART_OF: { description: 'Containment: an appendix in a pack, a priority in a plan, an action in a business plan, a term in an order, a ward in a town, a meeting in an operation.', from: ALL, to: ALL, downstream: 'in', upstream: 'out' },
  // What was asked and of whom.
  RESOLVED_AT: { description: 'A resolution, recommendation or response was made at (or put to) an agenda item or meeting.', from: [...ASKS, 'Response'], to: ['AgendaItem', 'Meeting'], upstream: 'out' },
  MADE_IN: { description: 'A recommendation, resolution or response is set out in this document (a task group\'s report, an executive\'s response), not made at a meeting.', from: [...ASKS, 'Response'], to: ['Document'], upstream: 'out' },
  MADE_BY: { description: 'The body or person that made a recommendation or resolution (a scrutiny task group), or gave a response (the executive, a cabinet member).', from: [...ASKS, 'Response'], to: RESPONSIBLE },
  RESPONDS_TO: { description: 'A response answers this recommendation or resolution.', from: ['Response'], to: ASKS, downstream: 'in', upstream: 'out' },
  ADDRESSED_TO: { description: 'A resolution or recommendation asks this body or person to act or report.', from: ASKS, to: RESPONSIBLE, downstream: 'out' },
  ABOUT: { description: 'A resolution, recommendation, item or commitment concerns this plan, order, operation or strategy.', from: [...ASKS, 'AgendaItem', 'Consultation', 'Document', 'Commitment'], to: [...WORK, 'Document'] },
  // From what was asked to its delivery.
  TAKES_UP: { description: 'An action, operation, plan or strategy takes up a recommendation or resolution; so does a resolution that acts on a recommendation (an executive resolving to do what scrutiny asked).', from: [...WORK, 'AgendaItem', 'Resolution'], to: ASKS, downstream: 'in', upstream: 'out' },
  CONTRIBUTES_TO: { description: 'An action, operation or strategy contributes to a priority, plan or strategy.', from: [...WORK], to: [...WORK], downstream: 'in', upstream: 'out' },
  DELIVERS: { description: 'An operation or initiative delivers an action, priority or plan (Operation Octans delivers action 13).', from: ['Operation', 'Action', 'Plan', 'Strategy', 'Consultation'], to: [...WORK], downstream: 'in', upstream: 'out' },
  LED_BY: { description: 'Named lead of an action, operation, priority, plan, strategy or meeting. role as printed.', from: [...WORK, 'Meeting', 'Organisation'], to: RESPONSIBLE, downstream: 'out' },
  INVOLVES: { description: 'A partner takes part in an operation, action, plan or meeting.', from: [...WORK, 'Meeting'], to: RESPONSIBLE, downstream: 'out' },
  FUNDED_BY: { description: 'Funding came from this body (or was applied for, with a note).', from: ['Operation', 'Action', 'Organisation', 'Plan'], to: ['Organisation'], downstream: 'out' },
  LOCATED_IN: { description: 'Where something took place or applies.', from: ['Operation', 'Action', 'Observation', 'Order', 'Provision', 'Organisation', 'Priority', 'Plan', 'Place'], to: ['Place'], downstream: 'out' },
  PROGRESS_OF: { description: 'A progress update reports on this work, recommendation or commitment.', from: ['ProgressUpdate'], to: [...WORK, ...ASKS, 'Commitment'], downstream: 'in', upstream: 'out' },
  REPORTED_AT: { description: 'Progress or an outcome was reported back at this agenda item or meeting.', from: ['ProgressUpdate', 'Action', 'Operation', 'Plan', 'Strategy', 'Consultation', 'Order', ...ASKS], to: ['AgendaItem', 'Meeting'], downstream: 'out', upstream: 'in' },
  PRODUCED: { description: 'A meeting or operation produced this plan, document or action (the JAG produced three action plans).', from: ['Meeting', 'Operation', 'Consultation', 'Action'], to: ['Plan', 'Document', 'Strategy', 'Priority', 'Action', 'Operation'], downstream: 'out', upstream: 'in' },
  REFERENCES: { description: 'A linked or background document of an action, plan, report or strategy.', from: [...WORK, 'Document', 'AgendaItem'], to: ['Document', 'Strategy', 'Plan'] },
  DESCRIBED_IN: { description: 'The document that sets out this plan, strategy, order or consultation.', from: [...WORK, 'Meeting'], to: ['Document'] },
  SUCCEEDS: { description: 'Lineage: a later priority, plan or strategy succeeds an earlier one.', from: ['Priority', 'Plan', 'Strategy'], to: ['Priority', 'Plan', 'Strategy'], downstream: 'in', upstream: 'out' },
  MEASURES: { description: 'An observation is a value of this metric.', from: ['Observation'], to: ['Metric'], downstream: 'out' },
  OUTCOME_OF: { description: 'An observation measures the outcome (or target) of this work.', from: ['Observation'], to: [...WORK, 'Meeting', 'Organisation'], downstream: 'in', upstream: 'out' },
  CONSULTATION_ON: { description: 'A consultation asked about this order, term, plan or strategy.', from: ['Consultation'], to: [...WORK], downstream: 'in', upstream: 'out' },
  VARIES: { description: 'A proposed term varies an existing term or order.', from: ['Provision'], to: ['Provision', 'Order'], downstream: 'in', upstream: 'out' },
  INFORMS: { description: 'A finding informs a priority, plan or strategy (it is set out as its evidence).', from: ['Finding'], to: ['Priority', 'Plan', 'Strategy'], upstream: 'out' },
  // Curators' review of suggested evidence.
  DISMISSED_SUGGESTION: { description: 'A curator judged this node, suggested by text match as evidence of the request, not to be evidence of it; it is not suggested again. Always inferred, with the rationale. Never walked by a trace.', from: [...WORK, 'ProgressUpdate'], to: ASKS },
  // Identity.
  SAME_AS: { description: 'The pack may name one body, work or plan twice: a curator judges these two nodes probably the same thing and keeps both (always inferred, with the rationale and a citation of each end).', from: ALL, to: ALL },
  // Dated promises.
  COMMITTED_BY: { description: 'Who made a commitment or is to carry it out.', from: ['Commitment'], to: RESPONSIBLE, downstream: 'out' },
  MADE_AT: { description: 'The meeting, agenda item or document where a commitment was made or recorded.', from: ['Commitment'], to: ['AgendaItem', 'Meeting', 'Document'], upstream: 'out' },
  DUE_AT: { description: 'The meeting or event at which a commitment falls due.', from: ['Commitment'], to: ['Meeting'], downstream: 'out' },
  ENFORCED_BY: { description: 'Who enforces an order or term.', from: ['Order', 'Provision'], to: RESPONSIBLE, downstream: 'out' },
} as const satisfies Record<string, EdgeTypeSpec>;

export type EdgeTypeName = keyof typeof EDGE_TYPES;
export const EDGE_TYPE_NAMES = Object.keys(EDGE_TYPES) as EdgeTypeName[];

export const EDGE_PROPERTIES: Record<string, PropertySpec> = {
  role: str('Role in the relationship as printed (Chair, Vice-Chair, lead agency, presenter).'),
  validFrom: date('First date the relationship is known to hold.'),
  validTo: date('Last date the relationship is known to hold.'),
  observedOn: date('Date of the (earliest) source that records the relationship, where no period is stated.'),
  lastObservedOn: date('Date of the latest source that records the relationship, when more than one does; the relationship is recorded on both dates, not known to span them.'),
  basis: oneOf(['stated', 'inferred'], 'stated (default): the text says so; inferred: matched by a curator, with a rationale.'),
  rationale: text('Required when basis is inferred: one line on why the link is drawn.'),
  note: text('A curator\'s note.'),
};

/**
 * The one spelling of `basis` wherever the graph is published: the GraphQL API's
 * `Basis` enum, CSV, GraphML and JSON-LD all say STATED or INFERRED. The dataset
 * files and storage keep the model's value (`stated`, `inferred`) underneath.
 */
export const PUBLISHED_BASIS = { stated: 'STATED', inferred: 'INFERRED' } as const;
export type PublishedBasis = (typeof PUBLISHED_BASIS)[keyof typeof PUBLISHED_BASIS];

export function publishedBasis(basis: string | undefined): PublishedBasis {
  return basis === 'inferred' ? 'INFERRED' : 'STATED';
}

/** An edge property as every export writes it: `basis` in its published spelling, the rest as stored. */
export function publishedEdgeValue(name: string, value: unknown): unknown {
  return name === 'basis' ? publishedBasis(value as string | undefined) : value;
}

/** The model's value for a published spelling, or undefined for anything else. */
export function basisFromPublished(value: unknown): 'stated' | 'inferred' | undefined {
  return value === 'STATED' ? 'stated' : value === 'INFERRED' ? 'inferred' : undefined;
}

export function isNodeType(value: string): value is NodeTypeName {
  return Object.prototype.hasOwnProperty.call(NODE_TYPES, value);
}

export function isEdgeType(value: string): value is EdgeTypeName {
  return Object.prototype.hasOwnProperty.call(EDGE_TYPES, value);
}

const TYPE_BY_PREFIX = new Map<string, NodeTypeName>(NODE_TYPE_NAMES.map((t) => [NODE_TYPES[t].prefix, t]));
const TYPE_BY_ENUM = new Map<string, NodeTypeName>(NODE_TYPE_NAMES.map((t) => [NODE_TYPES[t].enumValue, t]));

export const ID_PATTERN = /^([a-z-]+):([a-z0-9][a-z0-9.-]*)$/;

/** The node type an id names by its prefix (qualified or not), or undefined for a malformed id. */
export function typeOfId(id: string): NodeTypeName | undefined {
  const match = ID_PATTERN.exec(localIdOf(id));
  return match ? TYPE_BY_PREFIX.get(match[1]!) : undefined;
}

export function nodeTypeFromEnum(value: string): NodeTypeName | undefined {
  return TYPE_BY_ENUM.get(value);
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
