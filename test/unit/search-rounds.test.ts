/**
 * How many rounds of reads a dated search request makes (with DynamoDB, a page's
 * time is mostly its rounds): a request in a sold-out city that goes on probing
 * checks all the candidates its budget allows at once (one round of probes, one
 * of reads), and a price page checks the hotels its cursor held again in one
 * round, not one round each. Counted on the stay check in memory.
 */
import { describe, expect, it } from 'vitest';
import { READ_BUDGET, searchStays } from '../../lambdas/domain/available-search';
import { type Fixture, STAY, sourcesOf } from '../support/stay-sources';

describe('dated search rounds of reads', () => {
  it("checks a sold-out city's candidates in one round of probes and reads per request, once it probes", async () => {
    // 3,000 hotels of three room types each (a probe reads 1 + 3 items, a full check 7), one in 20 bookable.
    const fixtures: Fixture[] = Array.from({ length: 3_000 }, (_, i) => ({
      hotelId: `h${String(i).padStart(4, '0')}`,
      name: `Hotel ${i}`,
      floor: { currency: 'USD', amount: 100 },
      offer: i % 20 === 7 ? { currency: 'USD', amount: 100 } : undefined,
      roomTypes: 3,
    }));
    for (const sort of ['relevance', 'price'] as const) {
      const sources = sourcesOf(fixtures);
      let cursor: string | undefined;
      const perRequest: Array<{ checks: number; probeChecks: number; probed: number }> = [];
      for (let request = 0; request < 8; request++) {
        const before = { ...sources.stats };
        const { page, reads } = await searchStays(sources, { ...STAY, sort, limit: 20, cursor }, READ_BUDGET);
        expect(reads).toBeLessThanOrEqual(READ_BUDGET);
        const { checks, probeChecks, probed } = sources.stats;
        perRequest.push({
          checks: checks - before.checks,
          probeChecks: probeChecks - before.probeChecks,
          probed: probed - before.probed,
        });
        cursor = page.nextCursor ?? undefined;
      }
      // The first request learns that the city is full; every one after goes on probing from its
      // cursor, all its candidates in one check (by price, the hotels its cursor held in one more).
      for (let request = 1; request < 8; request++) {
        const made = perRequest[request];
        expect(made?.probed, `${sort}, request ${request}`).toBeGreaterThan(100);
        expect(made?.probeChecks, `${sort}, request ${request}`).toBe(1);
        expect(made?.checks, `${sort}, request ${request}`).toBeLessThanOrEqual(sort === 'price' ? 2 : 1);
      }
    }
  });

  it('checks again the hotels a price cursor held in one round', async () => {
    // Every offer far above every floor: a checked hotel waits until the candidates run out.
    const fixtures: Fixture[] = Array.from({ length: 10 }, (_, i) => ({
      hotelId: `h${i}`,
      name: `Hotel ${i}`,
      floor: { currency: 'USD', amount: 100 },
      offer: { currency: 'USD', amount: 200 + i },
    }));
    const sources = sourcesOf(fixtures);
    const first = await searchStays(sources, { ...STAY, sort: 'price', limit: 3 }, READ_BUDGET);
    expect(first.page.items.map((h) => h.hotelId)).toEqual(['h0', 'h1', 'h2']);
    const before = { ...sources.stats };
    const second = await searchStays(
      sources,
      { ...STAY, sort: 'price', limit: 3, cursor: first.page.nextCursor as string },
      READ_BUDGET,
    );
    expect(second.page.items.map((h) => h.hotelId)).toEqual(['h3', 'h4', 'h5']);
    // The cursor held the other seven: this page checks again those it may show, all at once.
    expect(sources.stats.checks - before.checks).toBe(1);
    expect(sources.stats.checked - before.checked).toBe(4);
  });

  it('charges a check what it read: what cheapest first left unread goes back to the budget', async () => {
    // Three room types a hotel, unnamed in the summary (a full check is charged the hit, 3 room types
    // and 3 nights), and a check that says it read one key a hotel: only the budget's arithmetic is
    // under test here (the lead itself: stay-check-lead.test.ts). Fewer hotels than a page, all checked.
    const fixtures: Fixture[] = Array.from({ length: 19 }, (_, i) => ({
      hotelId: `h${String(i).padStart(2, '0')}`,
      name: `Hotel ${i}`,
      floor: { currency: 'USD', amount: 100 + i },
      offer: { currency: 'USD', amount: 100 + i },
      roomTypes: 3,
    }));
    for (const sort of ['relevance', 'price'] as const) {
      const charged = await searchStays(sourcesOf(fixtures), { ...STAY, sort, limit: 20 }, READ_BUDGET);
      const read = await searchStays(sourcesOf(fixtures, 0, 1, 1), { ...STAY, sort, limit: 20 }, READ_BUDGET);
      expect(read.page.items.map((h) => h.hotelId)).toEqual(charged.page.items.map((h) => h.hotelId));
      expect(read.checked).toBe(19);
      expect(charged.checked).toBe(19);
      expect(charged.reads).toBe(19 * 7);
      expect(read.reads).toBe(19 * 2);
    }
  });
});
