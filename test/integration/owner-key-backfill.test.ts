/**
 * Hotels listed under an owner-index key from an older name fold: the one-off
 * backfill gives each today's key, once, resumably, so the hotelier's list is in
 * name order again, (a hotel renamed meanwhile keeps its rename's key: the write
 * is conditioned on the name and key it read).
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { HOTEL_ITEM } from '../../lambdas/adapters/dynamodb/items/hotel';
import { backfillOwnerKeys } from '../../lambdas/adapters/dynamodb/owner-key-backfill';
import { HotelTableClient } from '../../lambdas/adapters/dynamodb/table-client';
import { createHotel, listMyHotels } from '../../lambdas/domain/hotels';
import { freshTable, testStore } from '../support/store';

describe('owner-list keys from an older name fold', () => {
  it('are rewritten once, resumably, and the list is in name order again', async () => {
    const tableName = await freshTable();
    const store = testStore('us-east-1', () => new Date(), tableName);
    const ownerId = `hotelier-${randomUUID()}`;
    const names = ['Zeta Rooms', 'Øresund Inn', 'Alpha Lodge', 'Đà Lạt Palace', 'Straße Hotel', 'Dune Camp'];
    const hotels = [];
    for (const name of names)
      hotels.push(
        await createHotel(store, ownerId, { name, city: 'Somewhere', country: 'US', managedIn: 'us-east-1' }),
      );
    const inOrder = (await listMyHotels(store, ownerId)).items.map((h) => h.name);
    expect(inOrder).toEqual([
      'Alpha Lodge',
      'Đà Lạt Palace',
      'Dune Camp',
      'Øresund Inn',
      'Straße Hotel',
      'Zeta Rooms',
    ]);
    // As an older fold keyed them: the non-ASCII names as they were written, after every ASCII one.
    for (const hotel of hotels.filter((h) => [...h.name].some((c) => c.charCodeAt(0) > 127)))
      await store.doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: HOTEL_ITEM.key(hotel.hotelId),
          UpdateExpression: 'SET ownerSk = :old',
          ExpressionAttributeValues: { ':old': `${hotel.name.toLowerCase()}\u0001${hotel.hotelId}` },
        }),
      );
    expect((await listMyHotels(store, ownerId)).items.map((h) => h.name)).not.toEqual(inOrder);

    const table = new HotelTableClient({ doc: store.doc, tableName, region: 'us-east-1' });
    expect(await backfillOwnerKeys(table)).toEqual({ found: 3, written: 3, skipped: 0 });
    expect((await listMyHotels(store, ownerId)).items.map((h) => h.name)).toEqual(inOrder);
    // Resumable: a second run finds nothing left.
    expect(await backfillOwnerKeys(table)).toEqual({ found: 0, written: 0, skipped: 0 });
  });
});
