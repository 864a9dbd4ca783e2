/**
 * The scheduled export handler, invoked as EventBridge Scheduler invokes it, against
 * the local engine and a tiny S3 stand-in that accepts path-style PutObject requests
 * with any credentials. Everything listens on 127.0.0.1.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ANONYMOUS } from '../../functions/core/access.js';
import { runScheduledExport, uploadFile } from '../../functions/storage/export-publisher.js';
import { createS3Client } from '../../functions/storage/s3-client.js';
import type { ExportManifest } from '../../functions/core/export/export-graph.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { loadGraph } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { createFixtureGraph } from '../fixtures/export-graph.js';
import { startS3StandIn, type S3StandIn } from '../fixtures/s3-stand-in.js';
import { testDataset } from '../fixtures/datasets.js';

const TABLE = 'export-handler-test';
const BUCKET = 'exports-test';

let engine: LocalEngine;
let s3: S3StandIn;
let handler: typeof import('../../functions/handlers/export.js').handler;

beforeAll(async () => {
  engine = await startLocalEngine();
  if (new URL(engine.endpoint).hostname !== '127.0.0.1') throw new Error(`Refusing non-loopback endpoint ${engine.endpoint}`);
  s3 = await startS3StandIn({ bucket: BUCKET });
  const client = createDynamoDbClient({ endpoint: engine.endpoint });
  await ensureTable(client, TABLE);
  await loadGraph(new DynamoGraphStore(createTableClient({ endpoint: engine.endpoint }), TABLE), createFixtureGraph(), testDataset('luton-2020'));
  Object.assign(process.env, { TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: engine.endpoint, EXPORT_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', DATASET_NAME: 'luton-2020' });
  // The handler builds its clients at module scope, from the environment just set. A run
  // that shares modules between test files (the mutation runs do) may have loaded it
  // already, with another environment; it is loaded afresh.
  vi.resetModules();
  ({ handler } = await import('../../functions/handlers/export.js'));
});

afterAll(async () => {
  await s3?.close();
  await engine?.close();
});

describe('the scheduled export handler', () => {
  let manifest: ExportManifest;
  let prefix: string;

  beforeAll(async () => {
    const result = await handler({});
    prefix = result.prefix;
    manifest = JSON.parse(s3.objects.find((o) => o.key === `${prefix}manifest.json`)!.body.toString('utf8')) as ExportManifest;
  });

  it('publishes under exports/<YYYY-MM-DD>/ and latest/, data files first and the manifest last', () => {
    expect(prefix).toMatch(/^exports\/\d{4}-\d{2}-\d{2}\/$/);
    const names = [...manifest.files.map((f) => f.name), 'manifest.json'];
    expect(s3.objects.map((o) => o.key)).toEqual([...names.map((n) => `${prefix}${n}`), ...names.map((n) => `latest/${n}`)]);
  });

  it('uploads exactly the bytes the manifest describes', () => {
    for (const file of manifest.files) {
      for (const key of [`${prefix}${file.name}`, `latest/${file.name}`]) {
        const body = s3.objects.find((o) => o.key === key)!.body;
        expect({ key, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }).toEqual({ key, bytes: file.bytes, sha256: file.sha256 });
      }
    }
  });

  it('labels each file with its media type and reports the dataset version', () => {
    expect(s3.objects.find((o) => o.key === 'latest/graph.jsonld')?.contentType).toBe('application/ld+json');
    expect(s3.objects.find((o) => o.key === 'latest/edges.csv')?.contentType).toBe('text/csv; charset=utf-8');
    expect(manifest.datasets).toEqual([expect.objectContaining({ name: 'luton-2020', counts: expect.objectContaining({ totalNodes: createFixtureGraph().nodes.length }) })]);
    expect(manifest.counts.totalNodes).toBe(createFixtureGraph().nodes.length);
  });

  it('narrows the export to the formats and node types the schedule input asks for', async () => {
    s3.objects.length = 0;
    const result = await handler({ formats: ['csv'], includeTypes: 'Person,Organisation' });
    expect(result.counts.nodes).toEqual({ Organisation: 2, Person: 3 });
    expect(s3.objects.filter((o) => o.key.startsWith('latest/')).map((o) => o.key)).toEqual([
      'latest/citations.csv',
      'latest/edges.csv',
      'latest/nodes-organisation.csv',
      'latest/nodes-person.csv',
      'latest/manifest.json',
    ]);
  });

  it('says what to fix when the schedule input names an unknown format', async () => {
    await expect(handler({ formats: 'pdf' })).rejects.toThrow(/Unknown export format\(s\) pdf/);
  });

  it('writes nothing under restricted/ unless the stack asks for the full set', () => {
    expect(s3.objects.filter((o) => o.key.startsWith('restricted/'))).toEqual([]);
  });
});

describe('the scheduled export handler with the full set for officers (EXPORT_RESTRICTED=true)', () => {
  let result: Awaited<ReturnType<typeof handler>>;

  beforeAll(async () => {
    process.env.EXPORT_RESTRICTED = 'true';
    s3.objects.length = 0;
    result = await handler({ formats: 'csv' });
  });

  afterAll(() => {
    delete process.env.EXPORT_RESTRICTED;
  });

  it('publishes the public set first, at the top, then the full set under restricted/', () => {
    const date = result.prefix.slice('exports/'.length);
    expect(result.restricted?.prefix).toBe(`restricted/exports/${date}`);
    const keys = s3.objects.map((o) => o.key);
    const lastPublic = Math.max(...keys.map((k, i) => (k.startsWith('restricted/') ? -1 : i)));
    const firstRestricted = keys.findIndex((k) => k.startsWith('restricted/'));
    expect(firstRestricted).toBeGreaterThan(lastPublic);
    expect(keys.filter((k) => !k.startsWith('restricted/')).every((k) => k.startsWith(result.prefix) || k.startsWith('latest/'))).toBe(true);
  });

  it('gives each set its dated folder and latest/, each ending with its own manifest', () => {
    const keys = s3.objects.map((o) => o.key);
    for (const folder of [result.prefix, 'latest/', result.restricted!.prefix, 'restricted/latest/']) {
      const inFolder = keys.filter((k) => k.startsWith(folder) && !k.slice(folder.length).includes('/'));
      expect(inFolder.at(-1)).toBe(`${folder}manifest.json`);
      expect(inFolder).toContain(`${folder}edges.csv`);
    }
    expect(result.restricted!.keys).toEqual(keys.filter((k) => k.startsWith('restricted/')));
  });
});

describe('the export publisher', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'export-publisher-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const client = () => createS3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: 'eu-west-2' });

  it('labels each format with its media type, anything else as octet-stream', async () => {
    s3.objects.length = 0;
    for (const name of ['a.csv', 'a.jsonld', 'a.graphml', 'a.json', 'a.txt']) {
      writeFileSync(path.join(dir, name), 'fictional content\n');
      await uploadFile(client(), BUCKET, `types/${name}`, path.join(dir, name));
    }
    expect(s3.objects.map((o) => [o.key, o.contentType])).toEqual([
      ['types/a.csv', 'text/csv; charset=utf-8'],
      ['types/a.jsonld', 'application/ld+json'],
      ['types/a.graphml', 'application/graphml+xml'],
      ['types/a.json', 'application/json'],
      ['types/a.txt', 'application/octet-stream'],
    ]);
  });

  it('sends a file of up to 16 MiB in one PutObject, and a larger one as a multipart upload', async () => {
    s3.objects.length = 0;
    const file = path.join(dir, 'large.csv');
    writeFileSync(file, '');
    truncateSync(file, 16 * 1024 * 1024);
    await uploadFile(client(), BUCKET, 'size/at-limit.csv', file);
    expect(s3.objects.map((o) => [o.key, o.body.length])).toEqual([['size/at-limit.csv', 16 * 1024 * 1024]]);
    // One byte more goes multipart, which the stand-in refuses (501): so it was not one PutObject.
    truncateSync(file, 16 * 1024 * 1024 + 1);
    await expect(uploadFile(client(), BUCKET, 'size/over-limit.csv', file)).rejects.toThrow();
    expect(s3.objects.map((o) => o.key)).toEqual(['size/at-limit.csv']);
  });

  it('publishes under the date of `now` and latest/, stamps the manifest with it, and leaves no temporary files', async () => {
    s3.objects.length = 0;
    const scratch = mkdtempSync(path.join(tmpdir(), 'export-scratch-'));
    try {
      const now = new Date('2026-12-01T23:30:00Z');
      const result = await runScheduledExport({ viewer: ANONYMOUS, db: createTableClient({ endpoint: engine.endpoint }), s3: client(), tableName: TABLE, bucket: BUCKET, datasetName: 'luton-2020', formats: ['csv'], now, tempDir: scratch });
      expect(result.prefix).toBe('exports/2026-12-01/');
      expect(result.keys).toEqual(s3.objects.map((o) => o.key));
      expect(result.keys.filter((key) => key.startsWith('latest/')).length * 2).toBe(result.keys.length);
      expect(result.keys.at(-1)).toBe('latest/manifest.json');
      const manifest = JSON.parse(s3.objects.find((o) => o.key === 'exports/2026-12-01/manifest.json')!.body.toString('utf8')) as ExportManifest;
      expect(manifest.exportedAt).toBe('2026-12-01T23:30:00.000Z');
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
