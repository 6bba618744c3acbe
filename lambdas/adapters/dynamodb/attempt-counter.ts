/**
 * Attempt counters on a small regional table of their own (never a global table:
 * what one region counts is its own business), one item per key and window,
 * removed by DynamoDB's TTL once the window is over.
 */
import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttemptCounter } from '../../domain/ports';
import { withRetries } from './retry';

/** The counters table's shape, for the CDK and DynamoDB Local alike. */
export const ATTEMPTS_TABLE = {
  partitionKey: { name: 'pk', type: 'S' },
  /** Epoch seconds; TTL removes the item some time after. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export class DynamoDbAttemptCounter implements AttemptCounter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hit(key: string, window: { readonly startMs: number; readonly endMs: number }): Promise<number> {
    // Counted as a read: a count its caller never heard changes nothing the caller asked for.
    const out = await withRetries((abortSignal) =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { [ATTEMPTS_TABLE.partitionKey.name]: `${key}#${window.startMs}` },
          UpdateExpression: 'ADD attempts :one SET #ttl = if_not_exists(#ttl, :expires)',
          ExpressionAttributeNames: { '#ttl': ATTEMPTS_TABLE.timeToLiveAttribute },
          ExpressionAttributeValues: { ':one': 1, ':expires': Math.ceil(window.endMs / 1_000) + 60 },
          ReturnValues: 'UPDATED_NEW',
        }),
        { abortSignal },
      ),
    );
    return Number(out.Attributes?.attempts ?? 1);
  }
}

/** Creates the counters table unless it exists (DynamoDB Local; in AWS the CDK makes it). */
export async function ensureAttemptsTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { name, type } = ATTEMPTS_TABLE.partitionKey;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: name, AttributeType: type }],
        KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException) && (error as Error).name !== 'ResourceInUseException')
      throw error;
  }
}
