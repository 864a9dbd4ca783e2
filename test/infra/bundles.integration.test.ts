/**
 * The bundled artifacts that synth produces are executed: the stack is synthesized
 * (esbuild bundling included) to a temp folder, and each function's bundle is imported
 * in a fresh Node process and handed a realistic event, against the embedded DynamoDB
 * engine and, for the export, a tiny S3 stand-in. Everything listens on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../functions/core/dataset.js';
import type { ExportManifest } from '../../functions/core/export/export-graph.js';
import { startLocalEngine, type LocalEngine } from '../../functions/local/engine.js';
import { buildDatasetWithDependencies, DEFAULT_DATASET_DIR, mergeGraphs } from '../../functions/local/dataset-files.js';
import { loadGraph, type LoadResult } from '../../functions/storage/dataset-loader.js';
import { createDynamoDbClient, createTableClient } from '../../functions/storage/dynamodb-client.js';
import { DynamoGraphStore } from '../../functions/storage/graph-store.js';
import { ensureTable } from '../../functions/storage/table-admin.js';
import { BUILTINS_BY_REQUIRE } from '../../infra/constructs/graph-function.js';
import { ScrutinyGraphStack } from '../../infra/stack.js';
import { packedSchemaDocument } from '../../functions/graphql/generated/schema-document.js';
import { startS3StandIn, type StoredObject } from '../fixtures/s3-stand-in.js';
import { EXPORT_DESCRIPTION, GRAPHQL_DESCRIPTION } from './support.js';
import { loadDatasets } from '../../functions/local/load-datasets.js';

const STACK = 'ScrutinyGraph-bundles';
const TABLE = 'scrutiny-graph-bundles';
const BUCKET = 'scrutiny-graph-exports-test';
const DOCUMENT_ID = 'luton/document:luton-cdc-2020-03-02-agenda-pack';

/** The guard: these tests talk to loopback endpoints only, never to AWS. */
function assertLocal(endpoint: string): string {
  if (new URL(endpoint).hostname !== '127.0.0.1') throw new Error(`Integration tests only use 127.0.0.1 endpoints; refusing ${endpoint}`);
  return endpoint;
}

interface Bundle {
  dir: string;
  file: string;
}

/** The asset folder of the function with this description, from the assembly's asset manifest. */
function findBundle(outdir: string, description: string): Bundle {
  const template = JSON.parse(readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8'));
  const fn = Object.values<{ Type: string; Properties: { Description?: string; Code: { S3Key: string }; Handler: string } }>(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === description,
  );
  if (!fn) throw new Error(`No function "${description}" in the template`);
  const hash = fn.Properties.Code.S3Key.replace(/\.zip$/, '');
  const assets = JSON.parse(readFileSync(path.join(outdir, `${STACK}.assets.json`), 'utf8'));
  const dir = path.join(outdir, assets.files[hash].source.path as string);
  const module = fn.Properties.Handler.split('.')[0]!;
  return { dir, file: path.join(dir, `${module}.mjs`) };
}

// Runs in the child: imports the bundle, calls `handler` once, prints the result after a marker.
const RUNNER = `
const [file, event] = process.argv.slice(1);
const { handler } = await import(file);
const context = { awsRequestId: 'local-test', functionName: 'bundle-test', callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 10000 };
const result = await handler(JSON.parse(event), context);
process.stdout.write('\\n@@RESULT@@' + JSON.stringify(result ?? null));
`;
const MARKER = '@@RESULT@@';

/** Invokes a bundle in a fresh Node process with only the environment given (no AWS credentials or profiles of the caller). */
function invokeBundle(bundle: Bundle, event: unknown, env: Record<string, string>): Promise<unknown> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'bundle-home-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '--enable-source-maps', '-e', RUNNER, pathToFileURL(bundle.file).href, JSON.stringify(event)], {
      cwd: home,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: home,
        AWS_REGION: 'eu-west-2',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      const at = stdout.lastIndexOf(MARKER);
      if (code !== 0 || at < 0) reject(new Error(`The bundle exited with ${code}:\n${stderr}\n${stdout}`));
      else resolve(JSON.parse(stdout.slice(at + MARKER.length)));
    });
  });
}

/** An API Gateway HTTP API (payload 2.0) event, as the Lambda integration delivers it. */
function httpApiEvent(body: unknown) {
  const now = new Date();
  const text = JSON.stringify(body);
  return {
    version: '2.0',
    routeKey: 'POST /graphql',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'content-type': 'application/json',
      host: 'a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
      'user-agent': 'curl/8.5.0',
      'x-amzn-trace-id': 'Root=1-67a1b2c3-0123456789abcdef01234567',
      'x-forwarded-for': '203.0.113.10',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'a1b2c3d4e5',
      domainName: 'a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'a1b2c3d4e5',
      http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'curl/8.5.0' },
      requestId: 'Hm3kXj1ALPEEMpA=',
      routeKey: 'POST /graphql',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: text,
    isBase64Encoded: false,
  };
}

let outdir: string;
let engine: LocalEngine;
let graph: Graph;
let loaded: LoadResult[];

