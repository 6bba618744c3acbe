/** A hotelier's room types: create or replace one, lowering its capacity only past its booked nights. */
import { backoffDelay, type RetryPolicy, sleep } from './backoff';
import { type DomainContext, LOGGED_SIGNALS, MAX_STALE_RETRIES } from './context';
import { Conflict, DomainError, HotelMoving, NotFound, StaleRead, ValidationFailed } from './errors';
import { hotelLocalTime } from './hotel-clock';
import { hotelOwnedBy, nightsAbove } from './hotels';
import type { NightCount, RoomType } from './model';
import { occupancyProblems } from './occupancy';
import type { RatesWrite } from './ports';
import { summarizeRates } from './rates';
import { futureNightsEnd } from './stay';

/** A hotel has at most this many room types, so that closing it fits in one transaction. */
export const MAX_ROOM_TYPES_PER_HOTEL = 50;

/** A room type as a hotelier puts it; occupancy left out is kept as the room type had it (a new one: the defaults, occupancy.ts). */
export type RoomTypeInput = Pick<
  RoomType,
  'name' | 'totalRooms' | 'pricePerNight' | 'maxOccupancy' | 'standardOccupancy' | 'extraGuestPerNight'
>;

/** The room type `input` makes of `base`: fields left out stay; occupancy must hold together. */
function withInput<T extends Omit<RoomType, 'status' | 'managedIn' | 'version'>>(
  base: T,
  input: RoomTypeInput,
): T {
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const roomType = { ...base, ...given };
  const problems = occupancyProblems(roomType);
  if (Object.keys(problems).length) throw new ValidationFailed('The room type is not valid', problems);
  return roomType;
}

/**
 * Creates or replaces a room type. Lowering capacity first holds the lower
 * capacity (bookings respect it from then on), then checks every future night,
 * then commits or releases: no booking can slip in between check and change.
 */
export async function putRoomType(
  ctx: DomainContext,
  ownerId: string,
  hotelId: string,
  roomTypeId: string,
  input: RoomTypeInput,
): Promise<{ roomType: RoomType; created: boolean }> {
  let hotel = await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
  for (let attempt = 0; attempt < MAX_STALE_RETRIES; attempt++) {
    if (attempt > 0) hotel = await hotelOwnedBy(ctx, ownerId, hotelId, { consistent: true, forWrite: true });
    // Read after the hotel: a room type written in between moves the hotel's version, and the write below fails.
    const roomTypes = await ctx.hotels.listRoomTypes(hotelId, { consistent: true });
    const existing = roomTypes.find((r) => r.roomTypeId === roomTypeId);
    const ratesWith = (changed: RoomType): RatesWrite => ({
      summary: summarizeRates(
        [...roomTypes.filter((r) => r.roomTypeId !== roomTypeId), changed],
        hotel.rates,
      ),
      hotelVersion: hotel.version,
    });
    try {
      if (!existing) {
        const roomType: RoomType = withInput(
          { hotelId, roomTypeId, status: 'ACTIVE', managedIn: hotel.managedIn, version: 1, ...input },
          input,
        );
        await ctx.hotels.createRoomType(roomType, MAX_ROOM_TYPES_PER_HOTEL, ratesWith(roomType));
        return { roomType, created: true };
      }
      if (existing.status !== 'ACTIVE') throw new NotFound('No such hotel');
      if (existing.handover) throw new HotelMoving();
      const replacement: RoomType = { ...withInput(existing, input), pendingTotalRooms: undefined };
      if (input.totalRooms >= existing.totalRooms) {
        return {
          roomType: await ctx.hotels.replaceRoomType(replacement, existing.version, ratesWith(replacement)),
          created: false,
        };
      }
      const tooLow = (counts: readonly NightCount[]) =>
        new Conflict(`Lowering capacity to ${input.totalRooms} would leave bookings without a room`, {
          nights: nightsAbove(counts, input.totalRooms).map(({ night, booked }) => ({ night, booked })),
        });
      const futureNights = (now = ctx.now()) =>
        ctx.bookings.bookedNights(
          hotelId,
          roomTypeId,
          hotelLocalTime(hotel, now).date,
          futureNightsEnd(now),
          {
            consistent: true,
          },
        );
      // Refuse before writing anything when the bookings already do not fit.
      const before = await futureNights();
      if (nightsAbove(before, input.totalRooms).length) throw tooLow(before);
      const held = await ctx.hotels.holdCapacity(hotelId, roomTypeId, input.totalRooms, existing.version);
      try {
        const after = await futureNights();
        if (nightsAbove(after, input.totalRooms).length) throw tooLow(after); // a booking raced in before the hold
        return {
          roomType: await ctx.hotels.replaceRoomType(replacement, held.version, ratesWith(replacement)),
          created: false,
        };
      } catch (error) {
        // Refused or failed half-way: give the capacity back, or say that it is still held.
        if (await releaseHold(ctx, held, error)) throw error;
        throw new Conflict(
          `The capacity change did not complete, and ${input.totalRooms} rooms stay held until the same change is sent again`,
          {
            pendingTotalRooms: input.totalRooms,
            reason: error instanceof DomainError ? error.code : 'INTERNAL',
          },
        );
      }
    } catch (error) {
      if (error instanceof StaleRead) continue;
      throw error;
    }
  }
  throw new Conflict('The room type kept changing; please retry');
}

/** Tries at giving a capacity hold back, with jittered backoff between them, before it is reported. */
export const RELEASE_HOLD_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 800 };

/**
 * Gives back the capacity `held` holds, retrying with backoff; true when done.
 * When every try failed, the stuck hold is signalled (a metric that alarms in AWS)
 * and false returned: the hold stays until the hotelier repeats the change.
 */
async function releaseHold(ctx: DomainContext, held: RoomType, cause: unknown): Promise<boolean> {
  const { hotelId, roomTypeId, version } = held;
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.hotels.releaseCapacityHold(hotelId, roomTypeId, version);
      return true;
    } catch (error) {
      if (attempt >= RELEASE_HOLD_RETRY.maxAttempts) {
        (ctx.signals ?? LOGGED_SIGNALS).capacityHoldStuck({
          hotelId,
          roomTypeId,
          pendingTotalRooms: held.pendingTotalRooms ?? held.totalRooms,
          error: error ?? cause,
        });
        return false;
      }
      await sleep(backoffDelay(attempt, RELEASE_HOLD_RETRY));
    }
  }
}
