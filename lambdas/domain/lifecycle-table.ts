/**
 * A booking's life in one table: every way its status can change, from which
 * statuses, to which, and who may do it. The domain plans each change from it,
 * and the web UI derives its buttons and status filter from it (this module
 * imports nothing at run time, so the browser bundle can take it as it is).
 */
import { BOOKING_STATUSES, type BookingStatus } from './model';

/** Who asks for a change: the guest with the booking's access token, or the hotel's front desk. */
export type Actor = 'guest' | 'desk';

export interface Transition {
  /** The statuses the change starts from. */
  readonly from: readonly BookingStatus[];
  /** The status it leaves the booking in; `undefined`: the status stays (a modification). */
  readonly to: BookingStatus | undefined;
  readonly by: readonly Actor[];
  /** The button's label. */
  readonly label: string;
  /** Past tense, for "cannot be ..." and "... done". */
  readonly done: string;
}

/** Every change of a booking. */
export const LIFECYCLE = {
  cancel: { from: ['CONFIRMED'], to: 'CANCELLED', by: ['guest'], label: 'Cancel', done: 'cancelled' },
  modify: {
    from: ['CONFIRMED', 'CHECKED_IN'],
    to: undefined,
    by: ['guest', 'desk'],
    label: 'Change',
    done: 'changed',
  },
  'check-in': { from: ['CONFIRMED'], to: 'CHECKED_IN', by: ['desk'], label: 'Check in', done: 'checked in' },
  'no-show': {
    from: ['CONFIRMED'],
    to: 'NO_SHOW',
    by: ['desk'],
    label: 'No-show',
    done: 'marked as a no-show',
  },
  'check-out': {
    from: ['CHECKED_IN'],
    to: 'CHECKED_OUT',
    by: ['desk'],
    label: 'Check out',
    done: 'checked out',
  },
} as const satisfies Record<string, Transition>;

/** Every change a booking can undergo. */
export type BookingAction = keyof typeof LIFECYCLE;

/** The front desk's status changes (those with a status to move to and the desk among their actors). */
export type StayAction = 'check-in' | 'check-out' | 'no-show';

/** The words for each status, as people read them. */
export const STATUS_WORDS: Record<BookingStatus, string> = {
  CONFIRMED: 'confirmed',
  CANCELLED: 'cancelled',
  CHECKED_IN: 'checked in',
  CHECKED_OUT: 'checked out',
  NO_SHOW: 'a no-show',
};

/** The changes `actor` may make to a booking in `status`, in the table's order. */
export function actionsFor(status: BookingStatus, actor: Actor): BookingAction[] {
  return (Object.keys(LIFECYCLE) as BookingAction[]).filter((action) => {
    const t: Transition = LIFECYCLE[action];
    return t.from.includes(status) && t.by.includes(actor);
  });
}

/** Every status, in the order a list filters by them. */
export const LISTED_STATUSES: readonly BookingStatus[] = BOOKING_STATUSES;
