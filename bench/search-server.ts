/**
 * The server side of `npm run bench:search`'s dated part, in a process of its
 * own (the load client must never share its event loop): the us-east-1 API
 * over DynamoDB Local (in memory) and the embedded engine holding 100,000 demo
 * hotels. The table holds what a dated search in the benchmark's cities reads:
 * their room types and the night items of the searched stay, with about a third
 * of each city's hotels full on those nights and a tenth with a calendar price
 * below their base price, and their hotel items (a price cursor reads the hotels
 * it holds again by id). Other cities' hotels are only in the index: a city
 * search never reads them.
 *
 * Two more cities, of hotels drawn like the demo's, count within the total:
 * `BENCH_FULL_CITY` (3,000 hotels, 95% full on the searched nights: what the
 * read bound is for) and `BENCH_WALK_CITY` (1,000 hotels, all bookable, one in
 * five with its cheapest room type full, so its price floor is below its offer:
 * what a walk to the end by price goes through).
 *
 * Talks to its parent over IPC: `ready` with the setup, then answers `stats`
 * with the BatchGetItem calls and the items read so far (table keys, and hits
 * the engine returned).
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { loadOrCreateKeys, localHotelierTokens } from '../lambdas/adapters/auth/local-jwt';
import { PROCESS_CURSOR_SEAL } from '../lambdas/adapters/cursor-seal';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { HOTEL_ITEM } from '../lambdas/adapters/dynamodb/items/hotel';
import { NIGHT_ITEM } from '../lambdas/adapters/dynamodb/items/night';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { dynamoDbStores } from '../lambdas/adapters/dynamodb/stores';
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import { DEFAULT_CHECK_IN_TIME, DEFAULT_CHECK_OUT_TIME } from '../lambdas/domain/hotel-clock';
import type { RoomType } from '../lambdas/domain/model';
import type { BookingStore, HotelStore, RegionForwarder } from '../lambdas/domain/ports';
import { EMPTY_RATES, lowerFloor, summarizeRates } from '../lambdas/domain/rates';
import { nightsOf } from '../lambdas/domain/stay';
import { generateDemoHotels, seededRandom } from '../local/demo-hotels';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { quietLambdaOutput } from '../local/quiet-lambda-output';
import { startRegionServer } from '../local/region-server';

const HOTELS = Number(process.env.BENCH_HOTELS ?? 100_000);
const CITIES = (process.env.BENCH_CITIES ?? 'New York,Singapore').split(',');
const CHECK_IN = process.env.BENCH_CHECK_IN as string;
const CHECK_OUT = process.env.BENCH_CHECK_OUT as string;
const TABLE = 'hotels';
const FULL_CITY = process.env.BENCH_FULL_CITY ?? 'Fullton';
const FULL_HOTELS = 3_000;
const WALK_CITY = process.env.BENCH_WALK_CITY ?? 'Walkton';
const WALK_HOTELS = 1_000;

const send = (message: unknown) => process.send?.(message);
quietLambdaOutput();

const dynamo = await startDynamoDbLocal();
const shutdown = async () => {
  await dynamo.stop();
  process.exit(0);
};
process.on('disconnect', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

const ddb = createDynamoClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
await ensureTable(ddb, TABLE);
const doc = createDocumentClient({ region: 'us-east-1', endpoint: dynamo.endpoint });

const random = seededRandom(7);
const engine = new EmbeddedHotelSearch();
const search: EmbeddedHotelSearch = process.env.BENCH_TRACE
  ? Object.assign(Object.create(engine), {
      async search(...args: Parameters<EmbeddedHotelSearch['search']>) {
        const start = performance.now();
        const out = await engine.search(...args);
        console.error(
          `engine ${args[0].limit} asked, ${out.items.length} hits: ${(performance.now() - start).toFixed(1)} ms`,
        );
        return out;
      },
    })
  : engine;
const heapBefore = process.memoryUsage().heapUsed;
const items: Record<string, unknown>[] = [];
let full = 0;
let inCities = 0;
const nights = nightsOf(CHECK_IN, CHECK_OUT);
const stamp = { writtenBy: 'us-east-1' as const, writtenAt: Date.now() };
const special = generateDemoHotels(FULL_HOTELS + WALK_HOTELS, 123).map((demo, i) => ({
  ...demo,
  city: i < FULL_HOTELS ? FULL_CITY : WALK_CITY,
  country: 'US',
}));
let fullInFullCity = 0;
for (const demo of [...generateDemoHotels(HOTELS - special.length, 99), ...special]) {
  const hotelId = randomUUID();
  const roomTypes: RoomType[] = demo.roomTypes.map((rt) => ({
    hotelId,
    ...rt,
    status: 'ACTIVE',
    managedIn: 'us-east-1',
    version: 1,
  }));
  let rates = summarizeRates(roomTypes, EMPTY_RATES);
  const searched = CITIES.includes(demo.city);
  if (searched || demo.city === FULL_CITY || demo.city === WALK_CITY) {
    if (searched) inCities++;
    const isFull = random() < (demo.city === FULL_CITY ? 0.95 : demo.city === WALK_CITY ? 0 : 1 / 3);
    const promotion = searched && !isFull && random() < 0.1;
    if (isFull && searched) full++;
    if (isFull && demo.city === FULL_CITY) fullInFullCity++;
    // In the walk's city, one hotel in five (with more than one room type) has its cheapest one full.
    const cheapest = [...roomTypes].sort((a, b) => a.pricePerNight.amount - b.pricePerNight.amount)[0];
    const cheapestFull = demo.city === WALK_CITY && roomTypes.length > 1 && random() < 0.2;
    for (const rt of roomTypes) {
      items.push(ROOM_TYPE_ITEM.toItem(rt, stamp));
      for (const night of nights) {
        const booked =
          isFull || (cheapestFull && rt === cheapest)
            ? rt.totalRooms
            : Math.floor(random() * rt.totalRooms * 0.8);
        const price = promotion
          ? { ...rt.pricePerNight, amount: Math.round(rt.pricePerNight.amount * 0.7) }
          : undefined;
        if (!booked && !price) continue;
        items.push({
          ...NIGHT_ITEM.key(hotelId, rt.roomTypeId, night),
          entity: NIGHT_ITEM.entity,
          hotelId,
          roomTypeId: rt.roomTypeId,
          night,
          booked,
          ...(price ? { price } : {}),
          managedIn: 'us-east-1',
          version: 1,
          ...stamp,
        });
        if (price) rates = { ...rates, priceFloor: lowerFloor(rates.priceFloor, price) };
      }
    }
    // The hotel item too: a price cursor reads the hotels it holds again by id.
    const now = new Date().toISOString();
    items.push(
      HOTEL_ITEM.toItem(
        {
          hotelId,
          ownerId: 'bench',
          name: demo.name,
          city: demo.city,
          country: demo.country,
          description: demo.description,
          attributes: demo.attributes,
          timeZone: demo.timeZone,
          checkInTime: DEFAULT_CHECK_IN_TIME,
          checkOutTime: DEFAULT_CHECK_OUT_TIME,
          managedIn: 'us-east-1',
          status: 'ACTIVE',
          roomTypeCount: roomTypes.length,
          rates,
          version: 1,
          createdAt: now,
          updatedAt: now,
        },
        stamp,
      ),
    );
  }
  engine.indexNow({
    hotelId,
    name: demo.name,
    city: demo.city,
    country: demo.country,
    managedIn: 'us-east-1',
    rates,
  });
}
globalThis.gc?.();
const indexHeapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

// Two batches of 25 in flight: DynamoDB Local writes from one queue.
let next = 0;
await Promise.all(
  Array.from({ length: 2 }, async () => {
    for (let at = next; at < items.length; at = next) {
      next += 25;
      // Whatever DynamoDB Local leaves unprocessed is written again: a lost item would be a hotel missing.
      let request: Record<string, unknown[]> | undefined = {
        [TABLE]: items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: request as never }));
        request = out.UnprocessedItems as Record<string, unknown[]> | undefined;
      }
    }
  }),
);

let reads = 0;
let itemsRead = 0;
const candidates = new Set<string>();
const stores = dynamoDbStores({ doc, tableName: TABLE, region: 'us-east-1' });
const bookings: BookingStore = Object.assign(Object.create(stores.bookings), {
  async readStayItems(...args: Parameters<BookingStore['readStayItems']>) {
    const start = performance.now();
    const out = await stores.bookings.readStayItems(...args);
    reads += out.reads;
    // What the read budget counts: each key read, and each candidate checked (once, though a
    // candidate probed first is read in two rounds); candidates since the last `stats`.
    itemsRead += args[0].length + args[1].length;
    for (const { hotelId } of [...args[0], ...args[1]])
      if (!candidates.has(hotelId)) {
        candidates.add(hotelId);
        itemsRead++;
      }
    if (process.env.BENCH_TRACE)
      console.error(
        `read ${args[0].length + args[1].length} keys in ${out.reads} calls: ${(performance.now() - start).toFixed(1)} ms`,
      );
    return out;
  },
});
const hotels: HotelStore = Object.assign(Object.create(stores.hotels), {
  async getHotels(ids: readonly string[]) {
    itemsRead += ids.length;
    // A hotel a price cursor names is counted once, here, though it may be checked again.
    for (const id of ids) candidates.add(id);
    return stores.hotels.getHotels(ids);
  },
});
const noForwarding: RegionForwarder = {
  forwardToOwnerRegion: () => Promise.reject(new Error('the benchmark forwards nothing')),
};
const { url } = await startRegionServer({
  services: {
    ...stores,
    hotels,
    bookings,
    region: 'us-east-1',
    now: () => new Date(),
    search,
    cursors: PROCESS_CURSOR_SEAL,
    forwarder: noForwarding,
    hotelierTokens: localHotelierTokens(
      await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'bench-search-')), 'jwt.json')),
    ),
  },
  port: 0,
  forwardSecret: 'bench',
});
process.on('message', (message) => {
  if (message !== 'stats') return;
  send({ stats: { reads, items: itemsRead } });
  candidates.clear();
});
send({
  ready: {
    url,
    hotels: HOTELS,
    inCities,
    full,
    fullCity: { name: FULL_CITY, hotels: FULL_HOTELS, full: fullInFullCity },
    walkCity: { name: WALK_CITY, hotels: WALK_HOTELS },
    tableItems: items.length,
    indexHeapMb,
  },
});
