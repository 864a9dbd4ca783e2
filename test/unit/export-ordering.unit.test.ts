import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { exportGraph, graphItems, parseFormats, parseNodeTypes } from '../../functions/core/export/export-graph.js';
import { memorySink } from '../../functions/core/export/io.js';
import { parseJsonLdExport } from '../../functions/core/export/jsonld-import.js';
import { compareKeys, ExternalSorter, memorySpillStore } from '../../functions/core/export/sort.js';
import { createFixtureGraph, shuffledFixtureGraph } from '../fixtures/export-graph.js';

describe('ExternalSorter', () => {
  it('sorts more items than fit in one run by spilling sorted runs and merging them', async () => {
    const spill = memorySpillStore();
    const sorter = new ExternalSorter<{ id: string }>({ key: (x) => x.id, runSize: 7, spill });
    const ids = Array.from({ length: 100 }, (_, i) => `node:${String((i * 37) % 100).padStart(3, '0')}`);
    for (const id of ids) await sorter.add({ id });
    const out: string[] = [];
    for await (const item of sorter.sorted()) out.push(item.id);
    expect(out).toEqual([...ids].sort());
    expect(spill.runs).toBe(15);
  });

  it('keeps a graph smaller than one run in memory, writing no runs', async () => {
    const spill = memorySpillStore();
    const sorter = new ExternalSorter<{ id: string }>({ key: (x) => x.id, runSize: 10, spill });
    for (const id of ['b', 'a', 'c']) await sorter.add({ id });
    const out: string[] = [];
    for await (const item of sorter.sorted()) out.push(item.id);
    expect([out, spill.runs]).toEqual([['a', 'b', 'c'], 0]);
  });

  it('orders by code unit, not by locale', async () => {
    const sorter = new ExternalSorter<{ id: string }>({ key: (x) => x.id, runSize: 2, spill: memorySpillStore() });
    for (const id of ['plan:a', 'plan-x:a', 'Plan:a', 'plan.b:a']) await sorter.add({ id });
    const out: string[] = [];
    for await (const item of sorter.sorted()) out.push(item.id);
    expect(out).toEqual(['Plan:a', 'plan-x:a', 'plan.b:a', 'plan:a']);
  });

  it('keeps items of equal keys in the order they were added, within a run and across runs', async () => {
    const added = ['b#1', 'a#1', 'b#2', 'a#2', 'b#3', 'a#3', 'b#4'];
    for (const runSize of [1, 2, 3, 100]) {
      const sorter = new ExternalSorter<{ id: string }>({ key: (x) => x.id.split('#')[0]!, runSize, spill: memorySpillStore() });
      for (const id of added) await sorter.add({ id });
      const out: string[] = [];
      for await (const item of sorter.sorted()) out.push(item.id);
      expect(out, `runSize ${runSize}`).toEqual(['a#1', 'a#2', 'a#3', 'b#1', 'b#2', 'b#3', 'b#4']);
    }
  });

  it('counts what it was given, and writes no empty run when the items fill the runs exactly', async () => {
    const spill = memorySpillStore();
    const sorter = new ExternalSorter<{ id: string }>({ key: (x) => x.id, runSize: 2, spill });
    for (const id of ['d', 'c', 'b', 'a']) await sorter.add({ id });
    expect([sorter.count, sorter.spilledRuns]).toEqual([4, 2]);
    const out: string[] = [];
    for await (const item of sorter.sorted()) out.push(item.id);
    expect([out, spill.runs, sorter.spilledRuns]).toEqual([['a', 'b', 'c', 'd'], 2, 2]);
  });

  it('needs room for at least one item', () => {
    for (const runSize of [0, -1, 0.5, Number.NaN]) {
      expect(() => new ExternalSorter({ key: String, runSize, spill: memorySpillStore() }), `runSize ${runSize}`).toThrow('ExternalSorter needs a runSize of at least 1');
    }
    expect(new ExternalSorter({ key: String, runSize: 1, spill: memorySpillStore() }).count).toBe(0);
  });

  it('compares keys by code unit: less, equal, greater', () => {
    expect([compareKeys('a', 'b'), compareKeys('b', 'b'), compareKeys('b', 'a'), compareKeys('Z', 'a'), compareKeys('ab', 'a')]).toEqual([-1, 0, 1, -1, 1]);
  });
});

