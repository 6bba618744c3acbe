/**
 * Domain errors. Handlers map these to HTTP in one place; nothing else about an
 * error (stack, class name, table name) ever reaches a caller.
 */
import type { Money } from './money';

/** Base of every error the domain raises on purpose. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly details?: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** A field-level problem with the request. */
export class ValidationFailed extends DomainError {
  readonly code = 'VALIDATION';
}

/** The caller is not authenticated, or the credential is wrong. */
export class Unauthorized extends DomainError {
  readonly code = 'UNAUTHORIZED';
}

/** The caller is authenticated but may not act on this resource. */
export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
}

/** The hotel, room type or booking does not exist (or is not the caller's to see). */
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
}

/**
 * A write found nothing in this region's copy. The hotel may belong to the
 * other region and not have replicated yet, so the write is worth forwarding
 * there; only the owner's answer is final. `staleCopy`: this region holds a copy
 * that only hides it (closing, in another region's hands), rather than none at all.
 */
export class NotFoundHere extends NotFound {
  constructor(
    message: string,
    readonly staleCopy = false,
  ) {
    super(message);
  }
}

/** Some night of the stay lacks the rooms asked for; `nights` names them when known. */
export class SoldOut extends DomainError {
  readonly code = 'SOLD_OUT';
  constructor(readonly nights: readonly string[]) {
    super(
      nights.length ? `Not enough rooms on ${nights.join(', ')}` : 'Not enough rooms for this stay',
      nights.length ? { nights } : undefined,
    );
  }
}

/** Why a stay cannot be booked, whatever the rooms: which nights, and the limit when there is one. */
export interface StayRefusal {
  readonly reason: 'CLOSED' | 'MIN_STAY' | 'MAX_STAY' | 'PRICE_CURRENCY';
  readonly nights: readonly string[];
  /** The arrival night's minimum or maximum stay, for MIN_STAY and MAX_STAY. */
  readonly limit?: number;
}

/** The stay cannot be booked: a night is closed, or its length breaks the arrival night's limits. */
export class NotBookable extends DomainError {
  readonly code = 'NOT_BOOKABLE';
  constructor(readonly reasons: readonly StayRefusal[]) {
    super(
      `This stay cannot be booked: ${reasons.map((r) => `${r.reason} (${r.nights.join(', ')})`).join('; ')}`,
      {
        nights: [...new Set(reasons.flatMap((r) => r.nights))].sort(),
        reasons,
      },
    );
  }
}

/** The stay's current total differs from the total the caller expected to pay. */
export class PriceChanged extends DomainError {
  readonly code = 'PRICE_CHANGED';
  constructor(readonly totalPrice: Money) {
    super(`The price of this stay is now ${totalPrice.amount} ${totalPrice.currency} (minor units)`, {
      totalPrice,
    });
  }
}

/** The request clashes with the current state (capacity below bookings, future bookings on delete, a concurrent change). */
export class Conflict extends DomainError {
  readonly code = 'CONFLICT';
}

/** The same idempotency key came back with a different request. */
export class IdempotencyMismatch extends DomainError {
  readonly code = 'IDEMPOTENCY_MISMATCH';
  constructor() {
    super('This Idempotency-Key was already used with a different request');
  }
}

/** This region does not own the hotel's writes: the caller must forward to `owner`. */
export class NotOwnerRegion extends DomainError {
  readonly code = 'NOT_OWNER_REGION';
  constructor(
    readonly owner: string,
    /**
     * Set when only this region's cache said so: forgets that entry, so that when the owner
     * refuses (a handover moved the hotel meanwhile) the request can run here again on a fresh read.
     */
    readonly forgetCached?: () => void,
  ) {
    super(`Writes for this hotel run in ${owner}`);
  }
}

/** The owner region certainly did not run the write (unreachable, refused, or the request arrived too late); nothing was written. */
export class OwnerRegionUnavailable extends DomainError {
  readonly code = 'OWNER_REGION_UNAVAILABLE';
  constructor(
    message = 'The region that owns this hotel is unavailable; nothing was written',
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
  }
}

/**
 * A forwarded write may or may not have run in the owner region: its answer did
 * not come back in time. Retrying with `idempotencyKey` is safe; retrying without
 * one is not.
 */
export class OutcomeUnknown extends DomainError {
  readonly code = 'OUTCOME_UNKNOWN';
  constructor(
    message = 'The region that owns this hotel did not answer in time; the write may or may not have happened',
    readonly idempotencyKey?: string,
    readonly retryAfterSeconds = 2,
  ) {
    super(message);
  }
}

/**
 * A read that this region cannot answer for certain (a guest token not replicated
 * here yet): ask the owner region, and fall back to `fallback` if it cannot be asked.
 */
export class AskOwnerRegion extends NotOwnerRegion {
  constructor(
    owner: string,
    readonly fallback: DomainError,
  ) {
    super(owner);
  }
}

/** The hotel is fenced for a handover between regions: no write runs until the target takes over. */
export class HotelMoving extends OwnerRegionUnavailable {
  constructor() {
    super('This hotel is moving to another region; nothing was written, please retry shortly', 2);
  }
}

/** The store stayed throttled or contended after bounded retries; nothing was written. */
export class StoreBusy extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(
    readonly retryAfterSeconds = 1,
    message = 'The service is busy; nothing was written, please retry',
  ) {
    super(message);
  }
}

/** Internal: what a conditional write read has changed since; the domain re-reads and retries. */
export class StaleRead extends Error {
  constructor(what: string) {
    super(`${what} changed since it was read`);
    this.name = 'StaleRead';
  }
}

/** Internal: a night's calendar (price, closing, stay limits) changed since the quote; re-read and re-quote. */
export class StaleCalendar extends StaleRead {
  constructor() {
    super('night calendar');
    this.name = 'StaleCalendar';
  }
}

/**
 * Internal: a write of several steps stopped after some of them committed. `applied`
 * counts the leading items (nights, for a calendar) that were written; `cause` is
 * why the rest was not. The domain must say so rather than "nothing was written".
 */
export class PartlyWritten extends Error {
  constructor(
    readonly applied: number,
    override readonly cause: unknown,
  ) {
    super(`${applied} items were written before the write stopped`);
    this.name = 'PartlyWritten';
  }
}

/** Internal: a booking with this id exists already (an idempotent replay, or a reused key). */
export class DuplicateBooking extends Error {
  constructor(readonly bookingId: string) {
    super(`booking ${bookingId} exists`);
    this.name = 'DuplicateBooking';
  }
}

/** Internal: the reference drawn for a new booking is taken in this region; draw another. */
export class ReferenceTaken extends Error {
  constructor(readonly reference: string) {
    super(`reference ${reference} is taken`);
    this.name = 'ReferenceTaken';
  }
}

/** Too many attempts from this caller or at this reference; try again after `retryAfterSeconds`. */
export class TooManyRequests extends DomainError {
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too many attempts; please wait before trying again',
  ) {
    super(message);
  }
}
