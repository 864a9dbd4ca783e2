/**
 * The one place that makes DynamoDB clients. Configuration comes from the
 * environment, so the same code talks to DynamoDB, DynamoDB Local or the embedded
 * engine: set DYNAMODB_ENDPOINT for a local engine.
 *
 * Two kinds: `createTableClient`, the graph table's client for every read and write of
 * items (table-client.ts: DynamoDB's JSON protocol without the AWS SDK, so the GraphQL
 * Lambda does not load the SDK), and `createDynamoDbClient`, the AWS SDK's client, for
 * the control plane only (table-admin.ts: create, describe, delete a table).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { UnavailableError } from '../core/errors.js';
import { awsRegion } from './region.js';
import { DynamoDbTableClient, isRetryableLater, type Credentials, type TableClient } from './table-client.js';

export { isRetryableLater };

/**
 * The retry policy for every DynamoDB call, chosen for a read API that answers people
 * within a 10 s Lambda timeout:
 *
 * - **Standard mode**, not adaptive. Standard retries throttling and transient errors
 *   (ProvisionedThroughputExceededException, ThrottlingException, 5xx, connection
 *   resets and timeouts) and keeps a retry quota, so a dependency that is down is not
 *   hammered by retry storms. Adaptive adds a client-side rate limiter that, after a
 *   throttle on one hot partition, slows every later request of the process, which on
 *   an on-demand table whose throttles are short-lived turns one burst into latency
 *   for all callers.
 * - **8 attempts** (7 retries; the AWS SDK's long-standing default for DynamoDB was 10
 *   retries). With one request in five throttled, a call still fails after all of them
 *   about once in 400,000 (0.2^8), so a trace or search of some 40 calls fails about
 *   once in 10,000; with 6 attempts it was once in 400, too often under a throttling
 *   burst.
 * - **Full-jitter backoff from 50 ms, doubling, capped at 800 ms** (50 ms was the SDK's
 *   long-standing base for DynamoDB; the current default waits up to 1 s per throttling
 *   retry): at most 50 + 100 + 200 + 400 + 800 + 800 + 800 = 3.15 s of waiting for one
 *   call, and that only when every retry is throttled; a retry that succeeds costs a
 *   fraction of the first steps. That leaves room for a trace's sequential rounds in
 *   the Lambda's 10 s.
 *
 * BatchGetItem's UnprocessedKeys and BatchWriteItem's UnprocessedItems are successes to
 * the client; graph-store.ts retries those itself. When retries run out the client
 * throws an UnavailableError (SERVICE_UNAVAILABLE, HTTP 503), the last error its cause.
 * The table client (table-client.ts) and the SDK's client both follow this policy.
 */
export const RETRY_POLICY = { mode: 'standard', maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 800 } as const;

/** Delay before retry number `retry` (1 is the first): full jitter over a capped exponential. */
export function retryDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export interface ClientOptions {
  /** Endpoint URL of a local engine; unset for AWS. */
  endpoint?: string;
  region?: string;
  /**
   * Observes every command sent (request-count tests and benchmarks use it); the
   * function it returns, if any, is called when the command completes.
   */
  onRequest?: (command: string) => void | (() => void);
}

/** Credentials a local engine accepts (it accepts any; DynamoDB Local checks the signature with them). */
const LOCAL_CREDENTIALS: Credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The role's credentials, as Lambda puts them in the environment. */
export function environmentCredentials(): Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error('No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); Lambda sets them. Elsewhere set them, or pass credentials (e.g. the AWS SDK\'s default chain).');
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export interface TableClientOptions extends ClientOptions {
  /**
   * Where credentials come from against AWS: by default the environment (Lambda's). A
   * command run from a workstation passes the AWS SDK's default chain (profiles, SSO).
   * Ignored with a local endpoint.
   */
  credentials?: () => Promise<Credentials>;
}

/** The graph table's client (table-client.ts), with RETRY_POLICY. */
export function createTableClient(options: TableClientOptions = {}): TableClient {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  return new DynamoDbTableClient({
    endpoint,
    region: awsRegion(options.region),
    credentials: endpoint ? () => LOCAL_CREDENTIALS : (options.credentials ?? environmentCredentials),
    maxAttempts: RETRY_POLICY.maxAttempts,
    retryDelay: (retry) => retryDelay(retry),
    onRequest: options.onRequest,
  });
}

/** The AWS SDK's DynamoDB client, with RETRY_POLICY: for table administration (table-admin.ts). */
export function createDynamoDbClient(options: ClientOptions = {}): DynamoDBClient {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const config: DynamoDBClientConfig = {
    region: awsRegion(options.region),
    // ConfiguredRetryStrategy is the standard retry mode with our own backoff.
    retryStrategy: new ConfiguredRetryStrategy(RETRY_POLICY.maxAttempts, (retry) => retryDelay(retry)),
  };
  if (endpoint) {
    config.endpoint = endpoint;
    // A local engine accepts any credentials; these keep the SDK from searching for real ones.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  const client = new DynamoDBClient(config);
  // Outermost, so it sees only what is left once the SDK has retried.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw isRetryableLater(error) ? new UnavailableError(undefined, { cause: error }) : error;
      }
    },
    { step: 'initialize', name: 'unavailableAfterRetries', priority: 'high' },
  );
  if (options.onRequest) {
    const onRequest = options.onRequest;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const done = onRequest(String(context.commandName ?? 'unknown'));
        try {
          return await next(args);
        } finally {
          if (done) done();
        }
      },
      { step: 'initialize', name: 'countRequests' },
    );
  }
  return client;
}
