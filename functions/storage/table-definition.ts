/**
 * The one definition of the graph table: key schema and indexes. The CDK stack and
 * the local engine both build the table from it, so the two cannot drift.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  globalSecondaryIndexes: [
    {
      /** Inverted adjacency index: every edge read from its target end. */
      indexName: 'gsi1-reverse',
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
    },
    {
      /** Nodes listed by type, in id order, for `nodes(type:)` and search. */
      indexName: 'gsi2-by-type',
      partitionKey: 'gsi2pk',
      sortKey: 'gsi2sk',
    },
  ],
} as const;

export const REVERSE_INDEX = TABLE_DEFINITION.globalSecondaryIndexes[0].indexName;
export const TYPE_INDEX = TABLE_DEFINITION.globalSecondaryIndexes[1].indexName;

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
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
