/**
 * Citation coverage: the share of the source's substantive lines that quotes span, and
 * the long uncited blocks, each cited or explained in data/coverage-exclusions.yaml.
 */
import { describe, expect, it } from 'vitest';
import { coverageReport, quotedLines, wordCount, type CoverageExclusion } from '../../functions/core/coverage.js';
import type { Graph } from '../../functions/core/dataset.js';
import { buildDatasetWithDependencies, mergeGraphs, readCoverageExclusions } from '../../functions/local/dataset-files.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

const PACK = 'luton/document:luton-cdc-2020-03-02-agenda-pack';
/** The registry's own registration of the same pack: its citations cover the same text. */
const REGISTRY_PACK = 'registry/document:luton-cdc-2020-03-02-agenda-pack';
/** The share reached when the report was introduced; curating may raise it, never lower it. */
const COVERAGE_FLOOR = 0.9;

describe('coverage of the curated dataset', () => {
  it(`cites at least ${COVERAGE_FLOOR * 100}% of the pack's substantive lines and leaves no long uncited block unreviewed`, async () => {
    const datasets = await buildDatasetWithDependencies(CURATED_DATASET_DIR);
    const text = datasets.find((d) => d.descriptor.name === 'luton-2020')!.texts.get(PACK)!;
    const report = coverageReport(mergeGraphs(datasets), PACK, text, await readCoverageExclusions(), [REGISTRY_PACK]);
    expect(report.unreviewed.map((b) => `${b.lines.join('-')}: ${b.preview}`)).toEqual([]);
    expect(report.share).toBeGreaterThanOrEqual(COVERAGE_FLOOR);
  });

  it('explains every reviewed exclusion in a note', async () => {
    const exclusions = await readCoverageExclusions();
    expect(exclusions.length).toBeGreaterThan(0);
    expect(exclusions.filter((e) => e.note!.length < 20)).toEqual([]);
  });
});

// Fictional text and graph: four lines, one quoted.
const TEXT = ['one two three four', 'five six seven eight', 'a b', 'nine ten eleven twelve'].join('\n');
const graphQuoting = (quote: string, lines: [number, number]): Graph => ({
  nodes: [{ id: 'fictional/place:fictional', type: 'Place', label: 'Fictional', props: {}, sources: [{ document: 'fictional/document:fictional', quote, lines }] }],
  edges: [],
});

describe('coverageReport', () => {
  it('counts only the lines a quote spans, not a generous range around it', () => {
    expect(quotedLines(TEXT.split('\n'), { quote: 'six seven', lines: [1, 4] })).toEqual([2, 2]);
    const report = coverageReport(graphQuoting('six seven', [1, 4]), 'fictional/document:fictional', TEXT);
    expect({ substantive: report.substantiveLines, covered: report.coveredLines, range: report.rangeCoveredLines }).toEqual({ substantive: 3, covered: 1, range: 3 });
  });

  it('counts citations of another registration of the same text only when it is named as one', () => {
    expect(coverageReport(graphQuoting('six seven', [2, 2]), 'other/document:fictional', TEXT).coveredLines).toBe(0);
    expect(coverageReport(graphQuoting('six seven', [2, 2]), 'other/document:fictional', TEXT, [], ['fictional/document:fictional']).coveredLines).toBe(1);
  });

  it('counts a line of four or more words as substantive', () => {
    expect([wordCount('one two three four'), wordCount('a b'), wordCount('– – – –')]).toEqual([4, 2, 0]);
  });

  it('lists an uncited block longer than the threshold, and marks it reviewed when an exclusion covers it', () => {
    const long = Array.from({ length: 8 }, (_, i) => `fictional line number ${i} here`).join('\n');
    const none: Graph = { nodes: [], edges: [] };
    expect(coverageReport(none, 'fictional/document:fictional', long).unreviewed.map((b) => b.lines)).toEqual([[1, 8]]);
    const exclusion: CoverageExclusion = { lines: [1, 8], reason: 'boilerplate', note: 'Fictional boilerplate.' };
    const reviewed = coverageReport(none, 'fictional/document:fictional', long, [exclusion]);
    expect(reviewed.unreviewed).toEqual([]);
    expect(reviewed.blocks[0]!.excludedBy).toEqual(exclusion);
    expect(reviewed.excludedLines).toBe(8);
  });

  it('does not count a quote that is not where its lines say, nor trust the range', () => {
    expect(quotedLines(TEXT.split('\n'), { quote: 'not in the text', lines: [1, 4] })).toBeUndefined();
    const report = coverageReport(graphQuoting('not in the text', [1, 2]), 'fictional/document:fictional', TEXT);
    expect({ covered: report.coveredLines, range: report.rangeCoveredLines, share: report.share }).toEqual({ covered: 0, range: 2, share: 0 });
  });

  it('counts a range only over the lines it names', () => {
    const report = coverageReport(graphQuoting('six seven', [2, 2]), 'fictional/document:fictional', TEXT);
    expect({ covered: report.coveredLines, range: report.rangeCoveredLines, share: report.share }).toEqual({ covered: 1, range: 1, share: 1 / 3 });
  });

  it('counts as covered only the substantive lines a quote spans', () => {
    // "b nine" spans the two-word line 3 and the substantive line 4.
    const report = coverageReport(graphQuoting('b nine', [3, 4]), 'fictional/document:fictional', TEXT);
    expect({ substantive: report.substantiveLines, covered: report.coveredLines }).toEqual({ substantive: 3, covered: 1 });
  });

  it('calls a text with no substantive line fully covered', () => {
    expect(coverageReport({ nodes: [], edges: [] }, 'fictional/document:fictional', 'a b\n\nc d').share).toBe(1);
  });

  it('counts as excluded only the lines an exclusion holds, and reviews a block only when one exclusion holds all of it', () => {
    const long = Array.from({ length: 8 }, (_, i) => `fictional line number ${i} here, with a long tail of words that runs on past sixty characters`).join('\n');
    const none: Graph = { nodes: [], edges: [] };
    const unexcluded = coverageReport(none, 'fictional/document:fictional', long);
    expect(unexcluded.excludedLines).toBe(0);
    expect(unexcluded.blocks[0]!.preview).toBe('fictional line number 0 here, with a long tail of words that');
    const partial: CoverageExclusion = { lines: [1, 3], reason: 'boilerplate', note: 'Fictional boilerplate, first lines only.' };
    const report = coverageReport(none, 'fictional/document:fictional', long, [partial]);
    expect(report.excludedLines).toBe(3);
    expect(report.unreviewed.map((b) => b.lines)).toEqual([[1, 8]]);
    const later: CoverageExclusion = { lines: [4, 20], reason: 'boilerplate', note: 'Fictional boilerplate, from line 4.' };
    expect(coverageReport(none, 'fictional/document:fictional', long, [later]).unreviewed.map((b) => b.lines)).toEqual([[1, 8]]);
  });
});

