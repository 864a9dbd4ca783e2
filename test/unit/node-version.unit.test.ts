/**
 * One supported Node.js major: `.nvmrc`, `engines`, the pinned `node` dev dependency, the
 * Lambda runtime and the bundle target name the same one, and the tests run on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_TARGET, NODE_RUNTIME } from '../../infra/constructs/graph-function.js';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const nvmrc = readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
const major = Number(nvmrc);

describe('the supported Node.js major', () => {
  it('is one whole major in .nvmrc', () => {
    expect(nvmrc).toMatch(/^\d+$/);
  });

  it('is the one package.json engines allows, and no other', () => {
    expect(pkg.engines.node).toBe(`>=${major} <${major + 1}`);
  });

  it('is the version of the node dev dependency that npm scripts run on, pinned exactly', () => {
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
  });

  it('is the Lambda runtime and the bundle target', () => {
    expect(NODE_RUNTIME.name).toBe(`nodejs${major}.x`);
    expect(BUNDLE_TARGET).toBe(`node${major}`);
  });

  it('is what these tests run on, at the pinned version', () => {
    const hint = 'run the tests through npm (npm test), which puts node_modules/.bin/node first on PATH; after `npm ci --ignore-scripts` the runtime was never fetched';
    expect(process.versions.node, hint).toBe(pkg.devDependencies.node);
  });
});
