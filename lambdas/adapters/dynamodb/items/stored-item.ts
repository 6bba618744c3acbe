/** Any item of a hotel's partition, as a drain or an at-risk report compares it. */
import type { StoredItem } from '../../../domain/model';
import { ENTITY } from '../keys';
import { BOOKING_ITEM } from './booking';
import type { Item } from './item-kind';

/** The item's identity, version and stamp (and the booking, for a booking). */
export function storedItemOf(item: Item): StoredItem {
  return {
    key: String(item.sk),
    entity: String(item.entity),
    version: Number(item.version ?? 0),
    writtenAt: Number(item.writtenAt ?? 0),
    writtenBy: String(item.writtenBy ?? ''),
    ...(typeof item.managedIn === 'string' ? { managedIn: item.managedIn } : {}),
    ...(item.entity === ENTITY.booking ? { booking: BOOKING_ITEM.fromItem(item) } : {}),
  };
}
