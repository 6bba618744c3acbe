/**
 * The loop every one-off backfill shares: a paged scan of an index (one page, one
 * read, at a time, retried as every read is), each item found written on its own
 * under its own condition, and a count reported after each page, so a run that stops
 * is simply run again.
 */
import { ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Item } from './items/item-kind';
import { ENTITY } from './keys';
import type { HotelTableClient } from './table-client';
import { OWNER_INDEX } from './table-definition';

/** What a backfill run did. */
export interface BackfillReport {
  /** Items that needed the backfill when this run read them. */
  readonly found: number;
  /** Items it wrote. */
  readonly written: number;
  /** Items changed meanwhile (by their owner, another run) or owned elsewhere: left as they are. */
  readonly skipped: number;
}

/** The scan of one backfill: its index and filter (the table name and paging are added). */
export type BackfillScan = Pick<
  ScanCommandInput,
  'IndexName' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
>;

/** The hotels this region owns that have no `attribute` (by a placeholder: some names are reserved words). */
export function ownHotelsWithout(table: HotelTableClient, attribute: string): BackfillScan {
  return ownHotelsWhere(table, 'attribute_not_exists(#missing)', { '#missing': attribute });
}

/** The hotels this region owns that meet `condition` (a filter over the placeholders `names`). */
export function ownHotelsWhere(
  table: HotelTableClient,
  condition: string,
  names: Readonly<Record<string, string>>,
): BackfillScan {
  return {
    IndexName: OWNER_INDEX,
    FilterExpression: `entity = :hotel AND (${condition}) AND managedIn = :region`,
    ExpressionAttributeNames: { ...names },
    ExpressionAttributeValues: { ':hotel': ENTITY.hotel, ':region': table.region },
  };
}

/**
 * Runs `writeOne` on every item of `scan` that `needs` it, a page at a time; `writeOne`
 * answers whether it wrote (false: its condition found the item changed).
 */
export async function backfillByScan(
  table: HotelTableClient,
  scan: BackfillScan,
  writeOne: (item: Item) => Promise<boolean>,
  onPage: (report: BackfillReport) => void,
  needs: (item: Item) => boolean = () => true,
): Promise<BackfillReport> {
  let found = 0;
  let written = 0;
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await table.retrying((abortSignal) =>
      table.doc.send(new ScanCommand({ TableName: table.tableName, ...scan, ExclusiveStartKey }), {
        abortSignal,
      }),
    );
    for (const item of (page.Items ?? []) as Item[]) {
      if (!needs(item)) continue;
      found++;
      if (await writeOne(item)) written++;
    }
    onPage({ found, written, skipped: found - written });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { found, written, skipped: found - written };
}
