/**
 * The rate summary a hotel carries for search, on DynamoDB Local: it always
 * lists exactly the hotel's room types, even when several are written at once;
 * its floor goes down with a cheaper calendar price and never up, even under a
 * discount plan written at the same moment; and a hotel
 * stored before summaries gets one, floor included, from its partition.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { HOTEL_ITEM } from '../../lambdas/adapters/dynamodb/items/hotel';
import { backfillRateSummaries } from '../../lambdas/adapters/dynamodb/rates-backfill';
import { HotelTableClient } from '../../lambdas/adapters/dynamodb/table-client';
import { setRoomTypeCalendar } from '../../lambdas/domain/calendar';
import { putRatePlan } from '../../lambdas/domain/rate-plan-management';
import { putRoomType } from '../../lambdas/domain/room-types';
import { daysFromNow, freshTable, givenHotel, testStore } from '../support/store';

const store = testStore('us-east-1');

describe('the rate summary on the hotel', () => {
  it('lists every room type written concurrently, with the lowest price and the largest room type', async () => {
    const { hotel, ownerId } = await givenHotel(store, { amount: 12_000, totalRooms: 5 });
    // Each writer its own client, at once: each summary is computed from what it read, so only the lock keeps them all.
    await Promise.all(
      [1, 2, 3, 4].map((i) =>
        putRoomType(testStore('us-east-1'), ownerId, hotel.hotelId, `extra-${i}`, {
          name: `Extra ${i}`,
          totalRooms: i * 3,
          pricePerNight: { amount: 20_000 - i * 1_000, currency: 'USD' },
        }),
      ),
    );
    const afterCreates = await store.hotels.getHotel(hotel.hotelId, { consistent: true });
    expect(afterCreates?.rates?.roomTypes).toHaveLength(5);
    // And a replace that raises the cheapest price: the price from goes up, the floor does not.
    await putRoomType(store, ownerId, hotel.hotelId, 'deluxe-king', {
      name: 'Deluxe King',
      totalRooms: 5,
      pricePerNight: { amount: 30_000, currency: 'USD' },
    });
    const item = await store.hotels.getHotel(hotel.hotelId, { consistent: true });
    expect(item?.rates?.roomTypes.map((r) => r.roomTypeId).sort()).toEqual([
      'deluxe-king',
      'extra-1',
      'extra-2',
      'extra-3',
      'extra-4',
    ]);
    expect(item?.rates?.priceFloor).toEqual({ amount: 12_000, currency: 'USD' });
    const stored = HOTEL_ITEM.toItem(item as never, { writtenBy: 'us-east-1', writtenAt: 0 });
    expect(stored).toMatchObject({
      fromPrice: { amount: 16_000, currency: 'USD' },
      fromPriceKey: 'USD0000000016000',
      maxRooms: 12,
      priceFloorKey: 'USD0000000012000',
    });
  }, 30_000);

  it('lowers the floor for a cheaper calendar price, and never raises it', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(store, { amount: 12_000 });
    const range = { from: daysFromNow(3), to: daysFromNow(5) };
    await setRoomTypeCalendar(store, ownerId, hotel.hotelId, roomType.roomTypeId, {
      ...range,
      pricePerNight: { amount: 7_000, currency: 'USD' },
    });
    await setRoomTypeCalendar(store, ownerId, hotel.hotelId, roomType.roomTypeId, {
      ...range,
      pricePerNight: { amount: 9_000, currency: 'USD' },
    });
    const after = await store.hotels.getHotel(hotel.hotelId, { consistent: true });
    expect(after?.rates?.priceFloor).toEqual({ amount: 7_000, currency: 'USD' });
  });

  it('keeps the floor under a discount plan written at the same moment as a lower calendar price', async () => {
    const { hotel, roomType, ownerId } = await givenHotel(store, { amount: 12_000 });
    // The plan commits after the calendar write read the hotel's plans, just before it lowers the floor.
    let planned = false;
    const hotels = Object.create(store.hotels, {
      lowerPriceFloor: {
        value: async (...args: Parameters<typeof store.hotels.lowerPriceFloor>) => {
          if (!planned) {
            planned = true;
            await putRatePlan(store, ownerId, hotel.hotelId, roomType.roomTypeId, 'half', {
              name: 'Half Price',
              priceAdjustment: { percent: -50 },
              cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
              noShowFee: { nights: 1 },
            });
          }
          return store.hotels.lowerPriceFloor(...args);
        },
      },
    });
    await setRoomTypeCalendar({ ...store, hotels }, ownerId, hotel.hotelId, roomType.roomTypeId, {
      from: daysFromNow(3),
      to: daysFromNow(5),
      pricePerNight: { amount: 8_000, currency: 'USD' },
    });
    expect(planned).toBe(true);
    // Those nights cost 4,000 under the plan: the floor must be no higher (the plan alone made it 6,000).
    const after = await store.hotels.getHotel(hotel.hotelId, { consistent: true });
    expect(after?.rates?.priceFloor).toEqual({ amount: 4_000, currency: 'USD' });
  });

  it('gives a hotel stored before summaries its summary, with the floor under its calendar prices', async () => {
    const tableName = await freshTable();
    const fresh = testStore('us-east-1', () => new Date(), tableName);
    const { hotel, roomType, ownerId } = await givenHotel(fresh, { amount: 12_000, totalRooms: 4 });
    await setRoomTypeCalendar(fresh, ownerId, hotel.hotelId, roomType.roomTypeId, {
      from: daysFromNow(3),
      to: daysFromNow(4),
      pricePerNight: { amount: 4_000, currency: 'USD' },
    });
    // A plan at 25% off, written before the summary existed: the floor must lie below it too.
    await putRatePlan(fresh, ownerId, hotel.hotelId, roomType.roomTypeId, 'saver', {
      name: 'Saver',
      priceAdjustment: { percent: -25 },
      cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
      noShowFee: { nights: 1 },
    });
    // As a data dir from before: no summary and none of what the index reads off it.
    await fresh.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: HOTEL_ITEM.key(hotel.hotelId),
        UpdateExpression: 'REMOVE rates, fromPrice, fromPriceKey, maxRooms, priceFloorKey',
      }),
    );
    // Another region's hotel is left to its own region.
    const foreign = {
      ...hotel,
      hotelId: randomUUID(),
      managedIn: 'ap-southeast-1' as const,
      rates: undefined,
    };
    await fresh.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: HOTEL_ITEM.toItem(foreign, { writtenBy: 'ap-southeast-1', writtenAt: 1 }),
      }),
    );
    const table = new HotelTableClient({ doc: fresh.doc, tableName, region: 'us-east-1' });
    expect(await backfillRateSummaries(table)).toEqual({ found: 1, written: 1, skipped: 0 });
    const after = await fresh.hotels.getHotel(hotel.hotelId, { consistent: true });
    expect(after?.rates).toEqual({
      roomTypes: [
        {
          roomTypeId: roomType.roomTypeId,
          name: roomType.name,
          totalRooms: 4,
          pricePerNight: { amount: 12_000, currency: 'USD' },
          plans: [{ ratePlanId: 'saver', priceAdjustment: { percent: -25 }, refundable: false }],
        },
      ],
      // The lowest calendar price (40.00) under the deepest discount (25% off).
      priceFloor: { amount: 3_000, currency: 'USD' },
    });
    expect((await fresh.hotels.getHotel(foreign.hotelId))?.rates).toBeUndefined();
    // Done once: a second run finds nothing to do.
    expect(await backfillRateSummaries(table)).toEqual({ found: 0, written: 0, skipped: 0 });
  });

  it("gives a summary from before it carried the room types' names and occupancy those, keeping its plans and floor", async () => {
    const tableName = await freshTable();
    const fresh = testStore('us-east-1', () => new Date(), tableName);
    const { hotel, roomType, ownerId } = await givenHotel(fresh, { amount: 12_000, totalRooms: 4 });
    await putRoomType(fresh, ownerId, hotel.hotelId, roomType.roomTypeId, {
      name: roomType.name,
      totalRooms: 4,
      pricePerNight: { amount: 12_000, currency: 'USD' },
      maxOccupancy: 3,
      extraGuestPerNight: { amount: 1_500, currency: 'USD' },
    });
    const current = await fresh.hotels.getHotel(hotel.hotelId, { consistent: true });
    if (!current?.rates) throw new Error('the hotel has no summary');
    // As the summary was written before: ids, sizes and prices only, and a floor of its own.
    const old = {
      roomTypes: current.rates.roomTypes.map(({ roomTypeId, totalRooms, pricePerNight }) => ({
        roomTypeId,
        totalRooms,
        pricePerNight,
        plans: [{ ratePlanId: 'saver', priceAdjustment: { percent: -25 }, refundable: false }],
      })),
      priceFloor: { amount: 3_000, currency: 'USD' },
    };
    await fresh.doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: HOTEL_ITEM.key(hotel.hotelId),
        UpdateExpression: 'SET rates = :old',
        ExpressionAttributeValues: { ':old': old },
      }),
    );
    const table = new HotelTableClient({ doc: fresh.doc, tableName, region: 'us-east-1' });
    // Under a handover's fence it waits: a write there could outlive the switch.
    const fence = (expression: string, values?: Record<string, unknown>) =>
      fresh.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: HOTEL_ITEM.key(hotel.hotelId),
          UpdateExpression: expression,
          ...(values ? { ExpressionAttributeValues: values } : {}),
        }),
      );
    await fence('SET handover = :fence', { ':fence': { handoverId: 'h-1', to: 'ap-southeast-1' } });
    expect(await backfillRateSummaries(table)).toEqual({ found: 1, written: 0, skipped: 1 });
    await fence('REMOVE handover');
    expect(await backfillRateSummaries(table)).toEqual({ found: 1, written: 1, skipped: 0 });
    expect((await fresh.hotels.getHotel(hotel.hotelId, { consistent: true }))?.rates).toEqual({
      roomTypes: [
        {
          roomTypeId: roomType.roomTypeId,
          name: roomType.name,
          totalRooms: 4,
          pricePerNight: { amount: 12_000, currency: 'USD' },
          maxOccupancy: 3,
          extraGuestPerNight: { amount: 1_500, currency: 'USD' },
          plans: [{ ratePlanId: 'saver', priceAdjustment: { percent: -25 }, refundable: false }],
        },
      ],
      priceFloor: { amount: 3_000, currency: 'USD' },
    });
    expect(await backfillRateSummaries(table)).toEqual({ found: 0, written: 0, skipped: 0 });
  });
});
