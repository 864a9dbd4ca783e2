/**
 * The local dev issuer: sign in as a role without AWS. It holds its own RSA key pair,
 * generated the first time it is needed and kept in `.local-data/dev-issuer/` (ignored
 * by git, readable by its owner only), so `npm start` and `npm run token` share it and
 * tokens outlive a restart. `npm start` serves its public keys (JWKS) at
 * `/.well-known/jwks.json` and verifies tokens against them with aws-jwt-verify's
 * JwtRsaVerifier, exactly as the Lambda verifies Cognito's.
 *
 * Its tokens are shaped like Cognito access tokens: `sub`, `token_use: access`,
 * `client_id`, `cognito:groups`, plus `aud` for the generic verifier. They are for this
 * machine only: the issuer and audience name the local server, and no deployed stack
 * trusts them.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Role } from '../core/access.js';
import { PROJECT_ROOT } from './dataset-files.js';

/** The `iss` of every dev token, whatever port the server listens on. */
export const DEV_ISSUER = 'urn:scrutiny-graph:local-dev-issuer';
/** The `aud` (and `client_id`) of every dev token. */
export const DEV_AUDIENCE = 'scrutiny-graph-local';
/** Where `npm start` serves the dev issuer's public keys. */
export const DEV_JWKS_PATH = '/.well-known/jwks.json';

export const DEFAULT_ISSUER_DIR = path.join(PROJECT_ROOT, '.local-data', 'dev-issuer');
const KEY_FILE = 'signing-key.pem';

export interface TokenRequest {
  role: Role;
  /** The token's subject. @default `local-<role>` */
  subject?: string;
  /** Lifetime in seconds. @default 3600 (Cognito's default for access tokens) */
  expiresInSeconds?: number;
}

export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface DevIssuer {
  issuer: string;
  audience: string;
  kid: string;
  jwks: { keys: PublicJwk[] };
  /** An RS256 access token for the role; `public` carries no group. */
  sign(request: TokenRequest): string;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** The key's RFC 7638 thumbprint, so the key id changes exactly when the key does. */
function thumbprint(jwk: { e: string; kty: string; n: string }): string {
  return createHash('sha256').update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest('base64url');
}

export function devIssuerFromKey(privateKey: KeyObject, now: () => number = Date.now): DevIssuer {
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { kty: 'RSA'; n: string; e: string };
  const kid = thumbprint(publicJwk);
  const jwk: PublicJwk = { kty: 'RSA', n: publicJwk.n, e: publicJwk.e, kid, alg: 'RS256', use: 'sig' };
  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    kid,
    jwks: { keys: [jwk] },
    sign({ role, subject, expiresInSeconds = 3600 }) {
      if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) throw new Error(`A token's lifetime is a positive whole number of seconds; got ${expiresInSeconds}.`);
      const issuedAt = Math.floor(now() / 1000);
      const header = { alg: 'RS256', typ: 'JWT', kid };
      const payload = {
        iss: DEV_ISSUER,
        aud: DEV_AUDIENCE,
        client_id: DEV_AUDIENCE,
        token_use: 'access',
        sub: subject ?? `local-${role}`,
        ...(role === 'public' ? {} : { 'cognito:groups': [role] }),
        iat: issuedAt,
        exp: issuedAt + expiresInSeconds,
        jti: randomUUID(),
      };
      const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
  };
}

/** A dev issuer with a fresh key that lives in memory only (tests, `--memory` runs of the issuer). */
export function ephemeralDevIssuer(): DevIssuer {
  return devIssuerFromKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
}

/**
 * The dev issuer whose key is kept in `dir`, generating the key the first time. Two
 * processes starting together agree: the key is written whole to a file of its own and
 * linked into place, which only one of them can do; the other reads the winner's key.
 */
export async function loadOrCreateDevIssuer(dir: string = DEFAULT_ISSUER_DIR): Promise<DevIssuer> {
  const file = path.join(dir, KEY_FILE);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing) return devIssuerFromKey(createPrivateKey(existing));
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const draft = `${file}.${process.pid}.${randomUUID()}`;
  await writeFile(draft, pem, { flag: 'wx', mode: 0o600 });
  try {
    await link(draft, file);
    return devIssuerFromKey(privateKey);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return devIssuerFromKey(createPrivateKey(await readFile(file, 'utf8')));
  } finally {
    await rm(draft, { force: true });
  }
}
