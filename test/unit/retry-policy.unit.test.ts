import { describe, expect, it } from 'vitest';
import { isRetryableLater, RETRY_POLICY, retryDelay } from '../../functions/storage/dynamodb-client.js';

describe('the DynamoDB retry policy', () => {
  it('waits a full-jitter share of 50 ms doubling per retry, capped at 800 ms', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => retryDelay(retry, () => 0.999999))).toEqual([49, 99, 199, 399, 799, 799]);
    expect(retryDelay(1, () => 0)).toBe(0);
  });

  it('never waits more than 800 ms before one retry, nor 3.15 s over all seven', () => {
    const ceilings = Array.from({ length: RETRY_POLICY.maxAttempts - 1 }, (_, i) => retryDelay(i + 1, () => 1));
    expect(Math.max(...ceilings)).toBeLessThanOrEqual(RETRY_POLICY.maxDelayMs);
    expect(ceilings).toHaveLength(7);
    expect(ceilings.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3150);
  });

  it('treats throttling, server errors, resets and timeouts as worth retrying later', () => {
    expect(isRetryableLater(Object.assign(new Error('throughput'), { name: 'ProvisionedThroughputExceededException', $metadata: { httpStatusCode: 400 } }))).toBe(true);
    expect(isRetryableLater(Object.assign(new Error('rate'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }))).toBe(true);
    expect(isRetryableLater(Object.assign(new Error('boom'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } }))).toBe(true);
    expect(isRetryableLater(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('does not treat a bad request, a missing table or a failed condition as retryable', () => {
    expect(isRetryableLater(Object.assign(new Error('bad'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isRetryableLater(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isRetryableLater(Object.assign(new Error('lost race'), { name: 'ConditionalCheckFailedException', $metadata: { httpStatusCode: 400 } }))).toBe(false);
    expect(isRetryableLater('not an error')).toBe(false);
  });
});
