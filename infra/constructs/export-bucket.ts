/**
 * The bucket the nightly export writes to: `exports/<date>/...` keeps dated snapshots
 * for a while, `latest/...` is overwritten by each run. These hold the public set.
 *
 * Optionally the full set, restricted items included, goes under `restricted/` (the
 * same two folders below it). Only the officers' role may read it: its managed policy
 * grants reading that prefix and nothing else, and the bucket policy denies reading
 * it to every other principal, whatever their own IAM policies say (an explicit deny
 * wins), so no future public grant, CloudFront origin or over-broad admin policy can
 * serve it.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccountRootPrincipal, AnyPrincipal, Effect, ManagedPolicy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EXPORT_ROOTS } from '../../functions/storage/export-publisher.js';
import type { GraphFunction } from './graph-function.js';

/** Key prefixes the export writes the public set under. */
export const EXPORT_PREFIXES = { dated: 'exports/', latest: 'latest/' } as const;
/** Key prefixes of the full set, readable by officers only. */
export const RESTRICTED_PREFIXES = {
  dated: `${EXPORT_ROOTS.restricted}${EXPORT_PREFIXES.dated}`,
  latest: `${EXPORT_ROOTS.restricted}${EXPORT_PREFIXES.latest}`,
} as const;

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
  /**
   * Also export the full set (restricted items included) under `restricted/`, readable
   * only by the officers' role (`officersRole`), which principals of this account may
   * assume when their own policy lets them (`sts:AssumeRole` on its ARN).
   * @default false - the public set only
   */
  readonly restricted?: boolean;
}

export class ExportBucket extends Construct {
  readonly bucket: Bucket;
  /** The only role that may read the restricted set; present when `restricted` is set. */
  readonly officersRole?: Role;
  private readonly restricted: boolean;

  constructor(scope: Construct, id: string, props: ExportBucketProps = {}) {
    super(scope, id);
    const retain = props.retain ?? false;
    this.restricted = props.restricted ?? false;
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
        ...(this.restricted
          ? [{ id: 'expire-dated-restricted-exports', prefix: RESTRICTED_PREFIXES.dated, expiration: Duration.days(props.exportRetentionDays ?? 90) }]
          : []),
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

    if (this.restricted) {
      const restrictedObjects = this.bucket.arnForObjects(`${EXPORT_ROOTS.restricted}*`);
      const policy = new ManagedPolicy(this, 'OfficersReadPolicy', {
        description: 'Read the restricted export (restricted/ prefix of the export bucket) and nothing else',
        statements: [
          new PolicyStatement({ actions: ['s3:GetObject'], resources: [restrictedObjects] }),
          new PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [this.bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`${EXPORT_ROOTS.restricted}*`] } },
          }),
        ],
      });
      this.officersRole = new Role(this, 'OfficersRole', {
        description: "Officers' read access to the restricted export; assumable by principals of this account that are allowed to",
        assumedBy: new AccountRootPrincipal(),
        managedPolicies: [policy],
        maxSessionDuration: Duration.hours(1),
      });
      // Everyone else is denied, whatever their own policies grant.
      this.bucket.addToResourcePolicy(
        new PolicyStatement({
          sid: 'RestrictedExportOfficersOnly',
          effect: Effect.DENY,
          principals: [new AnyPrincipal()],
          actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes'],
          resources: [restrictedObjects],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.officersRole.roleArn } },
        }),
      );
    }
  }

  /**
   * Lets the export function write objects under its prefixes (two, or four with the
 * restricted set), and tells it the
   * bucket's name (env EXPORT_BUCKET). s3:PutObject also covers the multipart calls
   * the SDK's Upload makes for large files; AbortMultipartUpload lets a failed upload
   * clean up after itself, so its own error (not an AccessDenied) is what gets logged.
   * The export never reads or lists the bucket, so it may not.
   */
  grantExportWriter(fn: GraphFunction): void {
    fn.function.addEnvironment('EXPORT_BUCKET', this.bucket.bucketName);
    const prefixes = [...Object.values(EXPORT_PREFIXES), ...(this.restricted ? Object.values(RESTRICTED_PREFIXES) : [])];
    // The handler exports the full set only when told to, and may write it only then.
    if (this.restricted) fn.function.addEnvironment('EXPORT_RESTRICTED', 'true');
    fn.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: prefixes.map((prefix) => this.bucket.arnForObjects(`${prefix}*`)),
      }),
    );
  }
}
