/** Key builders: the one place that knows how items are laid out in the hotel table. */
import { fold } from '../../domain/text-fold';

/** Every item of a hotel shares this partition, so a booking touches one partition. */
export const hotelPk = (hotelId: string) => `HOTEL#${hotelId}`;
export const HOTEL_SK = 'HOTEL';
export const roomTypeSk = (roomTypeId: string) => `ROOMTYPE#${roomTypeId}`;
export const ROOM_TYPE_PREFIX = 'ROOMTYPE#';
/** Night counters sort by room type, then date, so a date range is one key range. */
export const nightSk = (roomTypeId: string, night: string) => `NIGHT#${roomTypeId}#${night}`;
/** A room type's rate plans sort together under its prefix, so one query lists them. */
export const RATE_PLAN_PREFIX = 'RATEPLAN#';
export const ratePlanSk = (roomTypeId: string, ratePlanId: string) =>
  `${RATE_PLAN_PREFIX}${roomTypeId}#${ratePlanId}`;
export const bookingSk = (bookingId: string) => `BOOKING#${bookingId}`;
export const HANDOVER_PREFIX = 'HANDOVER#';
export const handoverSk = (handoverId: string) => `${HANDOVER_PREFIX}${handoverId}`;
/** Each region's replication probe: one item, rewritten to time its arrival in the other region. */
export const probePk = (region: string) => `PROBE#${region}`;
export const PROBE_SK = 'PROBE';
/** A booking's reference, in a partition of its own: the reference -> booking map, in both regions. */
export const referencePk = (reference: string) => `REFERENCE#${reference}`;
export const REFERENCE_SK = 'REFERENCE';
/** The key `/health` reads: it never exists, so the read proves the table answers and costs one read unit. */
export const HEALTH_KEY = { pk: 'HEALTH', sk: 'HEALTH' } as const;

export const ownerPk = (ownerId: string) => `OWNER#${ownerId}`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a sort key drops.
const CONTROL_CHARACTERS = /[\u0000-\u001f]/g;

/** A name as the owner index orders it: folded as search folds it (`fold`), control characters dropped. */
export function nameSortKey(name: string): string {
  const folded = fold(name).replace(CONTROL_CHARACTERS, '');
  // Folding can multiply a name's length; 200 code points (at most 800 bytes) keep the
  // index key within DynamoDB's 1,024 bytes, and order only ever needs the first few.
  return Array.from(folded).slice(0, 200).join('');
}
/** The owner index's sort key: a hotelier's hotels by name; U+0001 sorts a name before its longer neighbours. */
export const ownerSk = (name: string, hotelId: string) => `${nameSortKey(name)}\u0001${hotelId}`;
export const staySk = (checkIn: string, bookingId: string) => `STAY#${checkIn}#${bookingId}`;

/** The item kinds, stored as `entity` on every item. */
export const ENTITY = {
  hotel: 'HOTEL',
  roomType: 'ROOM_TYPE',
  ratePlan: 'RATE_PLAN',
  night: 'NIGHT',
  booking: 'BOOKING',
  handover: 'HANDOVER',
  probe: 'PROBE',
  reference: 'REFERENCE',
} as const;
