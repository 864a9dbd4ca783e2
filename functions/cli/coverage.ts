/**
 * `npm run data:coverage [-- --json]`: the share of the source's substantive lines
 * (four or more words) that some citation quotes, and every uncited block of more
 * than five such lines, marked reviewed when data/coverage-exclusions.yaml explains it.
 * Exits 1 when a long uncited block is unreviewed.
 */
import { BLOCK_THRESHOLD, coverageReport, SUBSTANTIVE_WORDS } from '../core/coverage.js';
import { SourceTextError } from '../core/errors.js';
import { buildDatasetWithDependencies, DEFAULT_DATASET_DIR, mergeGraphs, readCoverageExclusions } from '../local/dataset-files.js';

const PACK = 'luton/document:luton-cdc-2020-03-02-agenda-pack';
/** The registry's own registration of the same pack: its citations cover the same text. */
const REGISTRY_PACK = 'registry/document:luton-cdc-2020-03-02-agenda-pack';

const datasets = await buildDatasetWithDependencies(DEFAULT_DATASET_DIR).catch((error: unknown) => {
  if (!(error instanceof SourceTextError)) throw error;
  console.error(error.message);
  process.exit(1);
});
/** The pack's text as found on the sources search path and checked against its sha256. */
const text = datasets.map((d) => d.texts.get(PACK)).find((t) => t !== undefined)!;
const report = coverageReport(mergeGraphs(datasets), PACK, text, await readCoverageExclusions(), [REGISTRY_PACK]);
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  console.log(`${report.document}: ${report.coveredLines} of ${report.substantiveLines} substantive lines (${SUBSTANTIVE_WORDS}+ words) spanned by a quote: ${pct(report.share)}`);
  console.log(`within some citation's line range (looser): ${report.rangeCoveredLines} lines: ${pct(report.rangeCoveredLines / report.substantiveLines)}`);
  console.log(`uncited but reviewed as needing no citation: ${report.excludedLines} lines; cited or reviewed: ${pct((report.coveredLines + report.excludedLines) / report.substantiveLines)}`);
  console.log(`\nuncited blocks of more than ${BLOCK_THRESHOLD} substantive lines: ${report.blocks.length} (${report.unreviewed.length} unreviewed)`);
  for (const block of report.blocks) {
    const status = block.excludedBy ? `reviewed: ${block.excludedBy.reason}` : 'UNREVIEWED';
    console.log(`  lines ${block.lines[0]}-${block.lines[1]} (${block.substantive} lines) ${status}  "${block.preview}"`);
  }
}
process.exit(report.unreviewed.length > 0 ? 1 : 0);
