/** Builds the DynamoDB clients the adapters use, for AWS or for DynamoDB Local. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoClientOptions {
  readonly region: string;
  /** DynamoDB Local's URL; absent in AWS. */
  readonly endpoint?: string;
}

/** A low-level client. Locally, fixed credentials: DynamoDB Local keeps one database per key and region. */
export function createDynamoClient(options: DynamoClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}

/** A document client that drops undefined fields, so optional domain fields never reach a write. */
export function createDocumentClient(options: DynamoClientOptions | DynamoDBClient): DynamoDBDocumentClient {
  const client = options instanceof DynamoDBClient ? options : createDynamoClient(options);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
