/**
 * The transaction of a booking's change of dates or rooms: one conditional
 * TransactWriteItems that guards the room type (unchanged, writable here), the
 * booking (its status and version as read), releases the nights given up and
 * takes the nights added exactly as a new booking does. Its size: 2 items plus
 * one per night whose counter changes or is checked; the longest change (a
 * 30-night stay moved to 30 other nights) is 62, under DynamoDB's 100.
 */
import { SoldOut, StaleCalendar, StaleRead } from '../../domain/errors';
import type { Booking } from '../../domain/model';
import type { StayModification } from '../../domain/ports';
import { explainRefusal, roomTypeGuard } from './guards';
import { BOOKING_ITEM } from './items/booking';
import { calendarChanged, reserveCondition } from './night-calendar';
import type { HotelTableClient } from './table-client';
import { ConditionsFailed, type IntentItem } from './transact';

/** How the store moves one night's counter (its `nightUpdate`). */
export type NightUpdate = (
  booking: Booking,
  night: string,
  delta: number,
  condition: string,
  limitValue: number,
  extra?: { names?: Record<string, string>; values?: Record<string, unknown> },
) => IntentItem['item'];

/** The items of the modification's transaction, in order: room type, booking, nights. */
export function modificationItems(
  table: HotelTableClient,
  change: StayModification,
  nightUpdate: NightUpdate,
): IntentItem[] {
  const { before, after } = change;
  return [
    roomTypeGuard(table, before.hotelId, before.roomTypeId, change.roomTypeVersion),
    {
      intent: 'modifyBooking',
      ref: before.bookingId,
      item: {
        Put: {
          TableName: table.tableName,
          // The whole item again: the stay index key moves with the check-in date.
          Item: BOOKING_ITEM.toItem(after, table.writeStamp()),
          ConditionExpression: 'attribute_exists(pk) AND #status = :status AND #version = :version',
          ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
          ExpressionAttributeValues: { ':status': before.status, ':version': before.version },
        },
      },
    },
    ...change.nights.map<IntentItem>((n) => {
      if (n.delta < 0)
        return {
          intent: 'releaseNight',
          ref: n.night,
          // Never below zero: a counter short of the booking's rooms means reconcile must run first.
          item: nightUpdate(before, n.night, n.delta, 'booked >= :limit', -n.delta),
        };
      // Taken anew: checked as a new booking's night; kept with more rooms: capacity only.
      const condition =
        n.added || n.stayLength !== undefined
          ? reserveCondition(n.stayLength, n.override)
          : { expression: '(attribute_not_exists(booked) OR booked <= :limit)', names: {}, values: {} };
      return {
        intent: 'reserveNight',
        ref: n.night,
        item: nightUpdate(before, n.night, n.delta, condition.expression, change.capacity - n.delta, {
          names: condition.names,
          values: condition.values,
        }),
      };
    }),
  ];
}

/** Writes the modification, or explains its refusal as the domain's error. */
export async function writeModification(
  table: HotelTableClient,
  change: StayModification,
  nightUpdate: NightUpdate,
): Promise<Booking> {
  try {
    await table.transact(modificationItems(table, change, nightUpdate));
  } catch (error) {
    if (!(error instanceof ConditionsFailed)) throw error;
    const guard = error.of('guardRoomType')[0];
    if (guard) throw explainRefusal(table.region, guard.old, 'room type');
    if (error.of('modifyBooking').length) throw new StaleRead('booking');
    const refused = error.of('reserveNight');
    const byNight = new Map(change.nights.map((n) => [n.night, n]));
    // The quote's view of the stay, for telling a changed calendar from a full night.
    if (
      refused.some((f) =>
        calendarChanged(change.after, f.ref ?? '', f.old, byNight.get(f.ref ?? '')?.override),
      )
    )
      throw new StaleCalendar();
    if (refused.length) throw new SoldOut(refused.map((f) => f.ref ?? ''));
    throw new StaleRead('night counters');
  }
  return change.after;
}
