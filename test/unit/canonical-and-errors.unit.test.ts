/**
 * The canonical form two graphs are compared in (key order and missing values do not
 * matter, everything else does), and the message of a dataset refused for its problems.
 * Every node and edge here is fictional.
 */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { InvalidDatasetError, UnavailableError } from '../../functions/core/errors.js';
import { canonicalEdge, canonicalGraphLines, canonicalJson, canonicalNode } from '../../functions/core/export/canonical.js';

const node = (slug: string, props: GraphNode['props'] = {}): GraphNode => ({ id: `fictional/plan:${slug}`, type: 'Plan', label: `Plan ${slug}`, props, sources: [] });
const edge = (from: string, to: string): GraphEdge => ({ from: `fictional/action:${from}`, type: 'PART_OF', to: `fictional/plan:${to}`, props: { basis: 'stated' }, sources: [] });

describe('canonicalJson', () => {
  it('sorts keys at every depth, inside arrays too, keeps array order, and drops keys whose value is undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: undefined, x: null }, 2], c: 'x' }, e: undefined })).toBe('{"a":{"c":"x","d":[{"x":null,"z":1},2]},"b":1}');
    expect(canonicalJson([3, 1, 2])).toBe('[3,1,2]');
    expect(canonicalJson('text')).toBe('"text"');
  });

  it('is the same for the same values in any key order, and different for different values', () => {
    expect(canonicalJson({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(canonicalJson({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

describe('canonical nodes, edges and graphs', () => {
  it('write a node and an edge as their fields in key order, dropping anything else they carry', () => {
    const withDataset = { ...node('one', { title: 'One', periodStart: '2021' }), dataset: 'fictional' };
    expect(canonicalNode(withDataset)).toBe('{"id":"fictional/plan:one","label":"Plan one","props":{"periodStart":"2021","title":"One"},"sources":[],"type":"Plan"}');
    expect(canonicalEdge(edge('a', 'one'))).toBe('{"from":"fictional/action:a","props":{"basis":"stated"},"sources":[],"to":"fictional/plan:one","type":"PART_OF"}');
  });

  it('sort a graph by node id and by edge id, so two graphs in any order give the same lines', () => {
    const lines = canonicalGraphLines({ nodes: [node('b'), node('a')], edges: [edge('y', 'b'), edge('x', 'a')] });
    expect(lines.nodes.map((line) => JSON.parse(line).id)).toEqual(['fictional/plan:a', 'fictional/plan:b']);
    expect(lines.edges.map((line) => JSON.parse(line).from)).toEqual(['fictional/action:x', 'fictional/action:y']);
    expect(canonicalGraphLines({ nodes: [node('a'), node('b')], edges: [edge('x', 'a'), edge('y', 'b')] })).toEqual(lines);
  });
});

describe('InvalidDatasetError', () => {
  const problems = (n: number) => Array.from({ length: n }, (_, i) => ({ file: 'nodes.json', entry: `nodes[${i}]`, message: `problem ${i}` }));

  it('counts one problem or several, says nothing was written, and lists each with its file and entry', () => {
    expect(new InvalidDatasetError(problems(1)).message).toBe('The dataset has 1 problem; nothing was written:\n  nodes.json: nodes[0]: problem 0');
    expect(new InvalidDatasetError(problems(2)).message).toBe('The dataset has 2 problems; nothing was written:\n  nodes.json: nodes[0]: problem 0\n  nodes.json: nodes[1]: problem 1');
  });

  it('lists the first 50 and says how many more there are, keeping every problem on the error', () => {
    const fifty = new InvalidDatasetError(problems(50)).message.split('\n');
    expect([fifty.length, fifty.at(-1)]).toEqual([51, '  nodes.json: nodes[49]: problem 49']);
    const error = new InvalidDatasetError(problems(53));
    const lines = error.message.split('\n');
    expect([lines.length, lines.at(-2), lines.at(-1), error.problems.length, error.code]).toEqual([52, '  nodes.json: nodes[49]: problem 49', '  ... and 3 more', 53, 'INVALID_DATASET']);
  });
});

describe('UnavailableError', () => {
  it('tells the caller to retry in a moment unless it is given its own message', () => {
    expect(new UnavailableError().message).toBe('The graph is busy or briefly unreachable; retry the request in a moment.');
    expect(new UnavailableError('Fictional outage.').message).toBe('Fictional outage.');
  });
});
