/**
 * Seeds an empty local environment with demo hotels. Each hotel belongs to its
 * owner region (the region of its country), as in production. Rather than
 * writing each hotel in its owner region and waiting for the replicator to copy
 * it, every item is written to both regions' tables with the same owner stamp,
 * exactly as replication would leave them; the environment turns the tables'
 * streams on only afterwards, so the replicator has nothing of the seed to replay.
 *
 * Bookings are planned here as the booking transaction would leave them (the
 * booking item, and each night's counter holding the rooms of every booking of
 * that night, never above capacity), so the seed is a few large transactions
 * instead of one transaction per booking.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  type DynamoDBClient,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { BOOKING_ITEM } from '../lambdas/adapters/dynamodb/items/booking';
import { HOTEL_ITEM } from '../lambdas/adapters/dynamodb/items/hotel';
import type { Item, WriteStamp } from '../lambdas/adapters/dynamodb/items/item-kind';
import { NIGHT_ITEM } from '../lambdas/adapters/dynamodb/items/night';
import { RATE_PLAN_ITEM } from '../lambdas/adapters/dynamodb/items/rate-plan';
import { REFERENCE_ITEM } from '../lambdas/adapters/dynamodb/items/reference';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { newReference } from '../lambdas/domain/booking-reference';
import { stayPolicy } from '../lambdas/domain/cancellation-policy';
import { DEFAULT_CHECK_IN_TIME, DEFAULT_CHECK_OUT_TIME } from '../lambdas/domain/hotel-clock';
import type { Booking, Hotel, RoomType } from '../lambdas/domain/model';
import { multiply } from '../lambdas/domain/money';
import { guestsFor, occupancyOf } from '../lambdas/domain/occupancy';
import { type RatePlan, STANDARD_TERMS } from '../lambdas/domain/rate-plans';
import { EMPTY_RATES, summarizeRates } from '../lambdas/domain/rates';
import { defaultRegionForCountry, REGIONS, type Region } from '../lambdas/domain/regions';
import { hashAccessToken, newAccessToken, requestFingerprint } from '../lambdas/domain/secrets';
import { addDays, nightsOf, todayUtc } from '../lambdas/domain/stay';
import { generateDemoHotels, seededRandom } from './demo-hotels';

/** The hotelier who owns every demo hotel; `npm run --silent token -- demo-hotelier` signs in as them. */
export const DEMO_HOTELIER = 'demo-hotelier';

export interface SeedRegion {
  readonly ddb: DynamoDBClient;
  readonly tableName: string;
}

export interface SeedResult {
  readonly hotels: number;
  readonly roomTypes: number;
  readonly bookings: number;
}

/** One hotel's items (hotel, room types, bookings and their night counters), as both regions store them. */
export interface PlannedHotel {
  readonly hotel: Hotel;
  readonly items: Item[];
}

export interface SeedPlan extends SeedResult {
  readonly planned: PlannedHotel[];
}

/**
 * The night counter a booking transaction leaves (`booking-store.ts`, `nightUpdate`):
 * every booking of the night adds its rooms and one version.
 */
function nightItem(
  roomType: RoomType,
  night: string,
  booked: number,
  version: number,
  stamp: WriteStamp,
): Item {
  return {
    ...NIGHT_ITEM.key(roomType.hotelId, roomType.roomTypeId, night),
    booked,
    entity: NIGHT_ITEM.entity,
    hotelId: roomType.hotelId,
    roomTypeId: roomType.roomTypeId,
    night,
    managedIn: roomType.managedIn,
    ...stamp,
    version,
  };
}

/** The plans' own random numbers, one stream per hotel, so adding plans moved no hotel's bookings. */
function planRandom(count: number, index: number): () => number {
  return seededRandom((count * 7_919 + index * 104_729) >>> 0);
}

/**
 * Each room type's plans besides standard: non-refundable at 10 to 20% off, and in about
 * half the hotels a flexible plan with breakfast (48 hours' free cancellation, then a night).
 */
