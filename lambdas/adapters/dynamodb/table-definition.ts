/**
 * The hotel table's key schema and indexes, defined once.
 *
 * The CDK construct (`HotelTable`), the DynamoDB Local setup used by the tests and
 * the local environment all build their table from this object, so the three can
 * never drift apart. It is plain data on purpose: no AWS SDK or CDK import, so
 * both worlds can read it.
 */

/** A key attribute: every key in this table is a string. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S';
}

/** A global secondary index with an ALL projection. */
export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

/** The whole table shape, independent of how it is created. */
export interface TableDefinition {
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
  /** Global tables and the search pipeline both need before and after images. */
  readonly streamViewType: 'NEW_AND_OLD_IMAGES';
}

/** Index of a hotelier's hotels, by name: `OWNER#<sub>` -> `<folded name>\u0001<hotelId>`. */
export const OWNER_INDEX = 'byOwner';
/** Index of a hotel's bookings by stay start: `HOTEL#<id>` -> `STAY#<checkIn>#<bookingId>`. */
export const STAY_INDEX = 'byStay';

export const HOTEL_TABLE: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      indexName: OWNER_INDEX,
      partitionKey: { name: 'ownerPk', type: 'S' },
      sortKey: { name: 'ownerSk', type: 'S' },
    },
    {
      indexName: STAY_INDEX,
      partitionKey: { name: 'stayPk', type: 'S' },
      sortKey: { name: 'staySk', type: 'S' },
    },
  ],
  streamViewType: 'NEW_AND_OLD_IMAGES',
};

/** Every attribute that appears in a key of the table or of an index. */
export function keyAttributes(def: TableDefinition = HOTEL_TABLE): KeyAttribute[] {
  const all = [
    def.partitionKey,
    def.sortKey,
    ...def.globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return [...new Map(all.map((a) => [a.name, a])).values()];
}
