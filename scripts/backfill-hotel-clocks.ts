/**
 * `npm run backfill:clocks`: a one-off after deploying the hotel's clock. Gives
 * every hotel stored without a `timeZone` its country's default zone and the
 * default check-in (15:00) and check-out (11:00) times, region by region, each
 * region for the hotels it owns. Resumable: run it again until it reports 0 found.
 *
 * Environment: DYNAMODB_ENDPOINT (default: the local environment's DynamoDB Local,
 * http://127.0.0.1:$DYNAMODB_LOCAL_PORT; set it empty to use AWS credentials),
 * TABLE_NAME (default `hotels`), REGIONS (comma-separated, default both).
 */

import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { backfillHotelClocks } from '../lambdas/adapters/dynamodb/clock-backfill';
import { HotelTableClient } from '../lambdas/adapters/dynamodb/table-client';
import { isRegion, REGIONS } from '../lambdas/domain/regions';

const endpoint =
  process.env.DYNAMODB_ENDPOINT === ''
    ? undefined
    : (process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT ?? 8000}`);
const tableName = process.env.TABLE_NAME ?? 'hotels';
const regions = (process.env.REGIONS ?? REGIONS.join(',')).split(',').filter(isRegion);

for (const region of regions) {
  const doc = createDocumentClient({ region, endpoint });
  const report = await backfillHotelClocks(new HotelTableClient({ doc, tableName, region }), (so) =>
    console.log(`${region}: ${so.found} found, ${so.written} written so far`),
  );
  console.log(
    `${region}: done: ${report.found} hotels without a zone, ${report.written} given their country's default, ${report.skipped} left (set meanwhile or owned elsewhere)`,
  );
  doc.destroy();
}
