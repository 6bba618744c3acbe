/**
 * `npm run bench:drain`: how long a handover keeps an old, busy hotel fenced.
 * The hotel has 100,000 items of history (past nights and stays), already in
 * both regions as an old hotel's would be; what changes from then on replicates
 * through the stream, as in the local environment. Side by side in the same run:
 * the cost of one drain comparison (what can still change) against a read of
 * the whole partition (what the drain compared before).
 */

import { fileURLToPath } from 'node:url';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { bookingSk, hotelPk, nightSk, staySk } from '../lambdas/adapters/dynamodb/keys';
import { dynamoDbStores } from '../lambdas/adapters/dynamodb/stores';
import { bookRooms } from '../lambdas/domain/booking';
import { type HandoverContext, runHandover } from '../lambdas/domain/handover';
import { createHotel } from '../lambdas/domain/hotels';
import type { RegionStores } from '../lambdas/domain/ports';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { putRoomType } from '../lambdas/domain/room-types';
import { addDays, futureNightsEnd, todayUtc } from '../lambdas/domain/stay';
import { JVM_OPTIONS, startDynamoDbLocal } from '../local/dynamodb-local';
import { Replicator } from '../local/replicator';
import { StreamFollower } from '../local/stream-follower';

export interface DrainHistoryRow {
  readonly historyItems: number;
  /** Items a drain comparison reads per region, and how long one read takes (ms, median of 5). */
  readonly liveItems: number;
  readonly liveReadMs: number;
  /** The same for the whole partition (one read), which the drain used to compare every 50 ms. */
  readonly partitionItems: number;
  readonly partitionReadMs: number;
  /** From the fence to the switch. */
  readonly fencedMs: number;
}

const TABLE = 'hotels';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** The product's JVM options with room for 100,000 items held in memory (256 MB failed with InternalFailure). */
const IN_MEMORY_JVM_OPTIONS = [...JVM_OPTIONS.filter((o) => !o.startsWith('-Xmx')), '-Xmx1g'];

