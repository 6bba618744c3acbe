/** The handover record: written once, in the target region, by whichever of a switch and an abort comes first. */
import type { HandoverRecord } from '../../../domain/model';
import { ENTITY, HANDOVER_PREFIX, handoverSk, hotelPk } from '../keys';
import type { Item, ItemKey, WriteStamp } from './item-kind';

export const HANDOVER_RECORD_ITEM = {
  entity: ENTITY.handover,
  key: (hotelId: string, handoverId: string): ItemKey => ({
    pk: hotelPk(hotelId),
    sk: handoverSk(handoverId),
  }),
  /** Every handover record of a hotel sorts under this prefix. */
  prefix: HANDOVER_PREFIX,
  /** The stored form of a record, owned by the region that writes it. */
  toItem(record: HandoverRecord, stamp: WriteStamp): Item {
    return {
      ...HANDOVER_RECORD_ITEM.key(record.hotelId, record.handoverId),
      entity: ENTITY.handover,
      ...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)),
      managedIn: stamp.writtenBy,
      version: 1,
      ...stamp,
    };
  },
  /** A record as the domain knows it: its own fields, not the item's owner and version stamps. */
  fromItem(item: Item): HandoverRecord {
    const { hotelId, handoverId, outcome, from, to, forced, fencedAt, endedAt, watermark } =
      item as unknown as HandoverRecord;
    return { hotelId, handoverId, outcome, from, to, forced, fencedAt, endedAt, watermark };
  },
} as const;
