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

/** The offers of `hits` for `[checkIn, checkOut)` with `rooms` rooms, in one round of batched reads. */
export async function checkStays(
  ctx: DomainContext,
  hits: readonly SearchHit[],
  checkIn: string,
  checkOut: string,
  rooms: number,
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
  const roomTypeKeys: Array<{ hotelId: string; roomTypeId: string }> = [];
  const nightKeys: NightKey[] = [];
  hits.forEach((hit, i) => {
    // A room type with fewer rooms than asked can never take the stay: not worth a read.
    for (const r of listed[i] ?? []) {
      if (r.totalRooms < rooms) continue;
      roomTypeKeys.push({ hotelId: hit.hotelId, roomTypeId: r.roomTypeId });
      for (const night of nights) nightKeys.push({ hotelId: hit.hotelId, roomTypeId: r.roomTypeId, night });
    }
  });
  const offers = new Map<string, Offer>();
  if (!roomTypeKeys.length) return { offers, reads: 0 };
  const read = await ctx.bookings.readStayItems(roomTypeKeys, nightKeys);
  const calendars = new Map<string, CalendarNight[]>();
  for (const night of read.nights) {
    const key = `${night.hotelId}#${night.roomTypeId}`;
    const list = calendars.get(key) ?? [];
    list.push(night);
    calendars.set(key, list);
  }
  for (const roomType of read.roomTypes) {
    const calendar = calendars.get(`${roomType.hotelId}#${roomType.roomTypeId}`) ?? [];
    const offer = offerOf(roomType, calendar, checkIn, checkOut, rooms);
    const best = offers.get(roomType.hotelId);
    if (offer && (!best || cheaper(offer, best))) offers.set(roomType.hotelId, offer);
  }
  return { offers, reads: read.reads };
}
