/**
 * The graph table's client: DynamoDB's JSON protocol (one POST per call, the operation in
 * `X-Amz-Target`, SigV4-signed with node:crypto) over node:http or node:https, with plain
 * JS values marshalled to and from DynamoDB's AttributeValues. The storage code talks to
 * the `TableClient` port below; its inputs and outputs are shaped like the AWS SDK's
 * document client (Key, Item, ExpressionAttributeValues as plain values), so the store
 * code reads as it would on the SDK.
 *
 * Why not the AWS SDK: the GraphQL Lambda's cold start. Bundled, client-dynamodb and
 * lib-dynamodb were about 200 KB of the function's code (792,819 bytes with them, 589,658
 * without), parsed and run at every cold start, and the first request went through the
 * SDK's middleware stack, serialisers and endpoint rules; this module is 8 KB minified and
 * its first request is one signed POST. `npm run bench:scale -- --lambda-only` measures the
 * cold start against a bare Apollo bundle (figures in infra/README.md, "Bundling").
 *
 * What it covers: the data-plane calls the store makes (GetItem, Query, Scan,
 * BatchGetItem, PutItem, DeleteItem, UpdateItem, BatchWriteItem). The writers (the loader,
 * the import) and the export run on it too, not on the SDK: they write and scan through
 * the same DynamoGraphStore and graph-scan code as the API reads with, so one client
 * carries every item of the table and every test of the writers also tests the code the
 * Lambda runs; two clients would mean two marshallers and two retry paths to keep alike.
 * Their cold start does not matter, so it is not why. Commands run from a workstation
 * against AWS pass the SDK's default credential chain in (functions/cli/load.ts). The
 * control plane (CreateTable, DescribeTable, DeleteTable, in table-admin.ts) and S3 keep
 * the SDK: they are not on a request path, and their APIs are large and rarely called.
 *
 * Behaviour kept from the SDK's document client and standard retry mode:
 * - marshalling: strings, numbers (integers beyond 2^53 come back as BigInt, and are
 *   refused as numbers on the way in), bigints, booleans, null, lists, maps, sets of
 *   strings, numbers or binaries, and binary values; undefined values in maps and lists
 *   are left out (removeUndefinedValues); class instances (Date among them) are refused.
 * - retries: throttling (429 and DynamoDB's throttling errors), 5xx, and connection
 *   resets, refusals and timeouts are retried up to `maxAttempts` with the delay the
 *   caller gives, within a retry quota (500 units, 5 per retry, 10 per retry after a
 *   timeout, refunded on success) so a dependency that is down is not hammered; when
 *   attempts or quota run out the last error is thrown wrapped in an UnavailableError.
 *   BatchGetItem's UnprocessedKeys and BatchWriteItem's UnprocessedItems are successes
 *   here as there; the store retries them.
 * - errors: DynamoDB's error name (`ConditionalCheckFailedException`, `ValidationException`,
 *   ...) is the error's `name`, its HTTP status `$metadata.httpStatusCode`.
 *
 * Left out: clock-skew correction (a request is signed with the local clock, which Lambda
 * keeps synchronised), endpoint discovery, checks of the response's CRC32 header, and every
 * DynamoDB operation the store does not call.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Agent, IncomingMessage, RequestOptions } from 'node:http';
import { UnavailableError } from '../core/errors.js';

export type Item = Record<string, unknown>;
/** A key: an item's key attributes (an interface such as keys.ts's ItemKey will do). */
export type Key = object;

