/** No focused or skipped tests in the suite: a lint rule as a test. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const testFiles = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts'));
// This file spells out the forbidden patterns, so it is the one file not checked for them.
const checkedFiles = testFiles.filter((f) => !f.endsWith('test-hygiene.unit.test.ts'));

describe('test files', () => {
  it('exist in every tier, named for their tier', () => {
    const tiers = new Set(testFiles.map((f) => /\.(unit|integration|e2e)\.test\.ts$/.exec(f)?.[1] ?? 'unnamed'));
    expect([...tiers].sort()).toEqual(['e2e', 'integration', 'unit']);
  });

  it.each(checkedFiles)('%s has no focused or skipped tests', (file) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    expect(source).not.toMatch(/\b(it|describe|test)\.(only|skip|todo)\(|\bf(it|describe)\(|\bx(it|describe)\(|@ts-nocheck/);
  });
});
