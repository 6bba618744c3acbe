/**
 * What a hotel has for a stay: per room type, the rooms free on every night, the
 * stay's quote, and each rate plan's offer for the guests, read from this region's
 * copy. Priced by the same rules a booking commits with.
 */
import { assertPlausibleStay, assertValidStay } from './booking';
import type { DomainContext } from './context';
import { NotFound, type StayRefusal } from './errors';
import { clockOf, hotelLocalTime } from './hotel-clock';
import { roomsFree } from './model';
import type { Money } from './money';
import { guestsFor, holds, occupancyOf } from './occupancy';
import { offersFor, type PlanOffer } from './offers';

export interface RoomTypeAvailability {
  readonly roomTypeId: string;
  /** Each plan that sells the stay, for one room and the guests. */
  readonly offers: readonly PlanOffer[];
  readonly available: number;
  /** The room type's own price; nights of the stay may override it. */
  readonly pricePerNight: Money;
  /** One room for the whole stay, night by night. */
  readonly totalPrice: Money;
  readonly bookable: boolean;
  readonly reasons: readonly StayRefusal[];
}

/**
 * Rooms free on every night of the stay, per room type, with the stay's quote and every
 * plan's offer for the guests (read from this region's copy). A room type too small for
 * the guests is left out.
 */
export async function availabilityFor(
  ctx: DomainContext,
  hotelId: string,
  checkIn: string,
  checkOut: string,
  asked: { readonly adults?: number; readonly children?: number } = {},
): Promise<RoomTypeAvailability[]> {
  assertPlausibleStay(checkIn, checkOut, ctx.now());
  const hotel = await ctx.hotels.getHotel(hotelId);
  if (hotel?.status !== 'ACTIVE') throw new NotFound('No such hotel');
  const today = hotelLocalTime(hotel, ctx.now()).date;
  assertValidStay(checkIn, checkOut, today);
  const [roomTypes, plans] = await Promise.all([
    ctx.hotels.listRoomTypes(hotelId),
    ctx.hotels.listRatePlans(hotelId),
  ]);
  const offered = roomTypes.filter(
    (r) => r.status === 'ACTIVE' && holds(occupancyOf(r), guestsFor(occupancyOf(r), asked)),
  );
  return Promise.all(
    offered.map(async (roomType) => {
      const calendar = await ctx.bookings.calendarNights(hotelId, roomType.roomTypeId, checkIn, checkOut);
      const { standard, offers } = offersFor({
        roomType,
        plans: plans.filter((p) => p.roomTypeId === roomType.roomTypeId),
        clock: clockOf(hotel),
        today,
        checkIn,
        checkOut,
        calendar,
        guests: guestsFor(occupancyOf(roomType), asked),
      });
      return {
        roomTypeId: roomType.roomTypeId,
        available: roomsFree(roomType, calendar),
        pricePerNight: roomType.pricePerNight,
        totalPrice: standard.perRoom,
        bookable: standard.bookable,
        reasons: standard.reasons,
        offers,
      };
    }),
  );
}
