/**
 * Builds the Apollo server. One function serves both the Lambda handler and the local
 * server, so a local run exercises the production code path.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import { brotliDecompressSync } from 'node:zlib';
import { buildASTSchema, GraphQLError, GraphQLScalarType, isInterfaceType, isObjectType, isScalarType, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { DomainError, UnavailableError } from '../core/errors.js';
import type { RequestContext } from './context.js';
import { packedSchemaDocument } from './generated/schema-document.js';
import { httpCachingPlugin } from './http-caching.js';
import { checkInputLimits } from './inputs.js';
import { queryLimitsRule } from './limits.js';
import { observabilityPlugin, type Observability } from './observability.js';
import { nodeFieldResolver, resolvers } from './resolvers.js';

export { createRequestContext } from './context.js';
export type { RequestContext } from './context.js';

/** Codes a client may see as they are; anything else is an internal error. */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT',
  'UNKNOWN_DATASET',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_COSTLY',
  'QUERY_TOO_MANY_ALIASES',
  'SERVICE_UNAVAILABLE',
  'UNAUTHENTICATED',
]);

/**
 * Maps domain errors to GraphQL error codes and hides everything else: no stack
 * traces, no storage messages reach a client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof UnavailableError) {
    // Nothing was wrong with the request: the same request may succeed in a moment.
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, retryable: true } };
  }
  if (original instanceof DomainError && PUBLIC_CODES.has(original.code)) {
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { code: original.code, ...publicDetails(original) } };
  }
  // Limit rules report through validation, which wraps them; keep their own, more useful, code.
  const limit = original instanceof GraphQLError && original.originalError instanceof GraphQLError ? original.originalError : undefined;
  if (limit && typeof limit.extensions?.code === 'string' && PUBLIC_CODES.has(limit.extensions.code)) {
    return { ...formatted, extensions: { ...limit.extensions } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function publicDetails(error: DomainError): Record<string, unknown> {
  const details = error.details ?? {};
  return Object.fromEntries(Object.entries(details).filter(([key]) => key === 'argument' || key === 'id'));
}

/** Argument values over their limits are refused once the operation is known, before it runs. */
const inputLimits: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request }) {
        if (operation) checkInputLimits(schema, document, operation, request.variables ?? {});
      },
    };
  },
};

export interface GraphServerOptions {
  /**
   * Allow introspection (GraphiQL needs it). Without it, error messages also stop
   * suggesting field names ("Did you mean ...?"), which would reveal the schema anyway.
   * @default true - the Lambda handler passes its configuration (off by default)
   */
  introspection?: boolean;
  /** Logger and metrics for failed requests (see observability.ts). @default a JSON logger, no metrics */
  observability?: Observability;
  /** Seconds a public GET answer may be reused without revalidating. @default 60 */
  cacheMaxAgeSeconds?: number;
}

/**
 * The schema's document, parsed at build time: codegen writes the DocumentNode of
 * schema/schema.graphql (generated/schema-document.ts), and a unit test holds it equal to
 * `parse` of the SDL. Decoding it (Brotli, then JSON.parse) costs a cold start a few
 * milliseconds where lexing and parsing the 58 KB SDL cost several tens.
 */
export function schemaDocument(): DocumentNode {
  return JSON.parse(brotliDecompressSync(Buffer.from(packedSchemaDocument, 'base64')).toString('utf8')) as DocumentNode;
}

/** Resolvers by type: field resolvers (and `__resolveType`) of object and interface types, or a custom scalar. */
export type ResolverMap = Record<string, GraphQLScalarType | Record<string, unknown>>;

/**
 * Puts the resolvers on the schema's own types, as graphql-tools' `addResolversToSchema`
 * does in place: a function per field becomes its `resolve`, `__resolveType` and
 * `__isTypeOf` their type's, and a custom scalar's own parsing, serialising and
 * description replace the SDL's. A type or field the schema lacks is an error, as it is
 * there. Unlike graphql-tools it does not walk the whole schema afterwards to heal type
 * references and re-coerce default values: no type is replaced here, so there is nothing
 * to heal, and no default value changes.
 */
export function attachResolvers(schema: GraphQLSchema, resolvers: ResolverMap): GraphQLSchema {
  for (const [typeName, typeResolvers] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (isScalarType(type) && typeResolvers instanceof GraphQLScalarType) {
      const { serialize, parseValue, parseLiteral, description, specifiedByURL, extensions } = typeResolvers;
      Object.assign(type, { serialize, parseValue, parseLiteral, description, specifiedByURL, extensions: Object.assign(Object.create(null), type.extensions, extensions) });
      continue;
    }
    if (!(isObjectType(type) || isInterfaceType(type)) || typeResolvers instanceof GraphQLScalarType) throw new Error(`"${typeName}" has resolvers but is not an object or interface type of the schema.`);
    const fields = type.getFields();
    for (const [fieldName, resolver] of Object.entries(typeResolvers)) {
      if (typeof resolver !== 'function') throw new Error(`Resolver ${typeName}.${fieldName} must be a function.`);
      if (fieldName === '__resolveType' && isInterfaceType(type)) type.resolveType = resolver as never;
      else if (fieldName === '__isTypeOf' && isObjectType(type)) type.isTypeOf = resolver as never;
      else if (fields[fieldName]) fields[fieldName].resolve = resolver as never;
      else throw new Error(`${typeName}.${fieldName} has a resolver but is not in the schema.`);
    }
  }
  return schema;
}

/**
 * The executable schema, built from the document parsed at build time and without
 * validating it again: a unit test (schema-build.unit.test.ts) builds the SDL with full
 * validation and graphql-tools' resolver attachment, and checks that this schema prints
 * and resolves the same. That saves a cold start the parse, the SDL validation, the
 * schema validation, graphql-tools' merge of type definitions and its walks over every
 * field, which Apollo would run when given `typeDefs`.
 */
export function buildGraphSchema(): GraphQLSchema {
  return attachResolvers(buildASTSchema(schemaDocument(), { assumeValidSDL: true, assumeValid: true }), resolvers as unknown as ResolverMap);
}

export function createGraphServer(options: GraphServerOptions = {}): ApolloServer<RequestContext> {
  return new ApolloServer<RequestContext>({
    schema: buildGraphSchema(),
    fieldResolver: nodeFieldResolver,
    introspection: options.introspection ?? true,
    hideSchemaDetailsFromClientErrors: !(options.introspection ?? true),
    includeStacktraceInErrorResponses: false,
    formatError,
    validationRules: [queryLimitsRule()],
    // Shutdown belongs to the process that owns the server (npm start closes the engine
    // too); Apollo's own signal handler would race it and leave the process hanging.
    stopOnTerminationSignals: false,
    // The landing page loads from a CDN; GraphiQL is served by the project itself instead.
    // Failed requests are logged once with their correlation id, counted, and a storage
    // outage answers 503 (observability.ts). Cache-Control and ETag are set by
    // httpCachingPlugin alone (per request, from the dataset versions), not from per-field
    // hints: the schema declares no @cacheControl, so Apollo's cache-control plugin is off
    // rather than installed by default. It would scan every type and field at start and
    // wrap every resolver to compute a policy that nothing reads.
    // Usage reporting and inline traces (Apollo's hosted service) are off whatever the
    // environment says (APOLLO_KEY): the Lambda bundle carries no protobuf code for them
    // (infra/constructs/graph-function.ts).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      inputLimits,
      httpCachingPlugin({ maxAgeSeconds: options.cacheMaxAgeSeconds }),
      observabilityPlugin(options.observability),
    ],
  });
}