beforeAll(async () => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'scrutiny-graph-cdk-'));
  const app = new App({ outdir });
  new ScrutinyGraphStack(app, STACK, { stage: 'dev' });
  app.synth();

  engine = await startLocalEngine();
  const client = createDynamoDbClient({ endpoint: assertLocal(engine.endpoint) });
  await ensureTable(client, TABLE);
  const datasets = await buildDatasetWithDependencies(DEFAULT_DATASET_DIR);
  graph = mergeGraphs(datasets);
  loaded = await loadDatasets(new DynamoGraphStore(createTableClient({ endpoint: assertLocal(engine.endpoint) }), TABLE), datasets);
});

afterAll(async () => {
  await engine?.close();
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('the GraphQL bundle', () => {
  it('answers a node query from an HTTP API event with 200 and the node', async () => {
    const bundle = findBundle(outdir, GRAPHQL_DESCRIPTION);
    const result = (await invokeBundle(bundle, httpApiEvent({ query: `{ node(id: "${DOCUMENT_ID}") { id label } }` }), {
      TABLE_NAME: TABLE,
      DYNAMODB_ENDPOINT: assertLocal(engine.endpoint),
    })) as { statusCode: number; body: string };
    const label = graph.nodes.find((node) => node.id === DOCUMENT_ID)?.label;
    expect({ statusCode: result.statusCode, body: JSON.parse(result.body) }).toEqual({
      statusCode: 200,
      body: { data: { node: { id: DOCUMENT_ID, label } } },
    });
  });
});

describe('the GraphQL bundle under hostile requests', () => {
  it('refuses a 1 KB document of 24 doubling fragments as too costly', async () => {
    let bomb = `{ node(id: "${DOCUMENT_ID}") { ...F0 } }`;
    for (let i = 0; i < 24; i++) bomb += ` fragment F${i} on Node { ...F${i + 1} ...F${i + 1} }`;
    bomb += ' fragment F24 on Node { id }';
    const result = (await invokeBundle(findBundle(outdir, GRAPHQL_DESCRIPTION), httpApiEvent({ query: bomb }), {
      TABLE_NAME: TABLE,
      DYNAMODB_ENDPOINT: assertLocal(engine.endpoint),
    })) as { statusCode: number; body: string };
    expect([result.statusCode, JSON.parse(result.body).errors[0].extensions.code]).toEqual([400, 'QUERY_TOO_COSTLY']);
  });

  it('refuses a body over 100,000 bytes with 413, and introspection unless configured', async () => {
    const bundle = findBundle(outdir, GRAPHQL_DESCRIPTION);
    const env = { TABLE_NAME: TABLE, DYNAMODB_ENDPOINT: assertLocal(engine.endpoint) };
    const large = (await invokeBundle(bundle, httpApiEvent({ query: `{ datasets { name } } # ${'x'.repeat(100_000)}` }), env)) as { statusCode: number };
    const introspection = (await invokeBundle(bundle, httpApiEvent({ query: '{ __schema { queryType { name } } }' }), env)) as { statusCode: number };
    const allowed = (await invokeBundle(bundle, httpApiEvent({ query: '{ __schema { queryType { name } } }' }), { ...env, GRAPHQL_INTROSPECTION: 'true' })) as { statusCode: number; body: string };
    expect([large.statusCode, introspection.statusCode, allowed.statusCode, JSON.parse(allowed.body).data]).toEqual([413, 400, 200, { __schema: { queryType: { name: 'Query' } } }]);
  });
});

// The export handler (functions/handlers/export.ts, through functions/storage/s3-client.ts)
// honours S3_ENDPOINT and S3_FORCE_PATH_STYLE=true, so S3 is replaced only at the client boundary.
describe('the export bundle, run as the schedule runs it', () => {
  let objects: StoredObject[];
  let dated: string;

  beforeAll(async () => {
    const s3 = await startS3StandIn();
    try {
      // What EventBridge Scheduler sends when the target has no input.
      await invokeBundle(findBundle(outdir, EXPORT_DESCRIPTION), {}, {
        TABLE_NAME: TABLE,
        DYNAMODB_ENDPOINT: assertLocal(engine.endpoint),
        EXPORT_BUCKET: BUCKET,
        S3_ENDPOINT: assertLocal(s3.endpoint),
        S3_FORCE_PATH_STYLE: 'true',
      });
    } finally {
      await s3.close();
    }
    objects = s3.objects;
    dated = objects.map((o) => o.key).find((key) => /^exports\/\d{4}-\d{2}-\d{2}\/manifest\.json$/.test(key)) ?? '';
  });

  const manifest = (key: string) => JSON.parse(objects.find((o) => o.key === key)?.body.toString('utf8') ?? 'null') as ExportManifest;

  it('writes manifest.json under exports/<date>/ and under latest/, to the bucket it is given', () => {
    expect(objects.filter((o) => o.bucket === BUCKET && o.key.endsWith('manifest.json')).map((o) => o.key)).toEqual([dated, 'latest/manifest.json']);
  });

  it('writes every file the manifest lists under both prefixes', () => {
    const prefix = dated.slice(0, -'manifest.json'.length);
    const names = manifest('latest/manifest.json').files.map((file) => file.name);
    expect(objects.map((o) => o.key)).toEqual(expect.arrayContaining(names.flatMap((name) => [`${prefix}${name}`, `latest/${name}`])));
  });

  it('lists every dataset loaded in the table with its version and its own counts', () => {
    const listed = manifest('latest/manifest.json').datasets.map((d) => [d.name, d.version, d.counts.totalNodes, d.counts.totalEdges]);
    expect(listed).toEqual(loaded.map((d) => [d.dataset, d.version, d.nodes, d.edges]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    expect(listed.map(([name]) => name)).toEqual(['luton-2020', 'registry']);
  });
});

describe('the bundles', () => {
  it.each([
    ['GraphQL', GRAPHQL_DESCRIPTION],
    ['export', EXPORT_DESCRIPTION],
  ])('ship the %s function as one ES module with its source map', (_name, description) => {
    const bundle = findBundle(outdir, description);
    expect([statSync(bundle.file).isFile(), statSync(`${bundle.file}.map`).isFile()]).toEqual([true, true]);
  });
});

describe('the GraphQL bundle, as shipped', () => {
  it('is at most 1 MB (1,000,000 bytes), source map apart', () => {
    expect(statSync(findBundle(outdir, GRAPHQL_DESCRIPTION).file).size).toBeLessThanOrEqual(1_000_000);
  });

  it('holds one build of Apollo Server (its ES modules) and no usage-reporting protobuf', () => {
    const { sources } = JSON.parse(readFileSync(`${findBundle(outdir, GRAPHQL_DESCRIPTION).file}.map`, 'utf8')) as { sources: string[] };
    const apollo = sources.filter((source) => source.includes('node_modules/@apollo/server/dist/'));
    expect({
      esm: apollo.some((source) => source.includes('/dist/esm/')),
      cjs: apollo.filter((source) => source.includes('/dist/cjs/')),
      protobuf: sources.filter((source) => source.includes('usage-reporting-protobuf')),
      stub: sources.some((source) => source.endsWith('infra/bundling/apollo-usage-reporting-stub.ts')),
    }).toEqual({ esm: true, cjs: [], protobuf: [], stub: true });
  });

  it('carries no usage-reporting signature code and no JavaScript SHA (sha.js): Node hashes queries', () => {
    const { sources } = JSON.parse(readFileSync(`${findBundle(outdir, GRAPHQL_DESCRIPTION).file}.map`, 'utf8')) as { sources: string[] };
    expect(sources.filter((source) => /node_modules\/(sha\.js|lodash\.sortby|@apollo\/utils\.(usagereporting|createhash))\//.test(source))).toEqual([]);
  });

  it('is ASCII only, so Node reads it as one-byte text rather than decoding UTF-8 at every cold start', () => {
    // One character past U+007F anywhere (a curly quote in a regular expression, which
    // esbuild keeps as written) makes V8 decode and keep the whole module as two-byte text.
    const bytes = readFileSync(findBundle(outdir, GRAPHQL_DESCRIPTION).file);
    const at = bytes.findIndex((byte) => byte > 0x7f);
    expect(at < 0 ? '' : bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8')).toBe('');
  });

  it('carries the schema as its parsed document, not as SDL to parse at start', () => {
    const text = readFileSync(findBundle(outdir, GRAPHQL_DESCRIPTION).file, 'utf8');
    expect([text.includes('type Action implements Node'), text.includes(packedSchemaDocument)]).toEqual([false, true]);
  });

  it('takes the built-ins listed in BUILTINS_BY_REQUIRE through require, never as ES module imports', () => {
    const names = BUILTINS_BY_REQUIRE.join('|').replace('/', '\\/');
    const imports = (description: string) => readFileSync(findBundle(outdir, description).file, 'utf8').match(new RegExp(`(from|import\\()\\s*["'](node:)?(${names})["']`, 'g')) ?? [];
    // The export bundle carries the AWS SDK (S3), which uses every one of them.
    const exportText = readFileSync(findBundle(outdir, EXPORT_DESCRIPTION).file, 'utf8');
    expect([imports(GRAPHQL_DESCRIPTION), imports(EXPORT_DESCRIPTION), BUILTINS_BY_REQUIRE.filter((name) => exportText.includes(`getBuiltinModule("node:${name}")`))]).toEqual([[], [], [...BUILTINS_BY_REQUIRE]]);
  });

  it('carries no AWS SDK: the graph table is read with DynamoDB\'s JSON protocol (functions/storage/table-client.ts)', () => {
    const { sources } = JSON.parse(readFileSync(`${findBundle(outdir, GRAPHQL_DESCRIPTION).file}.map`, 'utf8')) as { sources: string[] };
    expect(sources.filter((source) => /node_modules\/@(aws-sdk|smithy)\//.test(source))).toEqual([]);
    expect(sources.some((source) => source.endsWith('functions/storage/table-client.ts'))).toBe(true);
  });
});
