/**
 * Who is asking, decided once per request from the Authorization header, before
 * anything runs:
 *
 * - no Authorization header: the anonymous viewer (public reads stay open to anyone);
 * - `Bearer <token>` whose token the verifier accepts (signature, issuer, audience or
 *   client, token use, expiry): a signed-in viewer whose role is the strongest of its
 *   groups (`cognito:groups`), or `public` when it is in none;
 * - anything else present (a forged, expired or foreign token, another scheme, an
 *   empty value): refused with `UNAUTHENTICATED`, HTTP 401 and a `WWW-Authenticate`
 *   challenge (RFC 6750). A bad token is never read as no token: a caller who meant to
 *   sign in must learn that it did not, rather than silently see less.
 *
 * On AWS the verifier is aws-jwt-verify's CognitoJwtVerifier for the stack's user pool
 * and app client, taking access tokens (the token meant for calling an API; the ID
 * token is for the front end itself). Locally it is aws-jwt-verify's JwtRsaVerifier
 * against the dev issuer's JWKS (functions/local/dev-issuer.ts).
 */
import { HeaderMap } from '@apollo/server';
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError,
  CognitoJwtInvalidTokenUseError,
  FetchError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  KidNotFoundInJwksError,
  ParameterValidationError,
  WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, type JwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { GraphQLError } from 'graphql';
import { ANONYMOUS, signedInViewer, type Viewer } from '../core/access.js';

/** Verifies a bearer token and returns its claims; rejects when the token is not acceptable. */
export interface TokenVerifier {
  verify(token: string): Promise<JwtPayload>;
}

/** The realm named in every challenge. */
export const REALM = 'scrutiny-graph';

/** Seconds of clock difference tolerated around `exp` and `nbf`. */
const GRACE_SECONDS = 5;

export interface CognitoVerifierOptions {
  /** The user pool, `<region>_<id>` (env COGNITO_USER_POOL_ID on Lambda). */
  userPoolId: string;
  /** The app client whose access tokens are accepted (env COGNITO_CLIENT_ID). */
  clientId: string;
  /** Where the pool's public keys come from. @default aws-jwt-verify's own cache, fetching the pool's JWKS over HTTPS */
  jwksCache?: JwksCache;
}

/**
 * Cognito access tokens of one app client of one user pool. Create it once (module
 * scope on Lambda): it caches the pool's keys between requests.
 */
export function cognitoVerifier(options: CognitoVerifierOptions) {
  return CognitoJwtVerifier.create(
    { userPoolId: options.userPoolId, clientId: options.clientId, tokenUse: 'access', graceSeconds: GRACE_SECONDS },
    options.jwksCache ? { jwksCache: options.jwksCache } : undefined,
  );
}

export interface JwksVerifierOptions {
  /** The exact `iss` a token must carry. */
  issuer: string;
  /** The `aud` a token must carry. */
  audience: string;
  /** Where the issuer's public keys are served. */
  jwksUri: string;
  /** How the JWKS is fetched. @default aws-jwt-verify's HTTPS fetcher */
  fetcher?: Fetcher;
}

/**
 * Access tokens of a generic RS256 issuer (the local dev issuer): issuer and audience
 * always checked, and `token_use` must be `access`, as Cognito's would be.
 */
export function jwksVerifier(options: JwksVerifierOptions) {
  return JwtRsaVerifier.create(
    {
      issuer: options.issuer,
      audience: options.audience,
      jwksUri: options.jwksUri,
      graceSeconds: GRACE_SECONDS,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new CognitoJwtInvalidTokenUseError('Token use not allowed', payload.token_use, 'access');
      },
    },
    options.fetcher ? { jwksCache: new SimpleJwksCache({ fetcher: options.fetcher }) } : undefined,
  );
}

/**
 * Fetches a JWKS over plain HTTP from loopback only: the local server's own dev issuer.
 * Anything else is refused, so the local verifier never reaches beyond this machine.
 */
export const loopbackFetcher: Fetcher = {
  async fetch(uri) {
    const url = new URL(uri);
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new FetchError(uri, 'the local verifier fetches keys from loopback only');
    }
    const response = await globalThis.fetch(url, { signal: AbortSignal.timeout(3_000) }).catch((error: unknown) => {
      throw new FetchError(uri, (error as Error).message);
    });
    if (!response.ok) throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  },
};

