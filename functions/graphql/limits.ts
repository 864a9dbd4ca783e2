/**
 * Query limits, checked as validation rules so an over-deep or over-costly query is
 * refused before any resolver runs or any storage is read.
 *
 * Cost is an upper estimate of the objects a query can return: each field costs 1,
 * and a list field multiplies what it selects by its `first` argument (a variable
 * counts as the largest page), or by a typical size for unpaged lists.
 */
import {
  GraphQLError,
  getNamedType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type GraphQLField,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { MAX_PAGE_SIZE } from './connection.js';

export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_COST = 50_000;
/** Assumed size of a relationship list, which has no `first` argument. */
const UNPAGED_LIST_SIZE = 10;
/** Assumed size of a trace's node and edge lists. */
const TRACE_LIST_SIZE = 100;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * How many times a field's selection can repeat: a paged field's `first` (its default,
 * or the largest page for a variable); a connection's inner lists are already counted
 * by that; other lists count a typical size.
 */
function multiplierOf(fieldDef: GraphQLField<unknown, unknown>, selection: FieldNode, parent: GraphQLNamedType | undefined): number {
  const firstArg = fieldDef.args.find((a) => a.name === 'first');
  if (firstArg) {
    const given = selection.arguments?.find((a) => a.name.value === 'first');
    if (!given) return typeof firstArg.defaultValue === 'number' ? firstArg.defaultValue : MAX_PAGE_SIZE;
    return given.value.kind === Kind.INT ? Number(given.value.value) : MAX_PAGE_SIZE;
  }
  if (!isList(fieldDef.type)) return 1;
  if (parent?.name.endsWith('Connection')) return 1;
  return parent?.name === 'Trace' ? TRACE_LIST_SIZE : UNPAGED_LIST_SIZE;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: (name: string) => FragmentDefinitionNode | undefined;
  variables: Set<string>;
}

/** Depth and cost of a selection set, expanding fragments (each at most once per path). */
function measure(walk: Walk, selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, seen: ReadonlySet<string>): { depth: number; cost: number } {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const fieldDef = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
      const multiplier = fieldDef ? multiplierOf(fieldDef, selection, parent) : 1;
      if (selection.selectionSet) {
        const child = measure(walk, selection.selectionSet, fieldDef ? getNamedType(fieldDef.type) : undefined, seen);
        depth = Math.max(depth, child.depth + 1);
        cost += 1 + multiplier * child.cost;
      } else {
        depth = Math.max(depth, 1);
        cost += 1;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      const child = measure(walk, selection.selectionSet, type ?? undefined, seen);
      depth = Math.max(depth, child.depth);
      cost += child.cost;
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments(name);
      if (!fragment || seen.has(name)) continue;
      const type = walk.schema.getType(fragment.typeCondition.name.value);
      const child = measure(walk, fragment.selectionSet, type ?? undefined, new Set([...seen, name]));
      depth = Math.max(depth, child.depth);
      cost += child.cost;
    }
  }
  return { depth, cost };
}

export function queryLimitsRule(maxDepth = MAX_QUERY_DEPTH, maxCost = MAX_QUERY_COST) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      const schema = context.getSchema();
      const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      const walk: Walk = {
        schema,
        fragments: (name) => context.getFragment(name) ?? undefined,
        variables: new Set(operation.variableDefinitions?.map((v) => v.variable.name.value) ?? []),
      };
      const { depth, cost } = measure(walk, operation.selectionSet, root ?? undefined, new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`Query is ${depth} levels deep; the limit is ${maxDepth}. Ask for fewer nested levels, or use trace for long chains.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth },
          }),
        );
      } else if (cost > maxCost) {
        context.reportError(
          new GraphQLError(`Query could return up to ${cost} objects; the limit is ${maxCost}. Ask for smaller pages (first) or fewer nested lists.`, {
            nodes: [operation],
            extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost },
          }),
        );
      }
    },
  });
}
