/**
 * Stands in for functions/local/engine.ts when the tiers run against DynamoDB Local
 * (see vitest.dynamodb-local.config.ts): every engine a test starts is a fresh DynamoDB
 * Local process, so each test file gets an empty engine of its own, as with dynalite.
 */
import type { EngineOptions, LocalEngine } from '../../functions/local/engine.js';
import { startDynamoDbLocal } from './dynamodb-local.js';

export type { EngineOptions, LocalEngine };

export async function startLocalEngine(_options: EngineOptions = {}): Promise<LocalEngine> {
  return startDynamoDbLocal(process.env.DYNAMODB_LOCAL_DIR);
}