/** A GraphQL error that answers 401 with a Bearer challenge, and is never cached. */
export function unauthenticated(message: string, tokenError = true): GraphQLError {
  // RFC 6750: a request with no usable bearer credentials gets the bare challenge; one
  // whose token was refused gets `invalid_token` and a description.
  const challenge = tokenError ? `Bearer realm="${REALM}", error="invalid_token", error_description="${message.replace(/["\\]/g, '')}"` : `Bearer realm="${REALM}"`;
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge], ['cache-control', 'private, no-store']]) },
    },
  });
}

/** The verifier could not get the issuer's keys: nothing is wrong with the request. */
function verifierUnavailable(): GraphQLError {
  return new GraphQLError('Sign-in cannot be checked at the moment; retry the request in a moment, or send it without Authorization to read public data.', {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryable: true,
      http: { status: 503, headers: new HeaderMap([['retry-after', '1'], ['cache-control', 'private, no-store']]) },
    },
  });
}

/** What the caller should be told about a refused token: what is wrong with it, and what to do. */
function refusal(error: unknown): string {
  const again = 'sign in again and send the new access token';
  if (error instanceof JwtExpiredError) return `The bearer token has expired: ${again}.`;
  if (error instanceof JwtNotBeforeError) return `The bearer token is not valid yet: check the clock of the machine that issued it.`;
  // The Cognito verifier knows its pool's issuers only, and names any other "not configured".
  const foreignIssuer = error instanceof ParameterValidationError && /issuer not configured/.test(error.message);
  if (error instanceof JwtInvalidIssuerError || foreignIssuer) return `The bearer token was issued by another issuer than this API's sign-in: ${again}.`;
  if (error instanceof JwtInvalidAudienceError || error instanceof CognitoJwtInvalidClientIdError) return `The bearer token was issued for another application: ${again}.`;
  if (error instanceof CognitoJwtInvalidTokenUseError) return 'The bearer token is not an access token: send the access token, not the ID token.';
  if (error instanceof JwtInvalidSignatureAlgorithmError) return 'The bearer token is not signed with an accepted algorithm (RS256).';
  if (error instanceof JwtInvalidSignatureError || error instanceof KidNotFoundInJwksError || error instanceof WaitPeriodNotYetEndedJwkError) {
    return `The bearer token's signature does not verify with this API's sign-in keys: ${again}.`;
  }
  return `The bearer token is not a valid signed token (JWT): ${again}.`;
}

/** The claim lists groups as an array of strings; anything else grants nothing. */
function groupsOf(payload: JwtPayload): string[] {
  const groups = payload['cognito:groups'];
  return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Decides the viewer from the Authorization header (undefined when absent). Throws a
 * GraphQL error (UNAUTHENTICATED, 401; or SERVICE_UNAVAILABLE, 503, when the keys cannot
 * be fetched) for anything present that is not a token the verifier accepts, carrying
 * the request's correlation id as `x-request-id` like every other answer. With no
 * verifier configured, every token is refused: nobody can sign in.
 */
export async function viewerFromAuthorization(header: string | undefined | null, verifier: TokenVerifier | undefined, correlationId?: string): Promise<Viewer> {
  try {
    return await decideViewer(header, verifier);
  } catch (error) {
    const http = (error as GraphQLError).extensions?.http as { headers?: HeaderMap } | undefined;
    if (correlationId) http?.headers?.set('x-request-id', correlationId);
    throw error;
  }
}

async function decideViewer(header: string | undefined | null, verifier: TokenVerifier | undefined): Promise<Viewer> {
  if (header === undefined || header === null) return ANONYMOUS;
  const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i.exec(header);
  if (!match) {
    throw unauthenticated('The Authorization header must be "Bearer <access token>"; send no Authorization header to read public data.', false);
  }
  if (!verifier) throw unauthenticated('This API has no sign-in configured, so no token is accepted; send no Authorization header to read public data.');
  let payload: JwtPayload;
  try {
    payload = await verifier.verify(match[1]!);
  } catch (error) {
    // The issuer's keys could not be fetched: the token may be good, so it is not refused.
    if (error instanceof FetchError) throw verifierUnavailable();
    throw unauthenticated(refusal(error));
  }
  // aws-jwt-verify checks `exp` when present; a token that never expires is not accepted at all.
  if (typeof payload.exp !== 'number') throw unauthenticated('The bearer token has no expiry (exp): sign in again and send the new access token.');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('The bearer token names no subject (sub): sign in again and send the new access token.');
  return signedInViewer(payload.sub, groupsOf(payload));
}
