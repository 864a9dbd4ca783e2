/**
 * Trace: follows what a recommendation or resolution asked for to its delivery
 * (DOWNSTREAM), or from delivered work back to what asked for it (UPSTREAM), and
 * names each place where a chain that should continue stops.
 *
 * The walk is breadth-first, one level per round. Each round reads, together, the
 * bodies and the edges of every node found by the round before, so a trace of
 * d hops makes d + 1 sequential rounds of storage reads (one per level of nodes, the
 * root's level included), however wide each level is. Node types are known from
 * their ids, so whether to expand a node never waits for its body.
 *
 * The last round also reads the edges of the nodes at maxDepth, in parallel with their
 * bodies, to tell whether any of them links onward to a node not reached (`truncated`).
 * That costs one more batched edge read per storage direction in a round already made,
 * never an extra round.
 */
import type { GraphEdge, GraphNode } from './dataset.js';
import { BadInputError, NotFoundError } from './errors.js';
import { EDGE_TYPES, NODE_TYPES, typeOfId, type EdgeTypeSpec, type NodeTypeName } from './model.js';
import type { Direction } from './ports.js';

export type TraceDirection = 'DOWNSTREAM' | 'UPSTREAM';

export const DEFAULT_TRACE_DEPTH = 6;
export const MAX_TRACE_DEPTH = 10;
/**
 * A trace's own size limits, so what it can return is bounded before it runs (the
 * query cost rule prices `nodes`, `edges` and `paths` by them). The largest trace of
 * the Luton graph reaches 564 nodes over 875 edges; a walk that would pass a limit
 * stops adding there and reports `truncated`.
 */
export const MAX_TRACE_NODES = 1_000;
export const MAX_TRACE_EDGES = 2_000;

export interface TraceReader {
  /** Aligned with `ids`; null where no node exists. */
  getNodes(ids: readonly string[]): Promise<Array<GraphNode | null>>;
  /**
   * Edges leaving (`out`) or entering (`in`) each node, aligned with `ids`. Given `walk`,
   * a reader may leave out the edges a trace in that direction never follows.
   */
  getEdgesOfMany(ids: readonly string[], direction: Direction, walk?: TraceDirection): Promise<GraphEdge[][]>;
}

export type GapCode = 'NO_DELIVERY_RECORDED' | 'NO_PROGRESS_RECORDED' | 'NOT_REPORTED_BACK' | 'NO_ORIGIN_RECORDED';

export interface TraceGap {
  nodeId: string;
  code: GapCode;
  reason: string;
}

export interface TraceResult {
  root: GraphNode;
  direction: TraceDirection;
  /** Every node reached, the root first, in the order found. */
  nodes: GraphNode[];
  /** Every edge walked (each once). */
  edges: GraphEdge[];
  /** Each root-to-end chain, by id, along the first route that reached each node. */
  paths: string[][];
  gaps: TraceGap[];
  /** Hops from the root to the farthest node reached. */
  depthReached: number;
  /** True when nodes at maxDepth link onward to nodes the trace did not reach. */
  truncated: boolean;
  /** Sequential rounds of storage reads the walk made. */
  rounds: number;
}

/** Which way a trace walks an edge type, if at all. */
function walkOf(spec: EdgeTypeSpec, direction: TraceDirection): Direction | undefined {
  return direction === 'DOWNSTREAM' ? spec.downstream : spec.upstream;
}

/** The storage directions needed to find a node's neighbours in a trace. */
function directionsNeeded(direction: TraceDirection): Direction[] {
  const needed = new Set<Direction>();
  for (const spec of Object.values(EDGE_TYPES) as EdgeTypeSpec[]) {
    const walk = walkOf(spec, direction);
    if (walk) needed.add(walk);
  }
  return [...needed];
}

function isExpandable(id: string, isRoot: boolean): boolean {
  const type = typeOfId(id);
  if (!type) return false;
  // A leaf type is still expanded when it is where the trace starts.
  return isRoot || !('traceLeaf' in NODE_TYPES[type] && NODE_TYPES[type].traceLeaf);
}

