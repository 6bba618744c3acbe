/**
 * Stage 2 of a dated search: which of the search engine's candidates can be
 * booked for the stay, and the offer of each. Reads only the candidates' room
 * types and the nights of the stay, batched, from this region's copy; decides
 * with the one quote function, as availability and the booking do.
 */
import type { DomainContext } from './context';
import { type CalendarNight, type RoomType, roomsFree } from './model';
import type { Money } from './money';
import type { NightKey, SearchHit } from './ports';
import { quoteStay } from './quote';
import { compareMoney } from './rates';
import { nightsOf } from './stay';

/** The cheapest room type that can be booked for the stay with the rooms asked for. */
export interface Offer {
  readonly roomTypeId: string;
  readonly name: string;
  /** Rooms free on every night of the stay (as availability says). */
  readonly available: number;
  /** What booking `rooms` rooms of it for the stay would charge now. */
  readonly totalPrice: Money;
}

export interface StayCheck {
  /** The offer per hotel id; hotels with nothing bookable are absent. */
  readonly offers: Map<string, Offer>;
  /** BatchGetItem calls made. */
  readonly reads: number;
  /** How many of the hits, from the first, were decided (all of them unless a probe's reads ran out). */
  readonly decided?: number;
  /** Per night of the stay, how many room types were found full or closed on it. */
  readonly fullNights?: ReadonlyMap<string, number>;
}

/**
 * A first look at one night: each candidate room type's item for `night` is read
 * first (no room type items), and a room type full or closed on it is ruled out.
 * Only the room types left are then read in full, and each hotel's rest of the
 * reads must be granted by `afford`, in order: the hits after the first refused
 * one are left undecided.
 */
export interface NightProbe {
  readonly night: string;
  afford(items: number): boolean;
}

/** The offer of one room type for the stay, or undefined when it cannot be booked with `rooms` rooms. */
export function offerOf(
  roomType: RoomType,
  calendar: readonly CalendarNight[],
  checkIn: string,
  checkOut: string,
  rooms: number,
): Offer | undefined {
  if (roomType.status !== 'ACTIVE') return undefined;
  const available = roomsFree(roomType, calendar);
  const quote = quoteStay(roomType, checkIn, checkOut, calendar, rooms);
  if (!quote.bookable || available < rooms) return undefined;
  return { roomTypeId: roomType.roomTypeId, name: roomType.name, available, totalPrice: quote.total };
}

/** Cheapest first (currency, then amount), then by name and id, so the choice never wavers. */
function cheaper(a: Offer, b: Offer): boolean {
  const byPrice = compareMoney(a.totalPrice, b.totalPrice);
  if (byPrice !== 0) return byPrice < 0;
  if (a.name !== b.name) return a.name < b.name;
  return a.roomTypeId < b.roomTypeId;
}

/**
 * The offers of `hits` for `[checkIn, checkOut)` with `rooms` rooms, in one round
 * of batched reads, or two with a `probe`.
 */
export async function checkStays(
  ctx: DomainContext,
  hits: readonly SearchHit[],
  checkIn: string,
  checkOut: string,
  rooms: number,
  probe?: NightProbe,
): Promise<StayCheck> {
  const nights = nightsOf(checkIn, checkOut);
  // A hotel indexed before rate summaries: its room types are listed rather than known.
  const listed = await Promise.all(
    hits.map(async (hit) =>
      hit.rates
        ? hit.rates.roomTypes.map((r) => ({ roomTypeId: r.roomTypeId, totalRooms: r.totalRooms }))
        : (await ctx.hotels.listRoomTypes(hit.hotelId)).filter((r) => r.status === 'ACTIVE'),
    ),
  );
  // A room type with fewer rooms than asked can never take the stay: not worth a read.
  let candidates = hits.map((hit, i) => ({
    hotelId: hit.hotelId,
    roomTypes: (listed[i] ?? []).filter((r) => r.totalRooms >= rooms),
  }));
  const fullNights = new Map<string, number>();
  const noteFull = (night: CalendarNight, totalRooms: number) => {
    if (night.closed === true || night.booked + rooms > totalRooms)
      fullNights.set(night.night, (fullNights.get(night.night) ?? 0) + 1);
  };
  let decided = hits.length;
  let reads = 0;
  const probed = new Map<string, CalendarNight & { readonly hotelId: string }>();
  if (probe) {
    const first = await ctx.bookings.readStayItems(
      [],
      candidates.flatMap((c) =>
        c.roomTypes.map((r) => ({ hotelId: c.hotelId, roomTypeId: r.roomTypeId, night: probe.night })),
      ),
    );
    reads += first.reads;
    for (const night of first.nights) probed.set(`${night.hotelId}#${night.roomTypeId}`, night);
    candidates = candidates.map((c) => ({
      ...c,
      // Full or closed on the probed night (by the capacity search knows): it cannot take the stay.
      roomTypes: c.roomTypes.filter((r) => {
        const night = probed.get(`${c.hotelId}#${r.roomTypeId}`);
        if (night) noteFull(night, r.totalRooms);
        return !night || (night.closed !== true && night.booked + rooms <= r.totalRooms);
      }),
    }));
    // Each hotel's other reads, in order, while granted: the rest wait for the next request.
    decided = candidates.findIndex((c) => !probe.afford(c.roomTypes.length * nights.length));
    if (decided === -1) decided = hits.length;
    candidates = candidates.slice(0, decided);
  }
  const rest = probe ? nights.filter((n) => n !== probe.night) : nights;
  const roomTypeKeys = candidates.flatMap((c) =>
    c.roomTypes.map((r) => ({ hotelId: c.hotelId, roomTypeId: r.roomTypeId })),
  );
  const nightKeys: NightKey[] = roomTypeKeys.flatMap((k) => rest.map((night) => ({ ...k, night })));
  const offers = new Map<string, Offer>();
  if (!roomTypeKeys.length) return { offers, reads, decided, fullNights };
  const read = await ctx.bookings.readStayItems(roomTypeKeys, nightKeys);
  const calendars = new Map<string, CalendarNight[]>();
  for (const night of [...read.nights, ...probed.values()]) {
    const key = `${night.hotelId}#${night.roomTypeId}`;
    const list = calendars.get(key) ?? [];
    list.push(night);
    calendars.set(key, list);
  }
  for (const roomType of read.roomTypes) {
    const calendar = calendars.get(`${roomType.hotelId}#${roomType.roomTypeId}`) ?? [];
    for (const night of calendar) if (night.night !== probe?.night) noteFull(night, roomType.totalRooms);
    const offer = offerOf(roomType, calendar, checkIn, checkOut, rooms);
    const best = offers.get(roomType.hotelId);
    if (offer && (!best || cheaper(offer, best))) offers.set(roomType.hotelId, offer);
  }
  return { offers, reads: reads + read.reads, decided, fullNights };
}
