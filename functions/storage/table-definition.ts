/**
 * The one definition of the graph table: key schema and indexes. The CDK stack and
 * the local engine both build the table from it, so the two cannot drift.
 *
 * There is no reverse-edge index: every edge keeps a copy in its target's partition
 * (see keys.ts), so one Query on a node reads its incoming edges with the rest.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    {
      /** Nodes of one type of one dataset, per shard, in id order: `nodes(type:)` and search. */
      indexName: 'gsi2-by-type',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
      projection: 'ALL',
    },
    {
      /**
       * Every item a dataset's loads wrote, by version: a load finds another version's
       * items by key range, never by scanning the table. Keys only: the loader needs
       * nothing else to delete them.
       */
      indexName: 'gsi3-by-dataset',
      partitionKey: 'gsi3pk',
      sortKey: 'gsi3sk',
      projection: 'KEYS_ONLY',
    },
  ],
} as const;

export const TYPE_INDEX = TABLE_DEFINITION.globalSecondaryIndexes[0].indexName;
export const DATASET_INDEX = TABLE_DEFINITION.globalSecondaryIndexes[1].indexName;

/** Every key attribute is a string. */
export const KEY_ATTRIBUTES = [
  TABLE_DEFINITION.partitionKey,
  TABLE_DEFINITION.sortKey,
  ...TABLE_DEFINITION.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
] as const;

/** The CreateTable input for DynamoDB or a compatible engine, on-demand billing. */
export function createTableInput(tableName: string) {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
