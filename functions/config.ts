/** Runtime settings, read from the environment in one place. */
export interface AppConfig {
  /** Name of the graph table. */
  tableName: string;
  /** Endpoint of a local DynamoDB-compatible engine; unset on AWS. */
  dynamoDbEndpoint?: string;
  /** Name of the curated dataset the loader records. */
  datasetName: string;
  /** Whether the API answers introspection (`__schema`, `__type`): off unless GRAPHQL_INTROSPECTION=true. */
  introspection: boolean;
  /**
   * The Cognito user pool and app client whose access tokens the API accepts (env
   * COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID; the stack sets both). Unset: no token is
   * accepted, and anonymous reads work as ever.
   */
  cognito?: { userPoolId: string; clientId: string };
  /** A response budget lower than the default (RESPONSE_BUDGET_BYTES), from RESPONSE_BUDGET_BYTES; never higher. */
  responseBudgetBytes?: number;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    tableName: env.TABLE_NAME || 'scrutiny-graph',
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    datasetName: env.DATASET_NAME || 'luton-2020',
    introspection: env.GRAPHQL_INTROSPECTION === 'true',
    responseBudgetBytes: positiveInteger(env.RESPONSE_BUDGET_BYTES),
    cognito: cognitoOf(env),
  };
}

/**
 * The application's own error metric: the GraphQL handler emits it (embedded metrics)
 * and the stack alarms on it, both from these names.
 */
export const APPLICATION_METRICS = {
  namespace: 'ScrutinyGraph',
  /** Powertools adds it as the `service` dimension. */
  service: 'graphql',
  /** One per request answered with an internal or storage-unavailable error. */
  errors: 'ApplicationErrors',
} as const;

function cognitoOf(env: NodeJS.ProcessEnv): AppConfig['cognito'] {
  const userPoolId = env.COGNITO_USER_POOL_ID || undefined;
  const clientId = env.COGNITO_CLIENT_ID || undefined;
  if (!userPoolId && !clientId) return undefined;
  // Half a configuration would accept tokens of any client, or of no pool: refuse to start.
  if (!userPoolId || !clientId) throw new Error('Set both COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID (the stack sets them together), or neither.');
  return { userPoolId, clientId };
}

function positiveInteger(value: string | undefined): number | undefined {
  const number = Number(value);
  return value && Number.isInteger(number) && number > 0 ? number : undefined;
}
