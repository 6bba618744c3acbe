/**
 * The AWS publisher's work on one batch of stream records: derive each record's
 * event, put them on the bus in stream order, and report the first record that
 * could not be put, so Lambda retries from there (and nothing after it overtakes
 * it: per booking, order is kept).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { type BookingEvent, bookingEventOf, EVENT_SOURCE } from './booking-event';

/** One PutEvents entry, as the bus takes it. */
export interface BusEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly Time: Date;
  readonly EventBusName: string;
}

/** Puts up to 10 entries; answers, per entry in order, whether it failed. */
export type PutEntries = (
  entries: readonly BusEntry[],
) => Promise<ReadonlyArray<{ readonly failed: boolean }>>;

/** PutEvents takes at most 10 entries per call. */
const PUT_LIMIT = 10;

const image = (value: unknown) =>
  value ? (unmarshall(value as Record<string, AttributeValue>) as Record<string, unknown>) : undefined;

/** The bus entry of an event: source `hotel-booking`, the event's type as detail-type, the event as detail. */
export function busEntryOf(event: BookingEvent, eventBusName: string): BusEntry {
  return {
    Source: EVENT_SOURCE,
    DetailType: event.type,
    Detail: JSON.stringify(event),
    Time: new Date(event.time),
    EventBusName: eventBusName,
  };
}

/**
 * Publishes a batch; returns the partial-batch answer: the sequence number of the first
 * record whose event was not put (everything from it on is retried), or none.
 */
export async function publishStreamBatch(
  records: readonly DynamoDBRecord[],
  region: string,
  eventBusName: string,
  put: PutEntries,
): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }>; published: number }> {
  const pending: Array<{ record: DynamoDBRecord; entry: BusEntry }> = [];
  for (const record of records) {
    const event = bookingEventOf(
      { oldImage: image(record.dynamodb?.OldImage), newImage: image(record.dynamodb?.NewImage) },
      region,
    );
    if (event) pending.push({ record, entry: busEntryOf(event, eventBusName) });
  }
  let published = 0;
  for (let i = 0; i < pending.length; i += PUT_LIMIT) {
    const chunk = pending.slice(i, i + PUT_LIMIT);
    let results: ReadonlyArray<{ failed: boolean }>;
    try {
      results = await put(chunk.map((p) => p.entry));
    } catch {
      results = chunk.map(() => ({ failed: true }));
    }
    const firstFailed = chunk.findIndex((_, j) => results[j]?.failed !== false);
    if (firstFailed >= 0) {
      published += firstFailed;
      const sequence = chunk[firstFailed]?.record.dynamodb?.SequenceNumber ?? '';
      return { batchItemFailures: [{ itemIdentifier: sequence }], published };
    }
    published += chunk.length;
  }
  return { batchItemFailures: [], published };
}
