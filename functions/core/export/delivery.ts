/**
 * What exports say of delivery: each request's delivery status and last activity (as
 * columns of the resolution and recommendation rows, and on their JSON-LD and GraphML
 * nodes), the tracker (`tracker.csv`, one row per request that asked for follow-up) and
 * every gap where a request's chain stops (`gaps.csv`). All of it comes from the same
 * core definitions as the API's `delivery`, `deliveryChains` and `tracker`.
 *
 * Memory stays bounded by what delivery touches, not by the graph: the first pass keeps
 * the links chains follow and a few dates per node, the second the bodies of the nodes
 * chains reached (see DeliveryCollector). Everything here is derived: an import ignores
 * it and a re-export computes it again.
 */
import type { GraphEdge, GraphNode } from '../dataset.js';
import {
  compareTrackerRows,
  deliveryChains,
  isRequest,
  trackerRow,
  type DeliveryStatus,
  type TrackerRowModel,
} from '../delivery.js';
import type { EdgeTypeName, NodeTypeName } from '../model.js';
import type { TraceReader } from '../trace.js';

export const TRACKER_CSV = 'tracker.csv';
export const GAPS_CSV = 'gaps.csv';

/** Derived columns appended to the resolution and recommendation rows. */
export const DELIVERY_CSV_COLUMNS = ['delivery', 'last_activity'] as const;

/** Node types whose rows carry the delivery columns. */
export const REQUEST_TYPES: readonly NodeTypeName[] = ['Resolution', 'Recommendation'];

const KEPT_NODE_TYPES: ReadonlySet<NodeTypeName> = new Set([
  'Resolution', 'Recommendation', 'Organisation', 'Person', 'Post', 'Meeting', 'AgendaItem', 'Plan', 'Priority', 'Strategy',
  'Action', 'Operation', 'ProgressUpdate', 'Observation', 'Place', 'Consultation', 'Order', 'Provision', 'Response', 'Document',
]);
const KEPT_EDGE_TYPES: ReadonlySet<EdgeTypeName> = new Set([
  'TAKES_UP', 'DELIVERS', 'PROGRESS_OF', 'REPORTED_AT', 'OUTCOME_OF', 'ADDRESSED_TO', 'RESOLVED_AT', 'ITEM_OF', 'MEETING_OF',
  'LED_BY', 'INVOLVES', 'LOCATED_IN', 'HELD_AT', 'FUNDED_BY', 'RESPONDS_TO', 'MADE_BY', 'MADE_IN',
]);

export interface RequestDelivery {
  delivery: DeliveryStatus;
  lastActivity: string | null;
}

/** Properties a chain reads without labels: dates, and what a request asked. */
const SKELETON_PROPS = ['date', 'asAt', 'dateBasis', 'notLaterThan', 'periodStart', 'periodEnd', 'startDate', 'inForceFrom', 'followUp', 'status', 'outcome'];

const withoutSources = (node: GraphNode): GraphNode => ({ ...node, sources: [] });

/**
 * Collects what delivery needs, in bounded memory: during the export's first pass every
 * request (without citations), a skeleton of every other node a chain could reach (id,
 * type and dates), and the links chains follow; during the second pass the full bodies
 * of only the nodes the chains reached, for the tracker's labels and gap reasons.
 */
export class DeliveryCollector {
  private readonly skeletons = new Map<string, GraphNode>();
  private readonly bodies = new Map<string, GraphNode>();
  private readonly out = new Map<string, GraphEdge[]>();
  private readonly in = new Map<string, GraphEdge[]>();
  private readonly reached = new Set<string>();
  private statuses: Map<string, RequestDelivery> | undefined;

  /**
   * A visible node. `streamedLater` is false for a node this export leaves out by type: it
   * never streams past in the second pass, so its body is kept now (filtered exports only).
   */
  addNode(node: GraphNode, streamedLater = true): void {
    if (!KEPT_NODE_TYPES.has(node.type)) return;
    if (!streamedLater) this.bodies.set(node.id, withoutSources(node));
    if (isRequest(node)) {
      this.skeletons.set(node.id, withoutSources(node));
      return;
    }
    const props = Object.fromEntries(SKELETON_PROPS.filter((name) => node.props[name] !== undefined).map((name) => [name, node.props[name]!]));
    this.skeletons.set(node.id, { id: node.id, type: node.type, label: '', props, sources: [] });
  }

  addEdge(edge: GraphEdge): void {
    if (!KEPT_EDGE_TYPES.has(edge.type)) return;
    const stripped: GraphEdge = { from: edge.from, type: edge.type, to: edge.to, props: edge.props, sources: [] };
    (this.out.get(edge.from) ?? this.out.set(edge.from, []).get(edge.from)!).push(stripped);
    (this.in.get(edge.to) ?? this.in.set(edge.to, []).get(edge.to)!).push(stripped);
  }

