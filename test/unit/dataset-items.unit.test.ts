/** Items a load writes, read back: a node or edge comes back as it was written, with its dataset when the item names one. */
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../functions/core/dataset.js';
import { edgeToItem, inEdgeToItem, itemToEdge, itemToNode, nodeToItem } from '../../functions/storage/dataset-items.js';
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
