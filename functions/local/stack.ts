/**
 * The whole local stack in one call: the embedded engine, the table, the datasets
 * (every folder under data/, or one folder and its dependencies), and the GraphQL
 * server with GraphiQL. `npm start` and the end-to-end tests both use it.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { jwksVerifier, loopbackFetcher, viewerFromAuthorization, type TokenVerifier } from '../graphql/authentication.js';
import { correlationIdFrom } from '../graphql/context.js';
import { createGraphServer, createRequestContext } from '../graphql/server.js';
import { createDynamoDbClient, createTableClient } from '../storage/dynamodb-client.js';
import type { LoadResult } from '../storage/dataset-loader.js';
import { DynamoGraphStore } from '../storage/graph-store.js';
import { ensureTable } from '../storage/table-admin.js';
import { buildDatasets, buildDatasetWithDependencies, findDatasetDirs, PROJECT_ROOT } from './dataset-files.js';
import { loadDatasets } from './load-datasets.js';
import { loadDatasetsInChildProcess } from './load-process.js';
import { DEFAULT_ISSUER_DIR, DEV_JWKS_PATH, ephemeralDevIssuer, loadOrCreateDevIssuer, type DevIssuer } from './dev-issuer.js';
import { startLocalEngine, type LocalEngine } from './engine.js';
import { createHttpServer } from './http-server.js';

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one. @default 4000 */
  port?: number;
  /** Folder for the engine's files; in memory when null. @default .local-data/dynalite */
  dataDir?: string | null;
  /** Use this engine endpoint (DynamoDB Local, another dynalite) instead of embedding one. */
  endpoint?: string;
  tableName?: string;
  /** Load this dataset folder and the datasets it depends on, instead of every folder under data/. */
  datasetDir?: string;
  graphiqlDir?: string;
  /** Largest response body, in bytes. @default RESPONSE_BUDGET_BYTES (as on Lambda) */
  responseBudgetBytes?: number;
  /** Origins a browser may call the API from (CORS). @default [] - same origin only */
  allowedOrigins?: readonly string[];
  /**
   * Folder of the dev issuer's key (functions/local/dev-issuer.ts); null for a key in
   * memory only. @default DEFAULT_ISSUER_DIR, or in memory when `dataDir` is null
   */
  issuerDir?: string | null;
  /** Observe every DynamoDB command (benchmarks count them; a load in a child process is not observed). */
  onRequest?: (command: string) => void | (() => void);
  /**
   * Validate, build and load the datasets in a child process that writes to the engine
   * over HTTP and exits (load-process.ts), so this process never holds the loader's
   * working set; `npm start` does. The same results and errors as a load in this process.
   * @default false
   */
  loadInChildProcess?: boolean;
}

export interface LocalStack {
  /** GraphQL endpoint on loopback. */
  url: string;
  port: number;
  endpoint: string;
  store: DynamoGraphStore;
  /** One result per dataset, in the order loaded (dependencies first). */
  loads: LoadResult[];
  /** Signs tokens this server accepts (`npm run token` uses the same key). */
  devIssuer: DevIssuer;
  close(): Promise<void>;
}

export const DEFAULT_DATA_DIR = path.join(PROJECT_ROOT, '.local-data', 'dynalite');
export const DEFAULT_GRAPHIQL_DIR = path.join(PROJECT_ROOT, 'dist', 'graphiql');

async function loadHere(store: DynamoGraphStore, datasetDir: string | undefined): Promise<LoadResult[]> {
  // Validation of every dataset runs before any write: an invalid one leaves the table untouched.
  const datasets = datasetDir ? await buildDatasetWithDependencies(datasetDir) : await buildDatasets(await findDatasetDirs());
  return loadDatasets(store, datasets);
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  let engine: LocalEngine | undefined;
  const endpoint = options.endpoint ?? (engine = await startLocalEngine({ path: options.dataDir === null ? undefined : options.dataDir ?? DEFAULT_DATA_DIR })).endpoint;
  try {
    const client = createDynamoDbClient({ endpoint, onRequest: options.onRequest });
    const tableName = options.tableName ?? 'scrutiny-graph';
    await ensureTable(client, tableName);
    const store = new DynamoGraphStore(createTableClient({ endpoint, onRequest: options.onRequest }), tableName);
    const loads = options.loadInChildProcess ? await loadDatasetsInChildProcess({ endpoint, tableName, datasetDir: options.datasetDir }) : await loadHere(store, options.datasetDir);

    const issuerDir = options.issuerDir === undefined ? (options.dataDir === null ? null : DEFAULT_ISSUER_DIR) : options.issuerDir;
    const devIssuer = issuerDir === null ? ephemeralDevIssuer() : await loadOrCreateDevIssuer(issuerDir);
    // Made once the port is known; the verifier fetches the keys from this server itself.
    let verifier: TokenVerifier | undefined;

    const apollo = createGraphServer();
    await apollo.start();
    const http = createHttpServer({
      apollo,
      context: async (requestId, authorization) => {
        const correlationId = correlationIdFrom(requestId);
        return createRequestContext(store, correlationId, await viewerFromAuthorization(authorization, verifier, correlationId));
      },
      jwks: devIssuer.jwks,
      graphiqlDir: options.graphiqlDir ?? DEFAULT_GRAPHIQL_DIR,
      responseBudgetBytes: options.responseBudgetBytes,
      allowedOrigins: options.allowedOrigins,
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 4000, '127.0.0.1', () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    verifier = jwksVerifier({ issuer: devIssuer.issuer, audience: devIssuer.audience, jwksUri: `http://127.0.0.1:${port}${DEV_JWKS_PATH}`, fetcher: loopbackFetcher });
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      port,
      endpoint,
      store,
      loads,
      devIssuer,
      close: async () => {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await apollo.stop();
        await engine?.close();
      },
    };
  } catch (error) {
    await engine?.close();
    throw error;
  }
}

