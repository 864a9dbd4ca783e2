/**
 * Publishes an export folder to S3: every file under a dated prefix and again under
 * `latest/`, data files first and the manifest last, so a reader who sees a new
 * manifest finds the files it describes. Small files go in one PutObject; large ones
 * stream through a multipart Upload, never held whole in memory.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { TableClient } from './table-client.js';
import type { Viewer } from '../core/access.js';
import { MANIFEST_FILE, type ExportManifest } from '../core/export/export-graph.js';
import { exportTable, type TableExportOptions } from './table-export.js';

/** Files up to this size are sent with one PutObject (what the simplest S3 stand-ins support). */
const SINGLE_PUT_LIMIT = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.jsonld': 'application/ld+json',
  '.graphml': 'application/graphml+xml',
  '.json': 'application/json',
};

export async function uploadFile(s3: S3Client, bucket: string, key: string, file: string): Promise<void> {
  const ContentType = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  const { size } = await stat(file);
  if (size <= SINGLE_PUT_LIMIT) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(file), ContentType }));
    return;
  }
  await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: createReadStream(file), ContentType }, partSize: PART_SIZE, queueSize: 2 }).done();
}

/** Uploads the manifest's files, then the manifest, under each prefix in turn. Returns the keys written. */
export async function publishExport(s3: S3Client, bucket: string, dir: string, manifest: ExportManifest, prefixes: readonly string[]): Promise<string[]> {
  const names = [...manifest.files.map((file) => file.name), MANIFEST_FILE];
  const keys: string[] = [];
  for (const prefix of prefixes) {
    for (const name of names) {
      const key = `${prefix}${name}`;
      await uploadFile(s3, bucket, key, path.join(dir, name));
      keys.push(key);
    }
  }
  return keys;
}

/**
 * Where each set goes in the bucket: the public set at the top (`exports/<date>/`,
 * `latest/`), the full set for officers under `restricted/`, which the bucket lets only
 * the officers' role read (infra/constructs/export-bucket.ts).
 */
export const EXPORT_ROOTS = { public: '', restricted: 'restricted/' } as const;

export interface ScheduledExportOptions extends Omit<TableExportOptions, 'now'> {
  /** Who the set is for: storage withholds what this viewer may not see (ANONYMOUS for the public set). */
  viewer: Viewer;
  /** The folder both prefixes go under, one of EXPORT_ROOTS. @default EXPORT_ROOTS.public */
  root?: string;
  db: TableClient;
  s3: S3Client;
  tableName: string;
  bucket: string;
  now?: Date;
}

export interface ScheduledExportResult {
  bucket: string;
  prefix: string;
  keys: string[];
  counts: ExportManifest['counts'];
}

/**
 * Exports the table as the viewer sees it to a temporary folder and publishes it under
 * `<root>exports/<YYYY-MM-DD>/` and `<root>latest/`.
 */
export async function runScheduledExport(options: ScheduledExportOptions): Promise<ScheduledExportResult> {
  const { db, s3, tableName, bucket, now = new Date(), root = EXPORT_ROOTS.public, ...exportOptions } = options;
  const dir = await mkdtemp(path.join(options.tempDir ?? tmpdir(), 'export-'));
  try {
    const manifest = await exportTable(db, tableName, dir, { ...exportOptions, now: () => now });
    const prefix = `${root}exports/${now.toISOString().slice(0, 10)}/`;
    const keys = await publishExport(s3, bucket, dir, manifest, [prefix, `${root}latest/`]);
    return { bucket, prefix, keys, counts: manifest.counts };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
