/**
 * Ways out of half-done states, on DynamoDB Local: a failure injected between the
 * steps of a deletion or a capacity cut, counters left short by an evacuation,
 * split ownership, replays after the stay began, a reconcile that races bookings,
 * and a drain whose cost does not grow with the hotel's history.
 */
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  bookingSk,
  hotelPk,
  nightSk,
  PROBE_SK,
  probePk,
  roomTypeSk,
  staySk,
} from '../../lambdas/adapters/dynamodb/keys';
import { reconcileTable } from '../../lambdas/adapters/dynamodb/reconcile-scan';
import { dynamoDbStores } from '../../lambdas/adapters/dynamodb/stores';
import { bookRooms } from '../../lambdas/domain/booking';
import type { DomainContext } from '../../lambdas/domain/context';
import { Conflict, StoreBusy } from '../../lambdas/domain/errors';
import { cancelBookingForGuest } from '../../lambdas/domain/guest-booking';
import { drainHotel, fenceHotel } from '../../lambdas/domain/handover';
import { atRiskReport, evacuateHotel } from '../../lambdas/domain/handover-evacuation';
import { deleteHotel, listMyHotels } from '../../lambdas/domain/hotels';
import type { HotelStore } from '../../lambdas/domain/ports';
import { putRoomType } from '../../lambdas/domain/room-types';
import { addDays, futureNightsEnd, lastBookableNight, todayUtc } from '../../lambdas/domain/stay';
import {
  daysFromNow,
  freshTable,
  givenHotel,
  guest,
  replicateHotel,
  type TestStore,
  testStore,
} from '../support/store';

const us = testStore('us-east-1');
const asia = testStore('ap-southeast-1');
const everything = { stuckAfterMs: -1 };

/** The hotel store, with `failures` of its methods throwing once each: a crash between two steps. */
function withFailures(ctx: DomainContext, ...failures: Array<keyof HotelStore>): DomainContext {
  const pending = new Set<string>(failures);
  const hotels = new Proxy(ctx.hotels, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (pending.delete(String(name))) return Promise.reject(new Error(`injected: ${String(name)}`));
        return value.apply(target, args);
      };
    },
  });
  return { ...ctx, hotels };
}

