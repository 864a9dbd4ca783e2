/**
 * The typed relationship fields of each GraphQL object type, declared as data: which
 * edge type, which way, and which node types at the far end. Resolvers are built from
 * this table, so a new field is one line here plus one in the SDL.
 */
import type { EdgeTypeName, NodeTypeName } from '../core/model.js';
import type { Direction } from '../core/ports.js';

export interface RelationField {
  edge: EdgeTypeName | readonly EdgeTypeName[];
  direction: Direction;
  /** Keep only far ends of these types. */
  types?: readonly NodeTypeName[];
  /** `nodes` (default): the far-end nodes; `edges`: the edge objects (PostHolding, Lead, ...); `single`: the first far end or null. */
  returns?: 'nodes' | 'edges' | 'single';
}

const out = (edge: RelationField['edge'], extra: Partial<RelationField> = {}): RelationField => ({ edge, direction: 'out', ...extra });
const inn = (edge: RelationField['edge'], extra: Partial<RelationField> = {}): RelationField => ({ edge, direction: 'in', ...extra });

const LEADS = inn(['LED_BY']);
const LEAD_EDGES = out('LED_BY', { returns: 'edges' });
const PLACES = out('LOCATED_IN', { types: ['Place'] });
const PROGRESS = inn('PROGRESS_OF', { types: ['ProgressUpdate'] });
const COMMITMENTS = inn('ABOUT', { types: ['Commitment'] });
const DELIVERY_OF_REQUEST = {
  madeAt: out('RESOLVED_AT'),
  madeIn: out('MADE_IN', { types: ['Document'] }),
  madeBy: out('MADE_BY'),
  addressedTo: out('ADDRESSED_TO'),
  about: out('ABOUT'),
  answeredBy: inn('RESPONDS_TO', { types: ['Response'] }),
  takenUpBy: inn('TAKES_UP'),
  progress: PROGRESS,
  reportedAt: out('REPORTED_AT'),
};

