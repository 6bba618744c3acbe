import { describe, expect, it } from 'vitest';
import { addDays, isCalendarDate, nightsOf, stayProblems } from '../../lambdas/domain/stay';

const today = '2028-02-10'; // the hotel's local date; 2028 is a leap year

describe('stay rules', () => {
  it.each([
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2028-13-01', false],
    ['2028-1-01', false],
    ['not-a-date', false],
    ['2028-04-31', false],
  ])('isCalendarDate(%s) is %s', (date, ok) => {
    expect(isCalendarDate(date)).toBe(ok);
  });

  it('lists the nights of [checkIn, checkOut) across a month end', () => {
    expect(nightsOf('2028-02-28', '2028-03-02')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
  });

  it.each([
    ['checkIn today', '2028-02-10', '2028-02-11', {}],
    [
      'checkIn yesterday',
      '2028-02-09',
      '2028-02-11',
      { checkIn: "must not be in the past (the hotel's local date is 2028-02-10)" },
    ],
    ['30 nights', '2028-02-10', addDays('2028-02-10', 30), {}],
    ['31 nights', '2028-02-10', addDays('2028-02-10', 31), { checkOut: 'a stay is at most 30 nights' }],
    ['365 days ahead', addDays('2028-02-10', 365), addDays('2028-02-10', 366), {}],
    [
      '366 days ahead',
      addDays('2028-02-10', 366),
      addDays('2028-02-10', 367),
      { checkIn: 'must be at most 365 days ahead' },
    ],
    ['checkOut = checkIn', '2028-02-12', '2028-02-12', { checkOut: 'must be after checkIn' }],
    [
      'Feb 29 in a common year',
      '2029-02-29',
      '2029-03-01',
      { checkIn: 'must be a calendar date YYYY-MM-DD' },
    ],
  ])('%s', (_name, checkIn, checkOut, expected) => {
    expect(stayProblems(checkIn, checkOut, today)).toEqual(expected);
  });
});