// A resolution below a request takes it up (an executive acting on scrutiny's recommendation).
const DELIVERY_TYPES: ReadonlySet<NodeTypeName> = new Set(['Action', 'Operation', 'ProgressUpdate', 'Plan', 'Strategy', 'AgendaItem', 'Meeting', 'Consultation', 'Observation', 'Resolution']);
const ORIGIN_TYPES: ReadonlySet<NodeTypeName> = new Set(['Recommendation', 'Resolution', 'Priority', 'Plan', 'Strategy', 'Action']);

/** The gap, if any, where a chain stops at `node` having reached `children`. */
export function gapAt(node: GraphNode, children: readonly string[], direction: TraceDirection): TraceGap | undefined {
  const childTypes = new Set(children.map((id) => typeOfId(id)));
  const has = (types: ReadonlySet<NodeTypeName>) => [...childTypes].some((t) => t !== undefined && types.has(t));
  if (direction === 'DOWNSTREAM') {
    switch (node.type) {
      case 'Resolution':
      case 'Recommendation':
        if (node.props.followUp === 'required' && !has(DELIVERY_TYPES)) {
          return { nodeId: node.id, code: 'NO_DELIVERY_RECORDED', reason: `No action, operation, progress or report-back is recorded for this ${node.type.toLowerCase()}, which asked for follow-up.` };
        }
        return undefined;
      case 'Action':
        if (!has(new Set<NodeTypeName>(['ProgressUpdate', 'Operation', 'Observation']))) {
          return { nodeId: node.id, code: 'NO_PROGRESS_RECORDED', reason: 'No progress update or delivering operation is recorded for this action.' };
        }
        return undefined;
      case 'Operation':
        if (!has(new Set<NodeTypeName>(['ProgressUpdate', 'Observation', 'Meeting', 'AgendaItem']))) {
          return { nodeId: node.id, code: 'NO_PROGRESS_RECORDED', reason: 'No progress, outcome or report-back is recorded for this operation.' };
        }
        return undefined;
      case 'ProgressUpdate':
        if (!has(new Set<NodeTypeName>(['AgendaItem', 'Meeting']))) {
          return { nodeId: node.id, code: 'NOT_REPORTED_BACK', reason: 'This progress is not recorded as reported to any meeting.' };
        }
        return undefined;
      default:
        return undefined;
    }
  }
  if ((node.type === 'Action' || node.type === 'Operation') && !has(ORIGIN_TYPES)) {
    return { nodeId: node.id, code: 'NO_ORIGIN_RECORDED', reason: `No recommendation, priority or plan is recorded as leading to this ${node.type.toLowerCase()}.` };
  }
  return undefined;
}

export interface TraceOptions {
  direction?: TraceDirection;
  maxDepth?: number;
}

