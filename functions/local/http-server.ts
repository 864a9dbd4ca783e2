/**
 * The local HTTP front: POST/GET /graphql to Apollo (the same server the Lambda
 * handler runs), GraphiQL's page and bundled assets from dist/graphiql, the dev
 * issuer's public keys at /.well-known/jwks.json, and a health check. Built on Apollo's `executeHTTPGraphQLRequest`, the API its integrations use.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { RequestContext } from '../graphql/context.js';
import { COMPRESSIBLE } from '../graphiql/precompress.js';
import { corsHeaders } from '../graphql/cors.js';
import { DEV_JWKS_PATH } from './dev-issuer.js';
import { MAX_REQUEST_BODY_BYTES, requestTooLarge, withinResponseBudget, type HttpAnswer } from '../graphql/http-limits.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export interface HttpServerOptions {
  apollo: ApolloServer<RequestContext>;
  /**
   * Builds the per-request context; gets the caller's `x-request-id` and Authorization
   * header, if any. It decides the viewer, and refuses a bad token by throwing.
   */
  context: (requestId: string | undefined, authorization: string | undefined) => Promise<RequestContext>;
  /** The dev issuer's public keys, served at DEV_JWKS_PATH. @default - none served */
  jwks?: unknown;
  /** Folder of the built GraphiQL page (index.html and assets/). */
  graphiqlDir: string;
  /** Largest response body, in bytes. @default RESPONSE_BUDGET_BYTES (as on Lambda) */
  responseBudgetBytes?: number;
  /**
   * Origins a browser may call /graphql from, under the deployed API's CORS policy
   * (functions/graphql/cors.ts); `*` admits any. @default [] - same origin only
   */
  allowedOrigins?: readonly string[];
}

class BodyTooLargeError extends Error {}
/** An oversized body that kept coming past the discard bounds: the connection is gone. */
class BodyAbandonedError extends Error {}

/**
 * How much of an oversized body is read and discarded before answering 413. A server
 * that answers and closes while the client is still sending resets the connection,
 * and the client may lose the answer; reading the rest first (a "lingering close")
 * lets the 413 arrive. Past these bounds the connection is dropped without an answer.
 */
const DISCARD_BYTES = 10_000_000;
const DISCARD_MS = 5_000;

/** The body, or BodyTooLargeError once an oversized body has been read to its end (and thrown away). */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let timer: NodeJS.Timeout | undefined;
    const abandon = () => {
      request.socket.destroy();
      reject(new BodyAbandonedError());
    };
    const refuse = () => {
      tooLarge = true;
      chunks.length = 0;
      timer = setTimeout(abandon, DISCARD_MS);
      timer.unref();
    };
    // A declared length over the limit is refused without keeping any of it.
    if (Number(request.headers['content-length'] ?? 0) > MAX_REQUEST_BODY_BYTES) refuse();
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!tooLarge && size > MAX_REQUEST_BODY_BYTES) refuse();
      if (!tooLarge) chunks.push(chunk);
      else if (size > MAX_REQUEST_BODY_BYTES + DISCARD_BYTES) abandon();
    });
    request.once('end', () => {
      clearTimeout(timer);
      if (tooLarge) reject(new BodyTooLargeError());
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.once('error', reject);
  });
}

function send(response: ServerResponse, answer: HttpAnswer): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
  response.end(answer.body);
}

