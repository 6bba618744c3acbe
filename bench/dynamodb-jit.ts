/**
 * `npm run bench:dynamodb-jit`: what DynamoDB Local's JIT costs and saves on this machine.
 * Two in-memory DynamoDB Locals run at once, one with the options the product uses
 * (`JVM_OPTIONS`: tiered compilation, C1 then C2) and one with C1 alone
 * (`-XX:TieredStopAtLevel=1`). Each gets the same night items (3,000 hotels × 3 room types
 * × 3 nights), then blocks of calls go to each in turn (the order swapped every block):
 * BatchGetItem of 100 random night keys, as a dated search reads them, and a conditional
 * TransactWriteItems of three night counters, as a booking takes them. CPU is each JVM's
 * own, from `/proc` (Linux, 100 clock ticks a second). Both run in memory, where `npm start`
 * keeps its data on disk: this compares the JITs, not the storage. The load client is this
 * process. Options: --blocks N (default 12).
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '../lambdas/adapters/dynamodb/client';
import { seededRandom } from '../local/demo-hotels';
import { type DynamoDbLocal, JVM_OPTIONS, startDynamoDbLocal } from '../local/dynamodb-local';
import { percentile } from '../local/percentile';
import { quietLambdaOutput } from '../local/quiet-lambda-output';
import { cpuMs } from './process-cpu';

quietLambdaOutput();

const TABLE = 'jit-bench';
const CALLS_PER_BLOCK = 50;
const blocksAt = process.argv.indexOf('--blocks');
const BLOCKS = blocksAt >= 0 ? Number(process.argv[blocksAt + 1]) : 12;
if (!Number.isInteger(BLOCKS) || BLOCKS < 1) throw new Error('--blocks must be a positive whole number');

interface Side {
  readonly name: string;
  readonly local: DynamoDbLocal;
  readonly doc: ReturnType<typeof createDocumentClient>;
  readonly startCpuMs: number;
  /** Its own generator from the same seed: both sides get the same keys and transactions. */
  readonly random: () => number;
  readonly read: { ms: number[]; cpuMs: number; keys: number };
  readonly write: { ms: number[]; cpuMs: number; calls: number };
}

const keyOf = (hotel: number, roomType: number, night: number) => ({
  pk: `HOTEL#h${hotel}`,
  sk: `NIGHT#rt${roomType}#2027-12-${29 + night}`,
});

async function startSide(name: string, jvmOptions: readonly string[]): Promise<Side> {
  const local = await startDynamoDbLocal({ jvmOptions });
  const startCpuMs = cpuMs(local.process.pid as number);
  const client = createDynamoClient({ region: 'us-east-1', endpoint: local.endpoint });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  const doc = createDocumentClient(client);
  let batch: object[] = [];
  for (let h = 0; h < 3000; h++)
    for (let r = 0; r < 3; r++)
      for (let n = 0; n < 3; n++) {
        const key = keyOf(h, r, n);
        batch.push({
          PutRequest: {
            // The attributes a booked night carries (see items/night.ts).
            Item: { ...key, entity: 'night', hotelId: `h${h}`, roomTypeId: `rt${r}`, booked: 5, version: 7 },
          },
        });
        if (batch.length === 25) {
          await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: batch } }));
          batch = [];
        }
      }
  return {
    name,
    local,
    doc,
    startCpuMs,
    random: seededRandom(7),
    read: { ms: [], cpuMs: 0, keys: 0 },
    write: { ms: [], cpuMs: 0, calls: 0 },
  };
}

const someKeys = (random: () => number) => {
  const seen = new Map<string, { pk: string; sk: string }>();
  while (seen.size < 100) {
    const key = keyOf(Math.floor(random() * 3000), Math.floor(random() * 3), Math.floor(random() * 3));
    seen.set(`${key.pk} ${key.sk}`, key);
  }
  return [...seen.values()];
};

async function block(side: Side, timed: boolean): Promise<void> {
  const pid = side.local.process.pid as number;
  let cpu = cpuMs(pid);
  for (let i = 0; i < CALLS_PER_BLOCK; i++) {
    const keys = someKeys(side.random);
    const start = performance.now();
    await side.doc.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: keys } } }));
    if (timed) side.read.ms.push(performance.now() - start);
    if (timed) side.read.keys += keys.length;
  }
  if (timed) side.read.cpuMs += cpuMs(pid) - cpu;
  cpu = cpuMs(pid);
  for (let i = 0; i < CALLS_PER_BLOCK; i++) {
    const hotel = Math.floor(side.random() * 3000);
    const roomType = Math.floor(side.random() * 3);
    const start = performance.now();
    await side.doc.send(
      new TransactWriteCommand({
        TransactItems: [0, 1, 2].map((night) => ({
          Update: {
            TableName: TABLE,
            Key: keyOf(hotel, roomType, night),
            UpdateExpression: 'SET booked = booked + :one ADD version :one',
            ConditionExpression: 'booked < :rooms',
            ExpressionAttributeValues: { ':one': 1, ':rooms': 1_000_000 },
          },
        })),
      }),
    );
    if (timed) side.write.ms.push(performance.now() - start);
  }
  if (timed) {
    side.write.cpuMs += cpuMs(pid) - cpu;
    side.write.calls += CALLS_PER_BLOCK;
  }
}

const sides = [
  await startSide('C1 then C2 (JVM_OPTIONS)', JVM_OPTIONS),
  await startSide('C1 alone', [...JVM_OPTIONS, '-XX:TieredStopAtLevel=1']),
];
try {
  // Both JVMs compile as they go: untimed blocks first, as many as the timed ones.
  for (let b = 0; b < BLOCKS; b++) for (const side of sides) await block(side, false);
  for (let b = 0; b < BLOCKS; b++)
    for (const side of b % 2 ? [...sides].reverse() : sides) await block(side, true);
  console.log(`DynamoDB Local, ${BLOCKS} blocks of ${CALLS_PER_BLOCK} calls of each kind per JVM, in turn\n`);
  console.log(
    '| JVM | CPU to first answer ms | BatchGetItem (100 keys) p50 / p95 ms | CPU µs per key read | TransactWriteItems (3 updates) p50 / p95 ms | CPU ms per transaction |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const s of sides)
    console.log(
      `| ${s.name} | ${s.startCpuMs.toFixed(0)} | ${percentile(s.read.ms, 0.5)?.toFixed(2)} / ${percentile(s.read.ms, 0.95)?.toFixed(2)} | ${((s.read.cpuMs / s.read.keys) * 1000).toFixed(0)} | ${percentile(s.write.ms, 0.5)?.toFixed(2)} / ${percentile(s.write.ms, 0.95)?.toFixed(2)} | ${(s.write.cpuMs / s.write.calls).toFixed(2)} |`,
    );
} finally {
  for (const side of sides) await side.local.stop();
}
