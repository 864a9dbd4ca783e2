/**
 * Same-entity review: every pair of nodes whose names are alike is decided by a curator
 * (merged, linked by a cited SAME_AS edge, or distinct) in data/same-entity-review.yaml.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Graph, GraphNode } from '../../functions/core/dataset.js';
import { candidateDuplicates, nameWords } from '../../functions/core/same-entity.js';
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

describe('nameWords', () => {
  it('reads the name, else the title, else the text, else the label: lower case, accents and punctuation dropped, small words left out', () => {
    expect([
      nameWords({ label: 'Label', props: { name: 'The Café-Bar of  Fictional Town’s', title: 'Title' } }),
      nameWords({ label: 'Label', props: { title: 'Fictional Title 2030' } }),
      nameWords({ label: 'Label', props: { text: 'A text, in full' } }),
      nameWords({ label: 'Fictional Label', props: {} }),
    ]).toEqual([['cafe', 'bar', 'fictional', 'town'], ['fictional', 'title', '2030'], ['text', 'full'], ['fictional', 'label']]);
  });

  it('keeps no empty word where the name starts or ends with punctuation', () => {
    expect(nameWords({ label: '(Fictional) Unit.', props: {} })).toEqual(['fictional', 'unit']);
  });
});

describe('candidateDuplicates', () => {
  it('pairs names written with and without punctuation as one squashed name (fictional names)', () => {
    const pairs = candidateDuplicates([
      node('fictional/plan:safer-streets', 'Plan', { title: 'Safer-Streets Plan', aliases: ['Safer-Streets'] }),
      node('fictional/plan:saferstreets', 'Plan', { title: 'SaferStreets' }),
    ]);
    expect(pairs).toEqual([{ a: 'fictional/plan:safer-streets', b: 'fictional/plan:saferstreets', similarity: 0.6 }]);
  });

  it('pairs a body and its work under one name, and a name one letter from an abbreviation (fictional names)', () => {
    const pairs = candidateDuplicates([
      node('fictional/organisation:fictional-unit', 'Organisation', { name: 'Fictional Unit', abbreviation: 'FICUN' }),
      node('fictional/operation:fictional-unit', 'Operation', { name: 'Fictional Unit' }),
      node('fictional/operation:ficun', 'Operation', { name: 'FicUni' }),
      node('fictional/place:fictional-unit', 'Place', { name: 'Fictional Unit' }),
    ]);
    expect(pairs.map((p) => key(p.a, p.b))).toEqual([key('fictional/operation:fictional-unit', 'fictional/organisation:fictional-unit'), key('fictional/operation:ficun', 'fictional/organisation:fictional-unit')]);
  });

  it('scores shared words over all words, rounded to hundredths, and pairs at the threshold but not under it', () => {
    const plan = (slug: string, title: string) => node(`fictional/plan:${slug}`, 'Plan', { title });
    const nodes = [plan('p1', 'Alpha Beta Gamma Delta'), plan('p2', 'Alpha Beta Gamma Epsilon'), plan('p3', 'Alpha Beta Zeta'), plan('p4', 'Alpha Beta Gamma Delta')];
    expect(candidateDuplicates(nodes)).toEqual([
      { a: 'fictional/plan:p1', b: 'fictional/plan:p4', similarity: 1 },
      { a: 'fictional/plan:p1', b: 'fictional/plan:p2', similarity: 0.6 },
      { a: 'fictional/plan:p2', b: 'fictional/plan:p4', similarity: 0.6 },
    ]);
    // p1 and p3 share 2 of their 5 distinct words: 0.4, a pair only at a threshold of 0.4.
    expect(candidateDuplicates(nodes, 0.4).filter((pair) => pair.a === 'fictional/plan:p1' && pair.b === 'fictional/plan:p3')).toEqual([{ a: 'fictional/plan:p1', b: 'fictional/plan:p3', similarity: 0.4 }]);
    expect(candidateDuplicates([plan('x1', 'One Two Three'), plan('x2', 'One Two Four')], 0.5)).toEqual([{ a: 'fictional/plan:x1', b: 'fictional/plan:x2', similarity: 0.5 }]);
    expect(candidateDuplicates([plan('x1', 'One Two Three'), plan('x2', 'One Two Four')], 0.51)).toEqual([]);
  });

  it('orders pairs by score, then by their ids, and writes each pair with the smaller id first', () => {
    const person = (slug: string, name: string) => node(`fictional/person:${slug}`, 'Person', { name });
    const pairs = candidateDuplicates([person('z', 'Fictional Person'), person('b', 'Fictional Person'), person('a', 'Fictional Person Jones'), person('c', 'Fictional Person Jones')]);
    expect(pairs).toEqual([
      { a: 'fictional/person:a', b: 'fictional/person:c', similarity: 1 },
      { a: 'fictional/person:b', b: 'fictional/person:z', similarity: 1 },
      { a: 'fictional/person:a', b: 'fictional/person:b', similarity: 0.67 },
      { a: 'fictional/person:a', b: 'fictional/person:z', similarity: 0.67 },
      { a: 'fictional/person:b', b: 'fictional/person:c', similarity: 0.67 },
      { a: 'fictional/person:c', b: 'fictional/person:z', similarity: 0.67 },
    ]);
  });

  it('takes one insertion, deletion or substitution between names of five letters or more, and not two', () => {
    const org = (slug: string, props: GraphNode['props']) => node(`fictional/organisation:${slug}`, 'Organisation', props);
    const pairsOf = (a: GraphNode['props'], b: GraphNode['props']) => candidateDuplicates([org('one', a), org('two', b)]).map((pair) => pair.similarity);
    expect([
      pairsOf({ name: 'Fictional Harbour Board', abbreviation: 'FHBRD' }, { name: 'Quay Trust', abbreviation: 'FHBRX' }),
      pairsOf({ name: 'Kestrel Group' }, { name: 'Other Body', aliases: ['Kestrel Grup'] }),
      pairsOf({ name: 'Fictional Harbour Board', abbreviation: 'FHBR' }, { name: 'Quay Trust', abbreviation: 'FHBX' }),
      pairsOf({ name: 'Kestrel Group' }, { name: 'Kestrel Groups Panel' }),
    ]).toEqual([[0.6], [0.6], [], []]);
    expect([
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcdefgx' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcdefg' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcdefghi' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Xbcdefgh' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcdxfgh' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcxdefgh' }),
      pairsOf({ name: 'Abcxdefgh' }, { name: 'Abcdefgh' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcdxxgh' }),
      pairsOf({ name: 'Abcdefgh' }, { name: 'Abcdefghij' }),
      pairsOf({ name: 'Abcd' }, { name: 'Abce' }),
    ]).toEqual([[0.6], [0.6], [0.6], [0.6], [0.6], [0.6], [0.6], [], [], []]);
  });

  it('leaves out nodes named by small words alone, and types outside every family', () => {
    expect(candidateDuplicates([node('fictional/organisation:the', 'Organisation', { name: 'The Council' }), node('fictional/organisation:of', 'Organisation', { name: 'Of the Council' })])).toEqual([]);
    expect(candidateDuplicates([node('fictional/document:d1', 'Document', { title: 'Fictional Plan' }), node('fictional/document:d2', 'Document', { title: 'Fictional Plan' })])).toEqual([]);
  });

  it('leaves apart names that share too few words', () => {
    expect(candidateDuplicates([node('fictional/plan:fictional-a', 'Plan', { title: 'Fictional Harbour Plan' }), node('fictional/plan:fictional-b', 'Plan', { title: 'Fictional Mountain Strategy Review' })])).toEqual([]);
  });
});
