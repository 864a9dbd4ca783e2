/**
 * The bucket the nightly export writes to: `exports/<date>/...` keeps dated snapshots
 * for a while, `latest/...` is overwritten by each run.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { GraphFunction } from './graph-function.js';

/** Key prefixes the export writes under. */
export const EXPORT_PREFIXES = { dated: 'exports/', latest: 'latest/' } as const;

export interface ExportBucketProps {
  /**
   * Days a dated snapshot under `exports/` is kept.
   * @default 90
   */
  readonly exportRetentionDays?: number;
  /**
   * Days an overwritten (noncurrent) version of any object is kept, so a bad export
   * can be rolled back for this long.
   * @default 30
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Keep the bucket when the stack is deleted. When false the bucket is emptied and
   * deleted with the stack (this adds CDK's auto-delete custom resource).
   * @default false
   */
  readonly retain?: boolean;
}

export class ExportBucket extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ExportBucketProps = {}) {
    super(scope, id);
    const retain = props.retain ?? false;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          id: 'expire-dated-exports',
          prefix: EXPORT_PREFIXES.dated,
          expiration: Duration.days(props.exportRetentionDays ?? 90),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionRetentionDays ?? 30),
          // Lets S3 remove the delete markers left behind once their versions expire.
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !retain,
    });
  }

  /**
   * Lets the export function write objects under its two prefixes, and tells it the
   * bucket's name (env EXPORT_BUCKET). s3:PutObject also covers the multipart calls
   * the SDK's Upload makes for large files; AbortMultipartUpload lets a failed upload
   * clean up after itself, so its own error (not an AccessDenied) is what gets logged.
   * The export never reads or lists the bucket, so it may not.
   */
  grantExportWriter(fn: GraphFunction): void {
    fn.function.addEnvironment('EXPORT_BUCKET', this.bucket.bucketName);
    fn.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: Object.values(EXPORT_PREFIXES).map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
  }
}