interface Expressions {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

export interface GetInput extends Expressions {
  TableName: string;
  Key: Key;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
}

export interface QueryInput extends Expressions {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExclusiveStartKey?: Item;
  Limit?: number;
  ScanIndexForward?: boolean;
  ConsistentRead?: boolean;
  Select?: 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';
}

export interface ScanInput extends Expressions {
  TableName: string;
  IndexName?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExclusiveStartKey?: Item;
  Limit?: number;
  Segment?: number;
  TotalSegments?: number;
}

export interface PageOutput {
  Items?: Item[];
  Count?: number;
  ScannedCount?: number;
  LastEvaluatedKey?: Item;
}

export interface KeysAndAttributes {
  Keys: Key[];
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ConsistentRead?: boolean;
}

export interface BatchGetInput {
  RequestItems: Record<string, KeysAndAttributes>;
}

export interface BatchGetOutput {
  Responses?: Record<string, Item[]>;
  UnprocessedKeys?: Record<string, KeysAndAttributes>;
}

export interface PutInput extends Expressions {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
}

export interface DeleteInput extends Expressions {
  TableName: string;
  Key: Key;
  ConditionExpression?: string;
}

export interface UpdateInput extends Expressions {
  TableName: string;
  Key: Key;
  UpdateExpression: string;
  ConditionExpression?: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}

export interface WriteRequest {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Key };
}

export interface BatchWriteInput {
  RequestItems: Record<string, WriteRequest[]>;
}

export interface BatchWriteOutput {
  UnprocessedItems?: Record<string, WriteRequest[]>;
}

