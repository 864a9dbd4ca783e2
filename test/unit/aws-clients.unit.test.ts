/**
 * How the AWS clients are configured: for DynamoDB (the table client for items, the SDK's
 * for administration) region, credentials, retries and request observation; for S3 the
 * endpoint, addressing and checksums. A loopback HTTP server stands in for the DynamoDB endpoint (it answers
 * with fixed JSON or fails on purpose); what reaches it is what a real endpoint would get.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UnavailableError } from '../../functions/core/errors.js';
import { createDynamoDbClient, createTableClient, environmentCredentials } from '../../functions/storage/dynamodb-client.js';
import { createS3Client } from '../../functions/storage/s3-client.js';

interface Seen {
  target: string;
  headers: IncomingHttpHeaders;
}

let failing = false;
const seen: Seen[] = [];
const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const target = String(request.headers['x-amz-target'] ?? '');
    seen.push({ target, headers: request.headers });
    if (failing) {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'fictional failure' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    response.end(target.endsWith('ListTables') ? JSON.stringify({ TableNames: [] }) : '{}');
  });
});
let endpoint = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  failing = false;
  seen.length = 0;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** The region a signed request names in its credential scope. */
const signedRegion = (headers: IncomingHttpHeaders) => /Credential=[^/]+\/\d{8}\/([^/]*)\/dynamodb\/aws4_request/.exec(String(headers.authorization))?.[1];

describe('the SDK client (table administration)', () => {
  it('takes the region from the options, then AWS_REGION, then eu-west-2, an empty AWS_REGION counting as unset', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    expect(await createDynamoDbClient({ endpoint, region: 'us-east-1' }).config.region()).toBe('us-east-1');
    expect(await createDynamoDbClient({ endpoint }).config.region()).toBe('eu-west-1');
    vi.stubEnv('AWS_REGION', '');
    expect(await createDynamoDbClient({ endpoint }).config.region()).toBe('eu-west-2');
    vi.stubEnv('AWS_REGION', undefined);
    expect(await createDynamoDbClient({ endpoint }).config.region()).toBe('eu-west-2');
  });

  it('signs with fixed credentials for a local engine, and with the environment’s against AWS', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFICTIONAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fictional-secret');
    const local = await createDynamoDbClient({ endpoint }).config.credentials();
    expect([local.accessKeyId, local.secretAccessKey]).toEqual(['local', 'local']);
    vi.stubEnv('DYNAMODB_ENDPOINT', undefined);
    const aws = createDynamoDbClient({ region: 'eu-west-2' });
    const credentials = await aws.config.credentials();
    expect([credentials.accessKeyId, credentials.secretAccessKey]).toEqual(['AKIDFICTIONAL', 'fictional-secret']);
    expect(aws.config.endpoint).toBeUndefined();
  });

  it('reports each command it sends, and when it completes', async () => {
    const events: string[] = [];
    const client = createDynamoDbClient({
      endpoint,
      onRequest: (command) => {
        events.push(`start ${command}`);
        return () => events.push(`done ${command}`);
      },
    });
    expect(await client.send(new ListTablesCommand({}))).toMatchObject({ TableNames: [] });
    expect(events).toEqual(['start ListTablesCommand', 'done ListTablesCommand']);
    expect(seen.map((s) => s.target)).toEqual(['DynamoDB_20120810.ListTables']);
    expect(signedRegion(seen[0]!.headers)).toBeDefined();
  });

  it('retries a failing endpoint eight times with the policy’s backoff, then answers SERVICE_UNAVAILABLE', async () => {
    failing = true;
    // Each wait is this share of its ceiling: 5 + 10 + 20 + 40 + 80 + 80 + 80 = 315 ms over seven retries.
    vi.spyOn(Math, 'random').mockReturnValue(0.1);
    const events: string[] = [];
    const client = createDynamoDbClient({ endpoint, onRequest: () => () => void events.push('done') });
    const started = performance.now();
    const error = await client.send(new ListTablesCommand({})).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).code).toBe('SERVICE_UNAVAILABLE');
    expect(((error as Error).cause as { name: string }).name).toBe('InternalServerError');
    expect(seen).toHaveLength(8);
    // Observed once per command, retries included, and completed even when it fails.
    expect(events).toEqual(['done']);
  });
});

