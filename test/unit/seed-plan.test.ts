/** The demo seed's plan: the items both regions receive hold the booking invariant, as real bookings would. */
import { describe, expect, it } from 'vitest';
import { ENTITY } from '../../lambdas/adapters/dynamodb/keys';
import { findDiscrepancies } from '../../lambdas/domain/reconcile';
import { nightsOf, todayUtc } from '../../lambdas/domain/stay';
import { planDemoData } from '../../local/seed';

const now = new Date('2026-12-01T10:00:00Z');
const plan = planDemoData(400, now);
const items = plan.planned.flatMap((p) => p.items);
const of = (entity: string) => items.filter((i) => i.entity === entity);

describe('demo seed plan', () => {
  it('plans every hotel with its room types and some bookings', () => {
    expect(plan.hotels).toBe(400);
    expect(of(ENTITY.hotel)).toHaveLength(400);
    expect(of(ENTITY.roomType)).toHaveLength(plan.roomTypes);
    expect(of(ENTITY.booking)).toHaveLength(plan.bookings);
    // About a fifth of the hotels have one or two bookings.
    expect(plan.bookings).toBeGreaterThan(40);
    expect(plan.bookings).toBeLessThan(200);
  });

  it('keeps every night counter equal to its bookings, within capacity', () => {
    const facts = (entity: string) => of(entity) as never[];
    expect(
      findDiscrepancies(facts(ENTITY.booking), facts(ENTITY.night), facts(ENTITY.roomType), () =>
        todayUtc(now),
      ),
    ).toEqual([]);
    // And every counter counts its bookings in its version, as one update per booking would.
    for (const night of of(ENTITY.night)) {
      const covering = of(ENTITY.booking).filter(
        (b) =>
          b.hotelId === night.hotelId &&
          b.roomTypeId === night.roomTypeId &&
          nightsOf(String(b.checkIn), String(b.checkOut)).includes(String(night.night)),
      );
      expect(night.version).toBe(covering.length);
    }
  });

  it('stamps every item as its owner region wrote it, with unique keys, each hotel fitting one transaction', () => {
    const owner = new Map(plan.planned.map((p) => [p.hotel.hotelId, p.hotel.managedIn]));
    for (const item of items) {
      expect(item.writtenBy).toBe(owner.get(String(item.hotelId)));
      expect(item.managedIn).toBe(item.writtenBy);
      expect(item.writtenAt).toBe(now.getTime());
    }
    expect(new Set(items.map((i) => `${i.pk}|${i.sk}`)).size).toBe(items.length);
    for (const p of plan.planned) expect(p.items.length).toBeLessThanOrEqual(100);
  });

  it('prices each booking at the room type price for every night and room', () => {
    for (const booking of of(ENTITY.booking)) {
      const roomType = of(ENTITY.roomType).find(
        (r) => r.hotelId === booking.hotelId && r.roomTypeId === booking.roomTypeId,
      ) as { pricePerNight: { amount: number; currency: string } };
      const nights = nightsOf(String(booking.checkIn), String(booking.checkOut)).length;
      expect(booking.totalPrice).toEqual({
        amount: roomType.pricePerNight.amount * nights * Number(booking.rooms),
        currency: roomType.pricePerNight.currency,
      });
      expect(booking.status).toBe('CONFIRMED');
    }
  });
});
