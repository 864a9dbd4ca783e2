/**
 * Resolvers: thin adapters from GraphQL to the domain core and the per-request loaders.
 * Scalar fields of nodes come from their properties through `nodeFieldResolver`.
 */
import { defaultFieldResolver, type GraphQLFieldResolver } from 'graphql';
import { formatLocator, type Citation } from '../core/citations.js';
import type { GraphEdge, GraphNode } from '../core/dataset.js';
import { councilCount, datasetScope, displayName, scopedTraceReader, type DatasetFilterArgs } from '../core/datasets.js';
import { BadInputError, NotFoundError } from '../core/errors.js';
import { isQualified } from '../core/namespaces.js';
import { NODE_TYPES, NODE_TYPE_NAMES, nodeTypeFromEnum, publishedBasis, typeOfId, type EdgeTypeName, type NodeTypeName } from '../core/model.js';
import { buildTracker, deliveryChains, deliveryStatus, trackerSortKey, type TrackerFilter } from '../core/delivery.js';
import { compareRank, parseSearchQuery, type RankKey } from '../core/search.js';
import { searchDatasets } from '../core/search-index.js';
import { evidenceCandidate, MAX_SUGGESTIONS, suggestEvidence, SUGGESTION_TYPES } from '../core/suggestions.js';
import { labelledPaths, trace, type TraceReader } from '../core/trace.js';
import { describeRestriction } from '../core/visibility.js';
import { COUNT_FIELDS, encodeCursor, encodeSearchCursor, readPageArgs, selectsOnly, readSearchCursor, TRACKER_PAGE_SIZE, type ConnectionModel, type PageArgs, type TrackerConnectionModel } from './connection.js';
import type { RequestContext } from './context.js';
import { closedValues, enumValueOf } from './enums.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { MAX_ID_BYTES, MAX_IDS, MAX_SEARCH_TEXT } from './inputs.js';
import { RELATION_FIELDS, type RelationField } from './relations.js';
import { DateScalar } from './scalars.js';

function isGraphNode(value: unknown): value is GraphNode {
  return typeof value === 'object' && value !== null && 'props' in value && 'label' in value && 'id' in value;
}

/**
 * Fields of a node not resolved explicitly are its stored properties (`name`,
 * `date`, ...). Absent properties resolve to null: "not recorded". A property the
 * model closes to a set of values is shown as its enum value (`in-progress` → IN_PROGRESS).
 */
export const nodeFieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, context, info) => {
  if (isGraphNode(source) && !(info.fieldName in source)) {
    const value = source.props[info.fieldName] ?? null;
    return typeof value === 'string' && closedValues(source.type, info.fieldName) ? enumValueOf(value) : value;
  }
  return defaultFieldResolver(source, args, context, info);
};

function checkId(id: string, argument: string): void {
  // Also refused at the edge (inputs.ts); checked here too, as ids are storage keys.
  if (Buffer.byteLength(id, 'utf8') > MAX_ID_BYTES) throw new BadInputError(`An id is at most ${MAX_ID_BYTES} bytes long.`, { argument });
  if (!typeOfId(id)) {
    throw new BadInputError(`"${id}" is not a node id; ids look like "namespace/type:readable-name", e.g. "luton/resolution:cdc-2019-03-05-09-iii".`, { argument });
  }
}

async function loadNodes(context: RequestContext, ids: readonly string[]): Promise<GraphNode[]> {
  const loaded = await context.nodeLoader.loadMany(ids);
  return loaded.filter((value): value is GraphNode => {
    if (value instanceof Error) throw value;
    return value !== null;
  });
}

async function edgesOf(context: RequestContext, id: string, direction: 'out' | 'in'): Promise<GraphEdge[]> {
  return (direction === 'out' ? context.outEdgesLoader : context.inEdgesLoader).load(id);
}

