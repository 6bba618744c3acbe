import { fileURLToPath } from 'node:url';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { BOOKING_ITEM } from '../lambdas/adapters/dynamodb/items/booking';
import { hotelPk } from '../lambdas/adapters/dynamodb/keys';
import { STAY_INDEX } from '../lambdas/adapters/dynamodb/table-definition';
import type { Booking } from '../lambdas/domain/model';
import { otherRegion, type Region } from '../lambdas/domain/regions';
import { addDays, todayUtc } from '../lambdas/domain/stay';
import { TABLE_NAME } from '../local/environment';
import { percentile } from '../local/percentile';
import { startChildEnvironment } from './child-environment';

export interface ListRow {
  readonly list: string;
  readonly total: number;
  readonly pages: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxBytes: number;
}

const BOOKINGS = 10_000;

/** Walks a list page by page, timing each page from this process. */
async function walkList(list: string, firstUrl: string, headers: Record<string, string>): Promise<ListRow> {
  const times: number[] = [];
  let maxBytes = 0;
  let total = 0;
  let url: string | undefined = firstUrl;
  while (url) {
    const started = performance.now();
    const res = await fetch(url, { headers });
    const text = await res.text();
    times.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${list}: ${res.status} ${text}`);
    maxBytes = Math.max(maxBytes, Buffer.byteLength(text));
    const page = JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
    total += page.items.length;
    url = page.nextCursor ? `${firstUrl}&cursor=${encodeURIComponent(page.nextCursor)}` : undefined;
  }
  const round = (n: number | undefined) => Math.round((n ?? Number.NaN) * 10) / 10;
  return {
    list,
    total,
    pages: times.length,
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    maxBytes,
  };
}

/** 10,000 bookings of one hotel, written straight into its owner region's table (setup, not load). */
async function writeBookings(endpoint: string, region: Region, hotelId: string, roomTypeId: string) {
  const doc = createDocumentClient({ region, endpoint });
  const today = todayUtc(new Date());
  const stamp = { writtenBy: region, writtenAt: Date.now() };
  try {
    const items = Array.from({ length: BOOKINGS }, (_, i) => {
      const checkIn = addDays(today, 1 + (i % 300));
      const booking: Booking = {
        bookingId: `bench-${String(i).padStart(5, '0')}`,
        hotelId,
        roomTypeId,
        checkIn,
        checkOut: addDays(checkIn, 1 + (i % 4)),
        rooms: 1,
        status: i % 5 === 0 ? 'CANCELLED' : 'CONFIRMED',
        guest: { name: `Guest ${i}`, email: `guest${i}@example.com` },
        totalPrice: { amount: 10_000, currency: 'USD' },
        createdAt: new Date().toISOString(),
        managedIn: region,
        requestHash: 'bench',
        accessTokenHashes: [],
        version: 1,
      };
      return BOOKING_ITEM.toItem(booking, stamp);
    });
    for (let i = 0; i < items.length; i += 25 * 8)
      await Promise.all(
        Array.from({ length: 8 }, (_, j) => items.slice(i + j * 25, i + (j + 1) * 25))
          .filter((chunk) => chunk.length)
          .map((chunk) =>
            doc.send(
              new BatchWriteCommand({
                RequestItems: { [TABLE_NAME]: chunk.map((Item) => ({ PutRequest: { Item } })) },
              }),
            ),
          ),
      );
  } finally {
    doc.destroy();
  }
}

/** How many bookings of the hotel `region`'s copy holds (waiting for replication). */
async function bookingsIn(endpoint: string, region: Region, hotelId: string): Promise<number> {
  const doc = createDocumentClient({ region, endpoint });
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  try {
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: TABLE_NAME,
          IndexName: STAY_INDEX,
          KeyConditionExpression: 'stayPk = :pk',
          ExpressionAttributeValues: { ':pk': hotelPk(hotelId) },
          Select: 'COUNT',
          ExclusiveStartKey,
        }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } finally {
    doc.destroy();
  }
  return count;
}

/** Both lists, with the default 2,000 demo hotels; each walked twice, the second walk reported (warm). */
export async function benchManagementLists(): Promise<ListRow[]> {
  const env = await startChildEnvironment(2_000);
  try {
    const auth = { authorization: `Bearer ${env.token('demo-hotelier')}` };
    const hotelsUrl = `${env.api['us-east-1']}/v1/manage/hotels?limit=50`;
    await walkList('warm-up', hotelsUrl, auth);
    const hotels = await walkList('hotels, 2,000 demo hotels, limit 50 (default)', hotelsUrl, auth);
    const first = (await (
      await fetch(`${env.api['us-east-1']}/v1/manage/hotels?limit=1`, { headers: auth })
    ).json()) as {
      items: Array<{ hotelId: string; managedIn: Region }>;
    };
    const hotel = first.items[0];
    if (!hotel) throw new Error('the demo hotelier has no hotel');
    const owner = env.api[hotel.managedIn];
    const page = (await (await fetch(`${owner}/v1/hotels/${hotel.hotelId}`)).json()) as {
      roomTypes: Array<{ roomTypeId: string }>;
    };
    await writeBookings(env.dynamodb, hotel.managedIn, hotel.hotelId, page.roomTypes[0]?.roomTypeId ?? 'std');
    // Replication into the other region runs in the environment: let it finish before timing.
    const other = otherRegion(hotel.managedIn);
    for (let i = 0; i < 600 && (await bookingsIn(env.dynamodb, other, hotel.hotelId)) < BOOKINGS; i++)
      await new Promise((r) => setTimeout(r, 1_000));
    const today = todayUtc(new Date());
    const range = `from=${today}&to=${addDays(today, 366)}&limit=50`;
    const bookingsUrl = `${owner}/v1/manage/hotels/${hotel.hotelId}/bookings?${range}`;
    await walkList('warm-up', bookingsUrl, auth);
    const bookings = await walkList(
      `bookings, a hotel with ${BOOKINGS.toLocaleString('en-US')}, limit 50`,
      bookingsUrl,
      auth,
    );
    const cancelled = await walkList(
      'bookings, status=CANCELLED (one in five), limit 50',
      `${bookingsUrl}&status=CANCELLED`,
      auth,
    );
    return [hotels, bookings, cancelled];
  } finally {
    await env.stop();
  }
}

/** The rows as a Markdown table. */
export function listsTable(rows: readonly ListRow[]): string {
  return [
    '| list | items walked | pages | p50 ms per page | p95 ms per page | largest page bytes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.list} | ${r.total} | ${r.pages} | ${r.p50Ms} | ${r.p95Ms} | ${r.maxBytes} |`),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchManagementLists();
  process.stdout.write(`${listsTable(rows)}\n`);
}
