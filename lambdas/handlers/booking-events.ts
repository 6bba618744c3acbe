/**
 * Lambda entry, on this region's table stream (filtered to booking items this
 * region wrote): publishes each status change to the `hotel-booking-events` bus,
 * reporting partial batch failures so Lambda retries from the first unpublished record.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { type PutEntries, publishStreamBatch } from '../events/stream-batch';
import { traced } from './aws-tracing';

const logger = new Logger({ serviceName: 'hotel-booking-events' });
const region = process.env.AWS_REGION ?? '';
const eventBusName = process.env.EVENT_BUS_NAME ?? '';
// Each PutEvents call shows in X-Ray, as the API functions' calls do.
const bus = traced(new EventBridgeClient({ region }));

const put: PutEntries = async (entries) => {
  const out = await bus.send(new PutEventsCommand({ Entries: [...entries] }));
  return (out.Entries ?? entries.map(() => ({ ErrorCode: 'Missing' }))).map((e) => ({
    failed: !!e.ErrorCode,
  }));
};

export const handler = async (event: DynamoDBStreamEvent) => {
  const { batchItemFailures, published } = await publishStreamBatch(event.Records, region, eventBusName, put);
  if (batchItemFailures.length)
    logger.warn('some events were not put; retrying from the first', { published });
  return { batchItemFailures };
};
