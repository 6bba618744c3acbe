/** The demo seed's plan: the items both regions receive hold the booking invariant, as real bookings would. */
import { describe, expect, it } from 'vitest';
import { RATE_PLAN_ITEM } from '../../lambdas/adapters/dynamodb/items/rate-plan';
import { ROOM_TYPE_ITEM } from '../../lambdas/adapters/dynamodb/items/room-type';
import { ENTITY } from '../../lambdas/adapters/dynamodb/keys';
import { occupancyOf, occupancyProblems } from '../../lambdas/domain/occupancy';
import { findDiscrepancies } from '../../lambdas/domain/reconcile';
import { nightsOf, todayUtc } from '../../lambdas/domain/stay';
import { createHotelBody } from '../../lambdas/http/hotel-schemas';
import { planDemoData } from '../../local/seed';

const now = new Date('2026-12-01T10:00:00Z');
const plan = planDemoData(400, now);
const items = plan.planned.flatMap((p) => p.items);
const of = (entity: string) => items.filter((i) => i.entity === entity);
const roomTypeOf = ROOM_TYPE_ITEM.fromItem;

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

  it('gives every room type its occupancy, and two or three plans: standard, non-refundable at 10-20% off, some with breakfast', () => {
    for (const roomType of of(ENTITY.roomType)) {
      const occupancy = occupancyOf(roomTypeOf(roomType));
      expect(roomType.maxOccupancy).toBe(occupancy.maxOccupancy);
      expect(occupancy.standardOccupancy).toBeLessThanOrEqual(occupancy.maxOccupancy);
      expect(occupancyProblems(roomTypeOf(roomType))).toEqual({});
      const plans = of(ENTITY.ratePlan)
        .filter((p) => p.hotelId === roomType.hotelId && p.roomTypeId === roomType.roomTypeId)
        .map((p) => RATE_PLAN_ITEM.fromItem(p));
      // Standard has no item: one or two more make two or three plans.
      expect(plans.length).toBeGreaterThanOrEqual(1);
      expect(plans.length).toBeLessThanOrEqual(2);
      const saver = plans.find((p) => p.ratePlanId === 'non-refundable');
      expect(saver?.cancellation.freeUntilHoursBefore).toBeNull();
      const percent =
        saver?.priceAdjustment && 'percent' in saver.priceAdjustment ? saver.priceAdjustment.percent : 0;
      expect(percent).toBeGreaterThanOrEqual(-20);
      expect(percent).toBeLessThanOrEqual(-10);
    }
    const withBreakfast = of(ENTITY.ratePlan).filter((p) => (p.includes as string[]).includes('breakfast'));
    expect(withBreakfast.length).toBeGreaterThan(0);
    expect(withBreakfast.length).toBeLessThan(of(ENTITY.ratePlan).length);
  });

  it("gives every hotel a street address the API would take, on one of its city's streets, numbers varied", () => {
    const hotels = plan.planned.map((p) => p.hotel);
    for (const { name, city, country, address } of hotels) {
      const asCreated = createHotelBody.safeParse({ name, city, country, address });
      expect(asCreated.success, `${address}: ${asCreated.error?.message}`).toBe(true);
      expect(asCreated.data?.address).toBe(address);
    }
    const singapore = hotels.filter((h) => h.city === 'Singapore').map((h) => h.address ?? '');
    expect(singapore.length).toBeGreaterThan(5);
    expect(
      singapore.every((a) =>
        /^\d+ (Orchard|Beach|River Valley|Tanjong Pagar) Road$|^\d+ Bayfront Avenue$/.test(a),
      ),
    ).toBe(true);
    expect(new Set(hotels.map((h) => h.address)).size).toBeGreaterThan(hotels.length * 0.9);
    // The same world for the same seed: the addresses too.
    expect(planDemoData(400, now).planned.map((p) => p.hotel.address)).toEqual(hotels.map((h) => h.address));
  });
});