/** Edges of a relation field, in a stable order (edge type, then far-end id). */
async function relationEdges(context: RequestContext, node: GraphNode, field: RelationField): Promise<GraphEdge[]> {
  const edgeTypes: readonly EdgeTypeName[] = typeof field.edge === 'string' ? [field.edge] : field.edge;
  const edges = await context.edgesOfTypes(node.id, field.direction, edgeTypes);
  const farEnd = (edge: GraphEdge) => (field.direction === 'out' ? edge.to : edge.from);
  return edges
    .filter((edge) => !field.types || field.types.includes(typeOfId(farEnd(edge))!))
    .sort((a, b) => a.type.localeCompare(b.type) || farEnd(a).localeCompare(farEnd(b)));
}

/**
 * The edges whose far end the caller can read. A link is stored with its own dataset, so
 * one to a node of another dataset outlives a reload of that dataset which restricts the
 * node or removes it; the link is then left out, as the node is, rather than answered
 * with a far end that is null.
 */
async function withReadableFarEnds(context: RequestContext, edges: readonly GraphEdge[], farEnd: (edge: GraphEdge) => string): Promise<GraphEdge[]> {
  if (edges.length === 0) return [];
  const readable = new Set((await loadNodes(context, [...new Set(edges.map(farEnd))])).map((n) => n.id));
  return edges.filter((edge) => readable.has(farEnd(edge)));
}

function relationResolver(field: RelationField) {
  return async (node: GraphNode, _args: unknown, context: RequestContext) => {
    const edges = await relationEdges(context, node, field);
    const farEnd = (edge: GraphEdge) => (field.direction === 'out' ? edge.to : edge.from);
    if (field.returns === 'edges') return withReadableFarEnds(context, edges, farEnd);
    const ids = edges.map(farEnd);
    const nodes = await loadNodes(context, [...new Set(ids)]);
    return field.returns === 'single' ? nodes[0] ?? null : nodes;
  };
}

function relationResolversFor(type: NodeTypeName): Record<string, ReturnType<typeof relationResolver>> {
  return Object.fromEntries(Object.entries(RELATION_FIELDS[type] ?? {}).map(([name, field]) => [name, relationResolver(field)]));
}

/**
 * The node an id names: the node itself, or, for an old id published before namespaces,
 * the node its alias item points to (which carries its qualified id). Null when neither.
 */
async function loadNodeOrAlias(context: RequestContext, id: string): Promise<GraphNode | null> {
  const node = await context.nodeLoader.load(id);
  if (node || isQualified(id)) return node;
  const target = await context.aliasLoader.load(id);
  return target ? context.nodeLoader.load(target) : null;
}

/** The datasets a query is limited to (null: all); names are checked against those loaded. */
async function scopeOf(context: RequestContext, args: DatasetFilterArgs): Promise<ReadonlySet<string> | null> {
  if (args.dataset == null && args.datasets == null) return null;
  return datasetScope(args, (await context.listDatasets()).map((d) => d.name));
}

/**
 * Walks from a root: a trace or delivery chains. The walk reads the root itself, so the
 * usual case costs nothing more; only when it finds no root is the id looked at again:
 * an old id (published before namespaces) is walked from the node its alias names, and a
 * root that a dataset filter leaves out is refused saying so.
 */
async function walkFrom<T>(context: RequestContext, from: string, scope: ReadonlySet<string> | null, walk: (reader: TraceReader, root: string) => Promise<T>): Promise<T> {
  const reader = scope ? scopedTraceReader(context.traceReader, scope) : context.traceReader;
  try {
    return await walk(reader, from);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const root = await loadNodeOrAlias(context, from);
    if (!root) throw error;
    if (scope && !(root.dataset && scope.has(root.dataset))) {
      throw new BadInputError(
        `"${from}" belongs to dataset "${root.dataset ?? 'none'}", which the dataset filter leaves out; add it to "datasets" or start from a node of ${[...scope].map((d) => `"${d}"`).join(', ')}.`,
        { argument: 'from' },
      );
    }
    if (root.id === from) throw error;
    return walk(reader, root.id);
  }
}

/** Visibility of a node or relationship as the API spells it; storage gives restricted ones to officers and editors only. */
const visibilityFields = {
  visibility: (item: GraphNode | GraphEdge) => (item.restriction ? 'RESTRICTED' : 'PUBLIC'),
  restriction: (item: GraphNode | GraphEdge) => {
    const restriction = item.restriction;
    if (!restriction) return null;
    return { reason: enumValueOf(restriction.reason), paragraph: restriction.paragraph ?? null, description: describeRestriction(restriction), note: restriction.note ?? null };
  },
};

