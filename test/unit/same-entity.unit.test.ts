/**
 * Same-entity review: every pair of nodes whose names are alike is decided by a curator
 * (merged, linked by a cited SAME_AS edge, or distinct) in data/same-entity-review.yaml.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import { candidateDuplicates } from '../../functions/core/same-entity.js';
import { loadGraphFromDir, PROJECT_ROOT } from '../../functions/local/dataset-files.js';
import { CURATED_DATASET_DIR } from '../fixtures/local-graph.js';

interface Review { a: string; b: string; decision: 'merged' | 'same-as' | 'distinct'; reason: string }

let graph: Graph;
let review: Review[];
const key = (a: string, b: string) => [a, b].sort().join(' ~ ');

beforeAll(async () => {
  graph = await loadGraphFromDir(CURATED_DATASET_DIR);
  review = parse(readFileSync(path.join(PROJECT_ROOT, 'data', 'same-entity-review.yaml'), 'utf8')).pairs;
});

describe('same-entity review of the curated dataset', () => {
  it('has a curator\'s decision for every pair of nodes whose names are alike', () => {
    const decided = new Set(review.map((r) => key(r.a, r.b)));
    const unreviewed = candidateDuplicates(graph.nodes).filter((p) => !decided.has(key(p.a, p.b)));
    expect(unreviewed).toEqual([]);
  });

  it('gives every decision a reason and names nodes that exist (a merged pair keeps one of them)', () => {
    const ids = new Set(graph.nodes.map((n) => n.id));
    expect(review.filter((r) => !['merged', 'same-as', 'distinct'].includes(r.decision) || r.reason.length < 20)).toEqual([]);
    expect(review.filter((r) => r.decision !== 'merged' && !(ids.has(r.a) && ids.has(r.b)))).toEqual([]);
    expect(review.filter((r) => r.decision === 'merged' && ids.has(r.a) === ids.has(r.b))).toEqual([]);
  });

  it('joins exactly the same-as pairs by an inferred, cited SAME_AS edge with the reason as rationale', () => {
    const sameAs = graph.edges.filter((e) => e.type === 'SAME_AS');
    expect(sameAs.map((e) => key(e.from, e.to)).sort()).toEqual(review.filter((r) => r.decision === 'same-as').map((r) => key(r.a, r.b)).sort());
    for (const edge of sameAs) {
      expect(edge.props.basis).toBe('inferred');
      expect(edge.props.rationale).toBe(review.find((r) => key(r.a, r.b) === key(edge.from, edge.to))!.reason);
      expect(edge.sources.length).toBeGreaterThanOrEqual(2);
    }
  });
});

const node = (id: string, type: GraphNode['type'], props: GraphNode['props']): GraphNode => ({ id, type, label: String(props.name ?? props.title), props, sources: [] });

describe('candidateDuplicates', () => {
  it('pairs a body and its work under one name, and a name one letter from an abbreviation (fictional names)', () => {
    const pairs = candidateDuplicates([
      node('fictional/organisation:fictional-unit', 'Organisation', { name: 'Fictional Unit', abbreviation: 'FICUN' }),
      node('fictional/operation:fictional-unit', 'Operation', { name: 'Fictional Unit' }),
      node('fictional/operation:ficun', 'Operation', { name: 'FicUni' }),
      node('fictional/place:fictional-unit', 'Place', { name: 'Fictional Unit' }),
    ]);
    expect(pairs.map((p) => key(p.a, p.b))).toEqual([key('fictional/operation:fictional-unit', 'fictional/organisation:fictional-unit'), key('fictional/operation:ficun', 'fictional/organisation:fictional-unit')]);
  });

  it('leaves apart names that share too few words', () => {
    expect(candidateDuplicates([node('fictional/plan:fictional-a', 'Plan', { title: 'Fictional Harbour Plan' }), node('fictional/plan:fictional-b', 'Plan', { title: 'Fictional Mountain Strategy Review' })])).toEqual([]);
  });
});
