/**
 * Seeds an empty local environment with demo hotels. Each hotel is written in
 * its owner region (the region of its country), as in production, and reaches
 * the other region through replication. Hotels and room types are written in
 * batches; bookings go through the real booking transaction.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { HOTEL_ITEM } from '../lambdas/adapters/dynamodb/items/hotel';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { bookRooms } from '../lambdas/domain/booking';
import type { DomainContext } from '../lambdas/domain/context';
import { SoldOut } from '../lambdas/domain/errors';
import type { Hotel, RoomType } from '../lambdas/domain/model';
import { defaultRegionForCountry, type Region } from '../lambdas/domain/regions';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { generateDemoHotels, seededRandom } from './demo-hotels';

/** The hotelier who owns every demo hotel; `npm run --silent token -- demo-hotelier` signs in as them. */
export const DEMO_HOTELIER = 'demo-hotelier';

export interface SeedRegion {
  readonly ctx: DomainContext;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
}

export interface SeedResult {
  readonly hotels: number;
  readonly roomTypes: number;
  readonly bookings: number;
}

async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function batchWrite(doc: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]) {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  while (requests.length) {
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
  }
}

/** Writes `count` demo hotels with room types and some bookings; `onProgress(done, total)` as hotels land. */
export async function seedDemoData(
  regions: Record<Region, SeedRegion>,
  count: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SeedResult> {
  const random = seededRandom(count);
  const now = new Date();
  const demo = generateDemoHotels(count);
  const planned = demo.map((d) => {
    const managedIn = defaultRegionForCountry(d.country);
    const hotelId = randomUUID();
    const hotel: Hotel = {
      hotelId,
      ownerId: DEMO_HOTELIER,
      name: d.name,
      city: d.city,
      country: d.country,
      description: d.description,
      attributes: d.attributes,
      managedIn,
      status: 'ACTIVE',
      roomTypeCount: d.roomTypes.length,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const roomTypes: RoomType[] = d.roomTypes.map((rt) => ({
      hotelId,
      ...rt,
      status: 'ACTIVE',
      managedIn,
      version: 1,
    }));
    return { hotel, roomTypes };
  });

  let done = 0;
  const chunks: Array<typeof planned> = [];
  for (let i = 0; i < planned.length; i += 8) chunks.push(planned.slice(i, i + 8));
  await inParallel(chunks, 6, async (chunk) => {
    const byRegion = new Map<Region, Record<string, unknown>[]>();
    for (const { hotel, roomTypes } of chunk) {
      const stamp = { writtenBy: hotel.managedIn, writtenAt: Date.now() };
      const items = byRegion.get(hotel.managedIn) ?? [];
      items.push(HOTEL_ITEM.toItem(hotel, stamp), ...roomTypes.map((rt) => ROOM_TYPE_ITEM.toItem(rt, stamp)));
      byRegion.set(hotel.managedIn, items);
    }
    for (const [region, items] of byRegion)
      for (let i = 0; i < items.length; i += 25)
        await batchWrite(regions[region].doc, regions[region].tableName, items.slice(i, i + 25));
    done += chunk.length;
    onProgress(done, planned.length);
  });

  // About a fifth of the hotels already have guests: real bookings, through the transaction.
  const bookings = planned
    .filter(() => random() < 0.2)
    .flatMap(({ hotel, roomTypes }) =>
      Array.from({ length: 1 + Math.floor(random() * 2) }, () => {
        const roomType = roomTypes[Math.floor(random() * roomTypes.length)] as RoomType;
        const checkIn = addDays(todayUtc(now), 1 + Math.floor(random() * 60));
        return {
          ctx: regions[hotel.managedIn].ctx,
          request: {
            hotelId: hotel.hotelId,
            roomTypeId: roomType.roomTypeId,
            checkIn,
            checkOut: addDays(checkIn, 1 + Math.floor(random() * 5)),
            rooms: 1 + Math.floor(random() * Math.min(2, roomType.totalRooms)),
            guest: { name: 'Demo Guest', email: 'guest@example.com' },
          },
        };
      }),
    );
  let booked = 0;
  await inParallel(bookings, 12, async ({ ctx, request }) => {
    try {
      await bookRooms(ctx, request);
      booked++;
    } catch (error) {
      if (!(error instanceof SoldOut)) throw error;
    }
  });
  return {
    hotels: planned.length,
    roomTypes: planned.reduce((n, p) => n + p.roomTypes.length, 0),
    bookings: booked,
  };
}
