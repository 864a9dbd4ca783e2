/**
 * The graph table's client (functions/storage/table-client.ts) against a real engine over
 * HTTP: every call the store makes, values of every type written and read back, pages
 * followed, DynamoDB's errors by name, and retries through the fault proxy (throttling,
 * server errors, reset connections) until they succeed or run out; and, from a stand-in
 * server on loopback, answers the engine never gives (errors named only by a header or by
 * their status, a 200 that is not JSON, no items). All data is fictional.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { createDynamoDbClient, createTableClient, RETRY_POLICY } from '../../functions/storage/dynamodb-client.js';
import { DynamoDbTableClient, type TableClientConfig } from '../../functions/storage/table-client.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { startFaultProxy, type FaultProxy } from '../fixtures/fault-proxy.js';

const TABLE = 'table-client';
let engine: LocalEngine;
let proxy: FaultProxy;

/** A client through the fault proxy, with no waiting between attempts (the policy's delays are tested elsewhere). */
function proxied(overrides: Partial<TableClientConfig> = {}): DynamoDbTableClient {
  return new DynamoDbTableClient({
    endpoint: proxy.endpoint,
    region: 'eu-west-2',
    credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }),
    maxAttempts: RETRY_POLICY.maxAttempts,
    retryDelay: () => 0,
    ...overrides,
  });
}

beforeAll(async () => {
  engine = await startLocalEngine();
  await ensureTable(createDynamoDbClient({ endpoint: engine.endpoint }), TABLE);
  proxy = await startFaultProxy(engine.endpoint, { seed: 11 });
});

afterAll(async () => {
  await proxy?.close();
  await engine?.close();
});

beforeEach(() => {
  proxy.setRates({ throttle: 0, partialBatch: 0, reset: 0, serverError: 0 });
});

