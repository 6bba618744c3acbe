/**
 * Evacuation, when a hotel's owner region cannot be reached: the target takes
 * the hotel over without draining, records a watermark, and, once the old region
 * is back, reports what it wrote that never arrived.
 */
import { randomUUID } from 'node:crypto';
import { Conflict, NotFound, StaleRead } from './errors';
import {
  assertRegion,
  type HandoverContext,
  type HandoverStatus,
  hotelIn,
  MAX_FENCE_ATTEMPTS,
  reachOldRegion,
} from './handover';
import type { Booking, HandoverRecord, StoredItem } from './model';
import { findSplitOwnership, type SplitOwnership } from './reconcile';
import { otherRegion, type Region } from './regions';

/**
 * Evacuation: the target takes the hotel over without draining, because the
 * owner region cannot be reached. Records the watermark: the newest write from
 * the old region in the target's copy of the hotel. Idempotent.
 */
export async function evacuateHotel(
  ctx: HandoverContext,
  hotelId: string,
  to: Region,
): Promise<HandoverStatus> {
  assertRegion(to, ctx);
  const from = otherRegion(to);
  const target = ctx.stores[to];
  for (let attempt = 0; attempt < MAX_FENCE_ATTEMPTS; attempt++) {
    const hotel = await hotelIn(target, hotelId);
    if (hotel?.status !== 'ACTIVE') throw new NotFound('No such hotel in the target region');
    const records = await target.handovers.listHandoverRecords(hotelId);
    if (hotel.managedIn === to && !hotel.handover)
      return { hotelId, phase: 'SWITCHED', managedIn: to, record: records.at(-1) };
    const items = await target.handovers.partitionItems(hotelId);
    // A loop, not a spread: a hotel with a long history has more items than a call may take arguments.
    let watermark = 0;
    for (const i of items) if (i.writtenBy === from && i.writtenAt > watermark) watermark = i.writtenAt;
    const record: HandoverRecord = {
      hotelId,
      handoverId: randomUUID(),
      outcome: 'SWITCHED',
      from,
      to,
      forced: true,
      fencedAt: hotel.handover?.fencedAt,
      endedAt: ctx.now().toISOString(),
      watermark,
    };
    try {
      await target.handovers.switchOwner(
        hotel,
        await target.hotels.listRoomTypes(hotelId, { consistent: true }),
        record,
      );
      return { hotelId, phase: 'SWITCHED', managedIn: to, record };
    } catch (error) {
      // Replication landed a newer copy meanwhile: read again.
      if (!(error instanceof StaleRead)) throw error;
    }
  }
  throw new Conflict('The hotel kept changing in the target region; please retry');
}

export interface AtRiskItem {
  readonly key: string;
  readonly entity: string;
  readonly writtenAt: string;
  readonly version: number;
  /** Written after the watermark; otherwise a write from before it that replication had not delivered. */
  readonly afterWatermark: boolean;
  /** The target's copy: none, or a different (older or overwritten) one. */
  readonly inTarget: 'MISSING' | 'DIFFERENT';
  /** For a booking: who to contact, and what they booked. */
  readonly booking?: Pick<
    Booking,
    'bookingId' | 'roomTypeId' | 'checkIn' | 'checkOut' | 'rooms' | 'status' | 'guest'
  >;
}

export interface AtRiskReport {
  readonly hotelId: string;
  readonly handoverId: string;
  readonly from: Region;
  readonly to: Region;
  readonly watermark: string;
  /** What the old region wrote after the watermark (or before it, undelivered) and the target does not have. */
  readonly items: AtRiskItem[];
  /** How many of `items` are bookings: the guests to call. */
  readonly bookingsAtRisk: number;
  /** Items written after the watermark that did reach the target later (their night counters may still differ: run reconcile). */
  readonly arrivedLate: number;
  /**
   * Each region's copy in which the hotel's own items name different owners:
   * last-writer-wins handed some back to the old region. Hand the hotel over again.
   */
  readonly splitOwnership: Array<SplitOwnership & { readonly region: Region }>;
}

/** Where the hotel's copy in `region` names more than one owner region. */
function splitIn(region: Region, hotelId: string, items: readonly StoredItem[]) {
  const parts = items.flatMap((i) =>
    i.entity === 'HOTEL' || i.entity === 'ROOM_TYPE'
      ? [
          {
            hotelId,
            entity: i.entity,
            roomTypeId: i.entity === 'ROOM_TYPE' ? i.key.slice(i.key.indexOf('#') + 1) : undefined,
            managedIn: i.managedIn,
          } as const,
        ]
      : [],
  );
  return findSplitOwnership(parts).map((split) => ({ region, ...split }));
}

/**
 * After an evacuation, once the old region is reachable again: every item it
 * wrote after the watermark that never replicated to the new owner.
 */
export async function atRiskReport(ctx: HandoverContext, hotelId: string, to: Region): Promise<AtRiskReport> {
  assertRegion(to, ctx);
  const records = await ctx.stores[to].handovers.listHandoverRecords(hotelId);
  const evacuation = records.filter((r) => r.forced && r.outcome === 'SWITCHED').at(-1);
  if (!evacuation || evacuation.watermark === undefined)
    throw new NotFound(`No evacuation of this hotel to ${to} is on record`);
  const newItems = await ctx.stores[to].handovers.partitionItems(hotelId);
  const oldItems = await reachOldRegion(evacuation.from, () =>
    ctx.stores[evacuation.from].handovers.partitionItems(hotelId),
  );
  const inTarget = new Map(newItems.map((i) => [i.key, i]));
  const watermark = evacuation.watermark;
  const items: AtRiskItem[] = [];
  let arrivedLate = 0;
  for (const item of oldItems) {
    if (item.writtenBy !== evacuation.from || item.entity === 'HANDOVER') continue;
    const copy = inTarget.get(item.key);
    const afterWatermark = item.writtenAt > watermark;
    const same = copy?.version === item.version && copy.writtenAt === item.writtenAt;
    if (afterWatermark && same) {
      arrivedLate++;
      continue;
    }
    // Below the watermark only a copy the target lacks or holds older was missed (replication is
    // not ordered across items); a newer target copy is the new owner's own later write.
    if (!afterWatermark && copy && copy.version >= item.version) continue;
    if (same) continue;
    const b = item.booking;
    items.push({
      key: item.key,
      entity: item.entity,
      writtenAt: new Date(item.writtenAt).toISOString(),
      version: item.version,
      afterWatermark,
      inTarget: copy ? 'DIFFERENT' : 'MISSING',
      ...(b
        ? {
            booking: {
              bookingId: b.bookingId,
              roomTypeId: b.roomTypeId,
              checkIn: b.checkIn,
              checkOut: b.checkOut,
              rooms: b.rooms,
              status: b.status,
              guest: b.guest,
            },
          }
        : {}),
    });
  }
  return {
    hotelId,
    handoverId: evacuation.handoverId,
    from: evacuation.from,
    to,
    watermark: new Date(evacuation.watermark).toISOString(),
    items,
    bookingsAtRisk: items.filter((i) => i.booking).length,
    arrivedLate,
    splitOwnership: [...splitIn(to, hotelId, newItems), ...splitIn(evacuation.from, hotelId, oldItems)],
  };
}
