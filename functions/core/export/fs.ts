/** Node file-system adapters of the export: a folder sink and a temporary spill store. */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ExportSink, FileSink } from './io.js';
import type { SpillRun, SpillStore } from './sort.js';

async function writeWithBackpressure(stream: WriteStream, chunk: Uint8Array | string): Promise<void> {
  if (!stream.write(chunk)) await once(stream, 'drain');
}

async function endStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Writes each export file into `dir` (created if missing). */
export function directorySink(dir: string): ExportSink {
  let ready: Promise<unknown> | undefined;
  return {
    async open(name: string): Promise<FileSink> {
      if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`Export file names must be plain names; got "${name}"`);
      await (ready ??= mkdir(dir, { recursive: true }));
      const stream = createWriteStream(path.join(dir, name));
      let failure: Error | undefined;
      stream.on('error', (error) => (failure = error));
      return {
        write: (chunk) => {
          if (failure) throw failure;
          return writeWithBackpressure(stream, chunk);
        },
        close: async () => {
          if (failure) throw failure;
          await endStream(stream);
        },
      };
    },
  };
}

/** Sorted runs as JSON-lines files in a fresh temporary folder, removed by `dispose`. */
export function fileSpillStore(parent: string = tmpdir()): SpillStore {
  let dir: Promise<string> | undefined;
  let next = 0;
  return {
    async writeRun(lines: Iterable<string>): Promise<SpillRun> {
      const folder = await (dir ??= mkdtemp(path.join(parent, 'export-sort-')));
      const file = path.join(folder, `run-${next++}.jsonl`);
      const stream = createWriteStream(file);
      let batch: string[] = [];
      for (const line of lines) {
        batch.push(line);
        if (batch.length === 1000) {
          await writeWithBackpressure(stream, batch.join('\n') + '\n');
          batch = [];
        }
      }
      if (batch.length) await writeWithBackpressure(stream, batch.join('\n') + '\n');
      await endStream(stream);
      return {
        async *read() {
          const reader = createInterface({ input: createReadStream(file, { highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
          for await (const line of reader) if (line) yield line;
        },
      };
    },
    async dispose() {
      if (dir) await rm(await dir, { recursive: true, force: true });
    },
  };
}
