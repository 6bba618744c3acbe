/** What callers see of domain records: only contract fields, never hashes or storage detail. */

import { termsOf } from '../domain/cancellation-policy';
import type { HandoverStatus } from '../domain/handover';
import { clockOf } from '../domain/hotel-clock';
import type { Booking, Hotel, RoomType } from '../domain/model';
import { occupancyOf } from '../domain/occupancy';
import type { RatePlanTerms } from '../domain/rate-plans';

export function toRoomTypeView(roomType: RoomType) {
  const { roomTypeId, name, totalRooms, pricePerNight } = roomType;
  return { roomTypeId, name, totalRooms, pricePerNight, ...occupancyOf(roomType) };
}

/** The fields every view of a hotel shows, the hotel's clock among them. */
function hotelFields(hotel: Hotel) {
  const { hotelId, name, city, country, address, managedIn, description, attributes } = hotel;
  return {
    hotelId,
    name,
    city,
    country,
    ...(address !== undefined && { address }),
    managedIn,
    description,
    attributes,
    ...clockOf(hotel),
  };
}

export function toPublicHotelView(hotel: Hotel, roomTypes: readonly RoomType[]) {
  return {
    ...hotelFields(hotel),
    roomTypes: roomTypes
      .filter((r) => r.status === 'ACTIVE')
      .map(toRoomTypeView)
      .sort((a, b) => a.roomTypeId.localeCompare(b.roomTypeId)),
  };
}

export function toManagedHotelView(hotel: Hotel) {
  const { status, createdAt, updatedAt } = hotel;
  return { ...hotelFields(hotel), status, createdAt, updatedAt };
}

export function toBookingView(booking: Booking) {
  const {
    bookingId,
    reference,
    hotelId,
    roomTypeId,
    checkIn,
    checkOut,
    rooms,
    status,
    guest,
    booker,
    totalPrice,
    adults,
    children,
    cancellation,
    noShowFee,
    cancellationFee,
    createdAt,
    cancelledAt,
    checkedInAt,
    checkedOutAt,
    noShowAt,
    releasedFrom,
  } = booking;
  return {
    bookingId,
    ...(reference ? { reference } : {}),
    hotelId,
    roomTypeId,
    checkIn,
    checkOut,
    rooms,
    status,
    guest,
    ...(booker ? { booker } : {}),
    totalPrice,
    ...bookedPlanView(termsOf(booking)),
    ...(adults !== undefined ? { adults, children: children ?? 0 } : {}),
    ...(cancellation ? { cancellation } : {}),
    ...(noShowFee ? { noShowFee } : {}),
    ...(cancellationFee ? { cancellationFee } : {}),
    createdAt,
    ...(cancelledAt ? { cancelledAt } : {}),
    ...(checkedInAt ? { checkedInAt } : {}),
    ...(checkedOutAt ? { checkedOutAt } : {}),
    ...(noShowAt ? { noShowAt } : {}),
    ...(releasedFrom ? { releasedFrom } : {}),
  };
}

/** The plan a booking keeps, as its view shows it: the terms, not the version they were read at. */
function bookedPlanView(terms: RatePlanTerms) {
  const {
    ratePlanId,
    name,
    priceAdjustment,
    cancellation,
    noShowFee,
    includes,
    minAdvanceDays,
    maxAdvanceDays,
  } = terms;
  return {
    ratePlanId,
    ratePlan: {
      ratePlanId,
      name,
      ...(priceAdjustment ? { priceAdjustment } : {}),
      cancellation,
      noShowFee,
      includes: [...includes],
      ...(minAdvanceDays !== undefined ? { minAdvanceDays } : {}),
      ...(maxAdvanceDays !== undefined ? { maxAdvanceDays } : {}),
    },
  };
}

/** A handover's status for operators: the watermark as an ISO time, like every other time. */
export function toHandoverView(status: HandoverStatus) {
  const { record } = status;
  return {
    ...status,
    record: record && {
      ...record,
      watermark: record.watermark === undefined ? undefined : new Date(record.watermark).toISOString(),
    },
  };
}