/** Runs the measurement against a fresh in-memory DynamoDB Local. */
export async function benchDrainHistory(historyItems = 100_000): Promise<DrainHistoryRow> {
  const local = await startDynamoDbLocal({ jvmOptions: IN_MEMORY_JVM_OPTIONS });
  try {
    const docs = {} as Record<Region, ReturnType<typeof createDocumentClient>>;
    const stores = {} as Record<Region, RegionStores>;
    const clients = {} as Record<Region, ReturnType<typeof createDynamoClient>>;
    for (const region of REGIONS) {
      const client = createDynamoClient({ region, endpoint: local.endpoint });
      clients[region] = client;
      await ensureTable(client, TABLE);
      docs[region] = createDocumentClient(client);
      stores[region] = dynamoDbStores({ doc: docs[region], tableName: TABLE, region });
    }
    const us = { ...stores['us-east-1'], region: 'us-east-1' as const, now: () => new Date() };
    const hotel = await createHotel(us, 'bench-owner', { name: 'Old Grand', city: 'Boston', country: 'US' });
    const id = hotel.hotelId;
    await putRoomType(us, 'bench-owner', id, 'std', {
      name: 'Standard',
      totalRooms: 500,
      pricePerNight: { amount: 10_000, currency: 'USD' },
    });
    const today = todayUtc(new Date());
    for (let i = 0; i < 40; i++)
      await bookRooms(us, {
        hotelId: id,
        roomTypeId: 'std',
        checkIn: addDays(today, 1 + (i % 20)),
        checkOut: addDays(today, 3 + (i % 20)),
        rooms: 1,
        guest: { name: 'Bench Guest', email: 'bench@example.com' },
      });

    // The hotel as it stands, copied once by hand: replicated long ago.
    const before = await docs['us-east-1'].send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': hotelPk(id) },
        ConsistentRead: true,
      }),
    );
    for (const Item of before.Items ?? [])
      await docs['ap-southeast-1'].send(new PutCommand({ TableName: TABLE, Item }));

    // History, identical in both regions: half past nights, half past stays.
    const stamp = {
      managedIn: 'us-east-1',
      writtenBy: 'us-east-1',
      writtenAt: Date.now() - 86_400_000,
      version: 1,
    };
    const historyItem = (i: number): Record<string, unknown> => {
      const night = addDays(today, -2 - Math.floor(i / 2));
      if (i % 2 === 0)
        return {
          pk: hotelPk(id),
          sk: nightSk('std', night),
          entity: 'NIGHT',
          hotelId: id,
          roomTypeId: 'std',
          night,
          booked: 1,
          ...stamp,
        };
      const bookingId = `past-${i}`;
      return {
        pk: hotelPk(id),
        sk: bookingSk(bookingId),
        entity: 'BOOKING',
        stayPk: hotelPk(id),
        staySk: staySk(night, bookingId),
        bookingId,
        hotelId: id,
        roomTypeId: 'std',
        checkIn: night,
        checkOut: addDays(night, 1),
        rooms: 1,
        status: 'CHECKED_OUT',
        ...stamp,
      };
    };
    const batches: Promise<unknown>[] = [];
    for (let i = 0; i < historyItems; i += 25) {
      const Items = Array.from({ length: Math.min(25, historyItems - i) }, (_, j) => historyItem(i + j));
      for (const region of REGIONS)
        batches.push(
          docs[region].send(
            new BatchWriteCommand({
              RequestItems: { [TABLE]: Items.map((Item) => ({ PutRequest: { Item } })) },
            }),
          ),
        );
      if (batches.length >= 16) await Promise.all(batches.splice(0));
    }
    await Promise.all(batches);

    // Replication as the local environment runs it: the stream, from here on (the history is already in both).
    const follower = new StreamFollower({
      ddb: clients['us-east-1'],
      streams: new DynamoDBStreamsClient({
        region: 'us-east-1',
        endpoint: local.endpoint,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      tableName: TABLE,
      startAt: 'LATEST',
      onChanges: (changes) =>
        new Replicator({
          from: 'us-east-1',
          to: 'ap-southeast-1',
          target: docs['ap-southeast-1'],
          tableName: TABLE,
        }).apply(changes),
      idlePollMs: 25,
    });
    await follower.prime();
    follower.start();
    const timed = async (read: () => Promise<unknown[]>, times: number) => {
      const runs: number[] = [];
      let count = 0;
      for (let i = 0; i < times; i++) {
        const started = performance.now();
        count = (await read()).length;
        runs.push(performance.now() - started);
      }
      return { count, ms: Math.round(median(runs) * 10) / 10 };
    };
    const live = await timed(
      () => stores['us-east-1'].handovers.liveItems(id, addDays(today, -1), futureNightsEnd(new Date())),
      5,
    );
    // One read of the whole partition is enough to show its cost: it takes seconds.
    const partition = await timed(() => stores['us-east-1'].handovers.partitionItems(id), 1);

    const ctx: HandoverContext = { stores, now: () => new Date() };
    const status = await runHandover(ctx, id, 'ap-southeast-1', { timeoutMs: 20_000 }).finally(() =>
      follower.stop(),
    );
    process.stderr.write(`drain: ${JSON.stringify(status.drain)}\n`);
    if (status.phase !== 'SWITCHED' || !status.record?.fencedAt)
      throw new Error(`handover did not finish: ${status.phase} ${JSON.stringify(status.drain)}`);
    for (const doc of Object.values(docs)) doc.destroy();
    return {
      historyItems,
      liveItems: live.count,
      liveReadMs: live.ms,
      partitionItems: partition.count,
      partitionReadMs: partition.ms,
      fencedMs: Date.parse(status.record.endedAt) - Date.parse(status.record.fencedAt),
    };
  } finally {
    await local.stop();
  }
}

/** The row as a Markdown table. */
export function drainHistoryTable(row: DrainHistoryRow): string {
  return [
    '| history items | a drain comparison reads | in ms | the whole partition (the old comparison) | in ms | writes refused for ms |',
    '| --- | --- | --- | --- | --- | --- |',
    `| ${row.historyItems} | ${row.liveItems} items | ${row.liveReadMs} | ${row.partitionItems} items | ${row.partitionReadMs} | ${row.fencedMs} |`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const row = await benchDrainHistory(Number(process.argv[2] ?? 100_000));
  process.stdout.write(`${drainHistoryTable(row)}\n`);
  if (row.fencedMs >= 3_000) process.exit(1);
}