describe('a deletion that stopped half-way', () => {
  it('is reported by reconcile, stays visible to its hotelier, and is finished by repeating the delete', async () => {
    const { hotel, ownerId } = await givenHotel(us);
    // The answer says the hotel is closed and the delete should be sent again.
    await expect(deleteHotel(withFailures(us, 'deleteClosedHotel'), ownerId, hotel.hotelId)).rejects.toThrow(
      /closed for deletion/,
    );
    expect((await us.hotels.getHotel(hotel.hotelId, { consistent: true }))?.status).toBe('CLOSING');
    const report = await reconcileTable(us.doc, us.tableName, { hotelId: hotel.hotelId, ...everything });
    expect(report.stuck).toEqual([
      expect.objectContaining({ kind: 'HOTEL_CLOSING', hotelId: hotel.hotelId }),
    ]);
    expect((await listMyHotels(us, ownerId)).items.map((h) => [h.hotelId, h.status])).toEqual([
      [hotel.hotelId, 'CLOSING'],
    ]);

    await deleteHotel(us, ownerId, hotel.hotelId);
    expect(await us.hotels.getHotel(hotel.hotelId, { consistent: true })).toBeUndefined();
    expect(
      (await reconcileTable(us.doc, us.tableName, { hotelId: hotel.hotelId, ...everything })).stuck,
    ).toEqual([]);
  });

  it('is undone by repeating the delete when a booking got in, and a refused reopen is a 409, not a 500', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(us);
    const id = hotel.hotelId;
    // A booking commits between the first check and the close; then undoing the close fails.
    let raced = false;
    const racing: DomainContext = {
      ...us,
      hotels: new Proxy(us.hotels, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (typeof value !== 'function') return value;
          if (name === 'closeHotelForDeletion')
            return async (...args: Parameters<HotelStore['closeHotelForDeletion']>) => {
              if (!raced) {
                raced = true;
                const fresh = await target.getRoomType(id, roomType.roomTypeId, { consistent: true });
                await bookRooms(us, {
                  hotelId: id,
                  roomTypeId: roomType.roomTypeId,
                  ...stay(),
                  rooms: 1,
                  guest,
                });
                // The close must see the room type as it now is.
                return target.closeHotelForDeletion(args[0], [{ ...args[1][0], ...fresh } as never]);
              }
              return target.closeHotelForDeletion(...args);
            };
          if (name === 'reopenHotel') return () => Promise.reject(new Error('injected: reopenHotel'));
          return value.bind(target);
        },
      }),
    };
    await expect(deleteHotel(racing, ownerId, id)).rejects.toThrow(/closed for deletion/);
    expect((await us.hotels.getHotel(id, { consistent: true }))?.status).toBe('CLOSING');

    // Something else changed the room type meanwhile: undoing the close is refused by its condition.
    const roomTypeKey = { pk: hotelPk(id), sk: roomTypeSk(roomType.roomTypeId) };
    const setStatus = (status: string) =>
      us.doc.send(
        new UpdateCommand({
          TableName: us.tableName,
          Key: roomTypeKey,
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status },
        }),
      );
    await setStatus('ACTIVE');
    const refused = await deleteHotel(us, ownerId, id).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused.message).toMatch(/retry/);
    await setStatus('CLOSED');

    const again = await deleteHotel(us, ownerId, id).catch((e) => e);
    expect(again).toBeInstanceOf(Conflict);
    expect(again.details).toMatchObject({ nights: expect.any(Array) });
    expect((await us.hotels.getHotel(id, { consistent: true }))?.status).toBe('ACTIVE');
    expect((await us.hotels.getRoomType(id, roomType.roomTypeId, { consistent: true }))?.status).toBe(
      'ACTIVE',
    );
  });
});

const stay = () => ({ checkIn: daysFromNow(5), checkOut: daysFromNow(7) });

describe('a deletion that fails after closing the hotel', () => {
  it('answers 409 saying the hotel is closed, never 503 "nothing was written", and the delete again finishes it', async () => {
    const { hotel, ownerId } = await givenHotel(us);
    const busy = {
      ...us,
      hotels: new Proxy(us.hotels, {
        get(target, name, receiver) {
          const value = Reflect.get(target, name, receiver);
          if (name !== 'deleteClosedHotel') return typeof value === 'function' ? value.bind(target) : value;
          return () => Promise.reject(new StoreBusy());
        },
      }),
    };
    const refused = deleteHotel(busy, ownerId, hotel.hotelId);
    await expect(refused).rejects.toBeInstanceOf(Conflict);
    await expect(refused).rejects.toMatchObject({
      details: { status: 'CLOSING', reason: 'SERVICE_UNAVAILABLE' },
    });
    expect((await us.hotels.getHotel(hotel.hotelId, { consistent: true }))?.status).toBe('CLOSING');
    await deleteHotel(us, ownerId, hotel.hotelId);
    expect(await us.hotels.getHotel(hotel.hotelId, { consistent: true })).toBeUndefined();
  });
});

