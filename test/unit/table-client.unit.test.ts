import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { isRetryableLater, marshallItem, marshallValue, signedHeaders, unmarshallItem, unmarshallValue } from '../../functions/storage/table-client.js';

describe('marshalling plain values to DynamoDB AttributeValues', () => {
  it('writes each type as DynamoDB JSON', () => {
    expect(marshallValue('Luton')).toEqual({ S: 'Luton' });
    expect(marshallValue('')).toEqual({ S: '' });
    expect(marshallValue(42)).toEqual({ N: '42' });
    expect(marshallValue(-0.25)).toEqual({ N: '-0.25' });
    expect(marshallValue(12345678901234567890n)).toEqual({ N: '12345678901234567890' });
    expect(marshallValue(true)).toEqual({ BOOL: true });
    expect(marshallValue(false)).toEqual({ BOOL: false });
    expect(marshallValue(null)).toEqual({ NULL: true });
    expect(marshallValue([1, 'a', [false]])).toEqual({ L: [{ N: '1' }, { S: 'a' }, { L: [{ BOOL: false }] }] });
    expect(marshallValue({ a: { b: 'c' } })).toEqual({ M: { a: { M: { b: { S: 'c' } } } } });
    expect(marshallValue(new Set(['x', 'y']))).toEqual({ SS: ['x', 'y'] });
    expect(marshallValue(new Set([1, 2n]))).toEqual({ NS: ['1', '2'] });
    expect(marshallValue(new Uint8Array([1, 2, 255]))).toEqual({ B: 'AQL/' });
    expect(marshallValue(new Set([new Uint8Array([0])]))).toEqual({ BS: ['AA=='] });
    expect(marshallValue(new Uint8Array([104, 105]).buffer)).toEqual({ B: 'aGk=' });
  });

  it('leaves undefined values out of maps and lists, as removeUndefinedValues did', () => {
    expect(marshallItem({ a: 1, gone: undefined, list: [undefined, 'kept'], nested: { also: undefined, here: null } })).toEqual({
      a: { N: '1' },
      list: { L: [{ S: 'kept' }] },
      nested: { M: { here: { NULL: true } } },
    });
    expect(marshallValue(undefined)).toBeUndefined();
  });

  it('refuses what DynamoDB cannot hold or would lose', () => {
    expect(() => marshallValue(Number.NaN)).toThrow(TypeError);
    expect(() => marshallValue(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => marshallValue(2 ** 53)).toThrow(/MAX_SAFE_INTEGER/);
    expect(marshallValue(2 ** 53 - 1)).toEqual({ N: '9007199254740991' });
    expect(() => marshallValue(new Date(0))).toThrow(/Date cannot be stored/);
    expect(() => marshallValue(new Set())).toThrow(/empty set/);
    expect(() => marshallValue(new Set(['a', 1]))).toThrow(/only strings/);
    expect(() => marshallValue(() => 1)).toThrow(/function/);
    expect(() => marshallValue(Symbol('s'))).toThrow(/symbol/);
  });

  it('takes a map without a prototype as a map', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: 'v' });
    expect(marshallValue(bare)).toEqual({ M: { k: { S: 'v' } } });
  });

  it('reads every type back as it was written', () => {
    const item = {
      text: 'Operation Octans (fictional)',
      empty: '',
      count: 7,
      ratio: -1.5,
      huge: 12345678901234567890n,
      yes: true,
      no: false,
      nothing: null,
      list: [1, 'two', [true, null], { three: 3 }],
      map: { nested: { deeper: ['x'] } },
      strings: new Set(['a', 'b']),
      numbers: new Set([1, 2.5]),
      bytes: new Uint8Array([0, 1, 2, 254]),
      byteSet: new Set([new Uint8Array([9]), new Uint8Array([10, 11])]),
    };
    expect(unmarshallItem(JSON.parse(JSON.stringify(marshallItem(item))))).toEqual(item);
  });

  it('reads integers beyond 2^53 as BigInt, and refuses a decimal out of range', () => {
    expect(unmarshallValue({ N: '9007199254740993' })).toBe(9007199254740993n);
    expect(unmarshallValue({ N: '9007199254740991' })).toBe(9007199254740991);
    expect(unmarshallValue({ N: '-9007199254740993' })).toBe(-9007199254740993n);
    expect(() => unmarshallValue({ N: '9007199254740993.5' })).toThrow(RangeError);
    expect(() => unmarshallValue({ X: 'what' } as never)).toThrow(/Unknown DynamoDB attribute type X/);
  });
});

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