describe('exportGraph', () => {
  it('writes byte-identical files for the same graph in any order, whether sorted in memory or through spilled runs', async () => {
    const inMemory = memorySink();
    const spilled = memorySink();
    await exportGraph(graphItems(createFixtureGraph()), inMemory, { now: () => new Date('2026-01-01T00:00:00Z') });
    await exportGraph(graphItems(shuffledFixtureGraph()), spilled, { runSize: 2, now: () => new Date('2026-06-01T00:00:00Z') });
    expect([...spilled.files.keys()].sort()).toEqual([...inMemory.files.keys()].sort());
    for (const [name, bytes] of inMemory.files) if (name !== 'manifest.json') expect(spilled.files.get(name)!.equals(bytes), name).toBe(true);
    const strip = (text: string) => ({ ...JSON.parse(text), exportedAt: undefined });
    expect(strip(spilled.text('manifest.json'))).toEqual(strip(inMemory.text('manifest.json')));
  });

  it('reports counts per type, and the size and sha256 of every file, in the manifest', async () => {
    const sink = memorySink();
    const manifest = await exportGraph(graphItems(createFixtureGraph()), sink, { dataset: { name: 'fixture', version: 'v1' } });
    expect(manifest.counts).toMatchObject({ totalNodes: 13, totalEdges: 11, nodes: { Person: 3, Organisation: 2 }, edges: { MEMBER_OF: 2, ATTENDED: 2 } });
    expect(manifest.datasets).toEqual([{ name: 'fixture', version: 'v1', counts: { nodes: manifest.counts.nodes, edges: manifest.counts.edges, totalNodes: 13, totalEdges: 11 } }]);
    expect(manifest.withheld).toBe(0);
    const { createHash } = await import('node:crypto');
    for (const file of manifest.files) {
      const bytes = sink.files.get(file.name)!;
      expect({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ bytes: file.bytes, sha256: file.sha256 });
    }
    expect(JSON.parse(sink.text('manifest.json'))).toEqual(manifest);
  });

  it('with --include-types keeps only those nodes and the edges between them', async () => {
    const sink = memorySink();
    const manifest = await exportGraph(graphItems(createFixtureGraph()), sink, { filter: { includeTypes: ['Person', 'Organisation'] } });
    expect(manifest.counts.nodes).toEqual({ Organisation: 2, Person: 3 });
    expect(manifest.counts.edges).toEqual({ MEMBER_OF: 2 });
    expect(manifest.excluded).toEqual({ nodes: 8, edges: 9 });
    expect([...sink.files.keys()].filter((n) => n.startsWith('nodes-')).sort()).toEqual(['nodes-organisation.csv', 'nodes-person.csv']);
    const { graph } = parseJsonLdExport(JSON.parse(sink.text('graph.jsonld')));
    expect(graph.edges.every((e) => /^luton\/(person|organisation):/.test(e.from) && /^luton\/(person|organisation):/.test(e.to))).toBe(true);
  });

  it('withholds nodes the visibility rule rejects, with every edge that touches them, and counts them', async () => {
    const hidden = (item: GraphNode | GraphEdge) => !('id' in item) || item.id !== 'luton/person:anna-pedersen';
    const sink = memorySink();
    const manifest = await exportGraph(graphItems(createFixtureGraph()), sink, { filter: { visibility: hidden } });
    expect([manifest.withheld, manifest.withheldEdges, manifest.counts.totalNodes, manifest.counts.totalEdges]).toEqual([1, 2, 12, 9]);
    for (const name of sink.files.keys()) if (name !== 'manifest.json') expect(sink.text(name)).not.toContain('anna-pedersen');
  });

  it('withholds nothing by default from a graph with no restricted item', async () => {
    const manifest = await exportGraph(graphItems(createFixtureGraph()), memorySink());
    expect([manifest.withheld, manifest.withheldEdges, manifest.filters.visibilityRule]).toEqual([0, 0, 'restricted nodes and edges are withheld, with every edge that touches a withheld node']);
  });

  it('withholds restricted nodes and edges by default, and counts what storage withheld unread', async () => {
    const graph = createFixtureGraph();
    const person = graph.nodes.find((n) => n.type === 'Person')!;
    const touches = (e: GraphEdge) => e.from === person.id || e.to === person.id;
    const restrictedEdge = graph.edges.find((e) => !touches(e))!;
    const restriction = { reason: 'draft' } as const;
    const items = async function* () {
      yield* graphItems({ nodes: graph.nodes.map((n) => (n === person ? { ...n, restriction } : n)), edges: graph.edges.map((e) => (e === restrictedEdge ? { ...e, restriction } : e)) });
      yield { kind: 'withheld', of: 'node' } as const;
      yield { kind: 'withheld', of: 'edge' } as const;
    };
    const touching = graph.edges.filter(touches).length;
    expect(touching).toBeGreaterThan(0);
    const sink = memorySink();
    const manifest = await exportGraph(items(), sink);
    expect([manifest.withheld, manifest.withheldEdges]).toEqual([2, touching + 2]);
    expect([manifest.counts.totalNodes, manifest.counts.totalEdges]).toEqual([graph.nodes.length - 1, graph.edges.length - touching - 1]);
    const edgeLine = `${restrictedEdge.from},${restrictedEdge.type},${restrictedEdge.to}`;
    for (const name of sink.files.keys()) {
      if (name === 'manifest.json') continue;
      expect(sink.text(name)).not.toContain(person.id);
      expect(sink.text(name)).not.toContain(edgeLine);
    }
    expect(sink.text('edges.csv')).toContain(`${graph.edges.find((e) => e !== restrictedEdge && !touches(e))!.from},`);
  });
});

describe('export options', () => {
  it('parse formats and node types, naming what is allowed when given something unknown', () => {
    expect(parseFormats('graphml,csv')).toEqual(['csv', 'graphml']);
    expect(parseFormats(undefined)).toEqual(['csv', 'jsonld', 'graphml']);
    expect(() => parseFormats('pdf')).toThrow(/Unknown export format\(s\) pdf; use a comma-separated list of csv, jsonld, graphml/);
    expect(parseNodeTypes('Person, Organisation')).toEqual(['Organisation', 'Person']);
    expect(() => parseNodeTypes('People')).toThrow(/Unknown node type\(s\) People/);
  });
});
