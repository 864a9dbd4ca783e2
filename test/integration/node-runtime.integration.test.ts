/**
 * The AWS SDK warns that its releases after early January 2027 need Node.js 22 or later.
 * The project runs on a Node it supports, so the warning does not apply: nothing silences it.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const constructClient = `
  import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
  process.on('warning', (w) => console.log('WARNING ' + w.name + ' ' + w.message.split('\\n')[0]));
  new DynamoDBClient({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:1' });
  await new Promise((r) => setTimeout(r, 50));
  console.log('constructed on ' + process.version);
`;

describe('the AWS SDK on the project runtime', () => {
  it('constructs a client without a Node.js support warning, with no switch to silence one', () => {
    const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _off, ...env } = process.env;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', constructClient], { encoding: 'utf8', env, timeout: 30_000 });
    expect(out).toContain(`constructed on ${process.version}`);
    expect(out).not.toMatch(/NodeVersionSupportWarning|will require node/);
  });
});
