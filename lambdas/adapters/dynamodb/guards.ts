/**
 * The ownership and fence guards every write carries, and what their refusals
 * mean in domain terms.
 */

import { HotelMoving, NotFound, NotOwnerRegion, StaleRead } from '../../domain/errors';
import type { Booking } from '../../domain/model';
import type { Region } from '../../domain/regions';
import type { Item } from './items/item-kind';
import { ROOM_TYPE_ITEM } from './items/room-type';
import type { HotelTableClient } from './table-client';
import type { ConditionsFailed, IntentItem } from './transact';

/** An item this region may write now: active, owned here, and not fenced for a handover. */
export const WRITABLE = '#status = :active AND #managedIn = :region AND attribute_not_exists(#handover)';

/** The attribute names the guards use. */
export const GUARD_NAMES = {
  '#status': 'status',
  '#managedIn': 'managedIn',
  '#version': 'version',
  '#handover': 'handover',
};

/** The entries of `names` (`#x`) or `values` (`:x`) that `expression` mentions: DynamoDB refuses the others. */
export function usedIn<T>(expression: string, entries: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(entries).filter(([key]) => new RegExp(`${key}(?![A-Za-z0-9_])`).test(expression)),
  );
}

/** Why a write to an owned, active item in `region` was refused, from the item as it was. */
export function explainRefusal(region: Region, old: Item | undefined, what: string): Error {
  if (old?.status !== 'ACTIVE') return new NotFound(`No such ${what}`);
  if (old.managedIn !== region) return new NotOwnerRegion(String(old.managedIn));
  if (old.handover) return new HotelMoving();
  return new StaleRead(what);
}

/**
 * The booking's room type is owned here and not fenced. Bookings keep the region
 * they were made in, so a later write to one is guarded by its room type, which
 * a handover switches together with the hotel.
 */
export function ownerGuard(table: HotelTableClient, booking: Booking): IntentItem {
  return {
    intent: 'guardOwner',
    ref: booking.roomTypeId,
    item: {
      ConditionCheck: {
        TableName: table.tableName,
        Key: ROOM_TYPE_ITEM.key(booking.hotelId, booking.roomTypeId),
        ConditionExpression: '#managedIn = :region AND attribute_not_exists(#handover)',
        ExpressionAttributeNames: { '#managedIn': 'managedIn', '#handover': 'handover' },
        ExpressionAttributeValues: { ':region': table.region },
      },
    },
  };
}

/** Why the owner guard refused: another region owns the hotel now, or it is moving. */
export function explainOwnerGuard(region: Region, error: ConditionsFailed): Error | undefined {
  const guard = error.of('guardOwner')[0];
  if (!guard) return undefined;
  if (guard.old && guard.old.managedIn !== region) return new NotOwnerRegion(String(guard.old.managedIn));
  if (guard.old?.handover) return new HotelMoving();
  return new NotFound('No such room type at this hotel');
}

/**
 * The booking's room type is writable here (active, owned, unfenced) and still at
 * `version`: what a booking's transaction checks first, so a quote read from an
 * older room type never commits.
 */
export function roomTypeGuard(
  table: HotelTableClient,
  hotelId: string,
  roomTypeId: string,
  version: number,
): IntentItem {
  return {
    intent: 'guardRoomType',
    ref: roomTypeId,
    item: {
      ConditionCheck: {
        TableName: table.tableName,
        Key: ROOM_TYPE_ITEM.key(hotelId, roomTypeId),
        ConditionExpression: `${WRITABLE} AND #version = :version`,
        ExpressionAttributeNames: GUARD_NAMES,
        ExpressionAttributeValues: { ':active': 'ACTIVE', ':region': table.region, ':version': version },
      },
    },
  };
}
