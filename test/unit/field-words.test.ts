import { describe, expect, it } from 'vitest';
import { createHotelBody } from '../../lambdas/http/hotel-schemas';
import { detailsOf, fieldWords, problemsInWords, stayProblems } from '../../web/src/field-words';

/** What the API says of a street address it refuses, in its own words. */
const saidOfAddress = (address: unknown) =>
  createHotelBody.safeParse({ name: 'Inn', city: 'Austin', country: 'US', address }).error?.issues[0]
    ?.message ?? '';

describe("a refused field in the user's words", () => {
  it('says what to do, never the field path or the validator', () => {
    const email = fieldWords('guest.email', 'Invalid email address');
    expect(email).toMatch(/e-mail address, such as name@example\.com/);
    expect(email).not.toMatch(/guest|Invalid/);
    expect(fieldWords('rooms', 'Too small: expected number to be >=1')).toBe('Choose 1 to 10 rooms.');
    expect(fieldWords('checkIn', "must not be in the past (the hotel's local date is 2030-01-14)")).toBe(
      'Check-in cannot be in the past.',
    );
    expect(fieldWords('checkIn', 'must be at most 365 days ahead')).toBe(
      'Check-in can be at most a year ahead.',
    );
    expect(fieldWords('checkOut', 'a stay is at most 30 nights')).toBe('A stay can be at most 30 nights.');
    expect(fieldWords('checkOut', 'must be after checkIn')).toBe('Check-out must be after check-in.');
    expect(fieldWords('pricePerNight.currency', 'must be an ISO 4217 currency code')).toMatch(/USD/);
    expect(fieldWords('somethingNew', 'whatever')).toBe('Please check this field.');
  });

  it("says what is wrong with a hotel's street address as the API refused it", () => {
    expect(fieldWords('address', saidOfAddress('10\tBayfront Avenue'))).toBe(
      'Write the street address on one line, without tabs or line breaks.',
    );
    for (const refused of ['   ', 'x'.repeat(201)])
      expect(fieldWords('address', saidOfAddress(refused))).toBe(
        'Enter the street address (up to 200 characters), such as 10 Bayfront Avenue, or leave it empty.',
      );
  });

  it("says a whole answer's problems once each, and a field it does not know without its name", () => {
    expect(
      problemsInWords({ 'guest.email': 'Invalid email address', 'booker.email': 'Invalid email address' }),
    ).toBe(
      'Enter a full e-mail address, such as name@example.com. The confirmation goes there. Enter a full e-mail address, such as name@example.com.',
    );
    expect(problemsInWords({ 'guest.shoeSize': 'is not a known field' })).toBe(
      'Please check the form and try again.',
    );
    expect(problemsInWords(undefined)).toBe('');
  });

  it('reads the problems of a VALIDATION answer only', () => {
    expect(detailsOf({ code: 'VALIDATION', details: { rooms: 'x' } })).toEqual({ rooms: 'x' });
    expect(detailsOf({ code: 'SOLD_OUT', details: { nights: ['2030-01-01'] } })).toEqual({});
  });

  it("finds a stay's problems before it is sent", () => {
    expect(stayProblems('2030-01-10', '2030-01-10', '1')).toEqual({
      checkOut: 'Check-out must be after check-in.',
    });
    expect(stayProblems('2030-01-10', '2030-02-10', '0')).toEqual({
      rooms: 'Choose 1 to 10 rooms.',
      checkOut: 'A stay can be at most 30 nights.',
    });
    expect(stayProblems('', '', '2')).toEqual({});
  });
});
