/**
 * The one CORS policy of the API. The deployed HTTP API (infra/constructs/graphql-api.ts)
 * hands these values to API Gateway, which answers preflights itself; the local server
 * applies the same values with `corsHeaders`, so a front-end dev server sees locally what
 * it will see deployed.
 */

export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  /** What a GraphQL client sends: JSON bodies, a bearer token, and Apollo's CSRF-prevention headers for GET. */
  allowHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
  /** Lets a script read the validator it may send back in If-None-Match, and why its token was refused. */
  exposeHeaders: ['etag', 'www-authenticate'],
  /** Browsers may reuse a preflight answer for an hour. */
  maxAgeSeconds: 3600,
} as const;

/** Front-end dev servers the local server admits when CORS_ORIGINS is not set (Vite, Next.js/CRA). */
export const DEFAULT_DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://localhost:3000', 'http://127.0.0.1:3000'] as const;

/**
 * Reads a comma-separated origin list (`CORS_ORIGINS=https://a.example,http://localhost:5173`;
 * `*` admits any origin; an empty value admits none). Each entry must be a bare origin.
 */
export function parseOrigins(value: string | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  const origins = value.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new Error(`CORS origin "${origin}" is not an origin: write scheme, host and port only, e.g. http://localhost:5173 (or * for any).`);
    }
  }
  return origins;
}

export interface CorsRequest {
  method: string;
  origin: string | undefined;
  /** Access-Control-Request-Method of a preflight. */
  requestMethod?: string | undefined;
  /** Access-Control-Request-Headers of a preflight. */
  requestHeaders?: string | undefined;
}

/**
 * The CORS response headers for a request, as API Gateway computes them: none for a
 * request without Origin or from an origin not admitted; for a preflight, none unless
 * the method and every header asked for are allowed.
 */
export function corsHeaders(request: CorsRequest, allowedOrigins: readonly string[]): Record<string, string> {
  const { origin } = request;
  if (!origin) return {};
  const any = allowedOrigins.includes('*');
  if (!any && !allowedOrigins.includes(origin)) return {};
  const allowOrigin = any ? { 'access-control-allow-origin': '*' } : { 'access-control-allow-origin': origin };
  if (request.method !== 'OPTIONS') {
    return { ...allowOrigin, 'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(', ') };
  }
  const method = (request.requestMethod ?? '').toUpperCase();
  const asked = (request.requestHeaders ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  const allowedHeaders: readonly string[] = CORS_POLICY.allowHeaders;
  if (!(CORS_POLICY.allowMethods as readonly string[]).includes(method) || asked.some((h) => !allowedHeaders.includes(h))) return {};
  return {
    ...allowOrigin,
    'access-control-allow-methods': CORS_POLICY.allowMethods.join(', '),
    'access-control-allow-headers': CORS_POLICY.allowHeaders.join(', '),
    'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
  };
}