export async function trace(reader: TraceReader, rootId: string, options: TraceOptions = {}): Promise<TraceResult> {
  const direction = options.direction ?? 'DOWNSTREAM';
  const maxDepth = options.maxDepth ?? DEFAULT_TRACE_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > MAX_TRACE_DEPTH) {
    throw new BadInputError(`maxDepth must be a whole number from 0 to ${MAX_TRACE_DEPTH}; got ${maxDepth}.`, { argument: 'maxDepth' });
  }
  if (!typeOfId(rootId)) {
    throw new BadInputError(`"${rootId}" is not a node id; ids look like "luton/resolution:cdc-2019-03-05-09-iii".`, { argument: 'from' });
  }

  const storageDirections = directionsNeeded(direction);
  const bodies = new Map<string, GraphNode>();
  const depthOf = new Map<string, number>([[rootId, 0]]);
  const parentOf = new Map<string, string>();
  const children = new Map<string, string[]>();
  const neighbours = new Map<string, Set<string>>();
  const edges = new Map<string, GraphEdge>();
  const order: string[] = [rootId];
  let level: string[] = [rootId];
  let rounds = 0;
  let truncated = false;
  let depth = 0;

  while (level.length > 0) {
    // At maxDepth the edges are still read, only to learn whether links are left to follow.
    const expand = level.filter((id) => isExpandable(id, id === rootId));
    const atLimit = depth >= maxDepth;
    rounds++;
    const [nodes, ...edgeLists] = await Promise.all([
      reader.getNodes(level),
      ...storageDirections.map((d) => (expand.length ? reader.getEdgesOfMany(expand, d, direction) : Promise.resolve([] as GraphEdge[][]))),
    ]);
    level.forEach((id, i) => {
      const node = nodes[i];
      if (node) bodies.set(id, node);
    });
    if (!bodies.has(rootId)) throw new NotFoundError(`No node has id "${rootId}".`, { id: rootId });

    const next: string[] = [];
    storageDirections.forEach((storageDirection, d) => {
      expand.forEach((id, i) => {
        for (const edge of edgeLists[d]![i] ?? []) {
          if (walkOf(EDGE_TYPES[edge.type] as EdgeTypeSpec, direction) !== storageDirection) continue;
          const other = storageDirection === 'out' ? edge.to : edge.from;
          if (atLimit) {
            if (!depthOf.has(other)) truncated = true;
            continue;
          }
          const key = `${edge.from}|${edge.type}|${edge.to}`;
          if (!edges.has(key)) {
            if (edges.size >= MAX_TRACE_EDGES) {
              truncated = true;
              continue;
            }
            edges.set(key, edge);
          }
          if (!neighbours.has(id)) neighbours.set(id, new Set());
          neighbours.get(id)!.add(other);
          if (depthOf.has(other)) continue;
          if (order.length >= MAX_TRACE_NODES) {
            truncated = true;
            continue;
          }
          depthOf.set(other, depth + 1);
          parentOf.set(other, id);
          if (!children.has(id)) children.set(id, []);
          children.get(id)!.push(other);
          order.push(other);
          next.push(other);
        }
      });
    });
    level = next;
    depth++;
  }

  const reached = order.filter((id) => bodies.has(id));
  const paths: string[][] = [];
  for (const id of reached) {
    if ((children.get(id) ?? []).length > 0) continue;
    const path = [id];
    for (let at = parentOf.get(id); at !== undefined; at = parentOf.get(at)) path.unshift(at);
    paths.push(path);
  }

  const gaps: TraceGap[] = [];
  for (const id of reached) {
    const node = bodies.get(id)!;
    if ((depthOf.get(id) ?? 0) >= maxDepth || !isExpandable(id, id === rootId)) continue;
    const gap = gapAt(node, [...(neighbours.get(id) ?? [])], direction);
    if (gap) gaps.push(gap);
  }

  return {
    root: bodies.get(rootId)!,
    direction,
    nodes: reached.map((id) => bodies.get(id)!),
    // An edge to a node that does not exist is dropped with that node.
    edges: [...edges.values()].filter((e) => bodies.has(e.from) && bodies.has(e.to)),
    paths,
    gaps,
    depthReached: Math.max(0, ...reached.map((id) => depthOf.get(id) ?? 0)),
    truncated,
    rounds,
  };
}

export interface TracePathStepModel {
  node: GraphNode;
  label: string;
  /** Type of the edge from the previous step; null for the first. */
  via: string | null;
}

/** The trace's paths as steps with their nodes, labels and the edge type that led to each. */
export function labelledPaths(result: Pick<TraceResult, 'nodes' | 'edges' | 'paths'>): TracePathStepModel[][] {
  const byId = new Map(result.nodes.map((n) => [n.id, n]));
  const edgeBetween = (a: string, b: string) => result.edges.find((e) => (e.from === a && e.to === b) || (e.from === b && e.to === a));
  return result.paths.map((path) =>
    path
      .filter((id) => byId.has(id))
      .map((id, i, ids) => ({ node: byId.get(id)!, label: byId.get(id)!.label, via: i === 0 ? null : edgeBetween(ids[i - 1]!, id)?.type ?? null })),
  );
}
