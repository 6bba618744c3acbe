/**
 * The local tables' lifecycle around the seed: a table to be seeded is created
 * without its stream, so the seed (written to both regions directly) never
 * reaches the replicator or the indexers, and the stream is turned on after it.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, ensureTable } from '../lambdas/adapters/dynamodb/create-table';
import { HOTEL_TABLE } from '../lambdas/adapters/dynamodb/table-definition';
import { REGIONS, type Region } from '../lambdas/domain/regions';
import { type SeedResult, seedDemoData } from './seed';

const notFound = (error: unknown) => (error as Error).name === 'ResourceNotFoundException';

/**
 * An empty table without a stream. A table already there can only be what a seed
 * that never finished left (the environment seeds until it first gets ready), so
 * it is dropped and the seed starts afresh.
 */
export async function createTableForSeed(ddb: DynamoDBClient, tableName: string): Promise<void> {
  await ddb.send(new DeleteTableCommand({ TableName: tableName })).catch((error) => {
    if (!notFound(error)) throw error;
  });
  const { StreamSpecification: _afterTheSeed, ...input } = createTableInput(tableName);
  await ddb.send(new CreateTableCommand(input));
}

/** Creates the table unless it exists, and turns its stream on unless it is on: one read when all is in place. */
export async function ensureStreamingTable(ddb: DynamoDBClient, tableName: string): Promise<void> {
  const table = await ddb.send(new DescribeTableCommand({ TableName: tableName })).then(
    (out) => out.Table,
    (error) => {
      if (!notFound(error)) throw error;
      return undefined;
    },
  );
  if (!table) return ensureTable(ddb, tableName);
  if (table.StreamSpecification?.StreamEnabled && table.LatestStreamArn) return;
  await ddb.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: HOTEL_TABLE.streamViewType },
    }),
  );
}

/**
 * Readies every region's table to be followed. With `seed` (a data dir never seeded),
 * each table starts empty and streamless and receives the demo hotels directly; then,
 * seeded or not, each table's stream is on.
 */
export async function prepareTables(
  regions: Record<Region, DynamoDBClient>,
  tableName: string,
  seed?: { hotels: number; progress?: (done: number, total: number) => void },
): Promise<SeedResult | undefined> {
  let seeded: SeedResult | undefined;
  if (seed) {
    await Promise.all(REGIONS.map((r) => createTableForSeed(regions[r], tableName)));
    const targets = Object.fromEntries(REGIONS.map((r) => [r, { ddb: regions[r], tableName }]));
    seeded = await seedDemoData(targets as Parameters<typeof seedDemoData>[0], seed.hotels, seed.progress);
  }
  await Promise.all(REGIONS.map((r) => ensureStreamingTable(regions[r], tableName)));
  return seeded;
}
