import { describe, expect, it } from 'vitest';
import { EDGE_TYPE_NAMES, EDGE_TYPES } from '../../functions/core/model.js';
import {
  aliasKey,
  countKey,
  DATASET_INDEX_SHARDS,
  datasetIndexKeys,
  datasetKey,
  edgeKey,
  edgeSortPrefix,
  idFromNodePartition,
  inEdgeKey,
  isEdgeItemKey,
  isInEdgeItemKey,
  isNodeItemKey,
  laneOf,
  MAX_TYPE_SHARDS,
  namespaceClaimKey,
  nodeKey,
  nodeTypeIndexKeys,
  otherVersionRanges,
  ownsId,
  parseCountSortKey,
  shardOf,
  typeShardCount,
  walkSortRange,
  walksReading,
} from '../../functions/storage/keys.js';
import { createTableInput, TABLE_DEFINITION } from '../../functions/storage/table-definition.js';

const inRange = (sk: string, range: { from: string; to: string }) => sk >= range.from && sk <= range.to;

describe('keys', () => {
  it('stores a node, its outgoing edges and a copy of its incoming edges in one partition', () => {
    const node = nodeKey('luton/action:a');
    const out = edgeKey('luton/action:a', 'LED_BY', 'luton/person:p');
    const incoming = inEdgeKey('luton/operation:o', 'DELIVERS', 'luton/action:a');
    expect(out.pk).toBe(node.pk);
    expect(incoming.pk).toBe(node.pk);
    expect(idFromNodePartition(incoming.pk)).toBe('luton/action:a');
    expect(out.sk.startsWith(edgeSortPrefix('out', 'LED_BY'))).toBe(true);
    expect(out.sk.endsWith('#luton/person:p')).toBe(true);
    expect(incoming.sk.startsWith(edgeSortPrefix('in', 'DELIVERS'))).toBe(true);
    expect(incoming.sk.endsWith('#luton/operation:o')).toBe(true);
  });

  it('tells nodes, edges and in-edge copies apart by key alone', () => {
    const node = nodeKey('luton/action:a');
    expect(isNodeItemKey(node)).toBe(true);
    expect(isEdgeItemKey(node)).toBe(false);
    expect(isInEdgeItemKey(node)).toBe(false);
    for (const type of EDGE_TYPE_NAMES) {
      const out = edgeKey('x/a:1', type, 'x/b:2');
      const copy = inEdgeKey('x/a:1', type, 'x/b:2');
      expect([isEdgeItemKey(out), isInEdgeItemKey(out), isNodeItemKey(out)]).toEqual([true, false, false]);
      expect([isEdgeItemKey(copy), isInEdgeItemKey(copy), isNodeItemKey(copy)]).toEqual([false, true, false]);
    }
    expect(isEdgeItemKey(aliasKey('action:a'))).toBe(false);
    expect(isNodeItemKey(datasetKey('luton-2020'))).toBe(false);
  });

  it('puts the body and exactly the edges each walk follows in one sort-key range', () => {
    const down = walkSortRange('DOWNSTREAM');
    const up = walkSortRange('UPSTREAM');
    expect(inRange(nodeKey('x/a:1').sk, down)).toBe(true);
    expect(inRange(nodeKey('x/a:1').sk, up)).toBe(true);
    for (const type of EDGE_TYPE_NAMES) {
      for (const [direction, key] of [['out', edgeKey('x/a:1', type, 'x/b:2')], ['in', inEdgeKey('x/b:2', type, 'x/a:1')]] as const) {
        const lane = laneOf(type, direction);
        expect(inRange(key.sk, down), `${type} ${direction} downstream`).toBe(lane === '!' || lane === '');
        expect(inRange(key.sk, up), `${type} ${direction} upstream`).toBe(lane === 'U' || lane === '');
      }
    }
  });

  it('files an edge type under the walks the model says follow it', () => {
    // TAKES_UP: downstream walks it in (to the work), upstream out (to the request).
    expect(laneOf('TAKES_UP', 'in')).toBe('!');
    expect(laneOf('TAKES_UP', 'out')).toBe('U');
    // ITEM_OF is walked out both ways; nothing walks it in.
    expect(laneOf('ITEM_OF', 'out')).toBe('');
    expect(laneOf('ITEM_OF', 'in')).toBe('X');
    // ATTENDED is walked by neither.
    expect(laneOf('ATTENDED', 'out')).toBe('X');
    // A type the model does not know (an item of a newer model, say) is walked by neither.
    expect([laneOf('NOT_A_TYPE', 'out'), laneOf('NOT_A_TYPE', 'in')]).toEqual(['X', 'X']);
  });

  it('says which walks read each edge type on each side, as the model directs them', () => {
    for (const type of EDGE_TYPE_NAMES) {
      const spec = EDGE_TYPES[type] as { downstream?: string; upstream?: string };
      for (const direction of ['out', 'in'] as const) {
        const expected = [...(spec.downstream === direction ? ['DOWNSTREAM'] : []), ...(spec.upstream === direction ? ['UPSTREAM'] : [])];
        expect(walksReading(type, direction), `${type} ${direction}`).toEqual(expected);
      }
    }
    expect(walksReading('NOT_A_TYPE', 'out')).toEqual([]);
  });

  it('refuses to read an id out of a key that is not a node partition', () => {
    expect(() => idFromNodePartition(aliasKey('action:a').pk)).toThrow('Not a node partition key: A#action:a');
  });

  it('keys the type index per dataset and shard, and spreads ids over the shards', () => {
    expect(nodeTypeIndexKeys('luton-2020', 'Person', 'luton/person:p', 1)).toEqual({ gsi2pk: 'T#luton-2020#Person#0', gsi2sk: 'luton/person:p' });
    const used = new Set(Array.from({ length: 400 }, (_, i) => shardOf(`luton/person:p-${i}`, 4)));
    expect([...used].sort()).toEqual([0, 1, 2, 3]);
    expect(shardOf('luton/person:p-1', 4)).toBe(shardOf('luton/person:p-1', 4));
  });

  it('hashes with 32-bit FNV-1a, so an id stays in the shard an earlier load put it in', () => {
    // Test vectors of the FNV specification (draft-eastlake-fnv): "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
    expect([shardOf('', 2 ** 32), shardOf('a', 2 ** 32), shardOf('foobar', 2 ** 32)]).toEqual([0x811c9dc5, 0xe40c292c, 0xbf9cf968]);
    expect(shardOf('foobar', 7)).toBe(0xbf9cf968 % 7);
  });

  it('gives a type one shard per 10,000 nodes, at least one and at most the maximum', () => {
    expect(typeShardCount(0)).toBe(1);
    expect(typeShardCount(10_000)).toBe(1);
    expect(typeShardCount(10_001)).toBe(2);
    expect(typeShardCount(5, 2)).toBe(3);
    expect(typeShardCount(10_000_000)).toBe(MAX_TYPE_SHARDS);
  });

  it('indexes every item by dataset and version, so other versions are a key range apart', () => {
    const key = nodeKey('luton/action:a');
    const { gsi3pk, gsi3sk } = datasetIndexKeys('luton-2020', 'abc123', key);
    expect(gsi3pk).toMatch(new RegExp(`^D#luton-2020#[0-${DATASET_INDEX_SHARDS - 1}]$`));
    expect(gsi3sk).toBe('abc123#N#luton/action:a##NODE');
    const { below, from } = otherVersionRanges('abc123');
    expect(gsi3sk < below).toBe(false);
    expect(gsi3sk >= from).toBe(false);
    // A dataset's items spread over every shard of its index.
    const shards = new Set(Array.from({ length: 200 }, (_, i) => datasetIndexKeys('luton-2020', 'abc123', nodeKey(`luton/person:p-${i}`)).gsi3pk));
    expect(shards.size).toBe(DATASET_INDEX_SHARDS);
    for (const other of ['abc12', 'abc1229', 'abc1230', 'abc1234', 'ffffff', '000000']) {
      const otherSk = datasetIndexKeys('luton-2020', other, key).gsi3sk;
      expect(otherSk < below || otherSk >= from, other).toBe(true);
    }
  });

  it('keeps aliases, counts, claims and dataset records in partitions of their own', () => {
    expect(aliasKey('action:a')).toEqual({ pk: 'A#action:a', sk: '#ALIAS' });
    expect(countKey('luton-2020', 'Person')).toEqual({ pk: 'META#COUNT', sk: 'luton-2020#Person' });
    expect(parseCountSortKey(countKey('luton-2020', 'Person').sk)).toEqual({ dataset: 'luton-2020', type: 'Person' });
    expect(namespaceClaimKey('luton')).toEqual({ pk: 'META#NAMESPACE', sk: 'luton' });
    expect(datasetKey('luton-2020')).toEqual({ pk: 'META#DATASET', sk: 'luton-2020' });
  });

  it('owns an id only in its own namespace, and unqualified ids only without one', () => {
    expect(ownsId('luton', 'luton/person:p')).toBe(true);
    expect(ownsId('luton', 'registry/organisation:o')).toBe(false);
    expect(ownsId('luton', 'person:p')).toBe(false);
    expect(ownsId(undefined, 'person:p')).toBe(true);
    expect(ownsId(undefined, 'luton/person:p')).toBe(false);
  });
});

describe('createTableInput', () => {
  it('derives every key and index from the one table definition, with no reverse-edge index', () => {
    const input = createTableInput('t');
    expect(input.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(input.GlobalSecondaryIndexes.map((i) => [i.IndexName, i.Projection.ProjectionType])).toEqual([
      ['gsi2-by-type', 'ALL'],
      ['gsi3-by-dataset', 'KEYS_ONLY'],
    ]);
    expect(input.AttributeDefinitions).toHaveLength(6);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