describe('a capacity cut that stopped half-way', () => {
  it('gives the held capacity back when the cut fails after the hold', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(us, { totalRooms: 8 });
    const input = { name: roomType.name, totalRooms: 4, pricePerNight: roomType.pricePerNight };
    await expect(
      putRoomType(withFailures(us, 'replaceRoomType'), ownerId, hotel.hotelId, roomType.roomTypeId, input),
    ).rejects.toThrow(/injected/);
    const after = await us.hotels.getRoomType(hotel.hotelId, roomType.roomTypeId, { consistent: true });
    expect(after).toMatchObject({ totalRooms: 8 });
    expect(after?.pendingTotalRooms).toBeUndefined();
  });

  it('retries a failed release with backoff, so a passing fault leaves no hold behind', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(us, { totalRooms: 8 });
    const input = { name: roomType.name, totalRooms: 4, pricePerNight: roomType.pricePerNight };
    const signals = recordedSignals();
    const flaky = { ...failing(us, { replaceRoomType: 1, releaseCapacityHold: 2 }), signals };
    await expect(putRoomType(flaky, ownerId, hotel.hotelId, roomType.roomTypeId, input)).rejects.toThrow(
      /injected/,
    );
    const after = await us.hotels.getRoomType(hotel.hotelId, roomType.roomTypeId, { consistent: true });
    expect(after).toMatchObject({ totalRooms: 8 });
    expect(after?.pendingTotalRooms).toBeUndefined();
    expect(signals.stuck).toEqual([]);
  });

  it('reports a hold it could not release (a signal, reconcile, a 409 that says so), and repeating the PUT settles it', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(us, { totalRooms: 8 });
    const input = { name: roomType.name, totalRooms: 4, pricePerNight: roomType.pricePerNight };
    const signals = recordedSignals();
    const crashing = { ...failing(us, { replaceRoomType: 1, releaseCapacityHold: 99 }), signals };
    const refused = putRoomType(crashing, ownerId, hotel.hotelId, roomType.roomTypeId, input);
    await expect(refused).rejects.toBeInstanceOf(Conflict);
    await expect(refused).rejects.toMatchObject({ details: { pendingTotalRooms: 4 } });
    expect(signals.stuck).toEqual([
      expect.objectContaining({
        hotelId: hotel.hotelId,
        roomTypeId: roomType.roomTypeId,
        pendingTotalRooms: 4,
      }),
    ]);
    expect(
      (await us.hotels.getRoomType(hotel.hotelId, roomType.roomTypeId, { consistent: true }))
        ?.pendingTotalRooms,
    ).toBe(4);
    const report = await reconcileTable(us.doc, us.tableName, { hotelId: hotel.hotelId, ...everything });
    expect(report.stuck).toEqual([
      expect.objectContaining({
        kind: 'CAPACITY_HOLD',
        hotelId: hotel.hotelId,
        roomTypeId: roomType.roomTypeId,
      }),
    ]);

    await putRoomType(us, ownerId, hotel.hotelId, roomType.roomTypeId, input);
    const settled = await us.hotels.getRoomType(hotel.hotelId, roomType.roomTypeId, { consistent: true });
    expect(settled).toMatchObject({ totalRooms: 4 });
    expect(settled?.pendingTotalRooms).toBeUndefined();
    expect(
      (await reconcileTable(us.doc, us.tableName, { hotelId: hotel.hotelId, ...everything })).stuck,
    ).toEqual([]);
  });
});

/** Signals the domain raised, recorded. */
function recordedSignals() {
  const stuck: Array<Record<string, unknown>> = [];
  return {
    stuck,
    capacityHoldStuck(what: Record<string, unknown>) {
      stuck.push(what);
    },
  };
}

/** The hotel store, with each named method throwing its first `times` calls. */
function failing(ctx: DomainContext, times: Partial<Record<keyof HotelStore, number>>): DomainContext {
  const left = new Map<string, number>(Object.entries(times));
  const hotels = new Proxy(ctx.hotels, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const n = left.get(String(name)) ?? 0;
        if (n > 0) {
          left.set(String(name), n - 1);
          return Promise.reject(new Error(`injected: ${String(name)}`));
        }
        return value.apply(target, args);
      };
    },
  });
  return { ...ctx, hotels };
}

