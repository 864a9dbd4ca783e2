/**
 * Input limits, checked at the edge: every argument value of the operation, literal
 * or variable, is measured against its schema type before anything runs, so an
 * oversized id, cursor, text or list is refused with BAD_USER_INPUT and never reaches
 * storage (DynamoDB refuses a partition key over 2,048 bytes and a sort key over
 * 1,024; an id far past either would otherwise surface as an internal error).
 */
import {
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';

/** Longest id, in UTF-8 bytes (the curated ids are under 100). */
export const MAX_ID_BYTES = 256;
/** Longest cursor (`after`), in characters; the cursors this API hands out are far shorter. */
export const MAX_CURSOR_LENGTH = 512;
/** Longest text argument, in characters. */
export const MAX_TEXT_LENGTH = 1_000;
/** Longest search text, in characters (checked after trimming, by `search`). */
export const MAX_SEARCH_TEXT = 200;
/** Most items in any list argument. */
export const MAX_LIST_LENGTH = 100;
/** Most ids `nodesById` takes at once. */
export const MAX_IDS = 100;

const CURSOR_ARGUMENTS = new Set(['after', 'before']);

function refuse(message: string, argument: string): never {
  throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument, http: { status: 400 } } });
}

/** Checks one scalar value; `argument` names the argument (or input field) for the message. */
function checkScalar(value: unknown, typeName: string, argument: string): void {
  if (typeof value !== 'string') return;
  if (typeName === 'ID') {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_ID_BYTES) refuse(`"${argument}" is ${bytes} bytes long; ids are at most ${MAX_ID_BYTES} bytes, e.g. "luton/resolution:cdc-2019-03-05-09-iii".`, argument);
  } else if (CURSOR_ARGUMENTS.has(argument)) {
    if (value.length > MAX_CURSOR_LENGTH) refuse(`"${argument}" is not a cursor from this API (cursors are at most ${MAX_CURSOR_LENGTH} characters); pass the endCursor of a previous page.`, argument);
  } else if (value.length > MAX_TEXT_LENGTH) {
    refuse(`"${argument}" is ${value.length} characters long; the limit is ${MAX_TEXT_LENGTH}.`, argument);
  }
}

function checkList(length: number, argument: string): void {
  if (length > MAX_LIST_LENGTH) refuse(`"${argument}" has ${length} items; lists are limited to ${MAX_LIST_LENGTH}.`, argument);
}

/** A variable's value (already JSON) against the type of the place it is used. */
function checkValue(value: unknown, type: GraphQLInputType, argument: string): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return checkValue(value, type.ofType, argument);
  if (isListType(type)) {
    if (!Array.isArray(value)) return checkValue(value, type.ofType, argument);
    checkList(value.length, argument);
    for (const item of value) checkValue(item, type.ofType, argument);
    return;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object') return;
    const fields = type.getFields();
    for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
      if (fields[name]) checkValue(field, fields[name].type, name);
    }
    return;
  }
  if (isScalarType(type)) checkScalar(value, type.name, argument);
}

interface Variables {
  values: Record<string, unknown>;
  defaults: Map<string, ValueNode>;
}

/** A value as written in the document, following variables to their values. */
function checkNode(node: ValueNode, type: GraphQLInputType, argument: string, variables: Variables): void {
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (name in variables.values) return checkValue(variables.values[name], type, argument);
    const fallback = variables.defaults.get(name);
    if (fallback) checkNode(fallback, type, argument, variables);
    return;
  }
  if (isNonNullType(type)) return checkNode(node, type.ofType, argument, variables);
  if (isListType(type)) {
    if (node.kind !== Kind.LIST) return checkNode(node, type.ofType, argument, variables);
    checkList(node.values.length, argument);
    for (const item of node.values) checkNode(item, type.ofType, argument, variables);
    return;
  }
  if (isInputObjectType(type)) {
    if (node.kind !== Kind.OBJECT) return;
    const fields = type.getFields();
    for (const field of node.fields) {
      const def = fields[field.name.value];
      if (def) checkNode(field.value, def.type, field.name.value, variables);
    }
    return;
  }
  if (isScalarType(type) && (node.kind === Kind.STRING || node.kind === Kind.INT)) checkScalar(node.value, type.name, argument);
}

/**
 * Throws a BAD_USER_INPUT GraphQLError (HTTP 400) for the first argument value of the
 * operation over its limit. Each fragment is read once, however often it is spread.
 */
export function checkInputLimits(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, values: Record<string, unknown> = {}): void {
  const variables: Variables = {
    values,
    defaults: new Map((operation.variableDefinitions ?? []).flatMap((def) => (def.defaultValue ? [[def.variable.name.value, def.defaultValue] as const] : []))),
  };
  const typeInfo = new TypeInfo(schema);
  // Only the operation that runs, and the fragments (each read once).
  const parts: DocumentNode = { kind: Kind.DOCUMENT, definitions: document.definitions.filter((def) => def === operation || def.kind === Kind.FRAGMENT_DEFINITION) };
  visit(
    parts,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const def = typeInfo.getArgument();
        if (def) checkNode(node.value, def.type, node.name.value, variables);
        return false;
      },
    }),
  );
}
