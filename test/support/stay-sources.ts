/**
 * A dated search's sources in memory, for tests that drive `searchStays` directly:
 * an engine over fixtures ordered as both engines order by price floor (cursors
 * are positions), and a stay check that answers each fixture's offer, probing as
 * the real one does, and counts what it was asked.
 */
import { PROCESS_CURSOR_SEAL } from '../../lambdas/adapters/cursor-seal';
import type { StaySources } from '../../lambdas/domain/available-search';
import type { Money } from '../../lambdas/domain/money';
import type { SearchHit, SearchQuery } from '../../lambdas/domain/ports';
import type { Offer } from '../../lambdas/domain/stay-check';
import { compareFolded, fold } from '../../lambdas/domain/text-fold';

export interface Fixture {
  readonly hotelId: string;
  readonly name: string;
  /** Per night and room; undefined: unknown (a hotel indexed before rate summaries). */
  readonly floor: Money | undefined;
  /** The stay's total, or undefined when nothing can be booked. */
  readonly offer: Money | undefined;
  /** Room types (one unless told). */
  readonly roomTypes?: number;
}

export const STAY = { checkIn: '2031-03-01', checkOut: '2031-03-02', rooms: 1 }; // one night: factor 1
/** What checking one hotel reads: the hit, its one room type and its one night. */
export const COST = 3;

export function hitOf(f: Fixture): SearchHit {
  return {
    hotelId: f.hotelId,
    name: f.name,
    city: 'Testville',
    country: 'US',
    managedIn: 'us-east-1',
    rates: {
      roomTypes: Array.from({ length: f.roomTypes ?? 1 }, (_, i) => ({
        roomTypeId: `rt${i}`,
        totalRooms: 5,
        pricePerNight: f.floor ?? { currency: 'USD', amount: 1 },
      })),
      priceFloor: f.floor ?? 'UNKNOWN',
    },
    after: '',
  } as SearchHit;
}

const floorKey = (f: Fixture) =>
  f.floor ? `${f.floor.currency}${String(f.floor.amount).padStart(13, '0')}` : '!';

/** An engine over `fixtures` ordered as both engines order by price floor; cursors are positions. */
export function sourcesOf(
  fixtures: readonly Fixture[],
  positionPadding = 0,
  nights = 1,
  /** Keys the check says it read per hotel decided (as cheapest first does); unsaid without it. */
  keysReadPerHotel?: number,
): StaySources & { stats: { checked: number; probed: number; checks: number; probeChecks: number } } {
  const sorted = [...fixtures].sort((a, b) => {
    const ka = [floorKey(a), fold(a.name), a.hotelId];
    const kb = [floorKey(b), fold(b.name), b.hotelId];
    for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return compareFolded(ka[i] as string, kb[i] as string);
    return 0;
  });
  const byId = new Map(fixtures.map((f) => [f.hotelId, f]));
  const stats = { checked: 0, probed: 0, checks: 0, probeChecks: 0 };
  return {
    stats,
    seal: PROCESS_CURSOR_SEAL,
    search: {
      async search(query: SearchQuery) {
        const from = query.cursor ? Number(query.cursor.split(':')[1]) : 0;
        const pad = 'x'.repeat(positionPadding);
        const items = sorted
          .slice(from, from + query.limit)
          .map((f, i) => ({ ...hitOf(f), after: `pos:${from + i + 1}:${pad}` }));
        const end = from + items.length;
        return { items, nextCursor: end < sorted.length ? `pos:${end}:${pad}` : null };
      },
      index: async () => undefined,
      remove: async () => undefined,
    },
    // As the real check: a hotel with nothing to offer is full on the night; a probe reads its one
    // night first, then asks for the rest (its room type) only for the hotels still open.
    async check(hits, probe) {
      const offers = new Map<string, Offer>();
      let decided = 0;
      for (const hit of hits) {
        const fixture = byId.get(hit.hotelId);
        const offer = fixture?.offer;
        if (probe && !probe.afford(offer ? (fixture?.roomTypes ?? 1) * nights : 0)) break;
        decided++;
        if (offer)
          offers.set(hit.hotelId, {
            roomTypeId: 'rt',
            name: 'Room',
            available: 1,
            totalPrice: offer,
            ratePlanId: 'standard',
            refundable: true,
          });
      }
      stats.checked += decided;
      stats.checks++;
      if (probe) stats.probeChecks++;
      stats.probed += probe ? hits.length : 0;
      return {
        offers,
        reads: 1,
        decided,
        fullNights: new Map([[STAY.checkIn, decided - offers.size]]),
        ...(keysReadPerHotel === undefined ? {} : { keysRead: decided * keysReadPerHotel }),
      };
    },
    async lookup(ids) {
      return ids.flatMap((id) => {
        const f = byId.get(id);
        return f ? [hitOf(f)] : [];
      });
    },
  };
}