export const RELATION_FIELDS: Partial<Record<NodeTypeName, Record<string, RelationField>>> = {
  Organisation: {
    parents: out('SUB_ORGANISATION_OF'),
    children: inn('SUB_ORGANISATION_OF'),
    members: inn('MEMBER_OF', { returns: 'edges' }),
    memberOf: out('MEMBER_OF', { returns: 'edges' }),
    posts: inn('POST_IN'),
    meetings: inn('MEETING_OF', { types: ['Meeting'] }),
    leads: LEADS,
    places: PLACES,
  },
  Person: {
    posts: out('HOLDS', { returns: 'edges' }),
    memberships: out('MEMBER_OF', { returns: 'edges' }),
    attended: out('ATTENDED', { returns: 'edges' }),
    leads: LEADS,
    presented: inn('PRESENTED_BY', { types: ['AgendaItem'] }),
    authored: inn('AUTHORED_BY'),
  },
  Post: {
    organisation: out('POST_IN', { returns: 'single' }),
    holders: inn('HOLDS', { returns: 'edges' }),
    leads: LEADS,
  },
  Meeting: {
    organisations: out('MEETING_OF'),
    places: out('HELD_AT'),
    items: inn('ITEM_OF'),
    attendance: inn('ATTENDED', { returns: 'edges' }),
    leads: LEAD_EDGES,
    partOf: out('PART_OF'),
    produced: out('PRODUCED'),
    reported: inn('REPORTED_AT'),
  },
  AgendaItem: {
    meeting: out('ITEM_OF', { returns: 'single' }),
    documents: out('CONSIDERED'),
    presenters: out('PRESENTED_BY'),
    decisions: inn('RESOLVED_AT'),
    reported: inn('REPORTED_AT'),
  },
  Document: {
    authors: out('AUTHORED_BY'),
    partOf: out('PART_OF', { types: ['Document'] }),
    parts: inn('PART_OF', { types: ['Document'] }),
    describes: inn('DESCRIBED_IN'),
    referencedBy: inn(['REFERENCES', 'CONSIDERED', 'ABOUT']),
  },
  Resolution: { ...DELIVERY_OF_REQUEST, takesUp: out('TAKES_UP') },
  Recommendation: DELIVERY_OF_REQUEST,
  Plan: {
    priorities: inn('PART_OF', { types: ['Priority'] }),
    actions: inn('PART_OF', { types: ['Action'] }),
    parts: inn('PART_OF'),
    partOf: out('PART_OF'),
    leads: LEAD_EDGES,
    documents: out('DESCRIBED_IN'),
    succeeds: out('SUCCEEDS'),
    succeededBy: inn('SUCCEEDS'),
    contributesTo: out('CONTRIBUTES_TO'),
    contributions: inn(['CONTRIBUTES_TO', 'DELIVERS']),
    commitments: COMMITMENTS,
  },
  Priority: {
    partOf: out('PART_OF'),
    subPriorities: inn('PART_OF', { types: ['Priority'] }),
    leads: LEAD_EDGES,
    succeeds: out('SUCCEEDS', { types: ['Priority'] }),
    succeededBy: inn('SUCCEEDS', { types: ['Priority'] }),
    contributions: inn(['CONTRIBUTES_TO', 'DELIVERS']),
    places: PLACES,
  },
  Strategy: {
    priorities: inn('PART_OF', { types: ['Priority'] }),
    leads: LEAD_EDGES,
    documents: out('DESCRIBED_IN'),
    referencedBy: inn('REFERENCES'),
    contributesTo: out('CONTRIBUTES_TO'),
    contributions: inn(['CONTRIBUTES_TO', 'DELIVERS']),
    succeeds: out('SUCCEEDS'),
    succeededBy: inn('SUCCEEDS'),
  },
  Action: {
    plan: out('PART_OF', { types: ['Plan'], returns: 'single' }),
    leads: LEAD_EDGES,
    documents: out('REFERENCES'),
    progress: PROGRESS,
    deliveredBy: inn('DELIVERS', { types: ['Operation'] }),
    takesUp: out('TAKES_UP'),
    contributesTo: out('CONTRIBUTES_TO'),
    places: PLACES,
  },
  Operation: {
    leads: LEAD_EDGES,
    partners: out('INVOLVES'),
    places: PLACES,
    delivers: out('DELIVERS'),
    parts: inn('PART_OF'),
    partOf: out('PART_OF'),
    progress: PROGRESS,
    outcomes: inn('OUTCOME_OF'),
    fundedBy: out('FUNDED_BY'),
    takesUp: out('TAKES_UP'),
    contributesTo: out('CONTRIBUTES_TO'),
    reportedAt: out('REPORTED_AT'),
    commitments: COMMITMENTS,
  },
  ProgressUpdate: {
    subjects: out('PROGRESS_OF'),
    reportedAt: out('REPORTED_AT'),
  },
  Response: {
    respondsTo: out('RESPONDS_TO'),
    madeBy: out('MADE_BY'),
    madeIn: out('MADE_IN', { types: ['Document'] }),
    madeAt: out('RESOLVED_AT'),
  },
  Finding: {
    partOf: out('PART_OF'),
    informs: out('INFORMS'),
  },
  Commitment: {
    committedBy: out('COMMITTED_BY'),
    madeAt: out('MADE_AT'),
    dueAt: out('DUE_AT', { types: ['Meeting'] }),
    about: out('ABOUT'),
    progress: PROGRESS,
  },
  Metric: {
    observations: inn('MEASURES'),
  },
  Observation: {
    metric: out('MEASURES', { returns: 'single' }),
    subjects: out('OUTCOME_OF'),
    places: PLACES,
  },
  Place: {
    partOf: out('PART_OF', { types: ['Place'] }),
    contains: inn('PART_OF', { types: ['Place'] }),
    located: inn('LOCATED_IN'),
    meetings: inn('HELD_AT'),
  },
  Consultation: {
    about: out('CONSULTATION_ON'),
    results: inn('OUTCOME_OF', { types: ['Observation'] }),
    organisations: out('MEETING_OF'),
  },
  Order: {
    provisions: inn('PART_OF', { types: ['Provision'] }),
    places: PLACES,
    enforcedBy: out('ENFORCED_BY'),
    consultations: inn('CONSULTATION_ON'),
    progress: PROGRESS,
    outcomes: inn('OUTCOME_OF'),
    documents: out('DESCRIBED_IN'),
    commitments: COMMITMENTS,
  },
  Provision: {
    partOf: out('PART_OF'),
    variations: inn('VARIES'),
    varies: out('VARIES'),
    enforcedBy: out('ENFORCED_BY'),
    places: PLACES,
    consultations: inn('CONSULTATION_ON'),
    outcomes: inn('OUTCOME_OF'),
  },
};