describe('after an evacuation', () => {
  it('refuses to cancel a booking whose night counter is short with a 409 that points to reconcile, writing nothing', async () => {
    const { hotel, roomType } = await givenHotel(us);
    const made = await bookRooms(us, {
      hotelId: hotel.hotelId,
      roomTypeId: roomType.roomTypeId,
      ...stay(),
      rooms: 2,
      guest,
    });
    // Last-writer-wins kept the other side's counter for one night: one room short.
    await us.doc.send(
      new UpdateCommand({
        TableName: us.tableName,
        Key: { pk: hotelPk(hotel.hotelId), sk: nightSk(roomType.roomTypeId, stay().checkIn) },
        UpdateExpression: 'SET booked = :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const refused = await cancelBookingForGuest(
      us,
      hotel.hotelId,
      made.booking.bookingId,
      made.accessToken,
    ).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused.message).toMatch(/reconcile/);
    expect(refused.details).toEqual({ nights: [stay().checkIn] });
    expect(
      (await us.bookings.getBooking(hotel.hotelId, made.booking.bookingId, { consistent: true }))?.status,
    ).toBe('CONFIRMED');
  });

  it('flags a hotel whose items disagree on their owner, in reconcile and in the at-risk report', async () => {
    const table = await freshTable();
    const east = testStore('us-east-1', undefined, table);
    const west = testStore('ap-southeast-1', undefined, table);
    const { hotel, roomType } = await givenHotel(east);
    for (const item of (await east.doc.send(new ScanCommand({ TableName: table }))).Items ?? [])
      await west.doc.send(
        new BatchWriteCommand({ RequestItems: { [table]: [{ PutRequest: { Item: item } }] } }),
      );
    const ctx = {
      stores: { 'us-east-1': east, 'ap-southeast-1': west },
      now: () => new Date(),
    };
    await evacuateHotel(ctx, hotel.hotelId, 'ap-southeast-1');
    expect((await reconcileTable(west.doc, table)).splitOwnership).toEqual([]);
    // The old region's late write to the room type wins last-writer-wins in the new owner's copy.
    await west.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: hotelPk(hotel.hotelId), sk: roomTypeSk(roomType.roomTypeId) },
        UpdateExpression: 'SET managedIn = :old, writtenBy = :old, writtenAt = :later',
        ExpressionAttributeValues: { ':old': 'us-east-1', ':later': Date.now() + 1 },
      }),
    );
    const split = {
      hotelId: hotel.hotelId,
      owners: { hotel: 'ap-southeast-1', [roomType.roomTypeId]: 'us-east-1' },
    };
    expect((await reconcileTable(west.doc, table)).splitOwnership).toEqual([split]);
    expect((await atRiskReport(ctx, hotel.hotelId, 'ap-southeast-1')).splitOwnership).toEqual([
      { region: 'ap-southeast-1', ...split },
    ]);
  });
});

describe('a keyed replay after the stay began', () => {
  it('returns the booking it made, not a 400 about the dates', async () => {
    let now = new Date();
    const clocked: TestStore = { ...testStore('us-east-1', () => now), now: () => now };
    const { hotel, roomType } = await givenHotel(clocked);
    const request = {
      hotelId: hotel.hotelId,
      roomTypeId: roomType.roomTypeId,
      checkIn: daysFromNow(1),
      checkOut: daysFromNow(3),
      rooms: 1,
      guest,
      idempotencyKey: `late-replay-${hotel.hotelId}`,
    };
    const first = await bookRooms(clocked, request);
    now = new Date(Date.now() + 2 * 86_400_000);
    const replay = await bookRooms(clocked, request);
    expect(replay).toMatchObject({ replayed: true, booking: { bookingId: first.booking.bookingId } });
  });
});

describe('reconcile on a live table', () => {
  it('does not report a booking that commits between two pages of its scan', async () => {
    const table = await freshTable();
    const store = testStore('us-east-1', undefined, table);
    const { hotel, roomType } = await givenHotel(store);
    const book = () =>
      bookRooms(store, {
        hotelId: hotel.hotelId,
        roomTypeId: roomType.roomTypeId,
        ...stay(),
        rooms: 1,
        guest,
      });
    await book();
    let committed = false;
    // Two items a page: the bookings sort first in the partition, so a booking made after page one
    // is missing from the scan while its counters are not.
    const racing = {
      async send(command: unknown) {
        if (command instanceof ScanCommand) {
          command.input.Limit = 2;
          const page = await store.doc.send(command);
          if (!committed) {
            committed = true;
            await book();
          }
          return page;
        }
        return store.doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const report = await reconcileTable(racing, table);
    expect(committed).toBe(true);
    expect(report.discrepancies).toEqual([]);
    // A real mismatch still shows after the re-check.
    await store.doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: hotelPk(hotel.hotelId), sk: nightSk(roomType.roomTypeId, stay().checkIn) },
        UpdateExpression: 'SET booked = :five',
        ExpressionAttributeValues: { ':five': 5 },
      }),
    );
    expect((await reconcileTable(store.doc, table)).discrepancies).toEqual([
      expect.objectContaining({
        kind: 'COUNTER_MISMATCH',
        night: stay().checkIn,
        counter: 5,
        confirmedRooms: 2,
      }),
    ]);
  });
});

