/** The version a load records: a hash of the canonical graph, computed without one string of the whole graph. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalGraph, type Graph } from '../../functions/core/dataset.js';
import { datasetVersion, graphVersion, hashGraph } from '../../functions/storage/dataset-loader.js';
import { createEdge, createNode } from '../fixtures/graph-builders.js';

/** A FICTIONAL graph of `n` people, each a member of the next one's organisation, listed out of order. */
function fictionalGraph(n: number): Graph {
  const nodes = Array.from({ length: n }, (_, i) => createNode(`fictional/person:p-${(i * 7919) % n}`, { name: `Fictional person ${i} "quoted", & more` }));
  const edges = Array.from({ length: n }, (_, i) => createEdge(`fictional/person:p-${i}`, 'MEMBER_OF', `fictional/organisation:o-${(i + 1) % n}`));
  return { nodes, edges: edges.reverse() };
}

const wholeText = (graph: Graph) => createHash('sha256').update(JSON.stringify(canonicalGraph(graph))).digest('hex');

describe('graph hashing', () => {
  it.each([0, 1, 999, 1_000, 1_001, 2_500])('gives the digest of the whole canonical JSON text for %i nodes and edges', (n) => {
    const graph = fictionalGraph(n);
    expect(hashGraph(createHash('sha256'), graph).digest('hex')).toBe(wholeText(graph));
    expect(graphVersion(graph)).toBe(wholeText(graph).slice(0, 16));
  });

  it('changes with any node or edge, and not with their order', () => {
    const graph = fictionalGraph(1_500);
    const shuffled: Graph = { nodes: [...graph.nodes].reverse(), edges: [...graph.edges].reverse() };
    expect(graphVersion(shuffled)).toBe(graphVersion(graph));
    const renamed: Graph = { nodes: graph.nodes.map((node, i) => (i === 1_200 ? { ...node, label: `${node.label}.` } : node)), edges: graph.edges };
    expect(graphVersion(renamed)).not.toBe(graphVersion(graph));
    const dropped: Graph = { nodes: graph.nodes, edges: graph.edges.slice(1) };
    expect(graphVersion(dropped)).not.toBe(graphVersion(graph));
    expect(datasetVersion(renamed, 'fictional')).not.toBe(datasetVersion(graph, 'fictional'));
  });
});
