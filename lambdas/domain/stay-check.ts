/**
 * Stage 2 of a dated search: which of the search engine's candidates can be
 * booked for the stay, and the offer of each. Reads only the candidates' room
 * types and the nights of the stay, batched, from this region's copy; decides
 * with the one quote function, as availability and the booking do.
 */
import type { DomainContext } from './context';
import { type CalendarNight, type RoomType, roomsFree } from './model';
import type { Money } from './money';
import { guestsFor, holds, occupancyOf } from './occupancy';
import type { NightKey, SearchHit } from './ports';
import { quotePlanStay, STANDARD_RATE_PLAN_ID, sellsArrival } from './rate-plans';
import { compareMoney, hasOfferFields, lowestPlanPrice, type PlanRate } from './rates';
import { nightsOf } from './stay';

/** The cheapest room type and plan that can be booked for the stay with the rooms and guests asked for. */
export interface Offer {
  readonly roomTypeId: string;
  readonly name: string;
  /** Rooms free on every night of the stay (as availability says). */
  readonly available: number;
  /** What booking `rooms` rooms of it for the stay and the guests would charge now. */
  readonly totalPrice: Money;
  /** The plan of that price. */
  readonly ratePlanId: string;
  /** False when the plan never cancels for free. */
  readonly refundable: boolean;
}

/** What an offer is made of, besides the nights and plans: a room type, or its entry in the rate summary. */
export type OfferRoomType = Pick<
  RoomType,
  | 'roomTypeId'
  | 'name'
  | 'status'
  | 'totalRooms'
  | 'pendingTotalRooms'
  | 'pricePerNight'
  | 'maxOccupancy'
  | 'standardOccupancy'
  | 'extraGuestPerNight'
>;

/** The stay a dated search asks about: dates, rooms, guests per room (defaults per room type). */
export interface StayAsked {
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rooms: number;
  readonly adults?: number;
  readonly children?: number;
  /**
   * The earliest and latest local date any hotel may have now: a plan is offered only when
   * it sells the arrival on both (the hotel's own clock is not in the index; the booking is
   * the final check).
   */
  readonly today: { readonly earliest: string; readonly latest: string };
}

