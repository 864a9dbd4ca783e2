/**
 * TextFile, the buffer between the exporter's many small strings and a file sink: chunks
 * of about 64 K characters, exactly the text given, counted and hashed as written; and the
 * memory sink tests read files from.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memorySink, openTextFile, TextFile, type FileSink } from '../../functions/core/export/io.js';

const CHUNK = 64 * 1024;

function recordingSink(): FileSink & { chunks: string[]; closed: number } {
  const sink = {
    chunks: [] as string[],
    closed: 0,
    write: (chunk: Uint8Array) => void sink.chunks.push(Buffer.from(chunk).toString('utf8')),
    close: async () => void sink.closed++,
  };
  return sink;
}

describe('TextFile', () => {
  it('holds text until a chunk is full, then hands the sink exactly that text', async () => {
    const sink = recordingSink();
    const file = new TextFile('fictional.txt', sink);
    const half = 'a'.repeat(CHUNK / 2);
    expect(file.write(half)).toBeUndefined();
    expect(file.write('b'.repeat(CHUNK / 2 - 1))).toBeUndefined();
    expect(sink.chunks).toEqual([]);
    // The chunk's last character fills it: flushed at exactly 64 K, not one past.
    file.write('c');
    expect(sink.chunks).toEqual([`${half}${'b'.repeat(CHUNK / 2 - 1)}c`]);
    // Counting starts again from nothing after a flush.
    expect(file.write('d')).toBeUndefined();
    expect(file.write('e'.repeat(CHUNK - 2))).toBeUndefined();
    expect(sink.chunks).toHaveLength(1);
    const info = await file.close();
    expect(sink.chunks).toEqual([`${half}${'b'.repeat(CHUNK / 2 - 1)}c`, `d${'e'.repeat(CHUNK - 2)}`]);
    expect(sink.closed).toBe(1);
    const all = sink.chunks.join('');
    expect(info).toEqual({ name: 'fictional.txt', bytes: all.length, sha256: createHash('sha256').update(all).digest('hex') });
  });

  it('returns the sink’s promise from the write that flushed, so the caller can wait for it', async () => {
    let resolved = false;
    const file = new TextFile('fictional.txt', {
      write: () => new Promise<void>((resolve) => setTimeout(() => { resolved = true; resolve(); }, 1)),
      close: async () => {},
    });
    const flushed = file.write('x'.repeat(CHUNK));
    expect(flushed).toBeInstanceOf(Promise);
    await flushed;
    expect(resolved).toBe(true);
  });

  it('counts bytes, not characters, and writes nothing more on close when nothing is pending', async () => {
    const sink = recordingSink();
    const file = await openTextFile({ open: () => sink }, 'fictional.txt');
    expect(file.name).toBe('fictional.txt');
    file.write('£'.repeat(CHUNK));
    expect(sink.chunks).toHaveLength(1);
    const info = await file.close();
    expect(sink.chunks).toHaveLength(1);
    expect(info.bytes).toBe(2 * CHUNK);
    const empty = recordingSink();
    expect(await new TextFile('empty.txt', empty).close()).toEqual({ name: 'empty.txt', bytes: 0, sha256: createHash('sha256').digest('hex') });
    expect([empty.chunks, empty.closed]).toEqual([[], 1]);
  });
});

describe('memorySink', () => {
  it('keeps each closed file and names the files it has when asked for one it has not', async () => {
    const sink = memorySink();
    for (const name of ['b.csv', 'a.csv']) {
      const file = await openTextFile(sink, name);
      file.write(`fictional ${name}`);
      await file.close();
    }
    expect(sink.text('a.csv')).toBe('fictional a.csv');
    expect(() => sink.text('c.csv')).toThrow(new Error('No export file named "c.csv"; files: b.csv, a.csv'));
  });
});
