/** Builds the DynamoDB clients the adapters use, for AWS or for DynamoDB Local. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { timed } from '../../observability/request-timing';

export interface DynamoClientOptions {
  readonly region: string;
  /** DynamoDB Local's URL; absent in AWS. */
  readonly endpoint?: string;
  /**
   * For a client that answers requests: the SDK makes one attempt per call, given up after this
   * many ms without an answer, and the adapters' bounded retry (retry.ts), which stops at the
   * request's deadline, is the only retry layer. Without it, a throttled write could be sent
   * 3 × 6 times and outlast the function.
   * @default the SDK's own retries (3 attempts) and no timeout: background work and tools
   */
  readonly attemptTimeoutMs?: number;
}

/** A low-level client. Locally, fixed credentials: DynamoDB Local keeps one database per key and region. */
export function createDynamoClient(options: DynamoClientOptions): DynamoDBClient {
  const timeout = options.attemptTimeoutMs;
  const client = new DynamoDBClient({
    region: options.region,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    ...(timeout
      ? {
          maxAttempts: 1,
          requestHandler: {
            connectionTimeout: Math.min(timeout, 1_000),
            requestTimeout: timeout,
            throwOnRequestTimeout: true,
          },
        }
      : {}),
  });
  // Every call, retries included, counts towards the Server-Timing of the request that made it.
  client.middlewareStack.add((next) => (args) => timed('db', () => next(args)), {
    step: 'initialize',
    name: 'requestTiming',
  });
  return client;
}

/** A document client that drops undefined fields, so optional domain fields never reach a write. */
export function createDocumentClient(options: DynamoClientOptions | DynamoDBClient): DynamoDBDocumentClient {
  const client = options instanceof DynamoDBClient ? options : createDynamoClient(options);
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