describe('SigV4 signing', () => {
  const now = new Date('2026-12-01T08:09:10.123Z');
  const body = JSON.stringify({ TableName: 'graph', Key: { pk: { S: 'N#luton/place:fictional' }, sk: { S: '#NODE' } } });

  /** The AWS SDK's own signer over the same request: the two must agree byte for byte. */
  async function sdkSignature(host: string, path: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) {
    const signer = new SignatureV4({ service: 'dynamodb', region: 'eu-west-2', credentials, sha256: NodeSha256, applyChecksum: false });
    const [hostname, port] = host.split(':');
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', host, 'x-amz-target': 'DynamoDB_20120810.GetItem' };
    const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: hostname!, port: port ? Number(port) : undefined, path, headers, body, query: {} } as never, { signingDate: now });
    return (signed as unknown as { headers: Record<string, string> }).headers;
  }

  it('signs as the AWS SDK does, with and without a session token', async () => {
    for (const credentials of [
      { accessKeyId: 'AKIDFICTIONAL', secretAccessKey: 'fictional/secret+key' },
      { accessKeyId: 'ASIAFICTIONAL', secretAccessKey: 'another-fictional-secret', sessionToken: 'fictional-session-token' },
    ]) {
      const ours = signedHeaders({ host: 'dynamodb.eu-west-2.amazonaws.com', path: '/', target: 'DynamoDB_20120810.GetItem', body, region: 'eu-west-2', credentials, now });
      const sdk = await sdkSignature('dynamodb.eu-west-2.amazonaws.com', '/', credentials);
      expect(ours.authorization).toBe(sdk.authorization);
      expect(ours['x-amz-date']).toBe('20261201T080910Z');
      expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
    }
  });

  it('signs the host with its port, and the endpoint path', async () => {
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const ours = signedHeaders({ host: '127.0.0.1:8000', path: '/prefix', target: 'DynamoDB_20120810.GetItem', body, region: 'eu-west-2', credentials, now });
    expect(ours.authorization).toBe((await sdkSignature('127.0.0.1:8000', '/prefix', credentials)).authorization);
    expect(ours.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\/20261201\/eu-west-2\/dynamodb\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$/);
  });
});

describe('which errors are worth retrying', () => {
  const withStatus = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

  it('retries throttling, server errors, timeouts and broken connections', () => {
    expect(isRetryableLater(withStatus('ProvisionedThroughputExceededException', 400))).toBe(true);
    expect(isRetryableLater(withStatus('ThrottlingException', 400))).toBe(true);
    expect(isRetryableLater(withStatus('Anything', 429))).toBe(true);
    expect(isRetryableLater(withStatus('InternalServerError', 500))).toBe(true);
    expect(isRetryableLater(withStatus('ServiceUnavailable', 503))).toBe(true);
    expect(isRetryableLater(withStatus('Odd', 599))).toBe(true);
    expect(isRetryableLater(Object.assign(new Error('slow'), { name: 'TimeoutError' }))).toBe(true);
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']) expect(isRetryableLater(Object.assign(new Error(code), { code }))).toBe(true);
    expect(isRetryableLater(new Error('wrapped', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }))).toBe(true);
  });

  it('does not retry what would fail again', () => {
    expect(isRetryableLater(withStatus('ValidationException', 400))).toBe(false);
    expect(isRetryableLater(withStatus('ConditionalCheckFailedException', 400))).toBe(false);
    expect(isRetryableLater(withStatus('ResourceNotFoundException', 400))).toBe(false);
    expect(isRetryableLater(withStatus('Odd', 600))).toBe(false);
    expect(isRetryableLater(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ECONNRESET' }))).toBe(false);
    expect(isRetryableLater(new Error('plain'))).toBe(false);
    expect(isRetryableLater('ECONNRESET')).toBe(false);
    expect(isRetryableLater(null)).toBe(false);
  });
});
