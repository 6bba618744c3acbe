/** The AWS outbox on DynamoDB Local: kept without a sender; sent once with one; a send that failed is sent again. */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createDynamoClient } from '../../lambdas/adapters/dynamodb/client';
import { DynamoDbGuestOutbox, OUTBOX_TABLE } from '../../lambdas/adapters/dynamodb/guest-outbox';
import type { GuestMessage } from '../../lambdas/domain/guest-messages';
import { testStore } from '../support/store';

const tableName = `outbox-${randomUUID()}`;
const store = testStore('us-east-1');
const message = (): GuestMessage => ({
  id: `${randomUUID()}:1`,
  kind: 'confirmation',
  hotelId: 'h',
  bookingId: 'b',
  reference: 'K7QX4M2P',
  to: 'ada@example.com',
  subject: 'Booking K7QX4M2P is confirmed: Test Hotel',
  text: 'Dear Ada',
  link: 'https://hotels.example.com/bookings/h/b#token=t',
  createdAt: new Date().toISOString(),
});
const statusOf = async (id: string) =>
  (await store.doc.send(new GetCommand({ TableName: tableName, Key: { id }, ConsistentRead: true }))).Item;

beforeAll(async () => {
  const client = createDynamoClient({ region: 'us-east-1', endpoint: inject('dynamoEndpoint') });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: OUTBOX_TABLE.partitionKey.name, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: OUTBOX_TABLE.partitionKey.name, KeyType: 'HASH' }],
    }),
  );
});

describe('the outbox table', () => {
  it('keeps a message when no sender is configured', async () => {
    const outbox = new DynamoDbGuestOutbox(store.doc, tableName);
    const m = message();
    expect(await outbox.has(m.id)).toBe(false);
    await outbox.put(m);
    expect(await outbox.has(m.id)).toBe(true);
    expect(await statusOf(m.id)).toMatchObject({ status: 'KEPT', to: m.to, expiresAt: expect.any(Number) });
  });

  it('sends once, and sends again a message whose first send failed', async () => {
    const sent: string[] = [];
    let failNext = true;
    const outbox = new DynamoDbGuestOutbox(store.doc, tableName, async (m) => {
      if (failNext) {
        failNext = false;
        throw new Error('SES is down');
      }
      sent.push(m.id);
    });
    const m = message();
    await expect(outbox.put(m)).rejects.toThrow('SES is down');
    expect(await statusOf(m.id)).toMatchObject({ status: 'PENDING' });
    // Not done: the event comes back and the message is written and sent again.
    expect(await outbox.has(m.id)).toBe(false);
    await outbox.put(m);
    expect(sent).toEqual([m.id]);
    expect(await statusOf(m.id)).toMatchObject({ status: 'SENT', sentAt: expect.any(String) });
    expect(await outbox.has(m.id)).toBe(true);
    await outbox.put(m);
    expect(sent).toEqual([m.id]);
  });
});
