/** The version a load records: a hash of the canonical graph, computed without one string of the whole graph. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalGraph, type Graph } from '../../functions/core/dataset.js';
import { datasetVersion, graphVersion, hashGraph } from '../../functions/storage/dataset-loader.js';
import { TYPE_SHARD_SIZE } from '../../functions/storage/keys.js';
import { testDataset } from '../fixtures/datasets.js';
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

  it('orders nodes and edges as localeCompare does, so versions recorded before stay the same', () => {
    // FICTIONAL ids where collation and code-unit order disagree: case, hyphens, digits, accents.
    const ids = ['fictional/person:b', 'fictional/person:B', 'fictional/person:a-2', 'fictional/person:a2', 'fictional/person:a10', 'fictional/person:é', 'fictional/person:e', 'fictional/person:z', 'fictional/place:A'];
    const graph: Graph = {
      // Sorting looks at ids only, so the nodes keep ids no dataset would pass validation with.
      nodes: ids.map((id) => ({ ...createNode('fictional/person:p'), id })),
      edges: ids.slice(1).map((id, i) => ({ ...createEdge('fictional/person:p', 'MEMBER_OF', 'fictional/organisation:o'), from: ids[i]!, to: id })),
    };
    const canonical = canonicalGraph(graph);
    expect(canonical.nodes.map((node) => node.id)).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    const edgeText = (edge: { from: string; type: string; to: string }) => `${edge.from} -${edge.type}-> ${edge.to}`;
    expect(canonical.edges.map(edgeText)).toEqual(graph.edges.map(edgeText).sort((a, b) => a.localeCompare(b)));
    expect(canonical.nodes.map((node) => node.id)).not.toEqual([...ids].sort());
  });
});

describe('dataset versions', () => {
  // A version that ignored one of these would let a table keep items written for another layout or descriptor.
  it('change with the type-index shard size and with what the dataset says about itself, not with the same graph rewritten', () => {
    const graph = fictionalGraph(10);
    const descriptor = testDataset('fictional', 'fictional', { fictional: true });
    const version = datasetVersion(graph, descriptor);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(datasetVersion({ nodes: [...graph.nodes].reverse(), edges: graph.edges }, descriptor)).toBe(version);
    expect(datasetVersion(graph, descriptor, { shardSize: TYPE_SHARD_SIZE })).toBe(version);
    expect(datasetVersion(graph, descriptor, { shardSize: 2 })).not.toBe(version);
    expect(datasetVersion(graph, { ...descriptor, title: `${descriptor.title} (renamed)` })).not.toBe(version);
    expect(datasetVersion(graph, 'fictional')).not.toBe(version);
    // Never the graph's hash alone.
    expect(version).not.toBe(graphVersion(graph));
  });
});
