/**
 * The one place that makes DynamoDB clients. Configuration comes from the
 * environment, so the same code talks to DynamoDB, DynamoDB Local or the embedded
 * engine: set DYNAMODB_ENDPOINT for a local engine.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  /** Endpoint URL of a local engine; unset for AWS. */
  endpoint?: string;
  region?: string;
  /**
   * Observes every command sent (request-count tests and benchmarks use it); the
   * function it returns, if any, is called when the command completes.
   */
  onRequest?: (command: string) => void | (() => void);
}

export function createDynamoDbClient(options: ClientOptions = {}): DynamoDBClient {
  const endpoint = options.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const config: DynamoDBClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    maxAttempts: 5,
  };
  if (endpoint) {
    config.endpoint = endpoint;
    // A local engine accepts any credentials; these keep the SDK from searching for real ones.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  const client = new DynamoDBClient(config);
  if (options.onRequest) {
    const onRequest = options.onRequest;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const done = onRequest(String(context.commandName ?? 'unknown'));
        try {
          return await next(args);
        } finally {
          if (done) done();
        }
      },
      { step: 'initialize', name: 'countRequests' },
    );
  }
  return client;
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
