/**
 * Delivery chains: what became of a request, in the stages an officer reads.
 *
 *   REQUEST → SENT_TO → RESPONSE → TAKEN_UP_BY → DELIVERED_BY → PROGRESS → REPORTED_BACK → OUTCOME
 *
 * DOWNSTREAM from a resolution or recommendation, each chain is the request, the bodies
 * it was addressed to, any recorded response, then one route through the work that took
 * it up to where that route ends. Stages only move forward, so the routes form a directed
 * acyclic graph; every route from the request to a node with nowhere further to go is a
 * chain, and a chain whose nodes all lie, in order, on a longer chain is dropped (it says
 * nothing the longer one does not). UPSTREAM from delivered work, each chain runs from the
 * work back through the plans, priorities and actions it served to the requests that led
 * to it.
 *
 * A chain that stops before the work is reported back says why, in an officer's words
 * ("Progress recorded on 2 March 2020, never reported back."). Leads, partners, places and
 * funders hang off the step they belong to.
 *
 * Reads go through the same port as the trace (batched node and edge reads). Each round
 * reads, together, the bodies and edges of everything found the round before, so the
 * rounds grow with the length of the chains, not their width.
 *
 * Responses: a `Response` node that RESPONDS_TO the request (its outcome, the reasons in
 * the source's words, its date and, by MADE_BY, who gave it) stands on every chain after
 * SENT_TO, and the latest is the tracker's response; with none, the stage is not shown
 * and the tracker's response is null ("not recorded"). A resolution that TAKES_UP a
 * request (an executive resolving to act on scrutiny's recommendation) stands at
 * TAKEN_UP_BY on that request's chains, though it is a request in its own right.
 *
 * Undated progress (`dateBasis: document-date`) is a PROGRESS step with no date: the date
 * of the document that reports it is given beside it as `notLaterThan`, an upper bound,
 * never as the step's date.
 */
import type { GraphEdge, GraphNode } from './dataset.js';
import { isValidPartialDate } from './dataset.js';
import { BadInputError, NotFoundError } from './errors.js';
import { typeOfId, type EdgeTypeName, type NodeTypeName } from './model.js';
import type { Direction } from './ports.js';
import type { GapCode, TraceDirection, TraceReader } from './trace.js';

export const DELIVERY_STAGES = ['REQUEST', 'SENT_TO', 'RESPONSE', 'TAKEN_UP_BY', 'DELIVERED_BY', 'PROGRESS', 'REPORTED_BACK', 'OUTCOME'] as const;
export type DeliveryStage = (typeof DELIVERY_STAGES)[number];

export type DeliveryStatus = 'RECORDED' | 'NOT_RECORDED' | 'NOT_REQUIRED';

export type ContextRole = 'LEAD' | 'PARTNER' | 'PLACE' | 'FUNDER';

/** Most chains returned from one root; more are cut and `truncated` says so. */
export const MAX_CHAINS = 50;
/** Most hops walked from the root (UPSTREAM may climb plans within plans). */
export const MAX_CHAIN_HOPS = 8;

const REQUEST_TYPES: ReadonlySet<NodeTypeName> = new Set(['Resolution', 'Recommendation']);

/** The stage a node stands at on a chain, by its type. */
const STAGE_OF_TYPE: Partial<Record<NodeTypeName, DeliveryStage>> = {
  Resolution: 'REQUEST',
  Recommendation: 'REQUEST',
  Organisation: 'SENT_TO',
  Post: 'SENT_TO',
  Person: 'SENT_TO',
  Plan: 'TAKEN_UP_BY',
  Action: 'TAKEN_UP_BY',
  Priority: 'TAKEN_UP_BY',
  Strategy: 'TAKEN_UP_BY',
  Order: 'TAKEN_UP_BY',
  Provision: 'TAKEN_UP_BY',
  Consultation: 'TAKEN_UP_BY',
  Operation: 'DELIVERED_BY',
  ProgressUpdate: 'PROGRESS',
  Response: 'RESPONSE',
  AgendaItem: 'REPORTED_BACK',
  Meeting: 'REPORTED_BACK',
  Observation: 'OUTCOME',
};

const stageIndex = (stage: DeliveryStage) => DELIVERY_STAGES.indexOf(stage);

interface WalkRule {
  edge: EdgeTypeName;
  /** `out`: from the edge's `from` to its `to`; `in`: the reverse. */
  walk: Direction;
  /** Keep only far ends of these types. */
  types?: readonly NodeTypeName[];
}

/** Links that carry a request forward into its delivery; a step only ever moves to a later stage. */
const DOWNSTREAM_RULES: readonly WalkRule[] = [
  { edge: 'TAKES_UP', walk: 'in' },
  { edge: 'DELIVERS', walk: 'in' },
  { edge: 'PROGRESS_OF', walk: 'in' },
  { edge: 'REPORTED_AT', walk: 'out' },
  { edge: 'OUTCOME_OF', walk: 'in' },
];

