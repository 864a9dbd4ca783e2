/** `npm start` and the tests that start the server run it with the same Node flags. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { SERVER_NODE_FLAGS } from '../fixtures/local-process.js';

const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the start scripts', () => {
  it('run the server with the flags the test fixture uses', () => {
    expect([scripts.start, scripts['start:memory']]).toEqual([
      `node ${SERVER_NODE_FLAGS.join(' ')} --import tsx functions/local/start.ts`,
      `node ${SERVER_NODE_FLAGS.join(' ')} --import tsx functions/local/start.ts --memory`,
    ]);
  });

  it('cap the young generation, which otherwise holds the server above 250 MB after a load', () => {
    expect(SERVER_NODE_FLAGS).toContain('--max-semi-space-size=8');
  });
});
