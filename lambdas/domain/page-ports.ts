/** Ports: reading a list a page at a time, and sealing the cursors that continue it. */

/** One page of a list: at most `limit` items, after the position `cursor` names. */
export interface PageRequest {
  readonly limit: number;
  /** The opaque `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** A page of a list; `nextCursor` is null on the last page. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface ReadOptions {
  /** Read from the leader copy; needed before a conditional write. */
  readonly consistent?: boolean;
}

/**
 * Seals what a cursor carries so that only this deployment can make one (an HMAC
 * under its cursor key), and fingerprints what a cursor is bound to.
 */
export interface CursorSeal {
  /** `value` (JSON) as an opaque cursor. */
  seal(value: unknown): string;
  /** What a cursor sealed here holds; undefined when it was forged, altered or is malformed. */
  open(cursor: string): unknown;
  /** A short hash of `value`'s canonical JSON (keys sorted): what a cursor is bound to, inside its seal. */
  fingerprint(value: unknown): string;
}
