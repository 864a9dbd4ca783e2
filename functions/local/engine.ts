/**
 * The embedded DynamoDB-compatible engine (dynalite, on LevelDB), served over HTTP on
 * loopback so the AWS SDK talks to it exactly as it would to DynamoDB.
 */
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import dynalite from 'dynalite';

export interface LocalEngine {
  endpoint: string;
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Folder for the LevelDB files; in memory when unset. */
  path?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
}

export async function startLocalEngine(options: EngineOptions = {}): Promise<LocalEngine> {
  if (options.path) await mkdir(options.path, { recursive: true });
  const server = dynalite({ path: options.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
