/**
 * The handover protocol on DynamoDB Local, one database per region. Replication
 * is done by hand (copying the hotel's partition and the probe), so each test
 * decides exactly what the target has seen.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { bookRooms } from '../../lambdas/domain/booking';
import { Conflict, HotelMoving, NotOwnerRegion, OwnerRegionUnavailable } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import {
  abortHandover,
  drainHotel,
  fenceHotel,
  type HandoverContext,
  handoverStatus,
  runHandover,
  switchOwner,
} from '../../lambdas/domain/handover';
import { atRiskReport, evacuateHotel } from '../../lambdas/domain/handover-evacuation';
import { deleteHotel, updateHotel } from '../../lambdas/domain/hotels';
import type { Region } from '../../lambdas/domain/regions';
import { putRoomType } from '../../lambdas/domain/room-types';
import { Replicator } from '../../local/replicator';
import { daysFromNow, discrepanciesOf, givenHotel, guest, testStore } from '../support/store';

const us = testStore('us-east-1');
const asia = testStore('ap-southeast-1');
const stores = { us, asia };
const ctx: HandoverContext = {
  stores: {
    'us-east-1': stores.us,
    'ap-southeast-1': stores.asia,
  },
  now: () => new Date(),
};
const quick = { timeoutMs: 400, pollMs: 10, lagMultiple: 10 };

/** Replication by hand, through the local replicator (last writer wins): the hotel's partition and the probe. */
async function replicate(hotelId: string, from = us, to = asia) {
  const replicator = new Replicator({
    from: from.region,
    to: to.region,
    target: to.doc,
    tableName: to.tableName,
  });
  const items: Record<string, unknown>[] = [];
  for (const pk of [`HOTEL#${hotelId}`, `PROBE#${from.region}`]) {
    const page = await from.doc.send(
      new QueryCommand({
        TableName: from.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
  }
  await replicator.apply(
    items.map((item, i) => ({
      eventName: 'MODIFY' as const,
      keys: { pk: item.pk as string, sk: item.sk as string },
      newImage: item,
      sequenceNumber: String(i),
    })),
  );
}

/** Replicates in the background until stopped, as the real replication would. */
function keepReplicating(hotelId: string, from = us, to = asia) {
  let running = true;
  const loop = (async () => {
    while (running) {
      await replicate(hotelId, from, to);
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Runs (or resumes) the handover while replication runs, as it would in the local environment. */
async function handOver(hotelId: string, context: HandoverContext = ctx) {
  const stop = keepReplicating(hotelId);
  try {
    return await runHandover(context, hotelId, 'ap-southeast-1', { ...quick, timeoutMs: 10_000 });
  } finally {
    await stop();
  }
}

const stay = { checkIn: daysFromNow(10), checkOut: daysFromNow(12) };
const book = (store: typeof us, hotelId: string, roomTypeId: string, key?: string) =>
  bookRooms(store, { hotelId, roomTypeId, ...stay, rooms: 1, guest, idempotencyKey: key });

async function fencedHotel() {
  const { hotel, roomType, ownerId } = await givenHotel(us, { totalRooms: 20 });
  const booked = await book(us, hotel.hotelId, roomType.roomTypeId, `before-${hotel.hotelId}`);
  await replicate(hotel.hotelId);
  const fence = await fenceHotel(ctx, hotel.hotelId, 'ap-southeast-1');
  return { hotel, roomType, ownerId, booked, fence };
}

describe('fence', () => {
  it('refuses every write for the hotel in its owner region with 503 HotelMoving, and writes nothing', async () => {
    const { hotel, roomType, ownerId, booked } = await fencedHotel();
    const id = hotel.hotelId;
    const refusals = [
      () => book(us, id, roomType.roomTypeId),
      () => book(us, id, roomType.roomTypeId, `before-${id}`), // an idempotent replay writes a token hash
      () => cancelBookingForGuest(us, id, booked.booking.bookingId, booked.accessToken),
      () => updateHotel(us, ownerId, id, { name: 'Renamed' }),
      () =>
        putRoomType(us, ownerId, id, 'new-type', {
          name: 'New',
          totalRooms: 1,
          pricePerNight: { amount: 1, currency: 'USD' },
        }),
      () => putRoomType(us, ownerId, id, roomType.roomTypeId, { ...roomType, totalRooms: 30 }),
      () => putRoomType(us, ownerId, id, roomType.roomTypeId, { ...roomType, totalRooms: 10 }),
      () => deleteHotel(us, ownerId, id),
    ];
    for (const [i, refusal] of refusals.entries())
      await expect(refusal(), `write ${i}`).rejects.toBeInstanceOf(HotelMoving);
    const items = await us.hotels.getHotel(id, { consistent: true });
    expect(items?.name).toBe(hotel.name);
    expect((await us.hotels.getRoomType(id, roomType.roomTypeId))?.totalRooms).toBe(20);
    expect(await discrepanciesOf(us, id)).toEqual([]);
  });

  it('lets bookings in flight either commit before the fence or be refused, never half-written', async () => {
    const { hotel, roomType } = await givenHotel(us, { totalRooms: 200 });
    const attempts = Array.from({ length: 40 }, (_, i) =>
      book(us, hotel.hotelId, roomType.roomTypeId, `race-${i}`).then(
        (r) => ({ ok: true as const, id: r.booking.bookingId }),
        (error: Error) => ({ ok: false as const, error }),
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    const fence = await fenceHotel(ctx, hotel.hotelId, 'ap-southeast-1');
    const results = await Promise.all(attempts);
    for (const r of results) if (!r.ok) expect(r.error).toBeInstanceOf(HotelMoving);
    const confirmed = results.filter((r) => r.ok).length;
    const refused = results.length - confirmed;
    console.log(`fence race: ${confirmed} committed before the fence, ${refused} refused`);
    const nights = await us.bookings.bookedNights(
      hotel.hotelId,
      roomType.roomTypeId,
      stay.checkIn,
      stay.checkOut,
      {
        consistent: true,
      },
    );
    expect(nights.map((n) => n.booked)).toEqual(confirmed ? [confirmed, confirmed] : []);
    expect(await discrepanciesOf(us, hotel.hotelId)).toEqual([]);
    // After the fence, nothing more commits.
    await expect(book(us, hotel.hotelId, roomType.roomTypeId)).rejects.toBeInstanceOf(HotelMoving);
    expect((await us.hotels.getHotel(hotel.hotelId, { consistent: true }))?.handover).toEqual(fence);
  });

  it('is idempotent: fencing again returns the same fence', async () => {
    const { hotel, fence } = await fencedHotel();
    expect(await fenceHotel(ctx, hotel.hotelId, 'ap-southeast-1')).toEqual(fence);
  });
});

describe('drain and switch', () => {
  it('does not drain until the target holds every item at the owner version, then waits ten lags', async () => {
    const { hotel, fence } = await fencedHotel();
    const early = await drainHotel(ctx, fence, hotel.hotelId, quick);
    expect(early.drained).toBe(false);
    expect(early.pending).toBeGreaterThan(0);
    await expect(switchOwner(ctx, fence, hotel.hotelId)).rejects.toBeInstanceOf(Conflict);
    const stop = keepReplicating(hotel.hotelId);
    const drained = await drainHotel(ctx, fence, hotel.hotelId, { ...quick, timeoutMs: 10_000 });
    await stop();
    expect(drained).toMatchObject({ drained: true, pending: 0 });
    expect(drained.lagMs).toBeGreaterThan(0);
    expect(Date.now() - Date.parse(fence.fencedAt)).toBeGreaterThanOrEqual(10 * (drained.lagMs ?? 0));
  });

  it('switches: the target takes writes, the old owner forwards, and old bookings are served by the new owner', async () => {
    const { hotel, roomType, ownerId, booked } = await fencedHotel();
    const id = hotel.hotelId;
    await replicate(id);
    const status = await handOver(id);
    expect(status).toMatchObject({ phase: 'SWITCHED', managedIn: 'ap-southeast-1' });
    expect(status.record).toMatchObject({ outcome: 'SWITCHED', forced: false, from: 'us-east-1' });
    const moved = await asia.hotels.getHotel(id, { consistent: true });
    expect(moved).toMatchObject({ managedIn: 'ap-southeast-1' });
    expect(moved?.handover).toBeUndefined();
    expect(await asia.hotels.getRoomType(id, roomType.roomTypeId)).toMatchObject({
      managedIn: 'ap-southeast-1',
    });

    // The new owner books, replays and cancels, including a booking made before the move.
    const fresh = await book(asia, id, roomType.roomTypeId);
    expect(fresh.booking.managedIn).toBe('ap-southeast-1');
    const replay = await book(asia, id, roomType.roomTypeId, `before-${id}`);
    expect(replay).toMatchObject({ replayed: true, booking: { bookingId: booked.booking.bookingId } });
    const cancelled = await cancelBookingForGuest(asia, id, booked.booking.bookingId, booked.accessToken);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', managedIn: 'ap-southeast-1' });
    await updateHotel(asia, ownerId, id, { name: 'Moved Inn' });
    expect(await discrepanciesOf(asia, id)).toEqual([]);

    // Once the switch replicates back, the old owner sends writes to the new one.
    await replicate(id, asia, us);
    await expect(book(us, id, roomType.roomTypeId)).rejects.toEqual(new NotOwnerRegion('ap-southeast-1'));
    await expect(updateHotel(us, ownerId, id, { name: 'x' })).rejects.toBeInstanceOf(NotOwnerRegion);
  });

  it('drops a capacity hold that the fence left behind', async () => {
    const { hotel, roomType } = await givenHotel(us, { totalRooms: 10 });
    await us.hotels.holdCapacity(hotel.hotelId, roomType.roomTypeId, 4, roomType.version);
    await fenceHotel(ctx, hotel.hotelId, 'ap-southeast-1');
    await replicate(hotel.hotelId);
    await handOver(hotel.hotelId);
    const moved = await asia.hotels.getRoomType(hotel.hotelId, roomType.roomTypeId, { consistent: true });
    expect(moved).toMatchObject({ totalRooms: 10, managedIn: 'ap-southeast-1' });
    expect(moved?.pendingTotalRooms).toBeUndefined();
  });
});

describe('resume and abort', () => {
  it('resumes after a crash between each pair of steps, and after a crash inside the switch', async () => {
    // Crash after the fence: a new run drains and switches.
    const first = await fencedHotel();
    await replicate(first.hotel.hotelId);
    expect(await handoverStatus(ctx, first.hotel.hotelId, 'ap-southeast-1')).toMatchObject({
      phase: 'FENCED',
    });
    expect(await handOver(first.hotel.hotelId)).toMatchObject({
      phase: 'SWITCHED',
    });

    // Crash after the drain, before the switch: the fence is still the same one, and the run finishes.
    const second = await fencedHotel();
    const stop = keepReplicating(second.hotel.hotelId);
    const drained = await drainHotel(ctx, second.fence, second.hotel.hotelId, {
      ...quick,
      timeoutMs: 10_000,
    });
    await stop();
    expect(drained.drained).toBe(true);
    const resumed = await handOver(second.hotel.hotelId);
    expect(resumed.record?.handoverId).toBe(second.fence.handoverId);

    // Crash inside the switch, after its transaction committed: running again reports the same switch.
    const third = await fencedHotel();
    await replicate(third.hotel.hotelId);
    // The process dies right after the switch transaction commits: nothing it does afterwards happens.
    let dead = false;
    const dying = <T extends object>(store: T): T =>
      new Proxy(store, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            if (dead) throw new Error('crashed');
            const result = await value.apply(target, args);
            if (name === 'switchOwner') dead = true;
            if (dead) throw new Error('crashed after the switch committed');
            return result;
          };
        },
      });
    const crashing: HandoverContext = {
      ...ctx,
      stores: {
        ...ctx.stores,
        'ap-southeast-1': {
          hotels: dying(asia.hotels),
          bookings: dying(asia.bookings),
          handovers: dying(asia.handovers),
        },
      },
    };
    await expect(handOver(third.hotel.hotelId, crashing)).rejects.toThrow(/crashed/);
    const again = await handOver(third.hotel.hotelId);
    expect(again).toMatchObject({ phase: 'SWITCHED', record: { handoverId: third.fence.handoverId } });
    // Running once more after it finished changes nothing.
    expect((await handOver(third.hotel.hotelId)).record?.handoverId).toBe(third.fence.handoverId);
  });

  it('aborts a fenced handover: no switch can follow, and the owner takes writes again', async () => {
    const { hotel, roomType, fence } = await fencedHotel();
    await replicate(hotel.hotelId);
    const aborted = await abortHandover(ctx, hotel.hotelId, 'ap-southeast-1');
    expect(aborted).toMatchObject({
      phase: 'ABORTED',
      record: { outcome: 'ABORTED', handoverId: fence.handoverId },
    });
    await expect(switchOwner(ctx, fence, hotel.hotelId)).rejects.toBeInstanceOf(Conflict);
    expect((await book(us, hotel.hotelId, roomType.roomTypeId)).booking.managedIn).toBe('us-east-1');
    expect((await us.hotels.getHotel(hotel.hotelId, { consistent: true }))?.handover).toBeUndefined();
  });

  it('refuses to abort once switched', async () => {
    const { hotel } = await fencedHotel();
    await replicate(hotel.hotelId);
    await handOver(hotel.hotelId);
    await expect(abortHandover(ctx, hotel.hotelId, 'ap-southeast-1')).rejects.toBeInstanceOf(Conflict);
  });

  it('finishes an abort whose record was written before a crash', async () => {
    const { hotel, fence } = await fencedHotel();
    await replicate(hotel.hotelId);
    await stores.asia.handovers
      .recordAbort({
        hotelId: hotel.hotelId,
        handoverId: fence.handoverId,
        outcome: 'ABORTED',
        from: 'us-east-1',
        to: 'ap-southeast-1',
        forced: false,
        endedAt: new Date().toISOString(),
      })
      .catch(() => undefined);
    // A handover run sees the committed abort and completes it rather than switching.
    expect(await handOver(hotel.hotelId)).toMatchObject({
      phase: 'ABORTED',
    });
    expect((await us.hotels.getHotel(hotel.hotelId, { consistent: true }))?.handover).toBeUndefined();
  });
});

describe('evacuation', () => {
  it('takes over without the old region, records the watermark, and reports what was written after it', async () => {
    const { hotel, roomType } = await givenHotel(us, { totalRooms: 10 });
    const id = hotel.hotelId;
    const replicated = await book(us, id, roomType.roomTypeId);
    await replicate(id);
    // The old region keeps writing; none of it replicates.
    const lost = [await book(us, id, roomType.roomTypeId), await book(us, id, roomType.roomTypeId)];
    const status = await evacuateHotel(ctx, id, 'ap-southeast-1');
    expect(status).toMatchObject({ phase: 'SWITCHED', record: { forced: true, from: 'us-east-1' } });
    const items = await stores.asia.handovers.partitionItems(id);
    const watermark = Math.max(...items.filter((i) => i.writtenBy === 'us-east-1').map((i) => i.writtenAt));
    expect(status.record?.watermark).toBe(watermark);
    expect(await evacuateHotel(ctx, id, 'ap-southeast-1')).toMatchObject({
      record: { handoverId: status.record?.handoverId },
    });

    const report = await atRiskReport(ctx, id, 'ap-southeast-1');
    const atRisk = report.items.filter((i) => i.booking).map((i) => i.booking?.bookingId);
    expect(atRisk.sort()).toEqual(lost.map((b) => b.booking.bookingId).sort());
    expect(atRisk).not.toContain(replicated.booking.bookingId);
    expect(report.bookingsAtRisk).toBe(2);
    // The night counters the lost bookings moved are at risk too.
    expect(report.items.filter((i) => i.entity === 'NIGHT').length).toBe(2);
  });

  it('says the owner region is unreachable (503, not a storage error), and evacuates without it', async () => {
    const { hotel } = await givenHotel(us);
    await replicate(hotel.hotelId);
    const down = new Proxy(stores.us, {
      get() {
        return async () => {
          throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'TimeoutError' });
        };
      },
    });
    const outage: HandoverContext = { ...ctx, stores: { ...ctx.stores, 'us-east-1': down } };
    await expect(runHandover(outage, hotel.hotelId, 'ap-southeast-1', quick)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
    await expect(evacuateHotel(outage, hotel.hotelId, 'ap-southeast-1')).resolves.toMatchObject({
      phase: 'SWITCHED',
    });
    // The status and a rerun need only the new owner; the report waits for the old region.
    expect(await handoverStatus(outage, hotel.hotelId, 'ap-southeast-1')).toMatchObject({
      phase: 'SWITCHED',
    });
    await expect(atRiskReport(outage, hotel.hotelId, 'ap-southeast-1')).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
    expect((await atRiskReport(ctx, hotel.hotelId, 'ap-southeast-1')).items).toEqual([]);
  });

  it('has no report without an evacuation', async () => {
    const { hotel } = await givenHotel(us);
    await expect(atRiskReport(ctx, hotel.hotelId, 'ap-southeast-1' as Region)).rejects.toThrow(
      /No evacuation/,
    );
  });
});