  private reader(nodes: (id: string) => GraphNode | undefined, record = false): TraceReader {
    const present = (edges: GraphEdge[] | undefined) => (edges ?? []).filter((e) => this.skeletons.has(e.from) && this.skeletons.has(e.to));
    return {
      getNodes: async (ids) => ids.map((id) => {
        if (record) this.reached.add(id);
        return nodes(id) ?? null;
      }),
      getEdgesOfMany: async (ids, direction) => ids.map((id) => present((direction === 'out' ? this.out : this.in).get(id))),
    };
  }

  private requests(): GraphNode[] {
    return [...this.skeletons.values()].filter(isRequest).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * After the first pass: each request's status and last activity (which need no labels),
   * walking the chains over the skeletons and noting every node they reach.
   */
  async requestStatuses(): Promise<Map<string, RequestDelivery>> {
    const reader = this.reader((id) => this.skeletons.get(id), true);
    const rows = await Promise.all(this.requests().map(async (request) => trackerRow(await deliveryChains(reader, request.id))));
    this.statuses = new Map(rows.map((row) => [row.request.id, { delivery: row.delivery, lastActivity: row.lastActivity }]));
    return this.statuses;
  }

  /** During the second pass: keeps the full body of a node the chains reached. */
  addBody(node: GraphNode): void {
    if (this.reached.has(node.id)) this.bodies.set(node.id, withoutSources(node));
  }

  /** After the second pass: the tracker's rows (requests the export includes that asked for follow-up), with full labels. */
  async trackerRows(included: (request: GraphNode) => boolean): Promise<TrackerRowModel[]> {
    const reader = this.reader((id) => this.bodies.get(id) ?? this.skeletons.get(id));
    const asked = this.requests().filter((r) => r.props.followUp === 'required' && included(r));
    const rows = await Promise.all(asked.map(async (request) => trackerRow(await deliveryChains(reader, request.id))));
    return rows.sort(compareTrackerRows);
  }
}

const LIST = '; ';
const labels = (nodes: readonly GraphNode[]) => nodes.map((n) => n.label).join(LIST);
const ids = (nodes: readonly GraphNode[]) => nodes.map((n) => n.id).join(LIST);

export const TRACKER_CSV_COLUMNS = [
  'dataset', 'request_id', 'request', 'number', 'text', 'meeting_id', 'meeting', 'date', 'body', 'addressed_to', 'response',
  'taken_up_by', 'taken_up_by_ids', 'leads', 'latest_progress_date', 'latest_progress_status', 'latest_progress',
  'reported_at', 'delivery', 'last_activity', 'gaps',
];

function responseCell(response: TrackerRowModel['response']): string {
  if (!response) return '';
  const by = response.by ? ` by ${response.by.label}` : '';
  const when = response.date ? ` on ${response.date}` : '';
  return `${response.outcome}${by}${when}${response.reason ? `: ${response.reason}` : ''}`;
}

/** A tracker row as cells: labels an officer reads, with the ids beside where a row names nodes. */
export function trackerCsvRow(row: TrackerRowModel): string[] {
  const progress = row.latestProgress;
  return [
    row.request.dataset ?? '',
    row.request.id,
    row.request.label,
    row.number ?? '',
    row.text,
    row.meeting?.id ?? '',
    row.meeting?.label ?? '',
    row.date ?? '',
    row.body?.label ?? '',
    labels(row.addressedTo),
    // The latest response: outcome, who and when, and the reasons; empty: not recorded.
    responseCell(row.response),
    labels(row.takenUpBy),
    ids(row.takenUpBy),
    labels(row.leads),
    progress ? String(progress.props.asAt ?? '') : '',
    progress ? String(progress.props.status ?? '') : '',
    progress ? String(progress.props.text ?? '') : '',
    labels(row.reportedAt),
    row.delivery,
    row.lastActivity ?? '',
    row.gaps.map((g) => g.reason).join(LIST),
  ];
}

export const GAPS_CSV_COLUMNS = ['dataset', 'request_id', 'request', 'stops_at_id', 'stops_at', 'stage', 'code', 'reason'];

/** One row per gap of each tracker row, in tracker order. */
export function gapCsvRows(row: TrackerRowModel): string[][] {
  return row.gaps.map((gap) => [row.request.dataset ?? '', row.request.id, row.request.label, gap.node.id, gap.node.label, gap.stage, gap.code, gap.reason]);
}