describe('the table client against the engine', () => {
  const db = () => createTableClient({ endpoint: engine.endpoint });

  it('writes every type and reads it back as written', async () => {
    const item = {
      pk: 'T#types',
      sk: 'all',
      text: 'Fictional council of Exampleton',
      empty: '',
      whole: 42,
      negative: -7.25,
      big: 12345678901234567890n,
      yes: true,
      no: false,
      nothing: null,
      list: [1, 'two', [true], { three: 3 }],
      map: { nested: { deeper: ['x', null] } },
      strings: new Set(['alpha', 'beta']),
      numbers: new Set([1, 2.5]),
      bytes: new Uint8Array([0, 1, 254, 255]),
      byteSet: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
      dropped: undefined,
    };
    await db().put({ TableName: TABLE, Item: item });
    const { Item } = await db().get({ TableName: TABLE, Key: { pk: 'T#types', sk: 'all' }, ConsistentRead: true });
    const { dropped: _dropped, ...stored } = item;
    expect(Item).toEqual(stored);
    expect(Item).not.toHaveProperty('dropped');
  });

  it('answers a missing item with no Item', async () => {
    expect((await db().get({ TableName: TABLE, Key: { pk: 'T#none', sk: 'none' } })).Item).toBeUndefined();
  });

  it('follows LastEvaluatedKey from page to page, a query and a scan alike', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
    await db().batchWrite({ RequestItems: { [TABLE]: ids.map((sk) => ({ PutRequest: { Item: { pk: 'T#pages', sk, n: Number(sk.slice(2)) } } })) } });
    const read: string[] = [];
    let pages = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db().query({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'T#pages' }, Limit: 10, ExclusiveStartKey: start });
      pages++;
      read.push(...(page.Items ?? []).map((item) => item.sk as string));
      start = page.LastEvaluatedKey;
      if (start) expect(start).toEqual({ pk: 'T#pages', sk: read.at(-1) });
    } while (start);
    expect(read).toEqual(ids);
    expect(pages).toBe(3);

    const scanned: unknown[] = [];
    start = undefined;
    do {
      const page = await db().scan({ TableName: TABLE, Limit: 5, ExclusiveStartKey: start, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'T#pages' } });
      scanned.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    expect(scanned).toHaveLength(ids.length);
  });

  it('reads and writes in batches: gets with a projection, puts and deletes', async () => {
    await db().batchWrite({ RequestItems: { [TABLE]: [{ PutRequest: { Item: { pk: 'T#batch', sk: 'a', v: 1, w: 'x' } } }, { PutRequest: { Item: { pk: 'T#batch', sk: 'b', v: 2, w: 'y' } } }] } });
    const got = await db().batchGet({
      RequestItems: { [TABLE]: { Keys: [{ pk: 'T#batch', sk: 'a' }, { pk: 'T#batch', sk: 'b' }, { pk: 'T#batch', sk: 'none' }], ProjectionExpression: '#v', ExpressionAttributeNames: { '#v': 'v' } } },
    });
    expect(got.Responses?.[TABLE]?.map((item) => item.v).sort()).toEqual([1, 2]);
    expect(got.Responses?.[TABLE]?.[0]).not.toHaveProperty('w');
    await db().batchWrite({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: { pk: 'T#batch', sk: 'a' } } }] } });
    const after = await db().query({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'T#batch' }, ConsistentRead: true });
    expect(after.Items?.map((item) => item.sk)).toEqual(['b']);
  });

  it('updates and deletes with conditions; a failed condition keeps DynamoDB\'s error name and is not retried', async () => {
    const calls: string[] = [];
    const client = createTableClient({ endpoint: engine.endpoint, onRequest: (command) => void calls.push(command) });
    const key = { pk: 'T#cond', sk: 'one' };
    await client.put({ TableName: TABLE, Item: { ...key, rev: 1 }, ConditionExpression: 'attribute_not_exists(pk)' });
    const updated = await client.update({
      TableName: TABLE,
      Key: key,
      UpdateExpression: 'SET #rev = :next',
      ConditionExpression: '#rev = :rev',
      ExpressionAttributeNames: { '#rev': 'rev' },
      ExpressionAttributeValues: { ':rev': 1, ':next': 2 },
      ReturnValues: 'ALL_NEW',
    });
    expect(updated.Attributes).toEqual({ ...key, rev: 2 });
    const refused = client.put({ TableName: TABLE, Item: { ...key, rev: 9 }, ConditionExpression: 'attribute_not_exists(pk)' });
    await expect(refused).rejects.toMatchObject({ name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } });
    await expect(client.delete({ TableName: TABLE, Key: key, ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': 1 } })).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    await client.delete({ TableName: TABLE, Key: key, ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': 2 } });
    expect((await client.get({ TableName: TABLE, Key: key, ConsistentRead: true })).Item).toBeUndefined();
    expect(calls).toEqual(['PutItemCommand', 'UpdateItemCommand', 'PutItemCommand', 'DeleteItemCommand', 'DeleteItemCommand', 'GetItemCommand']);
  });

  it('gives a bad request DynamoDB\'s ValidationException, with its message', async () => {
    await expect(db().query({ TableName: TABLE, KeyConditionExpression: 'nonsense ===', ExpressionAttributeValues: { ':pk': 'x' } })).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/\S/),
      $metadata: { httpStatusCode: 400 },
    });
    await expect(db().get({ TableName: 'no-such-table', Key: { pk: 'a', sk: 'b' } })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('the table client\'s retries, through the fault proxy', () => {
  beforeAll(async () => {
    await createTableClient({ endpoint: engine.endpoint }).put({ TableName: TABLE, Item: { pk: 'T#retry', sk: 'item', label: 'Fictional retried item' } });
  });
  const get = (client: DynamoDbTableClient) => client.get({ TableName: TABLE, Key: { pk: 'T#retry', sk: 'item' } });

  it('retries throttling, server errors and reset connections until a call succeeds, and reports the call once', async () => {
    proxy.setRates({ throttle: 0.3, serverError: 0.3, reset: 0.2 });
    const before = { ...proxy.counts };
    const observed: string[] = [];
    let completed = 0;
    const client = proxied({
      onRequest: (command) => {
        observed.push(command);
        return () => void completed++;
      },
    });
    for (let i = 0; i < 20; i++) expect((await get(client)).Item?.label).toBe('Fictional retried item');
    expect(proxy.counts.throttled - before.throttled).toBeGreaterThan(0);
    expect(proxy.counts.serverErrors - before.serverErrors).toBeGreaterThan(0);
    expect(proxy.counts.reset - before.reset).toBeGreaterThan(0);
    expect(proxy.counts.requests - before.requests).toBeGreaterThan(20);
    expect(observed).toEqual(Array.from({ length: 20 }, () => 'GetItemCommand'));
    expect(completed).toBe(20);
  });

  it('waits the policy\'s delay before each retry', async () => {
    proxy.setRates({ throttle: 1 });
    const asked: number[] = [];
    const client = proxied({ maxAttempts: 4, retryDelay: (retry) => (asked.push(retry), 1) });
    await expect(get(client)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(asked).toEqual([1, 2, 3]);
  });

  it('gives up after maxAttempts with an UnavailableError whose cause is the last error', async () => {
    proxy.setRates({ throttle: 1 });
    let before = proxy.counts.requests;
    await expect(get(proxied({ maxAttempts: 3 }))).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      cause: { name: expect.stringMatching(/^(ProvisionedThroughputExceededException|ThrottlingException)$/), $metadata: { httpStatusCode: 400 } },
    });
    expect(proxy.counts.requests - before).toBe(3);

    proxy.setRates({ throttle: 0, serverError: 1 });
    before = proxy.counts.requests;
    await expect(get(proxied({ maxAttempts: 2 }))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', cause: { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } } });
    expect(proxy.counts.requests - before).toBe(2);

    proxy.setRates({ serverError: 0, reset: 1 });
    before = proxy.counts.requests;
    await expect(get(proxied({ maxAttempts: 2 }))).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', cause: { code: 'ECONNRESET' } });
    expect(proxy.counts.requests - before).toBe(2);
  });

  it('sends an error that would fail again once, not retried', async () => {
    proxy.setRates({ throttle: 0 });
    const before = proxy.counts.requests;
    await expect(proxied().get({ TableName: 'no-such-table', Key: { pk: 'a', sk: 'b' } })).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(proxy.counts.requests - before).toBe(1);
  });

  it('keeps a retry quota: once a dependency keeps failing, a client stops retrying', async () => {
    proxy.setRates({ throttle: 1 });
    const client = proxied({ maxAttempts: 1000 });
    const before = proxy.counts.requests;
    await expect(get(client)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    // 500 units at 5 a retry: the first attempt and 100 retries.
    expect(proxy.counts.requests - before).toBe(101);
    const next = proxy.counts.requests;
    await expect(get(client)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(proxy.counts.requests - next).toBe(1);
    // A success refills the quota by one unit: still short of a retry's five.
    proxy.setRates({ throttle: 0 });
    expect((await get(client)).Item).toBeDefined();
    proxy.setRates({ throttle: 1 });
    const refilled = proxy.counts.requests;
    await expect(get(client)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(proxy.counts.requests - refilled).toBe(1);
  });

  it('takes BatchGetItem\'s unprocessed keys as an answer, for the store to retry', async () => {
    proxy.setRates({ partialBatch: 1 });
    const keys = Array.from({ length: 6 }, (_, i) => ({ pk: 'T#partial', sk: `k${i}` }));
    await createTableClient({ endpoint: engine.endpoint }).batchWrite({ RequestItems: { [TABLE]: keys.map((key) => ({ PutRequest: { Item: { ...key, n: 1 } } })) } });
    const answer = await proxied().batchGet({ RequestItems: { [TABLE]: { Keys: keys } } });
    const unprocessed = answer.UnprocessedKeys?.[TABLE]?.Keys ?? [];
    expect(unprocessed.length).toBeGreaterThan(0);
    expect((answer.Responses?.[TABLE]?.length ?? 0) + unprocessed.length).toBe(keys.length);
    expect(unprocessed[0]).toEqual({ pk: 'T#partial', sk: expect.stringMatching(/^k\d$/) });
  });
});

describe('the table client on answers of every shape, from a stand-in for DynamoDB', () => {
  interface Answer { status: number; body: string; headers?: Record<string, string> }
  const answers: Answer[] = [];
  const seen: Array<{ path: string; target: string; host: string }> = [];
  let standIn: Server;
  let port = 0;

  beforeAll(async () => {
    standIn = createServer((request, response) => {
      seen.push({ path: request.url ?? '', target: String(request.headers['x-amz-target']), host: String(request.headers.host) });
      request.resume();
      request.on('end', () => {
        const answer = answers.shift() ?? { status: 200, body: '{}' };
        response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', ...answer.headers });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    port = (standIn.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => standIn?.close(resolve));
  });

  beforeEach(() => {
    answers.length = 0;
    seen.length = 0;
  });

  const standInClient = (endpoint = `http://127.0.0.1:${port}`) =>
    new DynamoDbTableClient({ endpoint, region: 'eu-west-2', credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }), maxAttempts: 1, retryDelay: () => 0 });
  const get = (client = standInClient()) => client.get({ TableName: 'fictional', Key: { pk: 'a', sk: 'b' } });
  const failure = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error as Error & { $metadata?: object; code?: string; cause?: Error & { $metadata?: object } };
    }
    throw new Error('the call succeeded');
  };

  it('names an error from its type header when the body is not JSON, with the body as its message and the request id kept', async () => {
    answers.push({ status: 400, body: 'Fictional plain-text refusal', headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/', 'x-amzn-requestid': 'fictional-request-1' } });
    const error = await failure(get());
    expect([error.name, error.message, error.$metadata]).toEqual(['ValidationException', 'Fictional plain-text refusal', { httpStatusCode: 400, requestId: 'fictional-request-1' }]);
  });

  it('takes the message from "Message" as well as "message", and names an unnamed error by its status', async () => {
    answers.push({ status: 400, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', Message: 'Fictional table not found' }) });
    const named = await failure(get());
    expect([named.name, named.message, named.$metadata]).toEqual(['ResourceNotFoundException', 'Fictional table not found', { httpStatusCode: 400 }]);

    answers.push({ status: 418, body: '' });
    const unknown = await failure(get());
    expect([unknown.name, unknown.message, unknown.$metadata]).toEqual(['UnknownError', 'DynamoDB answered 418 UnknownError', { httpStatusCode: 418 }]);

    answers.push({ status: 503, body: '{}' });
    const unavailable = await failure(get());
    expect(unavailable.code).toBe('SERVICE_UNAVAILABLE');
    expect([unavailable.cause?.name, unavailable.cause?.message, unavailable.cause?.$metadata]).toEqual(['InternalServerError', 'DynamoDB answered 503 InternalServerError', { httpStatusCode: 503 }]);
  });

  it('treats a 200 whose body is not JSON as a server error, worth retrying', async () => {
    answers.push({ status: 200, body: '<html>fictional</html>' });
    const error = await failure(get());
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.cause?.name).toBe('InternalServerError');
    expect(error.cause?.message).toMatch(/^DynamoDB answered 200 with a body that is not JSON: /);
    expect(error.cause?.$metadata).toEqual({ httpStatusCode: 500 });
  });

  it('reads an answer with no items, and batch writes left unprocessed as plain items', async () => {
    answers.push({ status: 200, body: JSON.stringify({ Count: 0, ScannedCount: 3 }) });
    expect(await standInClient().query({ TableName: 'fictional', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'a' } })).toEqual({ Items: undefined, LastEvaluatedKey: undefined, Count: 0, ScannedCount: 3 });
    answers.push({ status: 200, body: JSON.stringify({ UnprocessedItems: { fictional: [{ PutRequest: { Item: { pk: { S: 'a' }, sk: { S: 'b' }, n: { N: '2' } } } }, { DeleteRequest: { Key: { pk: { S: 'c' }, sk: { S: 'd' } } } }] } }) });
    expect(await standInClient().batchWrite({ RequestItems: { fictional: [{ PutRequest: { Item: { pk: 'a', sk: 'b', n: 2 } } }] } })).toEqual({
      UnprocessedItems: { fictional: [{ PutRequest: { Item: { pk: 'a', sk: 'b', n: 2 } } }, { DeleteRequest: { Key: { pk: 'c', sk: 'd' } } }] },
    });
    answers.push({ status: 200, body: '{}' });
    expect(await get()).toEqual({ Item: undefined });
  });

  it('charges a retry after a timeout twice what a throttle costs, and refunds the last retry on success', async () => {
    const timeout: Answer = { status: 400, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#RequestTimeoutException', message: 'Fictional timeout' }) };
    const throttle: Answer = { status: 400, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Fictional throttle' }) };
    const patient = () => new DynamoDbTableClient({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-2', credentials: () => ({ accessKeyId: 'local', secretAccessKey: 'local' }), maxAttempts: 1000, retryDelay: () => 0 });
    const exhaust = async (client: DynamoDbTableClient, answer: Answer) => {
      answers.length = 0;
      seen.length = 0;
      answers.push(...Array.from({ length: 200 }, () => answer));
      const error = await failure(get(client));
      expect([error.code, error.cause?.name]).toEqual(['SERVICE_UNAVAILABLE', JSON.parse(answer.body).__type.split('#')[1]]);
      return seen.length;
    };
    // 500 units: 50 retries at 10 after a timeout, 100 at 5 after a throttle, each after the first attempt.
    expect(await exhaust(patient(), timeout)).toBe(51);
    expect(await exhaust(patient(), throttle)).toBe(101);
    // A timeout, then an answer: the 10 units the retry cost come back, so the quota is whole again.
    const refunded = patient();
    answers.length = 0;
    seen.length = 0;
    answers.push(timeout, { status: 200, body: '{}' });
    expect(await get(refunded)).toEqual({ Item: undefined });
    expect(seen).toHaveLength(2);
    expect(await exhaust(refunded, timeout)).toBe(51);
  });

  it('posts to the endpoint\'s path, or to / when it has none, naming the operation', async () => {
    await get(standInClient(`http://127.0.0.1:${port}/fictional/prefix`));
    await get();
    expect(seen).toEqual([
      { path: '/fictional/prefix', target: 'DynamoDB_20120810.GetItem', host: `127.0.0.1:${port}` },
      { path: '/', target: 'DynamoDB_20120810.GetItem', host: `127.0.0.1:${port}` },
    ]);
  });

  it('refuses an endpoint that is neither http nor https', () => {
    expect(() => standInClient('ftp://127.0.0.1/')).toThrow(new Error('DynamoDB endpoint must be http:// or https://; got ftp://127.0.0.1/'));
  });
});