/** Fields every node type shares. */
const nodeFields = {
  ...visibilityFields,
  dataset: async (node: GraphNode, _args: unknown, context: RequestContext) => {
    const dataset = node.dataset ? await context.datasetLoader.load(node.dataset) : null;
    if (!dataset) throw new NotFoundError(`Node "${node.id}" belongs to no dataset loaded to the end${node.dataset ? ` ("${node.dataset}" is not listed by \`datasets\`)` : ''}; load its dataset again.`, { id: node.id });
    return dataset;
  },
  displayName: async (node: GraphNode, _args: unknown, context: RequestContext) => {
    const [dataset, all] = await Promise.all([node.dataset ? context.datasetLoader.load(node.dataset) : null, context.listDatasets()]);
    return displayName(node.label, dataset?.council?.name, councilCount(all));
  },
  type: (node: GraphNode) => NODE_TYPES[node.type].enumValue,
  note: (node: GraphNode) => (node.props.note as string | undefined) ?? null,
  notPrinted: (node: GraphNode) => (node.props.notPrinted as string[] | undefined) ?? [],
  // `types` is an EdgeType enum list: GraphQL itself refuses a type the model lacks.
  relationships: async (node: GraphNode, args: { direction?: string | null; types?: readonly string[] | null }, context: RequestContext) => {
    const direction = args.direction ?? 'BOTH';
    const [outgoing, incoming] = await Promise.all([
      direction === 'INCOMING' ? [] : edgesOf(context, node.id, 'out'),
      direction === 'OUTGOING' ? [] : edgesOf(context, node.id, 'in'),
    ]);
    const wanted = (edge: GraphEdge) => !args.types || args.types.includes(edge.type);
    const [readableOut, readableIn] = await Promise.all([
      withReadableFarEnds(context, outgoing.filter(wanted), (edge) => edge.to),
      withReadableFarEnds(context, incoming.filter(wanted), (edge) => edge.from),
    ]);
    return [...readableOut, ...readableIn];
  },
};

/** What the source records of a resolution's or recommendation's delivery (one definition, in the core). */
async function deliveryOf(node: GraphNode, context: RequestContext) {
  const [outgoing, incoming] = await Promise.all([edgesOf(context, node.id, 'out'), edgesOf(context, node.id, 'in')]);
  return deliveryStatus(node, outgoing, incoming);
}

/** Suggestions for a request whose delivery is not recorded; nodes a curator dismissed are left out. */
async function suggestedEvidence(node: GraphNode, args: { first?: number | null }, context: RequestContext) {
  const first = args.first ?? 5;
  if (!Number.isInteger(first) || first < 1 || first > MAX_SUGGESTIONS) {
    throw new BadInputError(`"first" must be 1 to ${MAX_SUGGESTIONS}; got ${first}.`, { argument: 'first' });
  }
  if ((await deliveryOf(node, context)) !== 'NOT_RECORDED') return [];
  const [candidates, incoming] = await Promise.all([
    Promise.all(SUGGESTION_TYPES.map((type) => listAll(context, type))).then((lists) => lists.flat().map(evidenceCandidate)),
    edgesOf(context, node.id, 'in'),
  ]);
  const dismissed = new Set(incoming.filter((e) => e.type === 'DISMISSED_SUGGESTION').map((e) => e.from));
  const ranked = suggestEvidence(String(node.props.text ?? ''), candidates, { exclude: dismissed, limit: first });
  const byId = new Map((await loadNodes(context, ranked.map((s) => s.id))).map((n) => [n.id, n]));
  return ranked.filter((s) => byId.has(s.id)).map((s, i) => ({ node: byId.get(s.id)!, rank: i + 1, score: s.score, matchingWords: s.matchingWords }));
}

/** Every node of a type, page by page (requests are a bounded set: a few per meeting). */
async function listAll(context: RequestContext, type: NodeTypeName, scope: ReadonlySet<string> | null = null): Promise<GraphNode[]> {
  const all: GraphNode[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await context.store.listNodes(context.viewer, type, { direction: 'forward', size: 100, after }, scope);
    all.push(...page.items);
    if (!page.hasNextPage || page.items.length === 0) break;
    after = page.items.at(-1)!.id;
  }
  for (const node of all) context.nodeLoader.prime(node.id, node);
  return all;
}

/** One page of the tracker, in tracker order: rows after a cursor (first/after) or before one (last/before). */
async function trackerPage(context: RequestContext, filter: TrackerFilter, paging: PageArgs, scope: ReadonlySet<string> | null): Promise<TrackerConnectionModel> {
  const window = readPageArgs(paging, 'key', TRACKER_PAGE_SIZE);
  const bound = window.direction === 'forward' ? window.after : window.before;
  if (bound !== null && !bound.includes('\u0000')) {
    const argument = window.direction === 'forward' ? 'after' : 'before';
    throw new BadInputError(`"${argument}" is not a cursor from the tracker; pass the ${argument === 'after' ? 'endCursor' : 'startCursor'} or an edge cursor of a previous page.`, { argument });
  }
  const requests = (await Promise.all([listAll(context, 'Resolution', scope), listAll(context, 'Recommendation', scope)])).flat();
  const rows = await buildTracker(scope ? scopedTraceReader(context.traceReader, scope) : context.traceReader, requests, filter);
  const keys = rows.map(trackerSortKey);
  let start: number;
  let end: number;
  if (window.direction === 'forward') {
    start = bound === null ? 0 : keys.filter((key) => key <= bound).length;
    end = Math.min(rows.length, start + window.size);
  } else {
    end = bound === null ? rows.length : keys.filter((key) => key < bound).length;
    start = Math.max(0, end - window.size);
  }
  return {
    totalCount: rows.length,
    hasNextPage: end < rows.length,
    hasPreviousPage: start > 0,
    edges: rows.slice(start, end).map((row, i) => ({ node: row, cursor: encodeCursor('key', keys[start + i]!) })),
  };
}

const edgeNode = (end: 'from' | 'to') => (edge: GraphEdge, _args: unknown, context: RequestContext) => context.nodeLoader.load(edge[end]);
const edgeProp = (name: 'role' | 'validFrom' | 'validTo' | 'observedOn' | 'lastObservedOn' | 'rationale' | 'note') => (edge: GraphEdge) => edge.props[name] ?? null;
const edgeDates = { validFrom: edgeProp('validFrom'), validTo: edgeProp('validTo'), observedOn: edgeProp('observedOn'), lastObservedOn: edgeProp('lastObservedOn') };

function connection(nodes: GraphNode[], cursors: string[], pages: { hasNextPage: boolean; hasPreviousPage: boolean }, totalCount: ConnectionModel['totalCount']): ConnectionModel {
  return { totalCount, ...pages, edges: nodes.map((node, i) => ({ node, cursor: cursors[i]! })) };
}

function resolveNodeType(value: string): NodeTypeName {
  const type = nodeTypeFromEnum(value);
  if (!type) throw new BadInputError(`Unknown node type ${value}.`, { argument: 'type' });
  return type;
}

const nodeTypeResolvers = Object.fromEntries(
  NODE_TYPE_NAMES.map((type) => [type, { ...nodeFields, ...relationResolversFor(type) }]),
) as unknown as Record<NodeTypeName, Record<string, unknown>>;

export const resolvers: Resolvers = {
  Date: DateScalar,
  Query: {
    // Decided once per request, in the context; reported here, never decided again.
    viewer: (_root, _args, context) => ({ role: context.viewer.role === 'public' ? 'PUBLIC' : context.viewer.role === 'officer' ? 'OFFICER' : 'EDITOR', signedIn: context.viewer.subject !== undefined }),
    node: async (_root, { id }, context) => {
      checkId(id, 'id');
      const node = await loadNodeOrAlias(context, id);
      if (!node) throw new NotFoundError(`No node has id "${id}".`, { id });
      return node;
    },
    nodesById: async (_root, { ids }, context) => {
      if (ids.length > MAX_IDS) throw new BadInputError(`Ask for at most ${MAX_IDS} ids at once; got ${ids.length}.`, { argument: 'ids' });
      ids.forEach((id) => checkId(id, 'ids'));
      return Promise.all(ids.map((id) => loadNodeOrAlias(context, id)));
    },
    nodes: async (_root, { type, dataset, datasets, ...paging }, context, info) => {
      const nodeType = resolveNodeType(type);
      const window = readPageArgs(paging, 'id');
      const scope = await scopeOf(context, { dataset, datasets });
      const count = () => context.store.countNodes(context.viewer, nodeType, scope);
      // A count alone reads the count items only: no page of the type index is read.
      if (selectsOnly(info, COUNT_FIELDS)) return connection([], [], { hasNextPage: false, hasPreviousPage: false }, count);
      const page = await context.store.listNodes(context.viewer, nodeType, window, scope);
      for (const node of page.items) context.nodeLoader.prime(node.id, node);
      return connection(page.items, page.items.map((n) => encodeCursor('id', n.id)), page, count);
    },
    search: async (_root, { text, types, dataset, datasets, ...paging }, context) => {
      const trimmed = text.trim();
      if (trimmed.length > MAX_SEARCH_TEXT) throw new BadInputError(`"text" must be at most ${MAX_SEARCH_TEXT} characters.`, { argument: 'text' });
      const query = parseSearchQuery(trimmed);
      if (query.words.length === 0) throw new BadInputError('"text" must contain at least one letter or digit.', { argument: 'text' });
      const window = readPageArgs(paging, 'key');
      const options = { types: types?.length ? types.map(resolveNodeType) : undefined };
      // Postings carry their node's visibility, and storage reads the index as the caller: a
      // caller finds, and counts, only what they may see.
      const index = context.store.searchIndex(context.viewer);
      const scope = await scopeOf(context, { dataset, datasets });
      const searched = scope ? [...scope] : (await context.listDatasets()).map((d) => d.name);
      let hits: RankKey[];
      let offset: number;
      let total: number;
      let more: boolean;
      if (window.direction === 'forward') {
        // After a cursor: only hits ranked after it are read; the total counts from the cursor's position.
        const after = window.after === null ? null : readSearchCursor(window.after, 'after');
        const rest = await searchDatasets(index, searched, query, { ...options, after: after?.key });
        offset = after ? after.offset + 1 : 0;
        total = offset + rest.length;
        hits = rest.slice(0, window.size);
        more = rest.length > window.size;
      } else {
        const before = window.before === null ? null : readSearchCursor(window.before, 'before');
        const all = await searchDatasets(index, searched, query, options);
        const end = before ? all.filter((key) => compareRank(key, before.key) < 0).length : all.length;
        offset = Math.max(0, end - window.size);
        total = all.length;
        hits = all.slice(offset, end);
        more = end < all.length;
      }
      const nodes = await context.nodeLoader.loadMany(hits.map((h) => h.id));
      const found = hits.flatMap((key, i) => {
        const node = nodes[i];
        if (node instanceof Error) throw node;
        return node ? [{ node, cursor: encodeSearchCursor(offset + i, key) }] : [];
      });
      return connection(found.map((f) => f.node), found.map((f) => f.cursor), { hasNextPage: more, hasPreviousPage: offset > 0 }, total);
    },
    trace: async (_root, { from, direction, maxDepth, dataset, datasets }, context) => {
      checkId(from, 'from');
      const scope = await scopeOf(context, { dataset, datasets });
      return walkFrom(context, from, scope, (reader, root) => trace(reader, root, { direction: direction ?? 'DOWNSTREAM', maxDepth: maxDepth ?? undefined }));
    },
    datasets: async (_root, _args, context) => [...(await context.listDatasets())].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    deliveryChains: async (_root, { from, direction, dataset, datasets }, context) => {
      checkId(from, 'from');
      const scope = await scopeOf(context, { dataset, datasets });
      return walkFrom(context, from, scope, (reader, root) => deliveryChains(reader, root, { direction: direction ?? 'DOWNSTREAM' }));
    },
    tracker: async (_root, { filter, dataset, datasets, ...paging }, context) => trackerPage(context, filter ?? {}, paging, await scopeOf(context, { dataset, datasets })),
  },
  Node: {
    __resolveType: (node) => node.type,
  },
  Dataset: {
    nodeCounts: (dataset) => NODE_TYPE_NAMES.filter((type) => (dataset.nodeCounts[type] ?? 0) > 0).map((type) => ({ type: NODE_TYPES[type].enumValue, count: dataset.nodeCounts[type]! })),
  },
  NodeConnection: {
    totalCount: (model) => (typeof model.totalCount === 'function' ? model.totalCount() : model.totalCount),
    pageInfo: (model) => ({
      hasNextPage: model.hasNextPage,
      hasPreviousPage: model.hasPreviousPage,
      startCursor: model.edges[0]?.cursor ?? null,
      endCursor: model.edges.at(-1)?.cursor ?? null,
    }),
    nodes: (model) => model.edges.map((edge) => edge.node),
  },
  Source: {
    document: async (citation: Citation, _args, context) => {
      const document = await context.nodeLoader.load(citation.document);
      if (!document) throw new NotFoundError(`Cited document "${citation.document}" is missing.`);
      return document;
    },
    locator: (citation) => formatLocator(citation),
    lines: (citation) => ({ first: citation.lines[0], last: citation.lines[1] }),
    page: (citation) => citation.page ?? null,
  },
  Relationship: {
    ...(visibilityFields as object),
    from: edgeNode('from') as never,
    to: edgeNode('to') as never,
    basis: (edge) => publishedBasis(edge.props.basis),
    role: edgeProp('role'),
    rationale: edgeProp('rationale'),
    note: edgeProp('note'),
    ...edgeDates,
  },
  PostHolding: { person: edgeNode('from') as never, post: edgeNode('to') as never, ...edgeDates },
  Membership: { member: edgeNode('from') as never, organisation: edgeNode('to') as never, role: edgeProp('role'), ...edgeDates },
  Attendance: { attendee: edgeNode('from') as never, meeting: edgeNode('to') as never, role: edgeProp('role') },
  Lead: { lead: edgeNode('to') as never, role: edgeProp('role') },
  Trace: {
    nodes: (result) => result.nodes,
    edges: (result) => result.edges,
    labelledPaths: (result) => labelledPaths(result),
  },
  DeliveryLink: {
    basis: (edge) => publishedBasis(edge.props.basis),
    rationale: edgeProp('rationale'),
  },
  DeliveryContext: {
    printedRole: (context) => context.edge.props.role ?? null,
    basis: (context) => publishedBasis(context.edge.props.basis),
    sources: (context) => context.edge.sources,
  },
  DeliveryResponse: {
    outcome: (response) => enumValueOf(response.outcome) as never,
  },
  DeliveryStep: {
    notLaterThan: (step) => step.notLaterThan,
  },
  TrackerConnection: {
    pageInfo: (model) => ({
      hasNextPage: model.hasNextPage,
      hasPreviousPage: model.hasPreviousPage,
      startCursor: model.edges[0]?.cursor ?? null,
      endCursor: model.edges.at(-1)?.cursor ?? null,
    }),
    rows: (model) => model.edges.map((edge) => edge.node),
  },
  TraceGap: {
    node: async (gap, _args, context) => {
      const node = await context.nodeLoader.load(gap.nodeId);
      if (!node) throw new NotFoundError(`No node has id "${gap.nodeId}".`);
      return node;
    },
  },
  ...(nodeTypeResolvers as unknown as Resolvers),
  Resolution: { ...(nodeTypeResolvers.Resolution as object), delivery: (node: GraphNode, _args: unknown, context: RequestContext) => deliveryOf(node, context), suggestedEvidence } as never,
  Recommendation: { ...(nodeTypeResolvers.Recommendation as object), delivery: (node: GraphNode, _args: unknown, context: RequestContext) => deliveryOf(node, context), suggestedEvidence } as never,
};