/**
 * Links from delivered work back to what led to it; a step moves to the same or an earlier
 * stage (a priority within a plan, an operation within a programme).
 */
const UPSTREAM_RULES: readonly WalkRule[] = [
  { edge: 'TAKES_UP', walk: 'out' },
  { edge: 'DELIVERS', walk: 'out' },
  { edge: 'CONTRIBUTES_TO', walk: 'out' },
  { edge: 'PART_OF', walk: 'out', types: ['Plan', 'Priority', 'Strategy', 'Operation'] },
  { edge: 'PROGRESS_OF', walk: 'out' },
  { edge: 'OUTCOME_OF', walk: 'out', types: ['Action', 'Operation', 'Plan', 'Strategy', 'Priority', 'Consultation', 'Order', 'Provision'] },
  { edge: 'REPORTED_AT', walk: 'in' },
];

/** How a response to a request is recorded: a Response that answers it. */
export const RESPONSE_RULES: readonly WalkRule[] = [{ edge: 'RESPONDS_TO', walk: 'in', types: ['Response'] }];

const CONTEXT_OF_EDGE: Partial<Record<EdgeTypeName, ContextRole>> = {
  LED_BY: 'LEAD',
  INVOLVES: 'PARTNER',
  LOCATED_IN: 'PLACE',
  HELD_AT: 'PLACE',
  FUNDED_BY: 'FUNDER',
};
const CONTEXT_ORDER: readonly ContextRole[] = ['LEAD', 'PARTNER', 'PLACE', 'FUNDER'];

/**
 * What the source records of a request's delivery. One definition for the API, chains,
 * tracker and exports: a request that asked for follow-up has it RECORDED when anything
 * takes it up (TAKES_UP), reports progress on it (PROGRESS_OF) or it was reported back
 * (REPORTED_AT); each counts on its own.
 */
export function deliveryStatus(request: GraphNode, outEdges: readonly GraphEdge[], inEdges: readonly GraphEdge[]): DeliveryStatus {
  if (request.props.followUp !== 'required') return 'NOT_REQUIRED';
  const evidence =
    inEdges.some((e) => e.to === request.id && (e.type === 'TAKES_UP' || (e.type === 'PROGRESS_OF' && typeOfId(e.from) === 'ProgressUpdate'))) ||
    outEdges.some((e) => e.from === request.id && e.type === 'REPORTED_AT');
  return evidence ? 'RECORDED' : 'NOT_RECORDED';
}

export function isRequest(node: Pick<GraphNode, 'type'>): boolean {
  return REQUEST_TYPES.has(node.type);
}

export interface DeliveryContextModel {
  role: ContextRole;
  node: GraphNode;
  edge: GraphEdge;
}

export interface DeliveryStepModel {
  stage: DeliveryStage;
  node: GraphNode;
  /** The node's label, which stands alone (a request names its committee and date, an item its meeting). */
  label: string;
  date: string | null;
  /** For a step the source does not date (undated progress): its document's date, an upper bound; null otherwise. */
  notLaterThan: string | null;
  /** The link that led to this step (for SENT_TO and RESPONSE, from the request); null for the root. */
  via: GraphEdge | null;
  context: DeliveryContextModel[];
}

export interface DeliveryGapModel {
  /** The stage the chain did not reach. */
  stage: DeliveryStage;
  code: GapCode;
  reason: string;
  /** Where the chain stops. */
  node: GraphNode;
}

export interface DeliveryChainModel {
  steps: DeliveryStepModel[];
  gap: DeliveryGapModel | null;
}

/** Facts about a request the tracker reports: where and when it was made, and to whom. */
export interface RequestFacts {
  meeting: GraphNode | null;
  /** The agenda item it was made at, where recorded. */
  item: GraphNode | null;
  /** The report it is set out in (MADE_IN), where it was not made at a meeting. */
  document: GraphNode | null;
  /** The meeting's date, else the report's. */
  date: string | null;
  /** The body whose meeting made it, else the body that made it (MADE_BY). */
  body: GraphNode | null;
  addressedTo: GraphNode[];
  /** Responses to it, latest first (undated last). */
  responses: ResponseModel[];
}

/** A response to a request, as the tracker shows it. */
export interface ResponseModel {
  node: GraphNode;
  /** The model's value (`rejected`, `partly-agreed`, ...). */
  outcome: string;
  reason: string | null;
  by: GraphNode | null;
  date: string | null;
  sources: GraphNode['sources'];
}