describe('the table client (graph items)', () => {
  it('signs for the region from the options, then AWS_REGION, then eu-west-2, an empty AWS_REGION counting as unset', async () => {
    const regionOf = async (options: { region?: string }) => {
      seen.length = 0;
      await createTableClient({ endpoint, ...options }).get({ TableName: 'graph', Key: { pk: 'N#fictional', sk: '#NODE' } });
      return signedRegion(seen[0]!.headers);
    };
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    expect(await regionOf({ region: 'us-east-1' })).toBe('us-east-1');
    expect(await regionOf({})).toBe('eu-west-1');
    vi.stubEnv('AWS_REGION', '');
    expect(await regionOf({})).toBe('eu-west-2');
    vi.stubEnv('AWS_REGION', undefined);
    expect(await regionOf({})).toBe('eu-west-2');
  });

  it('signs with fixed credentials for a local engine, whatever the environment holds', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFICTIONAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fictional-secret');
    await createTableClient({ endpoint, credentials: async () => ({ accessKeyId: 'AKIDPASSED', secretAccessKey: 'x' }) }).get({ TableName: 'graph', Key: { pk: 'N#fictional', sk: '#NODE' } });
    expect(String(seen[0]!.headers.authorization)).toMatch(/Credential=local\//);
  });

  it('against AWS, asks the environment for credentials and says which are missing', async () => {
    vi.stubEnv('DYNAMODB_ENDPOINT', undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fictional-secret');
    const client = createTableClient({ region: 'eu-west-2' });
    await expect(client.get({ TableName: 'graph', Key: { pk: 'N#fictional', sk: '#NODE' } })).rejects.toThrow(/No AWS credentials in the environment \(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY/);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFICTIONAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(client.get({ TableName: 'graph', Key: { pk: 'N#fictional', sk: '#NODE' } })).rejects.toThrow(/No AWS credentials in the environment/);
  });

  it('takes the role’s credentials from the environment, with the session token when there is one', () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAFICTIONAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fictional-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', undefined);
    expect(environmentCredentials()).toStrictEqual({ accessKeyId: 'ASIAFICTIONAL', secretAccessKey: 'fictional-secret' });
    vi.stubEnv('AWS_SESSION_TOKEN', 'fictional-session-token');
    expect(environmentCredentials()).toStrictEqual({ accessKeyId: 'ASIAFICTIONAL', secretAccessKey: 'fictional-secret', sessionToken: 'fictional-session-token' });
  });

  it('against AWS, asks the credentials passed in, not the environment', async () => {
    vi.stubEnv('DYNAMODB_ENDPOINT', undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    const client = createTableClient({ region: 'eu-west-2', credentials: async () => Promise.reject(new Error('fictional chain asked')) });
    await expect(client.get({ TableName: 'graph', Key: { pk: 'N#fictional', sk: '#NODE' } })).rejects.toThrow('fictional chain asked');
  });

  it('retries a failing endpoint with the policy’s backoff, then answers SERVICE_UNAVAILABLE', async () => {
    failing = true;
    vi.spyOn(Math, 'random').mockReturnValue(0.1);
    const requests: string[] = [];
    const client = createTableClient({ endpoint, onRequest: (command) => void requests.push(command) });
    const started = performance.now();
    const error = await client.get({ TableName: 'graph', Key: { pk: 'N#fictional', sk: '#NODE' } }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(seen).toHaveLength(8);
    expect(requests).toHaveLength(1);
  });
});

describe('the S3 client (exports)', () => {
  /** A config value as the client resolved it (the SDK keeps most as providers). */
  const resolved = async (value: unknown) => (typeof value === 'function' ? await (value as () => Promise<unknown>)() : value);

  it('takes the region from the options, then AWS_REGION, then eu-west-2, an empty AWS_REGION counting as unset', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    expect(await createS3Client({ region: 'us-east-1' }).config.region()).toBe('us-east-1');
    expect(await createS3Client().config.region()).toBe('eu-west-1');
    vi.stubEnv('AWS_REGION', '');
    expect(await createS3Client().config.region()).toBe('eu-west-2');
  });

  it('against AWS: virtual-hosted buckets, the SDK’s checksums, five attempts, the environment’s credentials', async () => {
    vi.stubEnv('S3_ENDPOINT', '');
    vi.stubEnv('S3_FORCE_PATH_STYLE', undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFICTIONAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fictional-secret');
    const client = createS3Client({ region: 'eu-west-2' });
    expect(client.config.forcePathStyle).toBe(false);
    expect(await client.config.maxAttempts()).toBe(5);
    expect(await resolved(client.config.requestChecksumCalculation)).toBe('WHEN_SUPPORTED');
    expect((await client.config.credentials()).accessKeyId).toBe('AKIDFICTIONAL');
  });

  it('against a local server: its endpoint, path style on request, checksums only where required, dummy credentials unless real ones are set', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('S3_ENDPOINT', 'http://127.0.0.1:9000');
    vi.stubEnv('S3_FORCE_PATH_STYLE', 'true');
    const fromEnv = createS3Client({ region: 'eu-west-2' });
    expect((await resolved(fromEnv.config.endpoint)) as { hostname: string; port?: number }).toMatchObject({ hostname: '127.0.0.1', port: 9000 });
    expect(fromEnv.config.forcePathStyle).toBe(true);
    expect(await resolved(fromEnv.config.requestChecksumCalculation)).toBe('WHEN_REQUIRED');
    expect(await resolved(fromEnv.config.responseChecksumValidation)).toBe('WHEN_REQUIRED');
    expect((await fromEnv.config.credentials()).accessKeyId).toBe('local');
    const fromOptions = createS3Client({ region: 'eu-west-2', endpoint: 'http://127.0.0.1:9001', forcePathStyle: false });
    expect((await resolved(fromOptions.config.endpoint)) as { port?: number }).toMatchObject({ port: 9001 });
    expect(fromOptions.config.forcePathStyle).toBe(false);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFICTIONAL');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fictional-secret');
    expect((await createS3Client({ region: 'eu-west-2' }).config.credentials()).accessKeyId).toBe('AKIDFICTIONAL');
  });
});
