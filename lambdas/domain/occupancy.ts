/**
 * Who may stay in one room of a room type, and what each guest above its standard
 * occupancy adds per night. A room type stored without these reads with the
 * defaults: two guests, both in the price, nothing extra.
 */
import { ValidationFailed } from './errors';
import type { RoomType } from './model';
import type { Money } from './money';

/** Guests per room of a room type that never said. */
export const DEFAULT_MAX_OCCUPANCY = 2;
/** The most guests any room may hold. */
export const MAX_OCCUPANCY_LIMIT = 20;

/** A room type's occupancy with the defaults filled in. */
export interface Occupancy {
  readonly maxOccupancy: number;
  readonly standardOccupancy: number;
  readonly extraGuestPerNight: Money;
}

/** The room type's occupancy: its own settings, else the defaults (standard = the most it holds, up to two). */
export function occupancyOf(
  roomType: Pick<RoomType, 'pricePerNight' | 'maxOccupancy' | 'standardOccupancy' | 'extraGuestPerNight'>,
): Occupancy {
  const maxOccupancy = roomType.maxOccupancy ?? DEFAULT_MAX_OCCUPANCY;
  return {
    maxOccupancy,
    standardOccupancy: roomType.standardOccupancy ?? Math.min(DEFAULT_MAX_OCCUPANCY, maxOccupancy),
    extraGuestPerNight: roomType.extraGuestPerNight ?? {
      amount: 0,
      currency: roomType.pricePerNight.currency,
    },
  };
}

/** Adults asked for where the caller said none: two, or one where the room holds one. */
export function defaultAdults(occupancy: Pick<Occupancy, 'maxOccupancy'>): number {
  return Math.min(2, occupancy.maxOccupancy);
}

/** The guests of one room, with the defaults for what the caller left out. */
export function guestsFor(
  occupancy: Pick<Occupancy, 'maxOccupancy'>,
  asked: { readonly adults?: number; readonly children?: number },
): { adults: number; children: number } {
  return { adults: asked.adults ?? defaultAdults(occupancy), children: asked.children ?? 0 };
}

/** True when one room holds the guests. */
export function holds(
  occupancy: Pick<Occupancy, 'maxOccupancy'>,
  guests: { adults: number; children: number },
) {
  return guests.adults + guests.children <= occupancy.maxOccupancy;
}

/** Refuses (400, naming `adults`) guests one room of the room type cannot hold. */
export function assertHolds(
  roomType: Pick<RoomType, 'roomTypeId'>,
  occupancy: Occupancy,
  guests: { adults: number; children: number },
): void {
  if (!holds(occupancy, guests))
    throw new ValidationFailed('The room type is too small for these guests', {
      adults: `${roomType.roomTypeId} holds at most ${occupancy.maxOccupancy} guests per room (adults and children); asked for ${guests.adults} adults and ${guests.children} children`,
    });
}

/** Problems with a room type's occupancy settings, keyed by field. */
export function occupancyProblems(
  roomType: Pick<RoomType, 'pricePerNight' | 'maxOccupancy' | 'standardOccupancy' | 'extraGuestPerNight'>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  const occupancy = occupancyOf(roomType);
  if (occupancy.standardOccupancy > occupancy.maxOccupancy)
    problems.standardOccupancy = `must not be above maxOccupancy (${occupancy.maxOccupancy})`;
  if (occupancy.extraGuestPerNight.currency !== roomType.pricePerNight.currency)
    problems.extraGuestPerNight = `must be in the room type's currency (${roomType.pricePerNight.currency})`;
  return problems;
}
