import { describe, expect, it } from 'vitest';
import { cancellationWords, hotelTimes, placeOf, standardTerms, zoneWords } from '../../web/src/stay-terms';

const losAngeles = {
  city: 'Los Angeles',
  country: 'US',
  timeZone: 'America/Los_Angeles',
  checkInTime: '15:00',
  checkOutTime: '11:00',
};
const singapore = { ...losAngeles, city: 'Singapore', country: 'SG', timeZone: 'Asia/Singapore' };

describe("a stay's terms in words", () => {
  it("names the hotel's place and its times in its own zone", () => {
    expect(placeOf(singapore)).toBe('Singapore, Singapore');
    expect(placeOf(losAngeles)).toBe('Los Angeles, United States');
    // With a street address, it comes first; without one, the city and country as before.
    expect(placeOf({ ...singapore, address: '10 Bayfront Avenue' })).toBe(
      '10 Bayfront Avenue, Singapore, Singapore',
    );
    expect(placeOf({ ...losAngeles, address: undefined })).toBe('Los Angeles, United States');
    expect(zoneWords('America/Los_Angeles')).toBe('Los Angeles time');
    expect(zoneWords('UTC')).toBe('UTC');
    expect(hotelTimes(losAngeles)).toBe('Check-in from 15:00, check-out by 11:00 (Los Angeles time)');
  });

  it('gives the standard terms as free until the check-in time of the arrival day, with its offset', () => {
    // Summer and winter in Los Angeles (UTC−7, UTC−8); Singapore has one offset all year.
    expect(standardTerms(losAngeles, '2027-07-14')).toEqual({ freeUntil: '2027-07-14T15:00:00-07:00' });
    expect(standardTerms(losAngeles, '2027-01-14')).toEqual({ freeUntil: '2027-01-14T15:00:00-08:00' });
    expect(standardTerms(singapore, '2027-01-14')).toEqual({ freeUntil: '2027-01-14T15:00:00+08:00' });
    const words = cancellationWords(standardTerms(singapore, '2027-01-14'), singapore.timeZone);
    expect(words).toMatch(/^Free cancellation until .*14.*2027, 15:00 \(Singapore time, UTC\+08:00\)\. /);
    expect(words).toMatch(/no longer be cancelled online/);
  });

  it("says a plan's terms the same way: a fee after the deadline, or non-refundable", () => {
    const fee = { amount: 12_000, currency: 'USD' };
    expect(
      cancellationWords({ freeUntil: '2027-03-14T15:00:00-07:00', feeAfter: fee }, 'America/Los_Angeles'),
    ).toMatch(/15:00 \(Los Angeles time, UTC−07:00\)\. After that, cancelling costs \$120\.00\.$/);
    expect(cancellationWords({ freeUntil: null, feeAfter: fee }, 'UTC')).toBe(
      'Non-refundable: cancelling costs $120.00.',
    );
  });
});
