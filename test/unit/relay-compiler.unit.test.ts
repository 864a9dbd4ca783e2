/**
 * The schema is Relay-ready: relay-compiler (offline, the npm package's own binary)
 * compiles sample front-end operations that use @connection both ways and @refetchable,
 * and types the closed sets as enums and dates as the Date scalar.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const compiler = path.join(root, 'node_modules', '.bin', 'relay-compiler');
const work = mkdtempSync(path.join(tmpdir(), 'relay-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Compiles the sample operations against `schema` in a fresh folder; returns the exit status, output and artifacts folder. */
function compile(name: string, schema: string) {
  const dir = path.join(work, name);
  cpSync(path.join(root, 'test', 'fixtures', 'relay'), path.join(dir, 'src'), { recursive: true });
  mkdirSync(path.join(dir, '__generated__'));
  writeFileSync(path.join(dir, 'schema.graphql'), schema);
  writeFileSync(
    path.join(dir, 'relay.config.json'),
    JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript', artifactDirectory: './__generated__', customScalarTypes: { Date: 'string' } }),
  );
  const run = spawnSync(compiler, [], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, artifact: (file: string) => readFileSync(path.join(dir, '__generated__', file), 'utf8') };
}

const schema = readFileSync(path.join(root, 'schema', 'schema.graphql'), 'utf8');

describe('relay-compiler on the sample operations', () => {
  const result = compile('current', schema);

  it('compiles them without an error', () => {
    expect(result.output).toContain('Compilation completed');
    expect(result.status).toBe(0);
  });

  it('makes the meeting list a connection paged both ways, with a generated pagination query', () => {
    const fragment = result.artifact('MeetingList_query.graphql.ts');
    expect(fragment).toContain('"direction": "bidirectional"');
    expect(result.artifact('MeetingListPaginationQuery.graphql.ts')).toMatch(/nodes\(type: MEETING, first: \$first, after: \$after, last: \$last, before: \$before\)/);
  });

  it('makes the tracker a connection paged both ways, its dates typed as the Date scalar', () => {
    const fragment = result.artifact('TrackerTable_query.graphql.ts');
    expect(fragment).toContain('"direction": "bidirectional"');
    expect(fragment).toContain('readonly lastActivity: string | null | undefined;');
    expect(result.artifact('TrackerTablePaginationQuery.graphql.ts')).toMatch(/tracker\(filter: \{delivery: \[NOT_RECORDED\]\}, first: \$first, after: \$after, last: \$last, before: \$before\)/);
  });

  it('refetches a recommendation through Query.node, typed with enums', () => {
    expect(result.artifact('RecommendationCardRefetchQuery.graphql.ts')).toContain('node(id: $id)');
    const card = result.artifact('RecommendationCard_recommendation.graphql.ts');
    expect(card).toContain('export type FollowUp = "NONE" | "REQUIRED"');
    expect(card).toContain('export type RecommendationStatus = "ADOPTED" | "PROPOSED"');
    expect(card).toMatch(/export type EdgeType = [^;]*"TAKES_UP"/);
    expect(card).toContain('readonly observedOn: string | null | undefined;');
  });

  it('would refuse them if PageInfo lacked hasPreviousPage, as it once did', () => {
    const without = compile('no-previous-page', schema.replace(/^\s*hasPreviousPage: Boolean!\n/m, ''));
    expect(without.status).not.toBe(0);
    expect(without.output).toMatch(/hasPreviousPage/);
  });
});
