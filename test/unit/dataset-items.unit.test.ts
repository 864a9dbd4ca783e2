/** Items a load writes, read back: a node or edge comes back as it was written, with its dataset when the item names one. */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { aliasToItem, datasetItems, edgeToItem, inEdgeToItem, itemToEdge, itemToNode, nodeToItem, searchItems } from '../../functions/storage/dataset-items.js';
import { createEdge, createNode } from '../fixtures/graph-builders.js';

const TAG = { name: 'fictional', version: 'v1' };
const node: GraphNode = createNode('fictional/place:fictional-harbour', { name: 'Fictional harbour' });
const edge: GraphEdge = { ...createEdge('fictional/action:a1', 'LED_BY', 'fictional/person:p-01'), restriction: { reason: 'draft' } };

/** An item as written before items carried their dataset: no `ds`, no `dsv`. */
function untagged(item: Record<string, unknown>): Record<string, unknown> {
  const { ds: _ds, dsv: _dsv, ...rest } = item;
  return rest;
}

describe('reading items back', () => {
  it('gives back the node or edge written, field for field, with the dataset that wrote it', () => {
    expect(itemToNode(nodeToItem(node, TAG))).toStrictEqual({ ...node, dataset: 'fictional' });
    expect(itemToEdge(edgeToItem(edge, TAG))).toStrictEqual({ ...edge, dataset: 'fictional' });
    expect(itemToEdge(inEdgeToItem(edge, TAG))).toStrictEqual({ ...edge, dataset: 'fictional' });
  });

  it('gives an item that names no dataset no dataset field at all', () => {
    expect(itemToNode(untagged(nodeToItem(node, TAG)))).toStrictEqual(node);
    expect(itemToEdge(untagged(edgeToItem(edge, TAG)))).toStrictEqual(edge);
  });
});

describe('the items of a dataset', () => {
  const action = createNode('fictional/action:a1', { title: 'Fictional harbour patrols' });
  const person = createNode('fictional/person:p-01', { name: 'Fictional officer' });
  const own = createEdge('fictional/action:a1', 'LED_BY', 'fictional/person:p-01');
  // Led by a person another (fictional) dataset owns: the edge crosses into its namespace.
  const crossing = createEdge('fictional/action:a1', 'LED_BY', 'elsewhere/person:p-02');
  const items = () => datasetItems({ nodes: [action, person], edges: [own, crossing] }, TAG, { namespace: 'fictional', legacyAliases: false, shardSize: 100 });
  const keysOf = (list: Iterable<Record<string, unknown>>) => [...list].map((item) => `${item.pk} ${item.sk}`);

  it('writes an edge that leaves the namespace once, as shared items, not also among its own', () => {
    const { own: ownItems, shared } = items();
    const crossingKeys = keysOf([edgeToItem(crossing, TAG), inEdgeToItem(crossing, TAG)]);
    expect(keysOf(shared)).toEqual(crossingKeys);
    const ownKeys = keysOf(ownItems);
    expect(ownKeys.filter((key) => crossingKeys.includes(key))).toEqual([]);
    expect(ownKeys).toEqual(expect.arrayContaining(keysOf([edgeToItem(own, TAG), inEdgeToItem(own, TAG)])));
    expect(new Set(ownKeys).size).toBe(ownKeys.length);
  });

  it('gives the search postings of the dataset, under its own prefix and tagged with it', () => {
    const postings = searchItems({ nodes: [action, person] }, TAG);
    expect(postings.length).toBeGreaterThan(0);
    expect(postings.every((item) => String(item.pk).startsWith('S#fictional#') && item.ds === 'fictional')).toBe(true);
    expect(keysOf(items().own)).toEqual(expect.arrayContaining(keysOf(postings)));
  });

  it('records an old unqualified id as an alias item naming its target', () => {
    expect(aliasToItem('place:fictional-harbour', node.id, TAG)).toMatchObject({ entity: 'alias', target: node.id, ds: 'fictional' });
  });
});