/** Answers 413 with `connection: close`: the connection ends once the answer is out. */
function refuseBody(request: IncomingMessage, response: ServerResponse): void {
  send(response, requestTooLarge(Number(request.headers['content-length'] ?? 0)));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** A decoded URL path, or undefined when its percent-encoding is malformed (`/graphiql/%`). */
function decodePath(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

function wantsHtml(request: IncomingMessage): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

/** The precompressed twins the build writes (functions/graphiql/precompress.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Content codings the client accepts (RFC 9110 Accept-Encoding; `q=0` refuses one, `*` stands for the rest). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  const refused = new Set<string>();
  let wildcard = false;
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const ok = q === undefined || Number(q) > 0;
    if (token === '*') wildcard = ok;
    else (ok ? accepted : refused).add(token);
  }
  if (wildcard) for (const { name } of ENCODINGS) if (!refused.has(name)) accepted.add(name);
  return accepted;
}

async function serveFile(request: IncomingMessage, response: ServerResponse, file: string, cache: boolean): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    const accepted = acceptedEncodings(headerValue(request, 'accept-encoding'));
    let body: Buffer | undefined;
    let encoding: string | undefined;
    for (const candidate of ENCODINGS) {
      if (!accepted.has(candidate.name)) continue;
      body = await readFile(file + candidate.suffix).catch(() => undefined);
      if (body) {
        encoding = candidate.name;
        break;
      }
    }
    body ??= await readFile(file);
    const compressible = COMPRESSIBLE.has(path.extname(file));
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': String(body.length),
      ...(encoding ? { 'content-encoding': encoding } : {}),
      // The answer depends on Accept-Encoding wherever a compressed twin could exist.
      ...(compressible ? { vary: 'Accept-Encoding' } : {}),
      // Asset names carry content hashes, so they never change under the same name.
      'cache-control': cache ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    response.end(body);
    return true;
  } catch {
    return false;
  }
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** A CORS preflight, answered as API Gateway answers it: 204, with CORS headers only when admitted. */
function answerPreflight(options: HttpServerOptions, request: IncomingMessage, response: ServerResponse): void {
  const cors = corsHeaders(
    { method: 'OPTIONS', origin: request.headers.origin, requestMethod: headerValue(request, 'access-control-request-method'), requestHeaders: headerValue(request, 'access-control-request-headers') },
    options.allowedOrigins ?? [],
  );
  response.writeHead(204, { ...cors, vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers' });
  response.end();
}

async function handleGraphql(options: HttpServerOptions, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown;
  if (request.method === 'POST') {
    const raw = await readBody(request);
    if ((headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = raw.length ? JSON.parse(raw) : undefined;
      } catch {
        return sendJson(response, 400, { errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
      }
    } else {
      body = raw;
    }
  }
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
    context: () => options.context(headers.get('x-request-id'), headers.get('authorization')),
  });
  const responseHeaders: Record<string, string> = { ...corsHeaders({ method: request.method ?? 'GET', origin: request.headers.origin }, options.allowedOrigins ?? []) };
  for (const [key, value] of result.headers) responseHeaders[key] = value;
  // The answer differs by Origin (CORS headers); caches must key on it.
  responseHeaders.vary = responseHeaders.vary ? `${responseHeaders.vary}, Origin` : 'Origin';
  if (result.status === 304) {
    // Not modified: headers only (RFC 9110 forbids a body).
    delete responseHeaders['content-type'];
    response.writeHead(304, responseHeaders);
    response.end();
    return;
  }
  if (result.body.kind === 'complete') {
    send(response, withinResponseBudget({ status: result.status ?? 200, headers: responseHeaders, body: result.body.string }, options.responseBudgetBytes));
  } else {
    response.writeHead(result.status ?? 200, responseHeaders);
    for await (const chunk of result.body.asyncIterator) response.write(chunk);
    response.end();
  }
}

export function createHttpServer(options: HttpServerOptions): Server {
  const graphiqlRoot = path.resolve(options.graphiqlDir);
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      try {
        if (url.pathname === '/' && request.method === 'GET') {
          response.writeHead(302, { location: '/graphql' });
          response.end();
        } else if (url.pathname === '/healthz') {
          sendJson(response, 200, { status: 'ok' });
        } else if (url.pathname === DEV_JWKS_PATH && request.method === 'GET' && options.jwks) {
          sendJson(response, 200, options.jwks);
        } else if (url.pathname === '/graphql' && request.method === 'OPTIONS') {
          answerPreflight(options, request, response);
        } else if (url.pathname === '/graphql' && wantsHtml(request)) {
          if (!(await serveFile(request, response, path.join(graphiqlRoot, 'index.html'), false))) {
            response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
            response.end('GraphiQL is not built. Run `npm run build:graphiql` (npm start does it for you).');
          }
        } else if (url.pathname === '/graphql') {
          await handleGraphql(options, request, response, url);
        } else if (url.pathname.startsWith('/graphiql/') && request.method === 'GET') {
          const name = decodePath(url.pathname.slice('/graphiql'.length));
          if (name === undefined) return sendJson(response, 400, { error: 'The path is not valid percent-encoding.' });
          const file = path.resolve(graphiqlRoot, `.${name}`);
          // Never serve anything outside the GraphiQL folder.
          if (!file.startsWith(graphiqlRoot + path.sep) || !(await serveFile(request, response, file, true))) {
            sendJson(response, 404, { error: 'Not found' });
          }
        } else {
          sendJson(response, 404, { error: 'Not found. The API is at /graphql.' });
        }
      } catch (error) {
        if (error instanceof BodyTooLargeError) return refuseBody(request, response);
        if (error instanceof BodyAbandonedError) return;
        console.error(JSON.stringify({ level: 'error', message: 'HTTP request failed', error: String((error as Error)?.stack ?? error) }));
        if (!response.headersSent) sendJson(response, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        else response.end();
      }
    })();
  });
}