export interface DeliveryChainsResult {
  root: GraphNode;
  direction: TraceDirection;
  /** For a request: what the source records of its delivery; null otherwise. */
  delivery: DeliveryStatus | null;
  chains: DeliveryChainModel[];
  /** True when chains were cut at MAX_CHAINS or MAX_CHAIN_HOPS. */
  truncated: boolean;
  /** Sequential rounds of storage reads. */
  rounds: number;
  /** Facts of the root, when it is a request. */
  request: RequestFacts | null;
}

/** "2019-03-05" → "5 March 2019"; "2019-03" → "March 2019"; "2019" as is. */
export function humanDate(date: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [year, month, day] = date.split('-');
  if (!month) return year!;
  const name = months[Number(month) - 1] ?? month;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}

/** "an organisation", "a meeting". */
const withArticle = (word: string) => `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;

const asString = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/** Everything the walk read: bodies and edges by id. */
class ReadCache {
  readonly bodies = new Map<string, GraphNode>();
  readonly out = new Map<string, GraphEdge[]>();
  readonly in = new Map<string, GraphEdge[]>();
  private readonly wantBody = new Set<string>();
  private readonly wantOut = new Set<string>();
  private readonly wantIn = new Set<string>();
  rounds = 0;

  constructor(private readonly reader: TraceReader) {}

  want(id: string, edges: { out?: boolean; in?: boolean } = {}): void {
    if (!typeOfId(id)) return;
    if (!this.bodies.has(id)) this.wantBody.add(id);
    if (edges.out && !this.out.has(id)) this.wantOut.add(id);
    if (edges.in && !this.in.has(id)) this.wantIn.add(id);
  }

  get pending(): boolean {
    return this.wantBody.size + this.wantOut.size + this.wantIn.size > 0;
  }

  /** One round: every wanted body and edge list, read together. */
  async read(): Promise<void> {
    const bodies = [...this.wantBody];
    const outs = [...this.wantOut];
    const ins = [...this.wantIn];
    this.wantBody.clear();
    this.wantOut.clear();
    this.wantIn.clear();
    this.rounds++;
    const [nodes, outLists, inLists] = await Promise.all([
      bodies.length ? this.reader.getNodes(bodies) : Promise.resolve([]),
      outs.length ? this.reader.getEdgesOfMany(outs, 'out') : Promise.resolve([]),
      ins.length ? this.reader.getEdgesOfMany(ins, 'in') : Promise.resolve([]),
    ]);
    bodies.forEach((id, i) => {
      const node = nodes[i];
      if (node) this.bodies.set(id, node);
    });
    outs.forEach((id, i) => this.out.set(id, outLists[i] ?? []));
    ins.forEach((id, i) => this.in.set(id, inLists[i] ?? []));
  }

  edges(id: string, direction: Direction): GraphEdge[] {
    return (direction === 'out' ? this.out : this.in).get(id) ?? [];
  }

  /** Far ends of the edges of `id` matching a rule, with the edge. */
  follow(id: string, rule: WalkRule): Array<{ to: string; edge: GraphEdge }> {
    return this.edges(id, rule.walk)
      .filter((e) => e.type === rule.edge)
      .map((edge) => ({ to: rule.walk === 'out' ? edge.to : edge.from, edge }))
      .filter(({ to }) => !rule.types || rule.types.includes(typeOfId(to)!));
  }

  firstOut(id: string, type: EdgeTypeName): string | undefined {
    return this.edges(id, 'out').find((e) => e.type === type)?.to;
  }
}

function stageOfId(id: string): DeliveryStage | undefined {
  const type = typeOfId(id);
  return type ? STAGE_OF_TYPE[type] : undefined;
}

/** The stage a link leads to: a request that takes up another stands at TAKEN_UP_BY on its chains. */
function stageOfLink(link: { to: string; edge: GraphEdge }, direction: TraceDirection): DeliveryStage | undefined {
  if (direction === 'DOWNSTREAM' && link.edge.type === 'TAKES_UP' && REQUEST_TYPES.has(typeOfId(link.to)!)) return 'TAKEN_UP_BY';
  return stageOfId(link.to);
}

/** Whether a walk may move from a node at `from` to one at `to`. */
function movesOn(from: DeliveryStage, to: DeliveryStage | undefined, direction: TraceDirection): boolean {
  if (!to || to === 'SENT_TO' || to === 'RESPONSE') return false;
  return direction === 'DOWNSTREAM' ? stageIndex(to) > stageIndex(from) : stageIndex(to) <= stageIndex(from) && from !== 'REQUEST';
}

/** Whether a chain node's incoming edges are needed to find where it leads. */
function needsIncoming(stage: DeliveryStage | undefined, direction: TraceDirection): boolean {
  if (!stage) return false;
  if (direction === 'DOWNSTREAM') return stageIndex(stage) < stageIndex('PROGRESS');
  return stage === 'REPORTED_BACK';
}

export interface DeliveryOptions {
  direction?: TraceDirection;
}

/** The delivery chains from one node. */
export async function deliveryChains(reader: TraceReader, rootId: string, options: DeliveryOptions = {}): Promise<DeliveryChainsResult> {
  const direction = options.direction ?? 'DOWNSTREAM';
  const rootType = typeOfId(rootId);
  if (!rootType) {
    throw new BadInputError(`"${rootId}" is not a node id; ids look like "luton/resolution:cdc-2019-03-05-09-iii".`, { argument: 'from' });
  }
  const rootStage = STAGE_OF_TYPE[rootType];
  if (!rootStage || rootStage === 'SENT_TO') {
    throw new BadInputError(
      `Delivery chains start from a request, work, progress, report-back or outcome; "${rootId}" is ${withArticle(rootType)}. Use trace for other nodes.`,
      { argument: 'from' },
    );
  }

  const cache = new ReadCache(reader);
  const rules = direction === 'DOWNSTREAM' ? DOWNSTREAM_RULES : UPSTREAM_RULES;
  /** Chain links found: from a node to the next nodes of its chains. */
  const next = new Map<string, Array<{ to: string; edge: GraphEdge }>>();
  const hops = new Map<string, number>([[rootId, 0]]);
  let truncated = false;
  /** Stages that differ from the node type's (a resolution taking up a request). */
  const stageOverride = new Map<string, DeliveryStage>();
  const stageOf = (id: string) => stageOverride.get(id) ?? stageOfId(id);

  // A request's incoming links are its delivery evidence and its responses, whichever way the walk goes.
  const incoming = (id: string) => needsIncoming(stageOf(id), direction) || (id === rootId && REQUEST_TYPES.has(rootType));
  const wantChainNode = (id: string) => cache.want(id, { out: true, in: incoming(id) });
  const toExpand = new Set<string>([rootId]);
  const helpers = new Set<string>();
  const ready = (id: string, withIncoming: boolean) => cache.out.has(id) && (!withIncoming || cache.in.has(id));
  wantChainNode(rootId);

  for (;;) {
    let expandedAny = false;
    for (const id of [...toExpand]) {
      if (!ready(id, incoming(id))) continue;
      toExpand.delete(id);
      expandChainNode(id);
      expandedAny = true;
    }
    for (const id of [...helpers]) {
      if (!ready(id, false)) continue;
      helpers.delete(id);
      expandHelper(id);
      expandedAny = true;
    }
    if (!cache.pending) {
      if (expandedAny) continue;
      break;
    }
    await cache.read();
    if (!cache.bodies.has(rootId)) throw new NotFoundError(`No node has id "${rootId}".`, { id: rootId });
  }

  function expandChainNode(id: string): void {
    const stage = stageOf(id)!;
    const hop = hops.get(id)!;
    const links: Array<{ to: string; edge: GraphEdge }> = [];
    const seen = new Set<string>();
    for (const rule of rules) {
      for (const link of cache.follow(id, rule)) {
        const toStage = stageOverride.get(link.to) ?? stageOfLink(link, direction);
        if (seen.has(link.to) || link.to === id || link.to === rootId || !movesOn(stage, toStage, direction)) continue;
        seen.add(link.to);
        if (toStage !== stageOfId(link.to)) stageOverride.set(link.to, toStage!);
        links.push(link);
      }
    }
    if (links.length && hop >= MAX_CHAIN_HOPS) {
      truncated = true;
    } else {
      next.set(id, links);
      for (const { to } of links) {
        if (hops.has(to)) continue;
        hops.set(to, hop + 1);
        toExpand.add(to);
        wantChainNode(to);
      }
    }
    // Context and what labels need: bodies only (an item's meeting, a request's meeting and addressees).
    for (const edge of cache.edges(id, 'out')) {
      if (CONTEXT_OF_EDGE[edge.type]) cache.want(edge.to);
      if ((edge.type === 'ADDRESSED_TO' || edge.type === 'MADE_IN' || edge.type === 'MADE_BY') && REQUEST_TYPES.has(typeOfId(id)!)) cache.want(edge.to);
      if (edge.type === 'ITEM_OF') cache.want(edge.to);
      if (edge.type === 'RESOLVED_AT' && REQUEST_TYPES.has(typeOfId(id)!)) {
        // Where a request was made: the item, its meeting, and the body whose meeting it was.
        helpers.add(edge.to);
        cache.want(edge.to, { out: true });
      }
    }
    if (id === rootId) {
      // A response's body, and who gave it.
      for (const rule of RESPONSE_RULES) {
        for (const { to } of cache.follow(id, rule)) {
          helpers.add(to);
          cache.want(to, { out: true });
        }
      }
    }
  }

  function expandHelper(id: string): void {
    if (typeOfId(id) === 'Response') {
      for (const edge of cache.edges(id, 'out')) if (edge.type === 'MADE_BY') cache.want(edge.to);
      return;
    }
    const meeting = typeOfId(id) === 'AgendaItem' ? cache.firstOut(id, 'ITEM_OF') : id;
    if (meeting && meeting !== id) {
      helpers.add(meeting);
      cache.want(meeting, { out: true });
    }
    if (typeOfId(id) === 'Meeting') {
      const body = cache.firstOut(id, 'MEETING_OF');
      if (body) cache.want(body);
    }
  }

  const root = cache.bodies.get(rootId)!;
  const describe = describer(cache, stageOf);
  const requestFacts = isRequest(root) ? factsOf(cache, root) : null;

  // Every route from the root to a node with nowhere further to go.
  const routes: Array<Array<{ id: string; edge: GraphEdge | null }>> = [];
  const walk = (path: Array<{ id: string; edge: GraphEdge | null }>) => {
    if (routes.length >= MAX_CHAINS) {
      truncated = true;
      return;
    }
    const at = path.at(-1)!.id;
    const onward = (next.get(at) ?? []).filter(({ to }) => cache.bodies.has(to) && !path.some((p) => p.id === to));
    if (onward.length === 0) {
      routes.push(path);
      return;
    }
    for (const { to, edge } of sortLinks(onward, stageOf)) walk([...path, { id: to, edge }]);
  };
  walk([{ id: rootId, edge: null }]);

  const kept = routes.filter((route, i) => !routes.some((other, j) => j !== i && isSubsequence(route, other) && (other.length > route.length || j < i)));

  const leading: DeliveryStepModel[] = [];
  if (direction === 'DOWNSTREAM' && requestFacts) {
    for (const edge of cache.edges(rootId, 'out').filter((e) => e.type === 'ADDRESSED_TO')) {
      const node = cache.bodies.get(edge.to);
      if (node) leading.push({ stage: 'SENT_TO', node, label: node.label, date: null, notLaterThan: null, via: edge, context: [] });
    }
    for (const response of requestFacts.responses) {
      const edge = cache.edges(rootId, 'in').find((e) => e.type === 'RESPONDS_TO' && e.from === response.node.id)!;
      const context = response.by ? [{ role: 'LEAD' as const, node: response.by, edge: cache.edges(response.node.id, 'out').find((e) => e.type === 'MADE_BY' && e.to === response.by!.id)! }] : [];
      leading.push({ stage: 'RESPONSE', node: response.node, label: response.node.label, date: response.date, notLaterThan: null, via: edge, context });
    }
  }

  const chains = kept.map((route): DeliveryChainModel => {
    const steps = route.map(({ id, edge }) => describe(id, edge));
    const all = [steps[0]!, ...leading, ...steps.slice(1)];
    return { steps: all, gap: gapOf(steps.at(-1)!, direction, requestFacts) };
  });

  return {
    root,
    direction,
    delivery: isRequest(root) ? deliveryStatus(root, cache.edges(rootId, 'out'), cache.edges(rootId, 'in')) : null,
    chains: sortChains(chains, direction),
    truncated,
    rounds: cache.rounds,
    request: requestFacts,
  };
}

/** Whether `a`'s nodes appear, in order, within `b`. */
function isSubsequence(a: ReadonlyArray<{ id: string }>, b: ReadonlyArray<{ id: string }>): boolean {
  let j = 0;
  for (const { id } of b) if (j < a.length && a[j]!.id === id) j++;
  return j === a.length;
}

function sortLinks(links: Array<{ to: string; edge: GraphEdge }>, stageOf: (id: string) => DeliveryStage | undefined) {
  return [...links].sort((a, b) => stageIndex(stageOf(a.to)!) - stageIndex(stageOf(b.to)!) || a.to.localeCompare(b.to));
}

/**
 * DOWNSTREAM: furthest-reaching chains first, then the most recent activity. UPSTREAM:
 * chains that reach a request first, then the shortest. Ties by the ids along them.
 */
function sortChains(chains: DeliveryChainModel[], direction: TraceDirection): DeliveryChainModel[] {
  const reach = (c: DeliveryChainModel) => Math.max(...c.steps.map((s) => stageIndex(s.stage)));
  const latest = (c: DeliveryChainModel) => c.steps.map((s) => s.date ?? '').sort().at(-1) ?? '';
  const ids = (c: DeliveryChainModel) => c.steps.map((s) => s.node.id).join(' ');
  const toRequest = (c: DeliveryChainModel) => (c.steps.at(-1)!.stage === 'REQUEST' ? 0 : 1);
  const order =
    direction === 'DOWNSTREAM'
      ? (a: DeliveryChainModel, b: DeliveryChainModel) => reach(b) - reach(a) || latest(b).localeCompare(latest(a))
      : (a: DeliveryChainModel, b: DeliveryChainModel) => toRequest(a) - toRequest(b) || a.steps.length - b.steps.length;
  return [...chains].sort((a, b) => order(a, b) || ids(a).localeCompare(ids(b)));
}

/**
 * "Operation Octans" as is; a priority titled "Violence & Exploitation" as "priority
 * Violence & Exploitation"; an agenda item labelled "Item 8: Delivery report" as "agenda
 * item 8: Delivery report".
 */
function named(step: Pick<DeliveryStepModel, 'node' | 'label'>): string {
  const word = step.node.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const label = step.label.toLowerCase();
  if (label.startsWith(word)) return step.label;
  const last = word.split(' ').at(-1)!;
  return last !== word && label.startsWith(`${last} `) ? `${word}${step.label.slice(last.length)}` : `${word} ${step.label}`;
}

function factsOf(cache: ReadCache, request: GraphNode): RequestFacts {
  const madeAt = cache.firstOut(request.id, 'RESOLVED_AT');
  const item = madeAt && typeOfId(madeAt) === 'AgendaItem' ? cache.bodies.get(madeAt) ?? null : null;
  const meetingId = item ? cache.firstOut(item.id, 'ITEM_OF') : madeAt && typeOfId(madeAt) === 'Meeting' ? madeAt : undefined;
  const meeting = meetingId ? cache.bodies.get(meetingId) ?? null : null;
  const bodyId = meeting ? cache.firstOut(meeting.id, 'MEETING_OF') : undefined;
  const madeIn = cache.firstOut(request.id, 'MADE_IN');
  const document = madeIn ? cache.bodies.get(madeIn) ?? null : null;
  const outTo = (type: EdgeTypeName) =>
    cache
      .edges(request.id, 'out')
      .filter((e) => e.type === type)
      .map((e) => cache.bodies.get(e.to))
      .filter((n): n is GraphNode => n !== undefined);
  const madeBy = outTo('MADE_BY').find((n) => n.type === 'Organisation') ?? null;
  return {
    meeting,
    item,
    document,
    date: meeting ? asString(meeting.props.date) : document ? asString(document.props.date) : null,
    body: (bodyId ? cache.bodies.get(bodyId) : undefined) ?? madeBy,
    addressedTo: outTo('ADDRESSED_TO'),
    responses: responsesOf(cache, request),
  };
}

/** The recorded responses to a request, latest first (undated last, then by id). */
function responsesOf(cache: ReadCache, request: GraphNode): ResponseModel[] {
  return RESPONSE_RULES.flatMap((rule) => cache.follow(request.id, rule))
    .map(({ to }) => cache.bodies.get(to))
    .filter((n): n is GraphNode => n !== undefined)
    .map((node) => {
      const byId = cache.firstOut(node.id, 'MADE_BY');
      return {
        node,
        outcome: String(node.props.outcome),
        reason: asString(node.props.reasons),
        by: byId ? cache.bodies.get(byId) ?? null : null,
        date: asString(node.props.date),
        sources: node.sources,
      };
    })
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.node.id.localeCompare(b.node.id));
}

/** A step's label is the node's own, which stands alone (it names its meeting, plan or metric); its date comes from the node or its meeting. */
function describer(cache: ReadCache, stageOf: (id: string) => DeliveryStage | undefined) {
  const dateOf = (node: GraphNode): string | null => {
    switch (node.type) {
      case 'Resolution':
      case 'Recommendation':
        return factsOf(cache, node).date;
      case 'AgendaItem': {
        const meetingId = cache.firstOut(node.id, 'ITEM_OF');
        const meeting = meetingId ? cache.bodies.get(meetingId) : undefined;
        return meeting ? asString(meeting.props.date) : null;
      }
      case 'ProgressUpdate':
        return asString(node.props.asAt);
      case 'Observation':
        return asString(node.props.periodEnd) ?? asString(node.props.periodStart);
      case 'Operation':
        return asString(node.props.startDate);
      case 'Plan':
      case 'Strategy':
      case 'Consultation':
        return asString(node.props.periodStart);
      case 'Order':
        return asString(node.props.inForceFrom);
      default:
        return asString(node.props.date);
    }
  };

  return (id: string, edge: GraphEdge | null): DeliveryStepModel => {
    const node = cache.bodies.get(id)!;
    const context = cache
      .edges(id, 'out')
      .filter((e) => CONTEXT_OF_EDGE[e.type] && cache.bodies.has(e.to))
      .map((e) => ({ role: CONTEXT_OF_EDGE[e.type]!, node: cache.bodies.get(e.to)!, edge: e }))
      .sort((a, b) => CONTEXT_ORDER.indexOf(a.role) - CONTEXT_ORDER.indexOf(b.role) || a.node.id.localeCompare(b.node.id));
    const notLaterThan = node.type === 'ProgressUpdate' && node.props.dateBasis === 'document-date' ? asString(node.props.notLaterThan) : null;
    return { stage: stageOf(id)!, node, label: node.label, date: dateOf(node), notLaterThan, via: edge, context };
  };
}

/** The gap where a chain ending at `last` stops short, in an officer's words; null when nothing is missing. */
function gapOf(last: DeliveryStepModel, direction: TraceDirection, facts: RequestFacts | null): DeliveryGapModel | null {
  const { node } = last;
  const on = last.date ? ` on ${humanDate(last.date)}` : last.notLaterThan ? ` (undated; reported by ${humanDate(last.notLaterThan)})` : '';
  if (direction === 'UPSTREAM') {
    if (node.type === 'Action' || node.type === 'Operation' || last.stage === 'PROGRESS' || last.stage === 'OUTCOME' || last.stage === 'REPORTED_BACK') {
      return { stage: 'REQUEST', code: 'NO_ORIGIN_RECORDED', reason: `No request, priority or plan is recorded as leading to ${named(last)}.`, node };
    }
    return null;
  }
  switch (last.stage) {
    case 'REQUEST': {
      if (node.props.followUp !== 'required') return null;
      const on = facts?.date ? ` on ${humanDate(facts.date)}` : '';
      const to = facts?.addressedTo.length ? facts.addressedTo.map((n) => n.label).join(' and ') : '';
      const response = facts?.responses[0];
      if (response) {
        const outcome = response.outcome.replace(/-/g, ' ');
        const by = response.by ? ` by ${response.by.label}` : '';
        const when = response.date ? ` on ${humanDate(response.date)}` : '';
        return { stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', reason: `${outcome[0]!.toUpperCase()}${outcome.slice(1)}${by}${when}; no action, progress or report-back is recorded.`, node };
      }
      const reason =
        node.props.status === 'proposed'
          ? `Proposed${on}${to ? ` to ${to}` : ''}; no decision, action, progress or report-back is recorded.`
          : `Asked ${to || 'for follow-up'}${to ? ' for follow-up' : ''}${on}; no action, progress or report-back is recorded.`;
      return { stage: 'TAKEN_UP_BY', code: 'NO_DELIVERY_RECORDED', reason, node };
    }
    case 'TAKEN_UP_BY':
      return { stage: 'PROGRESS', code: 'NO_PROGRESS_RECORDED', reason: `Taken up by ${named(last)}; no progress or delivering work is recorded.`, node };
    case 'DELIVERED_BY':
      return { stage: 'PROGRESS', code: 'NO_PROGRESS_RECORDED', reason: `Delivered by ${named(last)}; no progress, outcome or report-back is recorded.`, node };
    case 'PROGRESS':
      return { stage: 'REPORTED_BACK', code: 'NOT_REPORTED_BACK', reason: `Progress recorded${on}, never reported back.`, node };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// The recommendation tracker: one row per request that asked for follow-up.

export interface TrackerRowModel {
  request: GraphNode;
  number: string | null;
  text: string;
  meeting: GraphNode | null;
  date: string | null;
  body: GraphNode | null;
  addressedTo: GraphNode[];
  /** The latest recorded response; null: not recorded. */
  response: ResponseModel | null;
  takenUpBy: GraphNode[];
  leads: GraphNode[];
  latestProgress: GraphNode | null;
  reportedAt: GraphNode[];
  delivery: DeliveryStatus;
  lastActivity: string | null;
  gaps: DeliveryGapModel[];
}

export interface TrackerFilter {
  body?: string | null;
  meeting?: string | null;
  from?: string | null;
  to?: string | null;
  delivery?: readonly DeliveryStatus[] | null;
  addressedTo?: string | null;
}

function distinctNodes(nodes: GraphNode[]): GraphNode[] {
  const seen = new Set<string>();
  return nodes.filter((n) => !seen.has(n.id) && seen.add(n.id));
}

const latestDate = (dates: Array<string | null>) => dates.filter((d): d is string => d !== null).sort().at(-1) ?? null;

/** A tracker row from a request's DOWNSTREAM chains. */
export function trackerRow(result: DeliveryChainsResult): TrackerRowModel {
  const { root: request } = result;
  const steps = result.chains.flatMap((c) => c.steps);
  const at = (...stages: DeliveryStage[]) => steps.filter((s) => stages.includes(s.stage));
  const work = at('TAKEN_UP_BY', 'DELIVERED_BY');
  const progress = at('PROGRESS').sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.node.id.localeCompare(b.node.id));
  const gaps = new Map<string, DeliveryGapModel>();
  for (const chain of result.chains) if (chain.gap) gaps.set(`${chain.gap.node.id}|${chain.gap.code}`, chain.gap);
  return {
    request,
    number: asString(request.props.number),
    text: String(request.props.text ?? ''),
    meeting: result.request?.meeting ?? null,
    date: result.request?.date ?? null,
    body: result.request?.body ?? null,
    addressedTo: result.request?.addressedTo ?? [],
    response: result.request?.responses[0] ?? null,
    takenUpBy: distinctNodes(work.map((s) => s.node)),
    leads: distinctNodes(work.flatMap((s) => s.context.filter((c) => c.role === 'LEAD').map((c) => c.node))),
    latestProgress: progress[0]?.node ?? null,
    reportedAt: distinctNodes(at('REPORTED_BACK').map((s) => s.node)),
    delivery: result.delivery ?? 'NOT_REQUIRED',
    lastActivity: latestDate(at('PROGRESS', 'REPORTED_BACK', 'OUTCOME').map((s) => s.date)),
    gaps: [...gaps.values()],
  };
}

/** Checks a tracker filter; a bad one is refused with what to fix. */
export function checkTrackerFilter(filter: TrackerFilter): void {
  const idOf = (name: keyof TrackerFilter, types: readonly NodeTypeName[], example: string) => {
    const value = filter[name];
    if (value === null || value === undefined) return;
    const type = typeOfId(String(value));
    if (!type || !types.includes(type)) {
      throw new BadInputError(`filter.${name} must be the id of ${types.map((t) => withArticle(t.toLowerCase())).join(' or ')}, e.g. "${example}"; got "${value}".`, { argument: `filter.${name}` });
    }
  };
  idOf('body', ['Organisation'], 'luton/organisation:crime-and-disorder-committee');
  idOf('meeting', ['Meeting'], 'luton/meeting:cdc-2019-03-05');
  idOf('addressedTo', ['Organisation', 'Post', 'Person'], 'luton/organisation:luton-community-safety-partnership');
  for (const name of ['from', 'to'] as const) {
    const value = filter[name];
    if (value !== null && value !== undefined && !isValidPartialDate(value)) {
      throw new BadInputError(`filter.${name} must be a date written YYYY, YYYY-MM or YYYY-MM-DD; got "${value}".`, { argument: `filter.${name}` });
    }
  }
  if (filter.from && filter.to && filter.from.slice(0, filter.to.length) > filter.to) {
    throw new BadInputError(`filter.from (${filter.from}) is after filter.to (${filter.to}).`, { argument: 'filter.from' });
  }
}

/** Compares a partial date with a bound at the precision both share, so "2019-03-05" is within "2019". */
function comparePartial(date: string, bound: string): number {
  const n = Math.min(date.length, bound.length);
  return date.slice(0, n).localeCompare(bound.slice(0, n));
}

export function matchesTrackerFilter(row: TrackerRowModel, filter: TrackerFilter): boolean {
  if (filter.body && row.body?.id !== filter.body) return false;
  if (filter.meeting && row.meeting?.id !== filter.meeting) return false;
  if (filter.addressedTo && !row.addressedTo.some((n) => n.id === filter.addressedTo)) return false;
  if (filter.delivery && filter.delivery.length > 0 && !filter.delivery.includes(row.delivery)) return false;
  if (filter.from && (!row.date || comparePartial(row.date, filter.from) < 0)) return false;
  if (filter.to && (!row.date || comparePartial(row.date, filter.to) > 0)) return false;
  return true;
}

/** The tracker's order: by meeting date (undated last), then in minute order (by id, type aside). */
export function trackerSortKey(row: Pick<TrackerRowModel, 'date' | 'request'>): string {
  const slug = row.request.id.slice(row.request.id.indexOf(':') + 1);
  return `${row.date ?? '\uffff'}\u0000${slug}\u0000${row.request.id}`;
}

export function compareTrackerRows(a: TrackerRowModel, b: TrackerRowModel): number {
  const ka = trackerSortKey(a);
  const kb = trackerSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Every row of the tracker that matches the filter, in order. Requests are read as a
 * bounded set (every resolution and recommendation); their chains are walked together,
 * so the reads batch into as many rounds as the longest chain needs.
 */
export async function buildTracker(reader: TraceReader, requests: readonly GraphNode[], filter: TrackerFilter = {}): Promise<TrackerRowModel[]> {
  checkTrackerFilter(filter);
  const asked = requests.filter((r) => isRequest(r) && r.props.followUp === 'required');
  const results = await Promise.all(asked.map((r) => deliveryChains(reader, r.id)));
  return results
    .map(trackerRow)
    .filter((row) => matchesTrackerFilter(row, filter))
    .sort(compareTrackerRows);
}
