/**
 * Lambda entry, on an SQS queue fed by this region's `hotel-booking-events` bus: writes
 * each event's guest message (confirmation, change, cancellation) to the outbox, sending
 * it through SES when `GUEST_MAIL_FROM` is set, else keeping it there. A record that
 * fails is reported alone and comes back after the queue's visibility timeout; after
 * `maxReceiveCount` failures it waits in the dead-letter queue. Nothing is lost.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSEvent } from 'aws-lambda';
import { createDocumentClient, createDynamoClient } from '../adapters/dynamodb/client';
import { DynamoDbGuestOutbox } from '../adapters/dynamodb/guest-outbox';
import { sesSender } from '../adapters/email/ses-sender';
import { type BookingEventLike, writeGuestMessage } from '../domain/guest-messages';
import { createAwsServices, required } from './aws-services';
import { traced } from './aws-tracing';

const logger = new Logger({ serviceName: 'hotel-guest-messages' });
const from = process.env.GUEST_MAIL_FROM;

/** Built at the first invocation: a missing variable is a deployment error, said there. */
function wire(env: NodeJS.ProcessEnv) {
  const services = createAwsServices(env, { background: true });
  const outbox = new DynamoDbGuestOutbox(
    createDocumentClient(traced(createDynamoClient({ region: services.region }))),
    required(env, 'OUTBOX_TABLE_NAME'),
    from ? sesSender(services.region, from) : undefined,
  );
  const links = { webBaseUrl: required(env, 'WEB_BASE_URL').replace(/\/$/, '') };
  return { services, outbox, links };
}
let wired: ReturnType<typeof wire> | undefined;

/** The booking event an EventBridge envelope carries, or none when it is not one. */
function eventOf(body: string): BookingEventLike | undefined {
  const detail = (JSON.parse(body) as { detail?: Record<string, unknown> }).detail;
  const fields = ['id', 'type', 'time', 'hotelId', 'bookingId'] as const;
  return detail && fields.every((f) => typeof detail[f] === 'string')
    ? (detail as unknown as BookingEventLike)
    : undefined;
}

export const handler = async (event: SQSEvent) => {
  wired ??= wire(process.env);
  const { services, outbox, links } = wired;
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const booking = eventOf(record.body);
      if (!booking) {
        logger.warn('not a booking event; dropped', { messageId: record.messageId });
        continue;
      }
      if (!services.guestAccess) throw new Error('guest access is not wired');
      const written = await writeGuestMessage(services, services.guestAccess.store, outbox, links, booking);
      if (written) logger.info('guest message', { id: written.id, kind: written.kind, sent: Boolean(from) });
    } catch (error) {
      logger.error('guest message failed; retried later', { messageId: record.messageId, error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