describe('the drain of a hotel with a long history', () => {
  it('reads what can still change, not the whole partition', async () => {
    const { hotel, roomType } = await givenHotel(us, { totalRooms: 50 });
    const id = hotel.hotelId;
    await bookRooms(us, { hotelId: id, roomTypeId: roomType.roomTypeId, ...stay(), rooms: 1, guest });
    await writeHistory(us, id, roomType.roomTypeId, 1_500);
    expect((await us.handovers.partitionItems(id)).length).toBeGreaterThan(3_000);
    const live = await us.handovers.liveItems(
      id,
      addDays(todayUtc(new Date()), -1),
      futureNightsEnd(new Date()),
    );
    // The hotel, its room type, the two future nights and the one future booking.
    expect(live.map((i) => i.entity).sort()).toEqual(['BOOKING', 'HOTEL', 'NIGHT', 'NIGHT', 'ROOM_TYPE']);

    // The drain reads only those items each time it compares the two copies.
    let itemsRead = 0;
    const counting = (store: TestStore) =>
      dynamoDbStores({
        region: store.region,
        tableName: store.tableName,
        doc: {
          async send(command: never) {
            const out = (await store.doc.send(command)) as { Items?: unknown[] };
            itemsRead += out.Items?.length ?? 0;
            return out;
          },
        } as unknown as DynamoDBDocumentClient,
      });
    const ctx = {
      stores: { 'us-east-1': counting(us), 'ap-southeast-1': counting(asia) },
      now: () => new Date(),
    };
    const fence = await fenceHotel(ctx, id, 'ap-southeast-1');
    itemsRead = 0;
    const drain = await drainHotel(ctx, fence, id, { timeoutMs: 300, pollMs: 20 });
    // Nothing replicated here, so the drain polls until its timeout: many comparisons, each small.
    expect(drain.drained).toBe(false);
    expect(itemsRead).toBeLessThan(1_000);
  });
});

