/** What callers see of domain records: only contract fields, never hashes or storage detail. */
import type { HandoverStatus } from '../domain/handover';
import { clockOf } from '../domain/hotel-clock';
import type { Booking, Hotel, RoomType } from '../domain/model';

export function toRoomTypeView(roomType: RoomType) {
  const { roomTypeId, name, totalRooms, pricePerNight } = roomType;
  return { roomTypeId, name, totalRooms, pricePerNight };
}

/** The fields every view of a hotel shows, the hotel's clock among them. */
function hotelFields(hotel: Hotel) {
  const { hotelId, name, city, country, managedIn, description, attributes } = hotel;
  return { hotelId, name, city, country, managedIn, description, attributes, ...clockOf(hotel) };
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
    createdAt,
    ...(cancelledAt ? { cancelledAt } : {}),
    ...(checkedInAt ? { checkedInAt } : {}),
    ...(checkedOutAt ? { checkedOutAt } : {}),
    ...(noShowAt ? { noShowAt } : {}),
    ...(releasedFrom ? { releasedFrom } : {}),
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
