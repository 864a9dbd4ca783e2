/**
 * HTTP caching of public reads. A successful anonymous query sent by GET (a persisted
 * query's hash or the query text in the URL) is the same for everyone until a dataset
 * is reloaded, so it is marked `public` with a short max-age and given an ETag derived
 * from the loaded dataset versions, the schema and the request's URL; a browser or CDN
 * revalidates with If-None-Match and gets 304 without the query being run. Everything
 * else (POST, errors, any request carrying credentials) is `no-store`, and a request
 * with credentials `private, no-store`, so no cache can hand one caller's answer to another.
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { RequestContext } from './context.js';
import { schemaHash } from './generated/schema-document.js';

export interface HttpCachingOptions {
  /** Seconds a browser or CDN may reuse a public answer without revalidating. @default 60 */
  maxAgeSeconds?: number;
}

/** The SDL's hash, computed by codegen (a unit test holds it to the SDL), not at every cold start. */
const SCHEMA_HASH = schemaHash;

/** A weak validator: equal for the same request against the same schema and dataset versions. */
export function entityTag(search: string, datasets: ReadonlyArray<{ name: string; version: string }>): string {
  const versions = [...datasets].map((d) => `${d.name}@${d.version}`).sort();
  const digest = createHash('sha256').update(JSON.stringify([SCHEMA_HASH, versions, search])).digest('base64url').slice(0, 27);
  return `W/"${digest}"`;
}

/** If-None-Match lists validators, or `*`; comparison is weak, as RFC 9110 asks for GET. */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(tag));
}

type Ctx = GraphQLRequestContext<RequestContext>;

function isAnonymousGet(context: Ctx): boolean {
  const http = context.request.http;
  return !!http && (http.method === 'GET' || http.method === 'HEAD') && !http.headers.get('authorization');
}

export function httpCachingPlugin(options: HttpCachingOptions = {}): ApolloServerPlugin<RequestContext> {
  const maxAge = options.maxAgeSeconds ?? 60;
  return {
    async requestDidStart() {
      let tag: string | undefined;
      return {
        async responseForOperation(context) {
          if (!isAnonymousGet(context) || context.operation.operation !== 'query') return null;
          // Storage failing here is left to the query itself, which reports it as it should (503).
          const datasets = await context.contextValue.store.listDatasets(context.contextValue.viewer).catch(() => null);
          if (!datasets) return null;
          tag = entityTag(context.request.http!.search, datasets);
          if (!matchesIfNoneMatch(context.request.http!.headers.get('if-none-match'), tag)) return null;
          // Not modified: the client's copy is current. The HTTP front sends no body with a 304.
          context.response.http.status = 304;
          return { http: context.response.http, body: { kind: 'single', singleResult: {} } };
        },
        async willSendResponse(context) {
          const headers = context.response.http.headers;
          const failed = context.response.body.kind === 'single' && (context.response.body.singleResult.errors?.length ?? 0) > 0;
          const status = context.response.http.status ?? 200;
          if (tag && !failed && (status === 200 || status === 304)) {
            headers.set('cache-control', `public, max-age=${maxAge}`);
            headers.set('etag', tag);
          } else {
            headers.set('cache-control', context.request.http?.headers.get('authorization') ? 'private, no-store' : 'no-store');
            headers.delete('etag');
          }
        },
      };
    },
  };
}