export function demoRatePlans(
  roomTypes: readonly RoomType[],
  random: () => number,
  updatedAt: string,
): RatePlan[] {
  const discount = 10 + Math.floor(random() * 11);
  const breakfast = random() < 0.5;
  return roomTypes.flatMap((rt): RatePlan[] => {
    const common = {
      hotelId: rt.hotelId,
      roomTypeId: rt.roomTypeId,
      status: 'ACTIVE' as const,
      version: 1,
      updatedAt,
    };
    const plans: RatePlan[] = [
      {
        ...common,
        ratePlanId: 'non-refundable',
        name: 'Non-refundable',
        priceAdjustment: { percent: -discount },
        cancellation: { freeUntilHoursBefore: null, fee: { percent: 100 } },
        noShowFee: { percent: 100 },
        includes: [],
      },
    ];
    if (breakfast)
      plans.push({
        ...common,
        ratePlanId: 'breakfast',
        name: 'Flexible with breakfast',
        priceAdjustment: { percent: 12 },
        cancellation: { freeUntilHoursBefore: 48, fee: { nights: 1 } },
        noShowFee: { nights: 1 },
        includes: ['breakfast'],
      });
    return plans;
  });
}

/** The demo world for `count` hotels: every item to write, hotel by hotel. */
export function planDemoData(count: number, now = new Date()): SeedPlan {
  const random = seededRandom(count);
  const createdAt = now.toISOString();
  let roomTypeCount = 0;
  let bookingCount = 0;
  const planned = generateDemoHotels(count).map((d, index): PlannedHotel => {
    const managedIn = defaultRegionForCountry(d.country);
    const stamp: WriteStamp = { writtenBy: managedIn, writtenAt: now.getTime() };
    const hotelId = randomUUID();
    const hotel: Hotel = {
      hotelId,
      ownerId: DEMO_HOTELIER,
      name: d.name,
      city: d.city,
      country: d.country,
      address: d.address,
      description: d.description,
      attributes: d.attributes,
      timeZone: d.timeZone,
      checkInTime: DEFAULT_CHECK_IN_TIME,
      checkOutTime: DEFAULT_CHECK_OUT_TIME,
      managedIn,
      status: 'ACTIVE',
      roomTypeCount: d.roomTypes.length,
      version: 1,
      createdAt,
      updatedAt: createdAt,
    };
    const roomTypes: RoomType[] = d.roomTypes.map((rt) => ({
      hotelId,
      ...rt,
      status: 'ACTIVE',
      managedIn,
      version: 1,
    }));
    roomTypeCount += roomTypes.length;
    const items = [
      // As the room types' own transactions would leave it: the rate summary on the hotel.
      HOTEL_ITEM.toItem({ ...hotel, rates: summarizeRates(roomTypes, EMPTY_RATES) }, stamp),
      ...roomTypes.map((rt) => ROOM_TYPE_ITEM.toItem(rt, stamp)),
      ...demoRatePlans(roomTypes, planRandom(count, index), createdAt).map((p) =>
        RATE_PLAN_ITEM.toItem(p, stamp),
      ),
    ];

    // About a fifth of the hotels already have guests. A stay that would overbook is refused, as SOLD_OUT would be.
    if (random() >= 0.2) return { hotel, items };
    const nights = new Map<string, { roomType: RoomType; night: string; booked: number; version: number }>();
    for (let n = 1 + Math.floor(random() * 2); n > 0; n--) {
      const roomType = roomTypes[Math.floor(random() * roomTypes.length)] as RoomType;
      const checkIn = addDays(todayUtc(now), 1 + Math.floor(random() * 60));
      const checkOut = addDays(checkIn, 1 + Math.floor(random() * 5));
      const rooms = 1 + Math.floor(random() * Math.min(2, roomType.totalRooms));
      const stay = nightsOf(checkIn, checkOut);
      const counter = (night: string) => nights.get(`${roomType.roomTypeId}#${night}`);
      if (stay.some((night) => (counter(night)?.booked ?? 0) + rooms > roomType.totalRooms)) continue;
      const guest = { name: 'Demo Guest', email: 'guest@example.com' };
      const nightPrices = stay.map((night) => ({ night, price: roomType.pricePerNight }));
      const request = { hotelId, roomTypeId: roomType.roomTypeId, checkIn, checkOut, rooms, guest };
      const booking: Booking & { reference: string } = {
        bookingId: randomUUID(),
        // Drawn from the seed's own random numbers, so a seed is the same every time.
        reference: newReference(managedIn, (max) => Math.floor(random() * max)),
        ...request,
        status: 'CONFIRMED',
        totalPrice: multiply(roomType.pricePerNight, stay.length * rooms),
        nightPrices,
        // As a booking without ratePlanId, adults or children is made: standard, the default guests.
        ratePlan: STANDARD_TERMS,
        ...guestsFor(occupancyOf(roomType), {}),
        ...stayPolicy(STANDARD_TERMS, hotel, checkIn, nightPrices, rooms, roomType.pricePerNight.currency),
        createdAt,
        managedIn,
        requestHash: requestFingerprint(request),
        accessTokenHashes: [hashAccessToken(newAccessToken())],
        version: 1,
      };
      items.push(BOOKING_ITEM.toItem(booking, stamp), REFERENCE_ITEM.toItem(booking, stamp));
      bookingCount++;
      for (const night of stay) {
        const before = counter(night) ?? { roomType, night, booked: 0, version: 0 };
        nights.set(`${roomType.roomTypeId}#${night}`, {
          ...before,
          booked: before.booked + rooms,
          version: before.version + 1,
        });
      }
    }
    for (const n of nights.values()) items.push(nightItem(n.roomType, n.night, n.booked, n.version, stamp));
    return { hotel, items };
  });
  return { planned, hotels: planned.length, roomTypes: roomTypeCount, bookings: bookingCount };
}

