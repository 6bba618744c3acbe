/**
 * The server side of `npm run bench:search`'s dated part, in a process of its
 * own (the load client must never share its event loop): the us-east-1 API
 * over DynamoDB Local (in memory) and the embedded engine holding 100,000 demo
 * hotels. The table holds what a dated search in the benchmark's cities reads:
 * their room types and the night items of the searched stay, with about a third
 * of each city's hotels full on those nights and a tenth with a calendar price
 * below their base price. Other cities' hotels are only in the index: a city
 * search never reads them.
 *
 * Talks to its parent over IPC: `ready` with the setup, then answers `stats`
 * with the BatchGetItem calls so far.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { loadOrCreateKeys } from '../lambdas/adapters/auth/local-jwt';
import { PROCESS_CURSOR_SEAL } from '../lambdas/adapters/cursor-seal';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { NIGHT_ITEM } from '../lambdas/adapters/dynamodb/items/night';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { dynamoDbStores } from '../lambdas/adapters/dynamodb/stores';
import { EmbeddedHotelSearch } from '../lambdas/adapters/search/embedded-search';
import type { RoomType } from '../lambdas/domain/model';
import type { BookingStore, RegionForwarder } from '../lambdas/domain/ports';
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
const search = new EmbeddedHotelSearch();
const heapBefore = process.memoryUsage().heapUsed;
const items: Record<string, unknown>[] = [];
let full = 0;
let inCities = 0;
const nights = nightsOf(CHECK_IN, CHECK_OUT);
const stamp = { writtenBy: 'us-east-1' as const, writtenAt: Date.now() };
for (const demo of generateDemoHotels(HOTELS, 99)) {
  const hotelId = randomUUID();
  const roomTypes: RoomType[] = demo.roomTypes.map((rt) => ({
    hotelId,
    ...rt,
    status: 'ACTIVE',
    managedIn: 'us-east-1',
    version: 1,
  }));
  let rates = summarizeRates(roomTypes, EMPTY_RATES);
  if (CITIES.includes(demo.city)) {
    inCities++;
    const isFull = random() < 1 / 3;
    const promotion = !isFull && random() < 0.1;
    if (isFull) full++;
    for (const rt of roomTypes) {
      items.push(ROOM_TYPE_ITEM.toItem(rt, stamp));
      for (const night of nights) {
        const booked = isFull ? rt.totalRooms : Math.floor(random() * rt.totalRooms * 0.8);
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
  }
  search.indexNow({
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
      await doc.send(
        new BatchWriteCommand({
          RequestItems: { [TABLE]: items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
  }),
);

let reads = 0;
const stores = dynamoDbStores({ doc, tableName: TABLE, region: 'us-east-1' });
const bookings: BookingStore = Object.assign(Object.create(stores.bookings), {
  async readStayItems(...args: Parameters<BookingStore['readStayItems']>) {
    const start = performance.now();
    const out = await stores.bookings.readStayItems(...args);
    reads += out.reads;
    if (process.env.BENCH_TRACE)
      console.error(
        `read ${args[0].length + args[1].length} keys in ${out.reads} calls: ${(performance.now() - start).toFixed(1)} ms`,
      );
    return out;
  },
});
const noForwarding: RegionForwarder = {
  forwardToOwnerRegion: () => Promise.reject(new Error('the benchmark forwards nothing')),
};
const { url } = await startRegionServer({
  services: {
    ...stores,
    bookings,
    region: 'us-east-1',
    now: () => new Date(),
    search,
    cursors: PROCESS_CURSOR_SEAL,
    forwarder: noForwarding,
  },
  port: 0,
  jwtKeys: await loadOrCreateKeys(join(mkdtempSync(join(tmpdir(), 'bench-search-')), 'jwt.json')),
  forwardSecret: 'bench',
});
process.on('message', (message) => {
  if (message === 'stats') send({ stats: { reads } });
});
send({ ready: { url, hotels: HOTELS, inCities, full, tableItems: items.length, indexHeapMb } });
