import { describe, expect, it } from 'vitest';
import { datasetKey, edgeKey, edgeSortPrefix, idFromNodePartition, isEdgeItemKey, isNodeItemKey, nodeKey, nodeTypeIndexKeys } from '../../functions/storage/keys.js';
import { createTableInput, TABLE_DEFINITION } from '../../functions/storage/table-definition.js';

describe('keys', () => {
  it('stores a node and its outgoing edges in one partition', () => {
    const node = nodeKey('action:csp-business-plan-2019-20-13');
    const edge = edgeKey('action:csp-business-plan-2019-20-13', 'LED_BY', 'person:tara-lynch');
    expect(edge.pk).toBe(node.pk);
    expect(edge.sk.startsWith(edgeSortPrefix('LED_BY'))).toBe(true);
    expect(isNodeItemKey(node)).toBe(true);
    expect(isEdgeItemKey(edge)).toBe(true);
    expect(isNodeItemKey(edge)).toBe(false);
  });

  it('indexes an edge under its target, with the type before the source', () => {
    const edge = edgeKey('action:a', 'LED_BY', 'person:p');
    expect(edge.gsi1pk).toBe(nodeKey('person:p').pk);
    expect(edge.gsi1sk.startsWith(edgeSortPrefix('LED_BY'))).toBe(true);
    expect(edge.gsi1sk.endsWith('action:a')).toBe(true);
    expect(idFromNodePartition(edge.gsi1pk)).toBe('person:p');
  });

  it('keeps dataset records out of node partitions', () => {
    expect(isNodeItemKey(datasetKey('luton-2020'))).toBe(false);
    expect(nodeTypeIndexKeys('Person', 'person:p')).toEqual({ gsi2pk: 'T#Person', gsi2sk: 'person:p' });
  });
});

describe('createTableInput', () => {
  it('derives every key and index from the one table definition', () => {
    const input = createTableInput('t');
    expect(input.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes.map((i) => i.IndexName)).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((i) => i.indexName));
    expect(input.AttributeDefinitions).toHaveLength(6);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