describe('the drain of a hotel whose partition holds far-future nights', () => {
  it('compares only nights up to the last bookable one, so junk written before that bound costs nothing', async () => {
    const { hotel, roomType } = await givenHotel(us, { totalRooms: 50 });
    const id = hotel.hotelId;
    await bookRooms(us, { hotelId: id, roomTypeId: roomType.roomTypeId, ...stay(), rooms: 1, guest });
    const today = todayUtc(new Date());
    const liveBefore = await us.handovers.liveItems(id, addDays(today, -1), futureNightsEnd(new Date()));
    // Closed nights in 2998 and 2999 and everything past the bound, as an unbounded PUT once wrote them.
    const junk = [
      ...Array.from({ length: 1_400 }, (_, i) => addDays('2998-01-01', i)),
      ...Array.from({ length: 100 }, (_, i) => addDays(lastBookableNight(new Date()), i + 1)),
    ];
    for (const store of [us, asia]) await writeNights(store, id, roomType.roomTypeId, junk);
    const live = await us.handovers.liveItems(id, addDays(today, -1), futureNightsEnd(new Date()));
    expect(live.map((i) => i.key).sort()).toEqual(liveBefore.map((i) => i.key).sort());

    let itemsRead = 0;
    let reads = 0;
    const counting = (store: TestStore) =>
      dynamoDbStores({
        region: store.region,
        tableName: store.tableName,
        doc: {
          async send(command: never) {
            const out = (await store.doc.send(command)) as { Items?: unknown[] };
            itemsRead += out.Items?.length ?? 0;
            reads++;
            return out;
          },
        } as unknown as DynamoDBDocumentClient,
      });
    const ctx = {
      stores: { 'us-east-1': counting(us), 'ap-southeast-1': counting(asia) },
      now: () => new Date(),
    };
    const fence = await fenceHotel(ctx, id, 'ap-southeast-1');
    await replicateHotel(us, asia, id);
    itemsRead = 0;
    reads = 0;
    // Replication of the drain's probe, by hand.
    let draining = true;
    const probe = { pk: probePk('us-east-1'), sk: PROBE_SK };
    const copier = (async () => {
      while (draining) {
        const { Item } = await us.doc.send(new GetCommand({ TableName: us.tableName, Key: probe }));
        if (Item) await asia.doc.send(new PutCommand({ TableName: asia.tableName, Item }));
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const drain = await drainHotel(ctx, fence, id, { timeoutMs: 5_000, pollMs: 10, lagMultiple: 1 });
    draining = false;
    await copier;
    expect(drain.drained).toBe(true);
    // Each comparison reads the live items of both copies and nothing of the 1,500 junk nights.
    expect(itemsRead).toBeLessThan(100);
    expect(reads).toBeLessThan(40);
  });
});

describe('capacity checks and deletion', () => {
  it('read future nights only up to the last bookable one, so counters in 2998 neither block nor cost', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(us, { totalRooms: 5 });
    const id = hotel.hotelId;
    const junk = Array.from({ length: 300 }, (_, i) => addDays('2998-01-01', i));
    await writeNights(us, id, roomType.roomTypeId, junk, { booked: 3 });
    const cut = await putRoomType(us, ownerId, id, roomType.roomTypeId, {
      name: roomType.name,
      totalRooms: 1,
      pricePerNight: roomType.pricePerNight,
    });
    expect(cut.roomType.totalRooms).toBe(1);
    await deleteHotel(us, ownerId, id);
    expect(await us.hotels.getHotel(id, { consistent: true })).toBeUndefined();
  });
});

/** Night items with calendar settings only, written directly as an older deployment would have. */
async function writeNights(
  store: TestStore,
  hotelId: string,
  roomTypeId: string,
  nights: readonly string[],
  extra: Record<string, unknown> = {},
) {
  const items = nights.map((night) => ({
    ...extra,
    pk: hotelPk(hotelId),
    sk: nightSk(roomTypeId, night),
    entity: 'NIGHT',
    hotelId,
    roomTypeId,
    night,
    closed: true,
    managedIn: 'us-east-1',
    writtenBy: 'us-east-1',
    writtenAt: Date.now() - 86_400_000,
    version: 1,
  }));
  for (let i = 0; i < items.length; i += 25)
    await store.doc.send(
      new BatchWriteCommand({
        RequestItems: { [store.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
}

/** Past nights and past bookings of a room type, written directly in batches: a hotel's history. */
async function writeHistory(store: TestStore, hotelId: string, roomTypeId: string, count: number) {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const night = addDays(todayUtc(new Date()), -(i + 2));
    const stamp = {
      managedIn: store.region,
      writtenBy: store.region,
      writtenAt: Date.now() - 86_400_000,
      version: 1,
    };
    items.push({
      pk: hotelPk(hotelId),
      sk: nightSk(roomTypeId, night),
      entity: 'NIGHT',
      hotelId,
      roomTypeId,
      night,
      booked: 1,
      ...stamp,
    });
    const bookingId = `past-${i}`;
    items.push({
      pk: hotelPk(hotelId),
      sk: bookingSk(bookingId),
      entity: 'BOOKING',
      stayPk: hotelPk(hotelId),
      staySk: staySk(night, bookingId),
      bookingId,
      hotelId,
      roomTypeId,
      checkIn: night,
      checkOut: addDays(night, 1),
      rooms: 1,
      status: 'CONFIRMED',
      ...stamp,
    });
  }
  for (let i = 0; i < items.length; i += 25)
    await store.doc.send(
      new BatchWriteCommand({
        RequestItems: { [store.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
}
