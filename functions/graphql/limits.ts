/**
 * Query limits, checked as one validation rule so an over-deep, over-costly or
 * over-aliased query is refused before any resolver runs or any storage is read.
 *
 * Cost is an upper estimate of the objects a query can read or return: each field
 * costs 1, and a list field multiplies what it selects by its real bound: its `first`
 * argument (a variable counts as the largest page), the number of `ids` asked for, a
 * trace's own node, edge and path limits, the schema's own sizes for introspection, or
 * a typical size for relationship lists. `search` also costs what it reads: one index
 * partition per node type searched, and `tracker` every request's delivery chains.
 *
 * Each named fragment is measured once per bound in force (memoised), then its figures
 * are added wherever it is spread, so a small document of fragments that spread each
 * other many times costs its full expansion without being expanded: checking takes
 * time proportional to the document, not to what it expands to.
 *
 * Why not a library: graphql-armor's cost-limit (2.4) memoises fragments but has no
 * schema types (a list of lists such as `paths` costs one scalar, only a literal
 * `first`/`last` multiplies, introspection is skipped by default) and reports no error
 * code; graphql-query-complexity (2.0) takes per-field estimators but expands every
 * fragment spread again, so the doubling query above stays exponential. This rule
 * keeps the project's cost model and is linear by construction (see `visits`).
 */
import {
  GraphQLError,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { MAX_CHAIN_HOPS, MAX_CHAINS } from '../core/delivery.js';
import { SUGGESTION_TYPES } from '../core/suggestions.js';
import { DEFAULT_TRACE_DEPTH, MAX_TRACE_DEPTH, MAX_TRACE_EDGES, MAX_TRACE_NODES } from '../core/trace.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, TRACKER_PAGE_SIZE } from './connection.js';
import { MAX_IDS } from './inputs.js';

export const MAX_QUERY_DEPTH = 12;
/**
 * The most objects a request may read or return. GraphiQL's own introspection query must
 * fit: it is priced by the schema's sizes (272,651 once every node type and relationship
 * says its visibility), so the limit keeps room above it.
 */
export const MAX_QUERY_COST = 300_000;
/** Aliases in a request, counted where fragments are spread. */
export const MAX_ALIASES = 20;
/**
 * `search` reads every node type's index partition, `tracker` walks the delivery chains
 * of every request in the graph, and `suggestedEvidence` lists every candidate node each
 * time it runs: a request may make this many of them together.
 */
export const MAX_SEARCHES = 3;
/** Assumed size of a relationship or citation list, which has no `first` argument. */
export const UNPAGED_LIST_SIZE = 10;
/** What one search costs for each node type it reads (one Query of that type's index partition). */
export const SEARCH_COST_PER_TYPE = 250;
/**
 * What one tracker costs beyond its rows: it lists every resolution and recommendation
 * and walks each one's delivery chains, however few rows it returns.
 */
export const TRACKER_COST = 10_000;
/** Nodes one `deliveryChains` may read: its chains, each of at most MAX_CHAIN_HOPS links. */
export const DELIVERY_CHAINS_COST = MAX_CHAINS * (MAX_CHAIN_HOPS + 1);

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxSearches: number;
}

export const QUERY_LIMITS: QueryLimits = { maxDepth: MAX_QUERY_DEPTH, maxCost: MAX_QUERY_COST, maxAliases: MAX_ALIASES, maxSearches: MAX_SEARCHES };

/** What a selection set adds up to. */
export interface Measure {
  depth: number;
  cost: number;
  aliases: number;
  searches: number;
}

const ZERO: Measure = { depth: 0, cost: 0, aliases: 0, searches: 0 };

