import { describe, expect, it } from 'vitest';
import { councilCount, datasetScope, displayName, scopedTraceReader, UnknownDatasetError } from '../../functions/core/datasets.js';
import { trace } from '../../functions/core/trace.js';
import { createEdge, createMemoryReader, createNode } from '../fixtures/graph-builders.js';

const LOADED = ['registry', 'harbourside-2021', 'millbrook-2021'];

describe('datasetScope', () => {
  it('is null (every dataset) when neither filter is given', () => {
    expect(datasetScope({}, LOADED)).toBeNull();
    expect(datasetScope({ dataset: null, datasets: null }, LOADED)).toBeNull();
  });

  it('holds the one dataset named by "dataset", or every dataset listed in "datasets"', () => {
    expect([...datasetScope({ dataset: 'registry' }, LOADED)!]).toEqual(['registry']);
    expect([...datasetScope({ datasets: ['millbrook-2021', 'registry'] }, LOADED)!]).toEqual(['millbrook-2021', 'registry']);
  });

  it('refuses a name no loaded dataset has, naming the argument and listing the loaded datasets in order', () => {
    expect(() => datasetScope({ datasets: ['registry', 'Registry'] }, LOADED)).toThrow(UnknownDatasetError);
    try {
      datasetScope({ dataset: 'nowhere' }, LOADED);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'UNKNOWN_DATASET', details: { argument: 'dataset' } });
      expect((error as Error).message).toBe('No dataset is named "nowhere"; the loaded datasets are "harbourside-2021", "millbrook-2021", "registry" (the `datasets` query lists them).');
    }
  });

  it('says so when no dataset is loaded at all', () => {
    expect(() => datasetScope({ dataset: 'registry' }, [])).toThrow('No dataset is named "registry"; no dataset is loaded');
  });

  it('names the argument to fix when refusing both filters, an empty list or an unknown name in a list', () => {
    const refusal = (args: Parameters<typeof datasetScope>[0]) => {
      try {
        datasetScope(args, LOADED);
      } catch (error) {
        return { code: (error as { code: string }).code, message: (error as Error).message, details: (error as { details?: unknown }).details };
      }
      return expect.unreachable();
    };
    expect(refusal({ dataset: 'registry', datasets: ['registry'] })).toEqual({ code: 'BAD_USER_INPUT', message: 'Pass "dataset" (one name) or "datasets" (a list), not both.', details: { argument: 'datasets' } });
    expect(refusal({ datasets: [] })).toEqual({ code: 'BAD_USER_INPUT', message: '"datasets" must name at least one dataset; leave it out to ask every dataset.', details: { argument: 'datasets' } });
    expect(refusal({ datasets: ['registry', 'nowhere'] })).toMatchObject({ code: 'UNKNOWN_DATASET', details: { argument: 'datasets' } });
  });

  it('refuses both filters at once and an empty list with BAD_USER_INPUT', () => {
    expect(() => datasetScope({ dataset: 'registry', datasets: ['registry'] }, LOADED)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('not both') }));
    expect(() => datasetScope({ datasets: [] }, LOADED)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('at least one') }));
  });
});

describe('displayName', () => {
  it('adds the council in brackets when more than one council is loaded', () => {
    expect(displayName('Recommendation 2', 'Luton Borough Council', 2)).toBe('Recommendation 2 (Luton Borough Council)');
  });

  it('keeps the bare label with one council loaded, or for a node with no council', () => {
    expect(displayName('Recommendation 2', 'Luton Borough Council', 1)).toBe('Recommendation 2');
    expect(displayName('Bedfordshire Police', null, 3)).toBe('Bedfordshire Police');
    expect(displayName('Bedfordshire Police', undefined, 3)).toBe('Bedfordshire Police');
  });
});

describe('councilCount', () => {
  it('counts distinct councils, not datasets, and leaves the registry out', () => {
    expect(councilCount([{ council: { name: 'A', onsCode: null } }, { council: { name: 'A', onsCode: null } }, { council: null }])).toBe(1);
    expect(councilCount([{ council: { name: 'A', onsCode: null } }, { council: { name: 'B', onsCode: 'X' } }])).toBe(2);
    expect(councilCount([])).toBe(0);
  });
});

describe('scopedTraceReader', () => {
  const mine = (id: string, dataset: string, props = {}) => ({ ...createNode(id, props), dataset });
  const nodes = [
    mine('a/recommendation:r', 'a', { followUp: 'required' }),
    mine('registry/organisation:police', 'registry'),
    mine('a/action:x', 'a'),
    mine('registry/operation:y', 'registry'),
    mine('a/progress:p', 'a'),
  ];
  const edges = [
    createEdge('a/recommendation:r', 'ADDRESSED_TO', 'registry/organisation:police'),
    createEdge('a/action:x', 'TAKES_UP', 'a/recommendation:r'),
    createEdge('registry/operation:y', 'DELIVERS', 'a/action:x'),
    createEdge('a/progress:p', 'PROGRESS_OF', 'registry/operation:y'),
  ];

  it('reads nodes of other datasets as absent', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const scoped = scopedTraceReader(reader, new Set(['a']));
    expect((await scoped.getNodes(['a/action:x', 'registry/operation:y', 'a/none:z'])).map((n) => n?.id ?? null)).toEqual(['a/action:x', null, null]);
  });

  it('passes on which walk the edges are for, so storage can read only what that walk follows', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const walks: unknown[] = [];
    const spy = { ...reader, getEdgesOfMany: (ids: readonly string[], direction: 'out' | 'in', walk?: 'DOWNSTREAM' | 'UPSTREAM') => (walks.push(walk), reader.getEdgesOfMany(ids, direction, walk)) };
    await scopedTraceReader(spy, new Set(['a'])).getEdgesOfMany(['a/action:x'], 'in', 'UPSTREAM');
    expect(walks).toEqual(['UPSTREAM']);
  });

  it('neither returns nor walks through a node of another dataset', async () => {
    const { reader } = createMemoryReader(nodes, edges);
    const within = await trace(scopedTraceReader(reader, new Set(['a'])), 'a/recommendation:r');
    // Progress p lies beyond the registry's operation y, so it is not reached either.
    expect(within.nodes.map((n) => n.id)).toEqual(['a/recommendation:r', 'a/action:x']);
    const everything = await trace(scopedTraceReader(reader, new Set(['a', 'registry'])), 'a/recommendation:r');
    expect(everything.nodes.map((n) => n.id).sort()).toEqual(nodes.map((n) => n.id).sort());
  });

  it('treats a node with no dataset recorded as outside every scope', async () => {
    const { reader } = createMemoryReader([createNode('a/action:x')], []);
    expect(await scopedTraceReader(reader, new Set(['a'])).getNodes(['a/action:x'])).toEqual([null]);
  });

  it('asks for bodies and edges together, adding no round of reads', async () => {
    const { reader, calls } = createMemoryReader(nodes, edges);
    const scoped = scopedTraceReader(reader, new Set(['a']));
    const pending = scoped.getEdgesOfMany(['a/action:x', 'registry/operation:y'], 'in');
    // Both reads were issued before either answered.
    expect(calls.map((c) => c.kind)).toEqual(['nodes', 'in']);
    expect((await pending).map((list) => list.map((e) => e.from))).toEqual([['registry/operation:y'], []]);
  });
});
