/**
 * Where export files go. The exporter only knows this interface: the CLI and the
 * Lambda handler give it a folder on disk, tests give it memory.
 */
import { createHash, type Hash } from 'node:crypto';

/** One output file being written. `write` may return a promise to apply backpressure. */
export interface FileSink {
  write(chunk: Uint8Array): void | Promise<void>;
  close(): Promise<void>;
}

export interface ExportSink {
  open(name: string): FileSink | Promise<FileSink>;
}

export interface FileInfo {
  name: string;
  bytes: number;
  sha256: string;
}

/** Writers hand over many small strings; they are gathered into chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Buffers text, encodes it as UTF-8, hashes and counts what it writes, so the
 * manifest's sizes and checksums describe exactly the bytes in the file.
 */
export class TextFile {
  private pending: string[] = [];
  private pendingChars = 0;
  private bytes = 0;
  private readonly hash: Hash = createHash('sha256');

  constructor(
    readonly name: string,
    private readonly sink: FileSink,
  ) {}

  /** Queues text; returns a promise only when a chunk was flushed to the sink. */
  write(text: string): void | Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= CHUNK_CHARS) return this.flush();
  }

  private flush(): void | Promise<void> {
    if (this.pending.length === 0) return;
    const buffer = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.bytes += buffer.length;
    this.hash.update(buffer);
    return this.sink.write(buffer);
  }

  async close(): Promise<FileInfo> {
    await this.flush();
    await this.sink.close();
    return { name: this.name, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

export async function openTextFile(sink: ExportSink, name: string): Promise<TextFile> {
  return new TextFile(name, await sink.open(name));
}

/** Keeps every file in memory: for tests and small graphs. */
export function memorySink(): ExportSink & { files: Map<string, Buffer>; text(name: string): string } {
  const files = new Map<string, Buffer>();
  return {
    files,
    text(name) {
      const file = files.get(name);
      if (!file) throw new Error(`No export file named "${name}"; files: ${[...files.keys()].join(', ')}`);
      return file.toString('utf8');
    },
    open(name) {
      const chunks: Buffer[] = [];
      return {
        write: (chunk) => void chunks.push(Buffer.from(chunk)),
        close: async () => void files.set(name, Buffer.concat(chunks)),
      };
    },
  };
}
