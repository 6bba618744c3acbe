/**
 * Hotels stored before the hotel's clock: they read as their country's default
 * zone and times, and the one-off backfill writes exactly that, once, leaving a
 * zone a hotelier set and another region's hotels alone.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { backfillHotelClocks } from '../../lambdas/adapters/dynamodb/clock-backfill';
import { HOTEL_ITEM } from '../../lambdas/adapters/dynamodb/items/hotel';
import { HotelTableClient } from '../../lambdas/adapters/dynamodb/table-client';
import { createHotel, updateHotel } from '../../lambdas/domain/hotels';
import type { Hotel } from '../../lambdas/domain/model';
import { freshTable, testStore } from '../support/store';

describe('the hotel clock of hotels stored before it', () => {
  it('reads as the country default, and the backfill writes it once, resumably', async () => {
    const tableName = await freshTable();
    const store = testStore('us-east-1', () => new Date(), tableName);
    const ownerId = `hotelier-${randomUUID()}`;
    const made = await Promise.all(
      (['US', 'TH', 'GB'] as const).map((country) =>
        createHotel(store, ownerId, {
          name: `Old ${country}`,
          city: 'Somewhere',
          country,
          managedIn: 'us-east-1',
        }),
      ),
    );
    // As stored before the clock existed: no zone, no times.
    for (const hotel of made)
      await store.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: HOTEL_ITEM.key(hotel.hotelId),
          UpdateExpression: 'REMOVE #zone, checkInTime, checkOutTime',
          // TIMEZONE is one of DynamoDB's reserved words.
          ExpressionAttributeNames: { '#zone': 'timeZone' },
        }),
      );
    const [us, th, gb] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
    expect(await store.hotels.getHotel(us.hotelId)).toMatchObject({
      timeZone: 'America/New_York',
      checkInTime: '15:00',
      checkOutTime: '11:00',
    });
    // A hotelier names a zone before the backfill runs: the backfill leaves it.
    await updateHotel(store, ownerId, gb.hotelId, { timeZone: 'Europe/London', checkInTime: '14:00' });
    // Another region's hotel is left to that region's run.
    const foreignId = randomUUID();
    const { timeZone: _z, checkInTime: _i, checkOutTime: _o, ...bare } = th;
    const foreign = { ...bare, hotelId: foreignId, managedIn: 'ap-southeast-1' } as unknown as Hotel;
    await store.doc.send(
      new PutCommand({
        TableName: tableName,
        Item: HOTEL_ITEM.toItem(foreign, { writtenBy: 'ap-southeast-1', writtenAt: 1 }),
      }),
    );
    const table = new HotelTableClient({ doc: store.doc, tableName, region: 'us-east-1' });
    const first = await backfillHotelClocks(table);
    expect(first).toEqual({ found: 2, written: 2, skipped: 0 });
    const raw = async (hotelId: string) =>
      (await store.doc.send(new GetCommand({ TableName: tableName, Key: HOTEL_ITEM.key(hotelId) }))).Item;
    expect(await raw(us.hotelId)).toMatchObject({ timeZone: 'America/New_York', checkInTime: '15:00' });
    expect(await raw(th.hotelId)).toMatchObject({ timeZone: 'Asia/Bangkok', checkOutTime: '11:00' });
    expect(await raw(gb.hotelId)).toMatchObject({ timeZone: 'Europe/London', checkInTime: '14:00' });
    expect((await raw(foreignId))?.timeZone).toBeUndefined();
    // Resumable: a second run finds nothing left.
    expect(await backfillHotelClocks(table)).toEqual({ found: 0, written: 0, skipped: 0 });
  });
});
