/**
 * The booking event: the one definition of what other systems (door keys,
 * housekeeping, accounting) hear when a booking's status changes. The AWS
 * publisher, the local publisher, the docs and the JSON Schema in `docs/` all
 * come from here.
 */
import * as z from 'zod';
import { BOOKING_ITEM } from '../adapters/dynamodb/items/booking';
import { ENTITY } from '../adapters/dynamodb/keys';
import { BOOKING_STATUSES, type Booking, type BookingStatus } from '../domain/model';
import { isRegion, REGIONS, type Region } from '../domain/regions';
import { bookingView, guestSchema } from '../http/schemas';
import { toBookingView } from '../http/views';

/** The event type of each status a booking can enter. */
export const EVENT_TYPES = {
  CONFIRMED: 'booking.confirmed',
  CANCELLED: 'booking.cancelled',
  CHECKED_IN: 'booking.checked_in',
  CHECKED_OUT: 'booking.checked_out',
  NO_SHOW: 'booking.no_show',
} as const satisfies Record<BookingStatus, string>;

/** A booking's dates, rooms or total changed, its status did not. */
export const MODIFIED_EVENT = 'booking.modified';

export type BookingEventType = (typeof EVENT_TYPES)[BookingStatus] | typeof MODIFIED_EVENT;

const ALL_EVENT_TYPES = [MODIFIED_EVENT, ...BOOKING_STATUSES.map((s) => EVENT_TYPES[s])] as [
  BookingEventType,
  ...BookingEventType[],
];

/** In AWS, every event is put on this bus with this source and its `type` as the detail-type. */
export const EVENT_BUS_NAME = 'hotel-booking-events';
export const EVENT_SOURCE = 'hotel-booking';

/** The booking as events carry it: the hotelier's view less the guest's phone. */
const eventBookingView = bookingView
  .extend({ guest: guestSchema.omit({ phone: true }).meta({ id: 'EventGuest' }) })
  .meta({ id: 'EventBooking' });

/** A booking as its events carry it (see `eventBookingView`). */
export function toEventBookingView(booking: Booking) {
  const view = toBookingView(booking);
  const { phone: _phone, ...guest } = view.guest;
  return { ...view, guest };
}

export const bookingEventSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}:[1-9][0-9]*$/)
      .meta({ description: '`<bookingId>:<sequence>`: a change delivered again carries the same id' }),
    type: z.enum(ALL_EVENT_TYPES),
    time: z.iso.datetime().meta({ description: 'When the change was written (ISO 8601, UTC)' }),
    region: z
      .enum(REGIONS)
      .meta({ description: 'The region that wrote the change, and the only one to publish it' }),
    hotelId: z.string(),
    bookingId: z.string(),
    sequence: z
      .number()
      .int()
      .min(1)
      .meta({
        description:
          'For one booking, a later change has a greater sequence; no two changes share one, ' +
          'even when two regions each wrote one after an evacuation',
      }),
    data: eventBookingView.meta({
      description:
        "The booking after the change, without secrets and without the guest's phone: " +
        'housekeeping reads the requests, accounting the booker, nobody downstream calls the guest',
    }),
  })
  .meta({ id: 'BookingEvent', title: 'Booking event' });

export type BookingEvent = z.infer<typeof bookingEventSchema>;

/**
 * How many regions `sequence` makes room for. Fixed, not the number of regions today: a region's
 * slot is its place in REGIONS, so adding one at the end changes no sequence already published.
 */
export const SEQUENCE_REGION_SLOTS = 4;
if (REGIONS.length > SEQUENCE_REGION_SLOTS)
  throw new Error(`Event sequences make room for ${SEQUENCE_REGION_SLOTS} regions, not ${REGIONS.length}`);

/**
 * The sequence of the change that took a booking item to `version`, written by `writtenBy`.
 * Versions grow by one with each write, so a later change has a greater sequence; and after an
 * evacuation, when the old and the new owner each write the same version of one booking (split
 * writes, before replication meets them), the writer's slot keeps their sequences apart.
 */
export function eventSequence(version: number, writtenBy: Region): number {
  return (version - 1) * SEQUENCE_REGION_SLOTS + REGIONS.indexOf(writtenBy) + 1;
}

/** The JSON Schema consumers validate events with (written to `docs/booking-event.schema.json`). */
export function bookingEventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(bookingEventSchema, { target: 'draft-2020-12', io: 'output' }) as Record<
    string,
    unknown
  >;
}

/** One item change from a table's stream, as old and new images. */
export interface ItemChange {
  readonly oldImage?: Record<string, unknown>;
  readonly newImage?: Record<string, unknown>;
}

const statusOf = (image: Record<string, unknown> | undefined): string | undefined =>
  image?.entity === ENTITY.booking ? String(image.status) : undefined;

/** True when the stay itself changed between two images of a booking: its dates, rooms or total. */
function stayChanged(before: Record<string, unknown> | undefined, after: Record<string, unknown>): boolean {
  if (before?.entity !== ENTITY.booking) return false;
  const total = (i: Record<string, unknown>) => JSON.stringify(i.totalPrice);
  return (
    before.checkIn !== after.checkIn ||
    before.checkOut !== after.checkOut ||
    before.rooms !== after.rooms ||
    total(before) !== total(after)
  );
}

/**
 * The event a stream record stands for in `region`, or none: only a booking item
 * whose status changed, written by this region (a change that arrived by
 * replication was published by the region that wrote it), or whose dates, rooms or
 * total changed (`booking.modified`). A version bump that changes neither, such as a
 * replay adding a token, publishes nothing.
 */
export function bookingEventOf(change: ItemChange, region: string): BookingEvent | undefined {
  const item = change.newImage;
  if (!item || item.entity !== ENTITY.booking) return undefined;
  if (item.writtenBy !== region) return undefined;
  if (!isRegion(region)) throw new Error(`${region} is not one of the product's regions`);
  const status = String(item.status) as BookingStatus;
  if (!(status in EVENT_TYPES)) return undefined;
  const type =
    statusOf(change.oldImage) !== status
      ? EVENT_TYPES[status]
      : stayChanged(change.oldImage, item)
        ? MODIFIED_EVENT
        : undefined;
  if (!type) return undefined;
  const booking = BOOKING_ITEM.fromItem(item);
  const sequence = eventSequence(Number(item.version), region);
  return {
    id: `${booking.bookingId}:${sequence}`,
    type,
    time: new Date(Number(item.writtenAt)).toISOString(),
    region,
    hotelId: booking.hotelId,
    bookingId: booking.bookingId,
    sequence,
    data: toEventBookingView(booking),
  };
}
