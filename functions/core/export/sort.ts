/**
 * Bounded-memory sorting for exports. A Scan returns items in no useful order, yet
 * two exports of the same graph must be byte-identical, so every stream is sorted
 * by id before it is written. The sorter holds at most `runSize` items: when the
 * buffer fills it is sorted and spilled as a run (JSON lines), and the runs are
 * merged at the end. A graph smaller than one run never touches the spill store.
 */

export interface SpillRun {
  read(): AsyncIterable<string>;
}

/** Somewhere to put sorted runs: temporary files in practice, memory in tests. */
export interface SpillStore {
  /** Writes the lines (already in order) as one run; they are produced lazily, one at a time. */
  writeRun(lines: Iterable<string>): Promise<SpillRun>;
  dispose(): Promise<void>;
}

export function memorySpillStore(): SpillStore & { runs: number } {
  const store = {
    runs: 0,
    async writeRun(lines: Iterable<string>): Promise<SpillRun> {
      store.runs++;
      const copy = [...lines];
      return {
        async *read() {
          yield* copy;
        },
      };
    },
    async dispose() {},
  };
  return store;
}

export interface SorterOptions<T> {
  /** Sort key; compared by UTF-16 code units, so the order never depends on locale. */
  key: (item: T) => string;
  /** Most items held in memory at once. */
  runSize: number;
  spill: SpillStore;
  encode?: (item: T) => string;
  decode?: (line: string) => T;
}

export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class ExternalSorter<T> {
  private buffer: T[] = [];
  private readonly runs: SpillRun[] = [];
  private readonly encode: (item: T) => string;
  private readonly decode: (line: string) => T;
  count = 0;

  constructor(private readonly options: SorterOptions<T>) {
    if (!(options.runSize >= 1)) throw new Error('ExternalSorter needs a runSize of at least 1');
    this.encode = options.encode ?? ((item) => JSON.stringify(item));
    this.decode = options.decode ?? ((line) => JSON.parse(line) as T);
  }

  async add(item: T): Promise<void> {
    this.buffer.push(item);
    this.count++;
    if (this.buffer.length >= this.options.runSize) await this.spillBuffer();
  }

  /** Number of runs written to the spill store (0 when everything fitted in memory). */
  get spilledRuns(): number {
    return this.runs.length;
  }

  private sortBuffer(): T[] {
    const { key } = this.options;
    const keyed = this.buffer.map((item) => ({ k: key(item), item }));
    keyed.sort((a, b) => compareKeys(a.k, b.k));
    this.buffer = [];
    return keyed.map((entry) => entry.item);
  }

  private async spillBuffer(): Promise<void> {
    if (this.buffer.length === 0) return;
    const sorted = this.sortBuffer();
    const encode = this.encode;
    // Encoded as they are written, so the run never exists twice in memory.
    this.runs.push(
      await this.options.spill.writeRun(
        (function* () {
          for (const item of sorted) yield encode(item);
        })(),
      ),
    );
  }

  /** Every item added, in key order. Call once, after the last `add`. */
  async *sorted(): AsyncGenerator<T> {
    if (this.runs.length === 0) {
      yield* this.sortBuffer();
      return;
    }
    await this.spillBuffer();
    const { key } = this.options;
    const heads = await Promise.all(
      this.runs.map(async (run) => {
        const iterator = run.read()[Symbol.asyncIterator]();
        const first = await iterator.next();
        return { iterator, item: first.done ? undefined : this.decode(first.value), k: '' };
      }),
    );
    for (const head of heads) if (head.item !== undefined) head.k = key(head.item);
    // A linear pick of the smallest head: runs are few (items / runSize), so a heap buys nothing.
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]!;
        if (head.item === undefined) continue;
        if (best < 0 || compareKeys(head.k, heads[best]!.k) < 0) best = i;
      }
      if (best < 0) return;
      const head = heads[best]!;
      yield head.item as T;
      const next = await head.iterator.next();
      head.item = next.done ? undefined : this.decode(next.value);
      if (head.item !== undefined) head.k = key(head.item);
    }
  }
}
