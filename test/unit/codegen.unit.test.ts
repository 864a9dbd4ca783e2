/** Generated code is never edited by hand and never stale: codegen --check fails otherwise. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('graphql-codegen output', () => {
  it('matches the schema', () => {
    const run = () => execFileSync('npx', ['graphql-codegen', '--config', 'codegen.yml', '--check'], { encoding: 'utf8', stdio: 'pipe', timeout: 60_000 });
    expect(run).not.toThrow();
  });
});
