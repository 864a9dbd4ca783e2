/** Runtime settings, read from the environment in one place. */
export interface AppConfig {
  /** Name of the graph table. */
  tableName: string;
  /** Endpoint of a local DynamoDB-compatible engine; unset on AWS. */
  dynamoDbEndpoint?: string;
  /** Name of the curated dataset the loader records. */
  datasetName: string;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    tableName: env.TABLE_NAME || 'scrutiny-graph',
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    datasetName: env.DATASET_NAME || 'luton-2020',
  };
}
