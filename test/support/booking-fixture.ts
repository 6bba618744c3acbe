/** A booking for unit tests that need one whole, with no store behind it. */
import type { Booking } from '../../lambdas/domain/model';

/** A confirmed booking of one king room, 2030-01-01 to 2030-01-03, at one hotel; `over` changes any field. */
export const aBooking = (over: Partial<Booking> = {}): Booking => ({
  bookingId: '5b0c2a56-6a51-4f55-9a38-2f7f0a7c1d11',
  hotelId: 'c0ffee00-0000-4000-8000-000000000001',
  roomTypeId: 'king',
  checkIn: '2030-01-01',
  checkOut: '2030-01-03',
  rooms: 1,
  status: 'CONFIRMED',
  guest: { name: 'Ada', email: 'ada@example.com' },
  totalPrice: { amount: 20_000, currency: 'USD' },
  createdAt: '2029-12-01T10:00:00.000Z',
  managedIn: 'us-east-1',
  requestHash: 'secret-request-hash',
  accessTokenHashes: ['secret-token-hash'],
  version: 1,
  ...over,
});
