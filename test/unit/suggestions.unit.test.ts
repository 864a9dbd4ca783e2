/**
 * Suggested evidence: ranking by the words a request shares with a candidate's own text,
 * and its precision on the curated graph when the recorded delivery links are hidden.
 */
import { describe, expect, it } from 'vitest';
import { matchWords, suggestEvidence, suggestionPrecision, type EvidenceCandidate } from '../../functions/core/suggestions.js';
import { loadGraphFromDir } from '../../functions/local/dataset-files.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

/** Precision at 3 measured when suggestions were introduced (3 of 6); a change must not lower it. */
const PRECISION_FLOOR = 0.5;

const candidate = (id: string, text: string): EvidenceCandidate => ({ id, type: 'Operation', label: id, text });

describe('suggestEvidence (fictional candidates)', () => {
  const candidates = [
    candidate('fictional/operation:fictional-pilot', 'A pilot of targeted patrols in the harbour area'),
    candidate('fictional/operation:fictional-fair', 'A summer fair in the harbour area'),
    candidate('fictional/operation:fictional-choir', 'A choir'),
  ];

  it('ranks the candidate sharing the rarer words first and says which words matched', () => {
    const [best, next] = suggestEvidence('Report on the pilot of target patrols', candidates);
    expect(best).toMatchObject({ id: 'fictional/operation:fictional-pilot', matchingWords: expect.arrayContaining(['pilot', 'target', 'patrol']) });
    expect(next).toBeUndefined();
  });

  it('leaves out dismissed candidates and those sharing no word', () => {
    expect(suggestEvidence('pilot patrols harbour', candidates, { exclude: new Set(['fictional/operation:fictional-pilot']) }).map((s) => s.id)).toEqual(['fictional/operation:fictional-fair']);
  });

  it('matches stems and years, not common or procedural words', () => {
    expect(matchWords('The Committee requested targeted giving schemes in 2019')).toEqual(['target', 'giv', 'schem', '2019']);
  });
});

describe('suggestion precision on the curated graph', () => {
  it(`ranks a recorded delivery in the top 3 for at least ${PRECISION_FLOOR * 100}% of requests when the links are hidden`, async () => {
    const graph = await loadGraphFromDir(CURATED_DATASET_DIR);
    const { hits, total, cases } = suggestionPrecision(graph, 3);
    expect(total).toBeGreaterThanOrEqual(6);
    expect(hits / total).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    expect(cases.find((c) => c.request === 'luton/resolution:cdc-2019-03-05-09-iii')!.bestRank).toBeLessThanOrEqual(3);
  });
});
