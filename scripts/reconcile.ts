/**
 * `npm run reconcile`: checks, in each region's table, that every night counter
 * equals the rooms of the confirmed bookings covering it. Exits 1 on any difference.
 *
 * Environment: DYNAMODB_ENDPOINT (default: the local environment's DynamoDB Local,
 * http://127.0.0.1:$DYNAMODB_LOCAL_PORT), TABLE_NAME (default `hotels`), REGIONS
 * (comma-separated, default both). In AWS, unset DYNAMODB_ENDPOINT to use real credentials.
 */
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { reconcileRegions, reconcileTable } from '../lambdas/adapters/dynamodb/reconcile-scan';
import { isRegion, REGIONS } from '../lambdas/domain/regions';

const endpoint =
  process.env.DYNAMODB_ENDPOINT === ''
    ? undefined
    : (process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT ?? 8000}`);
const tableName = process.env.TABLE_NAME ?? 'hotels';
const regions = (process.env.REGIONS ?? REGIONS.join(',')).split(',').filter(isRegion);

let failed = false;
const docs = regions.map((region) => ({ region, doc: createDocumentClient({ region, endpoint }) }));
for (const { region, doc } of docs) {
  const report = await reconcileTable(doc, tableName);
  const status = report.discrepancies.length ? 'DIFFERENCES' : 'clean';
  console.log(`${region}: ${report.bookings} bookings, ${report.nights} night counters: ${status}`);
  for (const d of report.discrepancies) {
    console.log(
      `  ${d.kind} hotel=${d.hotelId} roomType=${d.roomTypeId} night=${d.night} counter=${d.counter} confirmed=${d.confirmedRooms}` +
        (d.capacity === undefined ? '' : ` capacity=${d.capacity}`),
    );
  }
  for (const s of report.stuck)
    console.log(
      `  STUCK ${s.kind} hotel=${s.hotelId}${s.roomTypeId ? ` roomType=${s.roomTypeId}` : ''} since=${new Date(s.since ?? 0).toISOString()}` +
        (s.kind === 'HOTEL_CLOSING'
          ? ' (repeat the DELETE to finish it)'
          : ' (repeat the room type PUT to settle it)'),
    );
  for (const split of report.splitOwnership)
    console.log(
      `  SPLIT_OWNERSHIP hotel=${split.hotelId} ${Object.entries(split.owners)
        .map(([item, owner]) => `${item}=${owner}`)
        .join(' ')} (hand the hotel over again to one region)`,
    );
  failed ||= report.discrepancies.length > 0 || report.stuck.length > 0 || report.splitOwnership.length > 0;
}
if (docs.length === 2) {
  // Items may differ for the replication lag; beyond it they have drifted.
  const lagMs = Number(process.env.RECONCILE_LAG_MS ?? 10_000);
  const cross = await reconcileRegions(docs, tableName, { lagMs });
  console.log(
    `across regions: ${cross.differences.length} differences older than ${lagMs} ms, ${cross.inFlight} in flight, ${cross.nonOwnerWrites.length} written outside their owner region`,
  );
  for (const d of cross.differences) console.log(`  ${d.kind} ${d.key} newer in ${d.newerIn}`);
  for (const w of cross.nonOwnerWrites)
    console.log(
      `  NON_OWNER_WRITE in ${w.region}: ${w.key} managedIn=${w.managedIn} writtenBy=${w.writtenBy}`,
    );
  failed ||= cross.differences.length > 0 || cross.nonOwnerWrites.length > 0;
}
for (const { doc } of docs) doc.destroy();
process.exit(failed ? 1 : 0);
