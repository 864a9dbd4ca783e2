/**
 * One measured export, in a fresh process: exports TABLE at ENDPOINT to OUT while
 * sampling process.memoryUsage() every 100 ms, then prints one JSON line of results.
 */
import { ANONYMOUS } from '../../functions/core/access.js';
import { exportTable } from '../../functions/storage/table-export.js';
import { createTableClient } from '../../functions/storage/dynamodb-client.js';

const { ENDPOINT, TABLE, OUT, SEGMENTS, RUN_SIZE } = process.env;
if (!ENDPOINT || !TABLE || !OUT) throw new Error('export-worker needs ENDPOINT, TABLE and OUT');

const before = process.memoryUsage();
let peakRss = before.rss;
let peakHeap = before.heapUsed;
const sampler = setInterval(() => {
  const { rss, heapUsed } = process.memoryUsage();
  peakRss = Math.max(peakRss, rss);
  peakHeap = Math.max(peakHeap, heapUsed);
}, 100);

const started = performance.now();
const manifest = await exportTable(createTableClient({ endpoint: ENDPOINT }), TABLE, OUT, {
  viewer: ANONYMOUS,
  scan: { segments: SEGMENTS ? Number(SEGMENTS) : 4 },
  ...(RUN_SIZE ? { runSize: Number(RUN_SIZE) } : {}),
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
const after = process.memoryUsage();
peakRss = Math.max(peakRss, after.rss);
peakHeap = Math.max(peakHeap, after.heapUsed);
const items = manifest.counts.totalNodes + manifest.counts.totalEdges;
process.stdout.write(
  JSON.stringify({
    nodes: manifest.counts.totalNodes,
    edges: manifest.counts.totalEdges,
    seconds,
    itemsPerSecond: Math.round(items / seconds),
    baselineRssMb: Math.round(before.rss / 2 ** 20),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    peakHeapMb: Math.round(peakHeap / 2 ** 20),
    bytesWritten: manifest.files.reduce((n, f) => n + f.bytes, 0),
  }) + '\n',
);