/** Bounds a field passes down to what it selects: a trace's depth bounds its paths. */
interface Scope {
  traceDepth?: number;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** A list of lists (`paths: [[ID!]!]!`). */
function isNestedList(type: GraphQLOutputType): boolean {
  const outer = isNonNullType(type) ? type.ofType : type;
  if (!isListType(outer)) return false;
  const inner = isNonNullType(outer.ofType) ? outer.ofType.ofType : outer.ofType;
  return isListType(inner);
}

function argument(selection: FieldNode, name: string): ValueNode | undefined {
  return selection.arguments?.find((a) => a.name.value === name)?.value;
}

/** A literal Int argument, the field's default when absent, `whenVariable` when not a literal. */
function intArgument(fieldDef: GraphQLField<unknown, unknown>, selection: FieldNode, name: string, whenVariable: number): number | undefined {
  const def = fieldDef.args.find((a) => a.name === name);
  if (!def) return undefined;
  const given = argument(selection, name);
  if (!given || given.kind === Kind.NULL) return typeof def.defaultValue === 'number' ? def.defaultValue : undefined;
  return given.kind === Kind.INT ? Number(given.value) : whenVariable;
}

/** Largest and average sizes of the schema's own lists, for costing introspection. */
interface SchemaSizes {
  types: number;
  directives: number;
  /** Per type, on average (so `types { fields }` costs the schema's total of fields). */
  fields: number;
  inputFields: number;
  enumValues: number;
  interfaces: number;
  possibleTypes: number;
  /** Arguments of a field or directive, at most. */
  args: number;
  locations: number;
  /** Values of the NodeType enum: the index partitions a search reads. */
  nodeTypes: number;
}

const schemaSizesCache = new WeakMap<GraphQLSchema, SchemaSizes>();

function schemaSizes(schema: GraphQLSchema): SchemaSizes {
  const cached = schemaSizesCache.get(schema);
  if (cached) return cached;
  const types = Object.values(schema.getTypeMap());
  const average = (count: (type: GraphQLNamedType) => number) => Math.max(1, Math.ceil(types.reduce((sum, type) => sum + count(type), 0) / types.length));
  const fieldsOf = (type: GraphQLNamedType) => (isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : []);
  const directives = schema.getDirectives();
  const sizes: SchemaSizes = {
    types: types.length,
    directives: directives.length,
    fields: average((type) => fieldsOf(type).length),
    inputFields: average((type) => (isInputObjectType(type) ? Object.keys(type.getFields()).length : 0)),
    enumValues: average((type) => (isEnumType(type) ? type.getValues().length : 0)),
    interfaces: average((type) => (isObjectType(type) || isInterfaceType(type) ? type.getInterfaces().length : 0)),
    possibleTypes: average((type) => (isInterfaceType(type) || isUnionType(type) ? schema.getPossibleTypes(type).length : 0)),
    args: Math.max(1, ...types.flatMap((type) => fieldsOf(type).map((field) => field.args.length)), ...directives.map((d) => d.args.length)),
    locations: Math.max(1, ...directives.map((d) => d.locations.length)),
    nodeTypes: ((type) => (isEnumType(type) ? type.getValues().length : 1))(schema.getType('NodeType')),
  };
  schemaSizesCache.set(schema, sizes);
  return sizes;
}

/** Lists of the introspection types, bounded by the schema itself (its sizes counted only for these). */
function introspectionBound(parent: string, field: string, sizes: () => SchemaSizes): number | undefined {
  switch (`${parent}.${field}`) {
    case '__Schema.types':
      return sizes().types;
    case '__Schema.directives':
      return sizes().directives;
    case '__Type.fields':
      return sizes().fields;
    case '__Type.inputFields':
      return sizes().inputFields;
    case '__Type.enumValues':
      return sizes().enumValues;
    case '__Type.interfaces':
      return sizes().interfaces;
    case '__Type.possibleTypes':
      return sizes().possibleTypes;
    case '__Field.args':
    case '__Directive.args':
      return sizes().args;
    case '__Directive.locations':
      return sizes().locations;
    default:
      return undefined;
  }
}

interface Walk {
  schema: GraphQLSchema;
  /** The schema's sizes, counted on first use (introspection, search): most operations need none. */
  sizes: () => SchemaSizes;
  fragments: (name: string) => FragmentDefinitionNode | undefined;
  /** Fragment figures, by fragment name and the bounds in force. */
  memo: Map<string, Measure>;
  /** Fragments being measured (a cycle is reported by graphql's own rule; here it adds nothing). */
  active: Set<string>;
  /** Selections looked at: linear in the document, whatever fragments expand to. */
  visits: number;
}

/**
 * How many times a field's selection can repeat, and what the field itself costs
 * beyond its one object (reads that return nothing themselves).
 */
function boundsOf(walk: Walk, parent: GraphQLNamedType, fieldDef: GraphQLField<unknown, unknown>, selection: FieldNode, scope: Scope): { multiplier: number; ownCost: number; childScope: Scope } {
  const key = `${parent.name}.${fieldDef.name}`;
  const introspection = introspectionBound(parent.name, fieldDef.name, walk.sizes);
  if (introspection !== undefined) return { multiplier: introspection, ownCost: 0, childScope: scope };
  if (key === 'Query.trace') {
    const depth = Math.min(MAX_TRACE_DEPTH, intArgument(fieldDef, selection, 'maxDepth', MAX_TRACE_DEPTH) ?? DEFAULT_TRACE_DEPTH);
    return { multiplier: 1, ownCost: 0, childScope: { traceDepth: depth } };
  }
  if (key === 'Trace.nodes' || key === 'Trace.gaps') return { multiplier: MAX_TRACE_NODES, ownCost: 0, childScope: scope };
  if (key === 'Trace.edges') return { multiplier: MAX_TRACE_EDGES, ownCost: 0, childScope: scope };
  // Every chain ends at a different node, and has at most maxDepth + 1 steps.
  if (key === 'Trace.paths' || key === 'Trace.labelledPaths') return { multiplier: MAX_TRACE_NODES * ((scope.traceDepth ?? MAX_TRACE_DEPTH) + 1), ownCost: 0, childScope: scope };
  if (key === 'Query.nodesById') {
    const ids = argument(selection, 'ids');
    return { multiplier: ids?.kind === Kind.LIST ? ids.values.length : MAX_IDS, ownCost: 0, childScope: scope };
  }
  if (key === 'Query.deliveryChains') return { multiplier: 1, ownCost: DELIVERY_CHAINS_COST, childScope: scope };
  if (key === 'DeliveryChains.chains' || key === 'TrackerRow.gaps') return { multiplier: MAX_CHAINS, ownCost: 0, childScope: scope };
  if (key === 'DeliveryChain.steps') return { multiplier: MAX_CHAIN_HOPS + 1, ownCost: 0, childScope: scope };
  const first = pageBound(fieldDef, selection, key === 'Query.tracker' ? TRACKER_PAGE_SIZE : DEFAULT_PAGE_SIZE);
  // Suggestions list every node of the candidate types for each request they are asked of.
  if (fieldDef.name === 'suggestedEvidence') return { multiplier: first ?? MAX_PAGE_SIZE, ownCost: SUGGESTION_TYPES.length * SEARCH_COST_PER_TYPE, childScope: scope };
  if (key === 'Query.tracker') return { multiplier: first ?? MAX_PAGE_SIZE, ownCost: TRACKER_COST, childScope: scope };
  if (key === 'Query.search') {
    const types = argument(selection, 'types');
    const typesRead = types?.kind === Kind.LIST && types.values.length > 0 ? Math.min(types.values.length, walk.sizes().nodeTypes) : walk.sizes().nodeTypes;
    return { multiplier: first ?? MAX_PAGE_SIZE, ownCost: typesRead * SEARCH_COST_PER_TYPE, childScope: scope };
  }
  if (first !== undefined) return { multiplier: Math.max(1, first), ownCost: 0, childScope: scope };
  if (!isList(fieldDef.type)) return { multiplier: 1, ownCost: 0, childScope: scope };
  // A connection's lists are its page, already counted by the connection's `first`.
  if (parent.name.endsWith('Connection')) return { multiplier: 1, ownCost: 0, childScope: scope };
  if (isNestedList(fieldDef.type)) return { multiplier: UNPAGED_LIST_SIZE * UNPAGED_LIST_SIZE, ownCost: 0, childScope: scope };
  return { multiplier: UNPAGED_LIST_SIZE, ownCost: 0, childScope: scope };
}

/**
 * A paged field's page: its `first` or `last` (the larger if both; a variable counts as the
 * largest page), or the default page when neither is given; undefined for other fields.
 */
function pageBound(fieldDef: GraphQLField<unknown, unknown>, selection: FieldNode, defaultSize: number): number | undefined {
  if (!fieldDef.args.some((a) => a.name === 'first' || a.name === 'last')) return undefined;
  // intArgument falls back to a default the SDL declares (suggestedEvidence's `first`, say).
  const given = ['first', 'last'].map((name) => intArgument(fieldDef, selection, name, MAX_PAGE_SIZE)).filter((n): n is number => n !== undefined);
  return given.length > 0 ? Math.max(...given) : defaultSize;
}

function add(a: Measure, b: Measure): Measure {
  return { depth: Math.max(a.depth, b.depth), cost: a.cost + b.cost, aliases: a.aliases + b.aliases, searches: a.searches + b.searches };
}

function fieldDefOf(parent: GraphQLNamedType | undefined, name: string, schema: GraphQLSchema): GraphQLField<unknown, unknown> | undefined {
  if (!parent) return undefined;
  // The meta fields are not among a type's fields; graphql-js keeps their definitions apart.
  if (name === '__schema' || name === '__type') {
    if (parent !== schema.getQueryType()) return undefined;
    const introspection = schema.getType('__Schema');
    return name === '__schema' && introspection ? ({ name, type: introspection, args: [] } as never) : ({ name, type: schema.getType('__Type'), args: [] } as never);
  }
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** Depth, cost, aliases and searches of a selection set, fragments measured once each. */
function measure(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, scope: Scope): Measure {
  let total = ZERO;
  for (const selection of selectionSet.selections) {
    walk.visits++;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const aliases = selection.alias && selection.alias.value !== name ? 1 : 0;
      if (name === '__typename') {
        total = add(total, { depth: 1, cost: 1, aliases, searches: 0 });
        continue;
      }
      const fieldDef = fieldDefOf(parent, name, walk.schema);
      // Whole-graph reads: as many as the field runs, so one inside a list counts once per item.
      const searches = (parent === walk.schema.getQueryType() && (name === 'search' || name === 'tracker')) || name === 'suggestedEvidence' ? 1 : 0;
      const { multiplier, ownCost, childScope } = parent && fieldDef ? boundsOf(walk, parent, fieldDef, selection, scope) : { multiplier: 1, ownCost: 0, childScope: scope };
      if (selection.selectionSet) {
        const child = measure(walk, selection.selectionSet, fieldDef ? getNamedType(fieldDef.type) : undefined, childScope);
        // `ofType` unwraps a list or non-null: bounded by the schema, it adds no level.
        const level = parent?.name === '__Type' && name === 'ofType' ? 0 : 1;
        total = add(total, { depth: child.depth + level, cost: 1 + ownCost + multiplier * child.cost, aliases: aliases + child.aliases, searches: searches + multiplier * child.searches });
      } else {
        total = add(total, { depth: 1, cost: ownCost + multiplier, aliases, searches });
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      total = add(total, measure(walk, selection.selectionSet, type ?? undefined, scope));
    } else {
      total = add(total, measureFragment(walk, selection.name.value, scope));
    }
  }
  return total;
}

function measureFragment(walk: Walk, name: string, scope: Scope): Measure {
  const key = `${name}|${scope.traceDepth ?? ''}`;
  const known = walk.memo.get(key);
  if (known) return known;
  const fragment = walk.fragments(name);
  if (!fragment || walk.active.has(name)) return ZERO;
  walk.active.add(name);
  const type = walk.schema.getType(fragment.typeCondition.name.value);
  const result = measure(walk, fragment.selectionSet, type ?? undefined, scope);
  walk.active.delete(name);
  walk.memo.set(key, result);
  return result;
}

/** Measures one operation of a validated document. Exported for tests and benchmarks. */
export function measureOperation(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: (name: string) => FragmentDefinitionNode | undefined): Measure & { visits: number } {
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  const walk: Walk = { schema, sizes: () => schemaSizes(schema), fragments, memo: new Map(), active: new Set(), visits: 0 };
  const result = measure(walk, operation.selectionSet, root ?? undefined, {});
  return { ...result, visits: walk.visits };
}

/** A figure as a client reads it: a bomb's cost is astronomically large, not "Infinity". */
function shown(value: number): string {
  return Number.isFinite(value) && value < 1e15 ? String(value) : 'more than 10^15';
}

export function queryLimitsRule(limits: QueryLimits = QUERY_LIMITS) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const { depth, cost, aliases, searches } = measureOperation(context.getSchema(), operation, (name) => context.getFragment(name) ?? undefined);
      if (depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`Query is ${depth} levels deep; the limit is ${limits.maxDepth}. Ask for fewer nested levels, or use trace for long chains.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
          }),
        );
      } else if (aliases > limits.maxAliases) {
        context.reportError(
          new GraphQLError(`Query uses ${shown(aliases)} aliases; the limit is ${limits.maxAliases}. Send fewer aliased fields per request (nodesById reads many nodes at once).`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_MANY_ALIASES', aliases: Math.min(aliases, Number.MAX_SAFE_INTEGER), maxAliases: limits.maxAliases },
          }),
        );
      } else if (searches > limits.maxSearches) {
        context.reportError(
          new GraphQLError(`Query makes ${shown(searches)} whole-graph reads (search, tracker, suggestedEvidence, counted each time they run); the limit is ${limits.maxSearches} per request. Combine the words into one search, ask for suggestions of one request at a time, or send separate requests.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_COSTLY', searches: Math.min(searches, Number.MAX_SAFE_INTEGER), maxSearches: limits.maxSearches },
          }),
        );
      } else if (cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(`Query could read or return up to ${shown(cost)} objects; the limit is ${limits.maxCost}. Ask for smaller pages (first or last), a smaller maxDepth, or fewer nested lists.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_COSTLY', cost: Math.min(cost, Number.MAX_SAFE_INTEGER), maxCost: limits.maxCost },
          }),
        );
      }
    },
  });
}
