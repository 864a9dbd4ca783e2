/**
 * `npm run token -- --role officer [--subject NAME] [--expires-in SECONDS]`
 *
 * Prints an access token from the local dev issuer (functions/local/dev-issuer.ts) that
 * `npm start` accepts: paste it into GraphiQL's Headers tab as
 * `{"Authorization": "Bearer <token>"}`. Roles: officer, editor, or public (signed in,
 * in no group). The issuer's key lives in .local-data/dev-issuer/ (SCRUTINY_ISSUER_DIR
 * to choose another folder) and is made on first use, by whichever of `npm start` and
 * this command runs first. The token is for the local server only: no deployed stack
 * trusts it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Role } from '../core/access.js';
import { DEFAULT_ISSUER_DIR, loadOrCreateDevIssuer } from '../local/dev-issuer.js';

const ROLES: readonly Role[] = ['officer', 'editor', 'public'];
const USAGE = 'Usage: npm run token -- --role officer|editor|public [--subject NAME] [--expires-in SECONDS]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      subject: { type: 'string' },
      'expires-in': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}${values.role ? `; got "${values.role}"` : ''}.\n${USAGE}`);
  const expiresIn = values['expires-in'] === undefined ? 3600 : Number(values['expires-in']);
  if (!Number.isInteger(expiresIn) || expiresIn <= 0 || expiresIn > 86_400) throw new Error(`--expires-in must be a whole number of seconds from 1 to 86400; got "${values['expires-in']}".`);
  const dir = process.env.SCRUTINY_ISSUER_DIR ? path.resolve(process.env.SCRUTINY_ISSUER_DIR) : DEFAULT_ISSUER_DIR;
  const issuer = await loadOrCreateDevIssuer(dir);
  // The token alone on stdout, so `$(npm run -s token -- --role officer)` captures it.
  console.log(issuer.sign({ role, subject: values.subject, expiresInSeconds: expiresIn }));
  if (process.stderr.isTTY) console.error(`A ${role} token for the local server, valid ${expiresIn} s. In GraphiQL's Headers tab: {"Authorization": "Bearer <token>"}`);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