/** The calls the storage code makes on the graph table. */
export interface TableClient {
  get(input: GetInput): Promise<{ Item?: Item }>;
  query(input: QueryInput): Promise<PageOutput>;
  scan(input: ScanInput): Promise<PageOutput>;
  batchGet(input: BatchGetInput): Promise<BatchGetOutput>;
  put(input: PutInput): Promise<void>;
  delete(input: DeleteInput): Promise<void>;
  update(input: UpdateInput): Promise<{ Attributes?: Item }>;
  batchWrite(input: BatchWriteInput): Promise<BatchWriteOutput>;
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TableClientConfig {
  /** Endpoint URL (http:// or https://); unset: DynamoDB's regional endpoint. */
  endpoint?: string;
  region: string;
  /** Asked before each request (a provider may cache); on Lambda, the environment's. */
  credentials: () => Credentials | Promise<Credentials>;
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Milliseconds to wait before retry number `retry` (1 is the first). */
  retryDelay: (retry: number) => number;
  /**
   * Observes every call with the AWS SDK client's name for its command ('QueryCommand',
   * 'BatchGetItemCommand', ...), once per call whatever its retries; the function it returns, if any, is called when the
   * call completes.
   */
  onRequest?: (command: string) => void | (() => void);
}

// ---------------------------------------------------------------------------------
// Marshalling: plain JS values <-> AttributeValue (DynamoDB JSON).
// ---------------------------------------------------------------------------------

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be stored: DynamoDB numbers are finite.`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new TypeError(`${value} is beyond Number.MAX_SAFE_INTEGER and would lose precision; pass it as a BigInt.`);
  return String(value);
}

const isBinary = (value: unknown): value is Uint8Array | ArrayBuffer => value instanceof Uint8Array || value instanceof ArrayBuffer;
const base64 = (value: Uint8Array | ArrayBuffer) => Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value).toString('base64');

/** One value as an AttributeValue; undefined for undefined (its key or element is left out). */
export function marshallValue(value: unknown): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      return { N: numberText(value) };
    case 'bigint':
      return { N: value.toString() };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      break;
    default:
      throw new TypeError(`A ${typeof value} cannot be stored in DynamoDB.`);
  }
  if (Array.isArray(value)) return { L: value.map(marshallValue).filter((v): v is AttributeValue => v !== undefined) };
  if (isBinary(value)) return { B: base64(value) };
  if (value instanceof Set) return marshallSet(value);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new TypeError(`A ${(value as object).constructor?.name ?? 'class instance'} cannot be stored in DynamoDB; convert it to a plain object or a string first.`);
  return { M: marshallItem(value as Item) };
}

function marshallSet(set: Set<unknown>): AttributeValue {
  const members = [...set].filter((member) => member !== undefined);
  if (members.length === 0) throw new TypeError('An empty set cannot be stored in DynamoDB.');
  if (members.every((member) => typeof member === 'string')) return { SS: members as string[] };
  if (members.every((member) => typeof member === 'number' || typeof member === 'bigint')) return { NS: members.map((member) => (typeof member === 'number' ? numberText(member) : String(member))) };
  if (members.every(isBinary)) return { BS: members.map(base64) };
  throw new TypeError('A set stored in DynamoDB holds only strings, only numbers or only binary values.');
}

/** A map of plain values as a map of AttributeValues, undefined values left out. */
export function marshallItem(item: object): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(item)) {
    const attribute = marshallValue(value);
    if (attribute !== undefined) out[key] = attribute;
  }
  return out;
}

function nativeNumber(text: string): number | bigint {
  const value = Number(text);
  if (Number.isFinite(value) && (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER)) {
    try {
      return BigInt(text);
    } catch {
      throw new RangeError(`${text} is outside the range a JS number holds exactly.`);
    }
  }
  return value;
}

/** An AttributeValue as a plain value (sets as Set, binaries as Uint8Array). */
export function unmarshallValue(attribute: AttributeValue): unknown {
  const [type, value] = Object.entries(attribute)[0] ?? [];
  switch (type) {
    case 'S':
      return value as string;
    case 'N':
      return nativeNumber(value as string);
    case 'BOOL':
      return value as boolean;
    case 'NULL':
      return null;
    case 'B':
      return new Uint8Array(Buffer.from(value as string, 'base64'));
    case 'L':
      return (value as AttributeValue[]).map(unmarshallValue);
    case 'M':
      return unmarshallItem(value as Record<string, AttributeValue>);
    case 'SS':
      return new Set(value as string[]);
    case 'NS':
      return new Set((value as string[]).map(nativeNumber));
    case 'BS':
      return new Set((value as string[]).map((b) => new Uint8Array(Buffer.from(b, 'base64'))));
    default:
      throw new TypeError(`Unknown DynamoDB attribute type ${String(type)}.`);
  }
}

export function unmarshallItem(item: Record<string, AttributeValue>): Item {
  const out: Item = {};
  for (const [key, value] of Object.entries(item)) out[key] = unmarshallValue(value);
  return out;
}

const marshallOptional = (item: Item | undefined) => (item === undefined ? undefined : marshallItem(item));
const unmarshallOptional = (item: Record<string, AttributeValue> | undefined) => (item === undefined ? undefined : unmarshallItem(item));

function mapValues<T, U>(record: Record<string, T> | undefined, f: (value: T) => U): Record<string, U> | undefined {
  if (record === undefined) return undefined;
  const out: Record<string, U> = {};
  for (const [key, value] of Object.entries(record)) out[key] = f(value);
  return out;
}

/** Marshals the fields of an input that hold plain values; the rest go as they are. */
function marshallInput<T extends Expressions & { Key?: Key; Item?: Item; ExclusiveStartKey?: Item }>(input: T): object {
  return {
    ...input,
    ...(input.Key ? { Key: marshallItem(input.Key) } : {}),
    ...(input.Item ? { Item: marshallItem(input.Item) } : {}),
    ...(input.ExclusiveStartKey ? { ExclusiveStartKey: marshallItem(input.ExclusiveStartKey) } : {}),
    ...(input.ExpressionAttributeValues ? { ExpressionAttributeValues: marshallItem(input.ExpressionAttributeValues) } : {}),
  };
}

type Wire = Record<string, AttributeValue>;

const keysAndAttributes = (entry: KeysAndAttributes, f: (key: never) => unknown) => ({ ...entry, Keys: entry.Keys.map(f as (key: unknown) => never) });
const writeRequests = (requests: WriteRequest[], f: (item: never) => unknown) =>
  requests.map((request) => ({
    ...(request.PutRequest ? { PutRequest: { Item: f(request.PutRequest.Item as never) } } : {}),
    ...(request.DeleteRequest ? { DeleteRequest: { Key: f(request.DeleteRequest.Key as never) } } : {}),
  })) as WriteRequest[];

// ---------------------------------------------------------------------------------
// Errors and retries.
// ---------------------------------------------------------------------------------

/** DynamoDB's (and the AWS SDK's) names for "too many requests, slow down". */
const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const CONNECTION_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

interface ServiceErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** Throttling, a 5xx, a reset or a timeout: the request was fine and may succeed later. */
export function isRetryableLater(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name = '', code = '', $metadata, cause } = error as ServiceErrorShape;
  if (name === 'AbortError') return false;
  const status = $metadata?.httpStatusCode ?? 0;
  return (
    status === 429 ||
    (status >= 500 && status <= 599) ||
    THROTTLING_NAMES.has(name) ||
    TIMEOUT_NAMES.has(name) ||
    CONNECTION_CODES.has(code) ||
    (cause !== undefined && depth < 10 && isRetryableLater(cause, depth + 1))
  );
}

/** The error DynamoDB answered with: its name, message and HTTP status. */
export class DynamoDbServiceError extends Error {
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  constructor(name: string, message: string, httpStatusCode: number, requestId?: string) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode, ...(requestId ? { requestId } : {}) };
  }
}

function serviceError(status: number, body: string, headers: IncomingMessage['headers']): DynamoDbServiceError {
  let type = String(headers['x-amzn-errortype'] ?? '');
  let message = '';
  try {
    const parsed = JSON.parse(body) as { __type?: string; message?: string; Message?: string };
    type = parsed.__type ?? type;
    message = parsed.message ?? parsed.Message ?? '';
  } catch {
    message = body.slice(0, 200);
  }
  // "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", or "Name:http://..." in the header.
  const name = type.split('#').pop()!.split(':')[0] || (status >= 500 ? 'InternalServerError' : 'UnknownError');
  return new DynamoDbServiceError(name, message || `DynamoDB answered ${status} ${name}`, status, headers['x-amzn-requestid'] as string | undefined);
}

/** The standard retry mode's quota: retries spend it, successes refill it. */
const RETRY_QUOTA = { capacity: 500, cost: 5, timeoutCost: 10, refillOnSuccess: 1 } as const;

// ---------------------------------------------------------------------------------
// Signing (AWS Signature Version 4) and the HTTP request.
// ---------------------------------------------------------------------------------

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** The headers of a signed DynamoDB JSON request (SigV4, service `dynamodb`). */
export function signedHeaders(request: { host: string; path: string; target: string; body: string; region: string; credentials: Credentials; now: Date }): Record<string, string> {
  const amzDate = request.now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.0',
    host: request.host,
    'x-amz-date': amzDate,
    ...(request.credentials.sessionToken ? { 'x-amz-security-token': request.credentials.sessionToken } : {}),
    'x-amz-target': request.target,
  };
  const names = Object.keys(headers).sort();
  const canonical = ['POST', request.path, '', ...names.map((name) => `${name}:${headers[name]!.trim()}`), '', names.join(';'), sha256(request.body)].join('\n');
  const scope = `${day}/${request.region}/dynamodb/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${request.credentials.secretAccessKey}`, day), request.region), 'dynamodb'), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Operation = 'GetItem' | 'Query' | 'Scan' | 'BatchGetItem' | 'PutItem' | 'DeleteItem' | 'UpdateItem' | 'BatchWriteItem';


export class DynamoDbTableClient implements TableClient {
  private readonly url: URL;
  private quota: number = RETRY_QUOTA.capacity;
  private transport?: { request: typeof import('node:http').request; agent: Agent };

  constructor(private readonly config: TableClientConfig) {
    this.url = new URL(config.endpoint ?? `https://dynamodb.${config.region}.amazonaws.com/`);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') throw new Error(`DynamoDB endpoint must be http:// or https://; got ${config.endpoint}`);
  }

  async get(input: GetInput): Promise<{ Item?: Item }> {
    const output = (await this.call('GetItem', marshallInput(input))) as { Item?: Wire };
    return { Item: unmarshallOptional(output.Item) };
  }

  async query(input: QueryInput): Promise<PageOutput> {
    return this.page(await this.call('Query', marshallInput(input)));
  }

  async scan(input: ScanInput): Promise<PageOutput> {
    return this.page(await this.call('Scan', marshallInput(input)));
  }

  async batchGet(input: BatchGetInput): Promise<BatchGetOutput> {
    const output = (await this.call('BatchGetItem', { RequestItems: mapValues(input.RequestItems, (entry) => keysAndAttributes(entry, marshallItem)) })) as {
      Responses?: Record<string, Wire[]>;
      UnprocessedKeys?: Record<string, KeysAndAttributes>;
    };
    return {
      Responses: mapValues(output.Responses, (items) => items.map(unmarshallItem)),
      UnprocessedKeys: mapValues(output.UnprocessedKeys, (entry) => keysAndAttributes(entry, unmarshallItem) as KeysAndAttributes),
    };
  }

  async put(input: PutInput): Promise<void> {
    await this.call('PutItem', marshallInput(input));
  }

  async delete(input: DeleteInput): Promise<void> {
    await this.call('DeleteItem', marshallInput(input));
  }

  async update(input: UpdateInput): Promise<{ Attributes?: Item }> {
    const output = (await this.call('UpdateItem', marshallInput(input))) as { Attributes?: Wire };
    return { Attributes: unmarshallOptional(output.Attributes) };
  }

  async batchWrite(input: BatchWriteInput): Promise<BatchWriteOutput> {
    const output = (await this.call('BatchWriteItem', { RequestItems: mapValues(input.RequestItems, (requests) => writeRequests(requests, marshallItem)) })) as {
      UnprocessedItems?: Record<string, WriteRequest[]>;
    };
    return { UnprocessedItems: mapValues(output.UnprocessedItems, (requests) => writeRequests(requests, unmarshallItem)) };
  }

  private page(output: unknown): PageOutput {
    const { Items, LastEvaluatedKey, Count, ScannedCount } = output as { Items?: Wire[]; LastEvaluatedKey?: Wire; Count?: number; ScannedCount?: number };
    return { Items: Items?.map(unmarshallItem), LastEvaluatedKey: unmarshallOptional(LastEvaluatedKey), Count, ScannedCount };
  }

  /** One call: its attempts, within the retry quota; an UnavailableError once they run out. */
  private async call(operation: Operation, input: object): Promise<unknown> {
    const done = this.config.onRequest?.(`${operation}Command`);
    try {
      const body = JSON.stringify(input);
      let spent = 0;
      for (let attempt = 1; ; attempt++) {
        try {
          const output = await this.send(operation, body);
          this.quota = Math.min(RETRY_QUOTA.capacity, this.quota + (spent || RETRY_QUOTA.refillOnSuccess));
          return output;
        } catch (error) {
          if (!isRetryableLater(error)) throw error;
          const cost = TIMEOUT_NAMES.has((error as Error).name) || (error as ServiceErrorShape).code === 'ETIMEDOUT' ? RETRY_QUOTA.timeoutCost : RETRY_QUOTA.cost;
          if (attempt >= this.config.maxAttempts || this.quota < cost) throw new UnavailableError(undefined, { cause: error });
          this.quota -= cost;
          spent = cost;
          await sleep(this.config.retryDelay(attempt));
        }
      }
    } finally {
      if (done) done();
    }
  }

  private loadTransport(): { request: typeof import('node:http').request; agent: Agent } {
    // Loaded on the first request, and only the one the endpoint needs: a local engine
    // speaks http, DynamoDB https.
    if (!this.transport) {
      const module = this.url.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
      this.transport = { request: module.request, agent: new module.Agent({ keepAlive: true, maxSockets: 50 }) };
    }
    return this.transport;
  }

  private async send(operation: Operation, body: string): Promise<unknown> {
    const credentials = await this.config.credentials();
    const headers = signedHeaders({
      host: this.url.host,
      path: this.url.pathname || '/',
      target: `DynamoDB_20120810.${operation}`,
      body,
      region: this.config.region,
      credentials,
      now: new Date(),
    });
    const { request, agent } = this.loadTransport();
    const options: RequestOptions = {
      method: 'POST',
      protocol: this.url.protocol,
      hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
      port: this.url.port || undefined,
      path: this.url.pathname || '/',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent,
    };
    const { status, text, responseHeaders } = await new Promise<{ status: number; text: string; responseHeaders: IncomingMessage['headers'] }>((resolve, reject) => {
      const req = request(options, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), responseHeaders: response.headers }));
      });
      req.on('error', reject);
      req.end(body);
    });
    if (status !== 200) throw serviceError(status, text, responseHeaders);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new DynamoDbServiceError('InternalServerError', `DynamoDB answered 200 with a body that is not JSON: ${(error as Error).message}`, 500);
    }
  }
}
