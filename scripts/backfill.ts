/**
 * One-offs after deploying a change that stores something new, region by region,
 * each region for the items it owns (replication carries the result across).
 * Each is resumable: run it again until it reports 0 found.
 * - `npm run backfill:clocks`: every hotel stored without a `timeZone` gets its
 *   country's default zone and the default check-in (15:00) and check-out (11:00) times.
 * - `npm run backfill:references`: every booking stored without a `reference` gets
 *   one, so its guest can find it again by reference and e-mail. No event, no message.
 * - `npm run backfill:owner-keys`: every hotel whose owner-list key was made by an
 *   older name fold gets today's, so a hotelier's list is in name order again.
 * - `npm run backfill:rates`: every hotel stored without a rate summary gets one (its
 *   room types, their plans, and a price floor under every price), so dated search
 *   prices and orders it exactly; a summary from before it carried its room types' names
 *   and occupancy gets them. The local environment runs this itself at start.
 *
 * Usage: tsx scripts/backfill.ts clocks|references|owner-keys|rates
 * Environment: DYNAMODB_ENDPOINT (default: the local environment's DynamoDB Local,
 * http://127.0.0.1:$DYNAMODB_LOCAL_PORT; set it empty to use AWS credentials),
 * TABLE_NAME (default `hotels`), REGIONS (comma-separated, default both).
 */

import type { BackfillReport as Report } from '../lambdas/adapters/dynamodb/backfill-scan';
import { createDocumentClient } from '../lambdas/adapters/dynamodb/client';
import { backfillHotelClocks } from '../lambdas/adapters/dynamodb/clock-backfill';
import { backfillOwnerKeys } from '../lambdas/adapters/dynamodb/owner-key-backfill';
import { backfillRateSummaries } from '../lambdas/adapters/dynamodb/rates-backfill';
import { backfillBookingReferences } from '../lambdas/adapters/dynamodb/reference-backfill';
import { HotelTableClient } from '../lambdas/adapters/dynamodb/table-client';
import { isRegion, REGIONS } from '../lambdas/domain/regions';

const BACKFILLS: Record<
  string,
  { run(table: HotelTableClient, onPage: (r: Report) => void): Promise<Report>; done(r: Report): string }
> = {
  clocks: {
    run: backfillHotelClocks,
    done: (r) =>
      `${r.found} hotels without a zone, ${r.written} given their country's default, ${r.skipped} left (set meanwhile or owned elsewhere)`,
  },
  'owner-keys': {
    run: backfillOwnerKeys,
    done: (r) =>
      `${r.found} hotels listed under an older name fold, ${r.written} re-keyed, ${r.skipped} left (renamed or moved meanwhile)`,
  },
  rates: {
    run: backfillRateSummaries,
    done: (r) =>
      `${r.found} hotels without a rate summary or its room types' names, ${r.written} summarized, ${r.skipped} left (written meanwhile or owned elsewhere)`,
  },
  references: {
    run: backfillBookingReferences,
    done: (r) =>
      `${r.found} bookings without a reference, ${r.written} given one, ${r.skipped} left (set meanwhile, moving or owned elsewhere)`,
  },
};

const backfill = BACKFILLS[process.argv[2] ?? ''];
if (!backfill) {
  console.error(`usage: tsx scripts/backfill.ts ${Object.keys(BACKFILLS).join('|')}`);
  process.exit(2);
}
const endpoint =
  process.env.DYNAMODB_ENDPOINT === ''
    ? undefined
    : (process.env.DYNAMODB_ENDPOINT ?? `http://127.0.0.1:${process.env.DYNAMODB_LOCAL_PORT ?? 8000}`);
const tableName = process.env.TABLE_NAME ?? 'hotels';
const regions = (process.env.REGIONS ?? REGIONS.join(',')).split(',').filter(isRegion);

for (const region of regions) {
  const doc = createDocumentClient({ region, endpoint });
  const report = await backfill.run(new HotelTableClient({ doc, tableName, region }), (so) =>
    console.log(`${region}: ${so.found} found, ${so.written} written so far`),
  );
  console.log(`${region}: done: ${backfill.done(report)}`);
  doc.destroy();
}
