import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_AUDIENCE, DEV_ISSUER, ephemeralDevIssuer, loadOrCreateDevIssuer } from '../../functions/local/dev-issuer.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'issuer-unit-'));
  dirs.push(dir);
  return dir;
}

const decode = (token: string) => token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);

describe('the dev issuer', () => {
  it('signs access tokens shaped like Cognito access tokens, with the role as the only group', () => {
    const [header, payload] = decode(ephemeralDevIssuer().sign({ role: 'officer', expiresInSeconds: 60 }));
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(payload).toMatchObject({ iss: DEV_ISSUER, aud: DEV_AUDIENCE, client_id: DEV_AUDIENCE, token_use: 'access', sub: 'local-officer', 'cognito:groups': ['officer'] });
    expect((payload!.exp as number) - (payload!.iat as number)).toBe(60);
  });

  it('gives a public token no group at all', () => {
    const [, payload] = decode(ephemeralDevIssuer().sign({ role: 'public', subject: 'someone' }));
    expect(payload).not.toHaveProperty('cognito:groups');
    expect(payload!.sub).toBe('someone');
    expect((payload!.exp as number) - (payload!.iat as number)).toBe(3600);
  });

  it('refuses a lifetime that is not a positive whole number of seconds', () => {
    const issuer = ephemeralDevIssuer();
    for (const expiresInSeconds of [0, -1, 1.5]) expect(() => issuer.sign({ role: 'officer', expiresInSeconds })).toThrow(/positive whole number/);
  });

  it('keeps one key per folder across loads, and two concurrent first loads agree on it', async () => {
    const dir = await tempDir();
    const [a, b] = await Promise.all([loadOrCreateDevIssuer(dir), loadOrCreateDevIssuer(dir)]);
    const c = await loadOrCreateDevIssuer(dir);
    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
    expect(await readdir(dir)).toEqual(['signing-key.pem']);
  });

  it('names a different key with a different key id', async () => {
    expect(ephemeralDevIssuer().kid).not.toBe(ephemeralDevIssuer().kid);
  });
});
