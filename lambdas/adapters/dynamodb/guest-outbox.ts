/**
 * The guests' outbox in AWS: one item per message in a regional table of its own
 * (never replicated: the region that wrote a change sends its message), sent through
 * `send` when a sender is configured, else kept (`KEPT`) for an operator to send.
 * Items expire after `OUTBOX_RETENTION_DAYS` (TTL): a kept message holds a private link.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { GuestMessage, GuestOutbox } from '../../domain/guest-messages';

export const OUTBOX_TABLE = {
  partitionKey: { name: 'id', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
} as const;
export const OUTBOX_RETENTION_DAYS = 30;

/** `PENDING`: written, not yet sent (a crash in between sends it again); `SENT`; `KEPT`: no sender. */
type OutboxStatus = 'PENDING' | 'SENT' | 'KEPT';

export class DynamoDbGuestOutbox implements GuestOutbox {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly send?: (message: GuestMessage) => Promise<void>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** True once the message is sent or kept: a `PENDING` one is written again and sent. */
  async has(id: string): Promise<boolean> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { id }, ConsistentRead: true }),
    );
    const status = out.Item?.status as OutboxStatus | undefined;
    return status === 'SENT' || status === 'KEPT';
  }

  async put(message: GuestMessage): Promise<void> {
    const status: OutboxStatus = this.send ? 'PENDING' : 'KEPT';
    const expiresAt = Math.ceil(this.now().getTime() / 1_000) + OUTBOX_RETENTION_DAYS * 86_400;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...message, status, expiresAt },
          ConditionExpression: 'attribute_not_exists(id) OR #status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        }),
      );
    } catch (error) {
      // Sent or kept already, by a delivery of the same event running alongside.
      if ((error as Error).name === 'ConditionalCheckFailedException') return;
      throw error;
    }
    if (!this.send) return;
    await this.send(message);
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: message.id },
        UpdateExpression: 'SET #status = :sent, sentAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'SENT', ':at': this.now().toISOString() },
      }),
    );
  }
}
