/**
 * The one place that makes S3 clients. On AWS nothing is set; against a local
 * S3-compatible server set S3_ENDPOINT (and S3_FORCE_PATH_STYLE=true for servers
 * that do not route virtual-hosted buckets). A local endpoint gets dummy credentials
 * unless real ones are in the environment, and checksums only where S3 requires
 * them, so a simple server receives plain bodies rather than aws-chunked streams.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { awsRegion } from './region.js';

export interface S3ClientOptions {
  endpoint?: string;
  forcePathStyle?: boolean;
  region?: string;
}

export function createS3Client(options: S3ClientOptions = {}): S3Client {
  const endpoint = options.endpoint ?? (process.env.S3_ENDPOINT || undefined);
  const config: S3ClientConfig = {
    region: awsRegion(options.region),
    forcePathStyle: options.forcePathStyle ?? process.env.S3_FORCE_PATH_STYLE === 'true',
    maxAttempts: 5,
  };
  if (endpoint) {
    config.endpoint = endpoint;
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
    if (!process.env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  return new S3Client(config);
}
