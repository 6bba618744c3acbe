/**
 * What every item kind of the hotel table shares: the storage attributes that
 * never reach the domain, and the stamp every write carries.
 */
import type { Region } from '../../../domain/regions';
import { keyAttributes } from '../table-definition';

/** A stored item, as the document client reads and writes it. */
export type Item = Record<string, unknown>;

/** A primary key of the hotel table. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

/** Who wrote an item and when: what last-writer-wins replication and reconciliation read. */
export interface WriteStamp {
  readonly writtenBy: Region;
  readonly writtenAt: number;
}

/** Attributes only the storage layer knows: every key of the table and its indexes, the item kind, and the stamp. */
export const STORAGE_ATTRIBUTES: readonly string[] = [
  ...keyAttributes().map((a) => a.name),
  'entity',
  'writtenBy',
  'writtenAt',
];

/** The item without its storage attributes: the domain record it holds. */
export function withoutStorage<T>(item: Item): T {
  const copy: Item = { ...item };
  for (const key of STORAGE_ATTRIBUTES) delete copy[key];
  return copy as T;
}