export interface StayCheck {
  /** The offer per hotel id; hotels with nothing bookable are absent. */
  readonly offers: Map<string, Offer>;
  /** BatchGetItem calls made. */
  readonly reads: number;
  /** Keys asked of the table (room types and nights), all rounds together; not a room type listing's query. */
  readonly keysRead?: number;
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

/**
 * The offer of one room type for the stay: its cheapest plan (standard, or one of `plans`
 * that sells the arrival) for the rooms and guests, or undefined when the room type is too
 * small for the guests or cannot be booked with `rooms` rooms.
 */
export function offerOf(
  roomType: OfferRoomType,
  calendar: readonly CalendarNight[],
  stay: StayAsked,
  plans: readonly PlanRate[] = [],
): Offer | undefined {
  if (roomType.status !== 'ACTIVE') return undefined;
  const occupancy = occupancyOf(roomType);
  const guests = guestsFor(occupancy, stay);
  if (!holds(occupancy, guests)) return undefined;
  const available = roomsFree(roomType, calendar);
  if (available < stay.rooms) return undefined;
  const onSale = [
    { ratePlanId: STANDARD_RATE_PLAN_ID, refundable: true },
    ...plans.filter(
      (p) =>
        sellsArrival(p, stay.checkIn, stay.today.earliest) &&
        sellsArrival(p, stay.checkIn, stay.today.latest),
    ),
  ];
  let best: Offer | undefined;
  for (const plan of onSale) {
    const quote = quotePlanStay(roomType, plan, stay.checkIn, stay.checkOut, calendar, stay.rooms, guests);
    if (!quote.bookable) continue;
    // Strictly cheaper only: at a tie the earlier plan (standard, then by id) stays.
    if (best && compareMoney(quote.total, best.totalPrice) >= 0) continue;
    best = {
      roomTypeId: roomType.roomTypeId,
      name: roomType.name,
      available,
      totalPrice: quote.total,
      ratePlanId: plan.ratePlanId,
      refundable: plan.refundable,
    };
  }
  return best;
}

/**
 * Cheapest first (currency, then amount); at a tie, the room type whose own lowest nightly price
 * is least (under any of its plans), then by name and id, so the choice never wavers.
 */
function cheaper(
  a: { readonly offer: Offer; readonly own: Money },
  b: { readonly offer: Offer; readonly own: Money },
): boolean {
  const byPrice = compareMoney(a.offer.totalPrice, b.offer.totalPrice);
  if (byPrice !== 0) return byPrice < 0;
  return comesFirst({ roomType: a.offer, own: a.own }, { roomType: b.offer, own: b.own });
}

/**
 * The offers of `hits` for `[checkIn, checkOut)` with `rooms` rooms: the leads' nights in one
 * round of batched reads and the other room types of the hotels they do not settle in a second,
 * or (with a `probe`) one night of each room type, then the rest of those still open.
 */
export async function checkStays(
  ctx: DomainContext,
  hits: readonly SearchHit[],
  stay: StayAsked,
  probe?: NightProbe,
): Promise<StayCheck> {
  const { checkIn, checkOut, rooms } = stay;
  const nights = nightsOf(checkIn, checkOut);
  // The hotelier's plans as the index has them (none for a hotel indexed before plans).
  const plans = new Map(
    hits.flatMap((hit) =>
      (hit.rates?.roomTypes ?? []).map((r) => [`${hit.hotelId}#${r.roomTypeId}`, r.plans] as const),
    ),
  );
  // The room types as the index summarizes them: whole when the summary carries the offer's
  // fields (read no further), else only their ids and sizes (read in full below). A hotel
  // indexed before rate summaries: its room types are listed, whole.
  const listed = await Promise.all(
    hits.map(
      async (hit): Promise<Candidate['roomTypes']> =>
        hit.rates
          ? hit.rates.roomTypes.map((r) =>
              hasOfferFields(r)
                ? { roomTypeId: r.roomTypeId, totalRooms: r.totalRooms, known: { ...r, status: 'ACTIVE' } }
                : { roomTypeId: r.roomTypeId, totalRooms: r.totalRooms },
            )
          : (await ctx.hotels.listRoomTypes(hit.hotelId))
              .filter((r) => r.status === 'ACTIVE')
              .map((r) => ({ roomTypeId: r.roomTypeId, totalRooms: r.totalRooms, known: r })),
    ),
  );
  // A room type with fewer rooms than asked, or (as far as the summary says) too small for the
  // guests, can never take the stay: not worth a read.
  const holdsGuests = (r: OfferRoomType) => holds(occupancyOf(r), guestsFor(occupancyOf(r), stay));
  let candidates: Candidate[] = hits.map((hit, i) => ({
    hotelId: hit.hotelId,
    roomTypes: (listed[i] ?? []).filter((r) => r.totalRooms >= rooms && (!r.known || holdsGuests(r.known))),
  }));
  const fullNights = new Map<string, number>();
  const noteFull = (night: CalendarNight, totalRooms: number) => {
    if (night.closed === true || night.booked + rooms > totalRooms)
      fullNights.set(night.night, (fullNights.get(night.night) ?? 0) + 1);
  };
  let decided = hits.length;
  let reads = 0;
  let keysRead = 0;
  const probed = new Map<string, CalendarNight & { readonly hotelId: string }>();
  if (probe) {
    const first = await ctx.bookings.readStayItems(
      [],
      candidates.flatMap((c) =>
        c.roomTypes.map((r) => ({ hotelId: c.hotelId, roomTypeId: r.roomTypeId, night: probe.night })),
      ),
    );
    reads += first.reads;
    keysRead += candidates.reduce((sum, c) => sum + c.roomTypes.length, 0);
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
    decided = candidates.findIndex((c) => !probe.afford(readsAfterProbe(c, nights.length)));
    if (decided === -1) decided = hits.length;
    candidates = candidates.slice(0, decided);
  }
  const rest = probe ? nights.filter((n) => n !== probe.night) : nights;
  const own = (hotelId: string, roomType: Pick<OfferRoomType, 'roomTypeId' | 'pricePerNight'>) =>
    lowestPlanPrice(roomType.pricePerNight, plans.get(`${hotelId}#${roomType.roomTypeId}`));
  const best = new Map<string, { readonly offer: Offer; readonly own: Money }>();
  /** Reads `these` room types' nights (and the room types the summary lacks), and keeps each hotel's cheapest offer. */
  const readOffers = async (these: readonly Candidate[]) => {
    const keys = these.flatMap((c) =>
      c.roomTypes.map((r) => ({ key: { hotelId: c.hotelId, roomTypeId: r.roomTypeId }, known: r.known })),
    );
    if (!keys.length) return;
    const roomTypeKeys = keys.flatMap(({ key, known }) => (known ? [] : [key]));
    const nightKeys = keys.flatMap(({ key }) => rest.map((night): NightKey => ({ ...key, night })));
    const read = await ctx.bookings.readStayItems(roomTypeKeys, nightKeys);
    reads += read.reads;
    keysRead += roomTypeKeys.length + nightKeys.length;
    const calendars = new Map<string, CalendarNight[]>();
    for (const night of [...read.nights, ...probed.values()]) {
      const key = `${night.hotelId}#${night.roomTypeId}`;
      const list = calendars.get(key) ?? [];
      list.push(night);
      calendars.set(key, list);
    }
    const known = these.flatMap((c) =>
      c.roomTypes.flatMap((r) => (r.known ? [{ ...r.known, hotelId: c.hotelId }] : [])),
    );
    for (const roomType of [...read.roomTypes, ...known]) {
      const calendar = calendars.get(`${roomType.hotelId}#${roomType.roomTypeId}`) ?? [];
      for (const night of calendar) if (night.night !== probe?.night) noteFull(night, roomType.totalRooms);
      const offer = offerOf(
        roomType,
        calendar,
        stay,
        plans.get(`${roomType.hotelId}#${roomType.roomTypeId}`),
      );
      if (!offer) continue;
      const mine = { offer, own: own(roomType.hotelId, roomType) };
      const sofar = best.get(roomType.hotelId);
      if (!sofar || cheaper(mine, sofar)) best.set(roomType.hotelId, mine);
    }
  };
  // Cheapest first (not after a probe, which read one night of each already): where the summary
  // carries a hotel's room types whole, its lead's nights are read first, and the others only when
  // the lead does not settle the offer (below). Most hotels are settled by their lead.
  // Each lead with the total that settles its hotel: the floor on every night and room (no room
  // type can cost less, and at that total the lead wins the tie, having the least own price).
  const floors = new Map(hits.map((hit) => [hit.hotelId, hit.rates?.priceFloor]));
  const leads = new Map<string, { readonly roomTypeId: string; readonly settling: Money }>();
  if (!probe)
    for (const c of candidates) {
      // A lead can settle only against a known floor in its own currency; else all are read at once.
      const floor = floors.get(c.hotelId);
      const lead = leadOf(c, (r) => own(c.hotelId, r));
      if (lead && floor && floor !== 'UNKNOWN' && lead.own.currency === floor.currency)
        leads.set(c.hotelId, {
          roomTypeId: lead.roomType.roomTypeId,
          settling: { currency: floor.currency, amount: floor.amount * nights.length * rooms },
        });
    }
  const onlyLead = (c: Candidate, lead: boolean): Candidate => ({
    ...c,
    roomTypes: c.roomTypes.filter((r) => (r.roomTypeId === leads.get(c.hotelId)?.roomTypeId) === lead),
  });
  const settled = (hotelId: string) => {
    const total = best.get(hotelId)?.offer.totalPrice;
    const settling = leads.get(hotelId)?.settling;
    return total !== undefined && settling !== undefined && compareMoney(total, settling) === 0;
  };
  await readOffers(candidates.map((c) => (leads.has(c.hotelId) ? onlyLead(c, true) : c)));
  await readOffers(
    candidates.filter((c) => leads.has(c.hotelId) && !settled(c.hotelId)).map((c) => onlyLead(c, false)),
  );
  const offers = new Map([...best].map(([hotelId, { offer }]) => [hotelId, offer]));
  return { offers, reads, keysRead, decided, fullNights };
}

/**
 * The room type read first: the one whose own lowest nightly price (under any plan) is least,
 * then by name and id, among room types the summary carries whole, when there are two or more.
 */
function leadOf(
  candidate: Candidate,
  ownPrice: (r: OfferRoomType) => Money,
): { readonly roomType: OfferRoomType; readonly own: Money } | undefined {
  const whole = candidate.roomTypes.flatMap((r) => (r.known ? [r.known] : []));
  if (whole.length < 2 || whole.length < candidate.roomTypes.length) return undefined;
  let lead: { readonly roomType: OfferRoomType; readonly own: Money } | undefined;
  for (const roomType of whole) {
    const mine = { roomType, own: ownPrice(roomType) };
    if (!lead || comesFirst(mine, lead)) lead = mine;
  }
  return lead;
}

const comesFirst = (
  a: { readonly roomType: Pick<OfferRoomType, 'name' | 'roomTypeId'>; readonly own: Money },
  b: { readonly roomType: Pick<OfferRoomType, 'name' | 'roomTypeId'>; readonly own: Money },
): boolean => {
  const byOwn = compareMoney(a.own, b.own);
  if (byOwn !== 0) return byOwn < 0;
  if (a.roomType.name !== b.roomType.name) return a.roomType.name < b.roomType.name;
  return a.roomType.roomTypeId < b.roomType.roomTypeId;
};

/** A hit's room types still in the running: `known` when the summary carries the whole offer. */
interface Candidate {
  readonly hotelId: string;
  readonly roomTypes: readonly {
    readonly roomTypeId: string;
    readonly totalRooms: number;
    readonly known?: OfferRoomType;
  }[];
}

/** What a probed candidate still reads: each room type's other nights, and the room type unless known. */
function readsAfterProbe(candidate: Candidate, nights: number): number {
  return candidate.roomTypes.reduce((sum, r) => sum + nights - 1 + (r.known ? 0 : 1), 0);
}