/**
 * Writes up to 100 items in one transaction: DynamoDB Local commits (and syncs
 * to disk) once per transaction, but once per item of a batch write, which
 * measured here about four times slower.
 */
async function writeAll(region: SeedRegion, items: Array<Record<string, AttributeValue>>): Promise<void> {
  await region.ddb.send(
    new TransactWriteItemsCommand({
      TransactItems: items.map((Item) => ({ Put: { TableName: region.tableName, Item } })),
    }),
  );
}

/** Writes `count` demo hotels with room types and some bookings to every region; `onProgress(done, total)` as hotels land. */
export async function seedDemoData(
  regions: Record<Region, SeedRegion>,
  count: number,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<SeedResult> {
  const plan = planDemoData(count);
  const chunks: PlannedHotel[][] = [];
  let chunk: PlannedHotel[] = [];
  let size = 0;
  for (const hotel of plan.planned) {
    if (size + hotel.items.length > TRANSACTION_ITEMS && chunk.length) {
      chunks.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(hotel);
    size += hotel.items.length;
  }
  if (chunk.length) chunks.push(chunk);

  let done = 0;
  let next = 0;
  // Two transactions in flight per region: DynamoDB Local writes each region's database from one queue.
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      for (let at = next++; at < chunks.length; at = next++) {
        const hotels = chunks[at] as PlannedHotel[];
        // Marshalled once for both regions, as the document client would (undefined fields dropped).
        const items = hotels
          .flatMap((h) => h.items)
          .map((item) => marshall(item, { removeUndefinedValues: true }));
        await Promise.all(REGIONS.map((region) => writeAll(regions[region], items)));
        done += hotels.length;
        onProgress(done, plan.hotels);
      }
    }),
  );
  return { hotels: plan.hotels, roomTypes: plan.roomTypes, bookings: plan.bookings };
}

/** DynamoDB's limit of actions in one TransactWriteItems. */
const TRANSACTION_ITEMS = 100;
