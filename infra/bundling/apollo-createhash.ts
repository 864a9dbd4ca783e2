// Stands in for @apollo/utils.createhash in the Lambda bundles (see
// infra/constructs/graph-function.ts). That package reaches Node's crypto through
// `module.require`, which a bundled CommonJS module does not have, so bundled it fell back
// to sha.js: every query was hashed in JavaScript, and sha.js and its polyfills (about
// 30 KB) were loaded on the first request. Here the hash is always Node's own.
import { createHash as nodeCreateHash, type Hash } from 'node:crypto';

export function createHash(kind: string): Hash {
  return nodeCreateHash(kind);
}
