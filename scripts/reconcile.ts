/**
 * `npm run reconcile`: checks, in each region's table, that every night counter
 * equals the rooms of the confirmed bookings covering it. Exits 1 on any difference.
 *
 * Environment: DYNAMODB_ENDPOINT (default: the local environment's DynamoDB Local,
 * http://127.0.0.1:$DYNAMODB_LOCAL_PORT), TABLE_NAME (default `hotels`), REGIONS
 * (comma-separated, default both). In AWS, unset DYNAMODB_ENDPOINT to use real credentials.
 */
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { reconcileTable } from '../lambdas/adapters/dynamodb/reconcile-scan';
import { isRegion, REGIONS } from '../lambdas/domain/regions';

const endpoint =
  process.env.DYNAMODB_ENDPOINT === ''
    ? undefined
    : (process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT ?? 8000}`);
const tableName = process.env.TABLE_NAME ?? 'hotels';
const regions = (process.env.REGIONS ?? REGIONS.join(',')).split(',').filter(isRegion);

let failed = false;
for (const region of regions) {
  const doc = createDocumentClient({ region, endpoint });
  const report = await reconcileTable(doc, tableName);
  const status = report.discrepancies.length ? 'DIFFERENCES' : 'clean';
  console.log(`${region}: ${report.bookings} bookings, ${report.nights} night counters: ${status}`);
  for (const d of report.discrepancies) {
    console.log(
      `  ${d.kind} hotel=${d.hotelId} roomType=${d.roomTypeId} night=${d.night} counter=${d.counter} confirmed=${d.confirmedRooms}` +
        (d.capacity === undefined ? '' : ` capacity=${d.capacity}`),
    );
  }
  failed ||= report.discrepancies.length > 0;
  doc.destroy();
}
process.exit(failed ? 1 : 0);
