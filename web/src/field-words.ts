/**
 * What a refused field means, in the words of the traveller or hotelier who typed it:
 * the API names a field by its path (`guest.email`, `pricePerNight.currency`) and says
 * what is wrong in a developer's words; the pages say this next to the field instead.
 * Pure (no DOM), so unit tests run it.
 */
import { MAX_ADDRESS_CHARACTERS } from '../../lambdas/domain/model';
import { MAX_NIGHTS } from '../../lambdas/domain/stay';

/** The same words for a field wherever it sits (`guest.email` and `booker.email` differ only in whose). */
const EMAIL = 'Enter a full e-mail address, such as name@example.com.';

/** Plain words per field path; a function reads the server's message where one field can fail in several ways. */
const WORDS: Record<string, string | ((said: string) => string)> = {
  checkIn: (said) =>
    /past/.test(said)
      ? 'Check-in cannot be in the past.'
      : /365|ahead/.test(said)
        ? 'Check-in can be at most a year ahead.'
        : 'Choose a check-in date.',
  checkOut: (said) =>
    new RegExp(String(MAX_NIGHTS)).test(said)
      ? `A stay can be at most ${MAX_NIGHTS} nights.`
      : 'Check-out must be after check-in.',
  from: (said) => (/past/.test(said) ? 'The first night cannot be in the past.' : 'Choose the first night.'),
  to: () => 'The last night must be on or after the first.',
  rooms: 'Choose 1 to 10 rooms.',
  roomTypeId: 'Choose a room type.',
  'guest.name': "Enter the guest's name (up to 200 characters).",
  'guest.email': `${EMAIL} The confirmation goes there.`,
  'guest.phone': 'Enter a phone number such as +44 20 7946 0958: digits, spaces, brackets and hyphens.',
  'guest.requests': 'Requests to the hotel can be at most 500 characters.',
  'booker.name': "Enter the booker's name (up to 200 characters).",
  'booker.email': EMAIL,
  email: EMAIL,
  reference: 'A booking reference is the 8 letters and digits on your confirmation, e.g. K7QX4M2P.',
  name: 'Enter a name of 1 to 200 characters.',
  city: 'Enter the city (up to 100 characters).',
  address: (said) =>
    /one line/.test(said)
      ? 'Write the street address on one line, without tabs or line breaks.'
      : `Enter the street address (up to ${MAX_ADDRESS_CHARACTERS} characters), such as 10 Bayfront Avenue, or leave it empty.`,
  country: 'Enter a two-letter country code, such as US, SG or TH.',
  description: 'A description can be at most 5,000 characters.',
  timeZone: 'Choose a time zone such as Asia/Singapore.',
  checkInTime: 'Enter a time such as 15:00.',
  checkOutTime: 'Enter a time such as 11:00.',
  totalRooms: 'Enter a number of rooms from 0 to 10,000.',
  'pricePerNight.amount': 'Enter a price of 0 or more.',
  'pricePerNight.currency': 'Enter a currency code such as USD, SGD or THB.',
  minStay: 'Enter a minimum stay of 1 to 30 nights.',
  maxPrice: 'Enter a price of 0 or more.',
  maxOccupancy: 'Enter the guests a room holds, from 1 to 20.',
  standardOccupancy: (said) =>
    /above/.test(said)
      ? 'The guests in the price cannot be more than the guests a room holds.'
      : 'Enter the guests the price includes, from 1 to 20.',
  'extraGuestPerNight.amount': 'Enter a price of 0 or more for each extra guest.',
  'extraGuestPerNight.currency': "An extra guest is priced in the room type's currency.",
  ratePlanId: 'A plan id is lowercase letters, digits and -, and cannot be "standard".',
  priceAdjustment: (said) =>
    /currency/.test(said)
      ? "A price change in money must be in the room type's currency."
      : 'Enter a percent from 0 to 100 off (at most 1,000 more), or an amount.',
  'cancellation.freeUntilHoursBefore': 'Enter the hours before check-in, from 0 to 8,760.',
  'cancellation.fee': 'Enter a fee of 0 to 30 nights, or 0 to 100% of the stay.',
  noShowFee: 'Enter a fee of 0 to 30 nights, or 0 to 100% of the stay.',
  includes: 'List at most 20 inclusions, each up to 100 characters.',
  minAdvanceDays: (said) =>
    /above/.test(said)
      ? 'The earliest advance cannot be more than the latest.'
      : 'Enter a number of days from 0 to 365.',
  maxAdvanceDays: 'Enter a number of days from 0 to 365.',
};

/** What a refused `field` means, in plain words; `said` is what the API said of it. */
export function fieldWords(field: string, said: string): string {
  const words = WORDS[field];
  if (typeof words === 'function') return words(said);
  return words ?? 'Please check this field.';
}

/** Every problem of a VALIDATION answer as one sentence each, for a page with no field to put them by. */
export function problemsInWords(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, string>)
    .map(([field, said]) =>
      field in WORDS ? fieldWords(field, String(said)) : 'Please check the form and try again.',
    )
    .filter((words, at, all) => all.indexOf(words) === at)
    .join(' ');
}

/** The problems of a VALIDATION answer, keyed by field path, or none. */
export function detailsOf(error: { code: string; details?: unknown }): Record<string, string> {
  if (error.code !== 'VALIDATION' || !error.details || typeof error.details !== 'object') return {};
  return Object.fromEntries(
    Object.entries(error.details as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
}

/** The fields of a stay as the traveller chooses it. */
export type StayField = 'checkIn' | 'checkOut' | 'rooms';

/** What is wrong with the stay as chosen, in the traveller's words; nothing while it is undated. */
export function stayProblems(
  checkIn: string,
  checkOut: string,
  rooms: string,
): Partial<Record<StayField, string>> {
  const problems: Partial<Record<StayField, string>> = {};
  if (!/^([1-9]|10)$/.test(rooms)) problems.rooms = fieldWords('rooms', '');
  if (checkIn && checkOut) {
    if (checkOut <= checkIn) problems.checkOut = fieldWords('checkOut', 'after');
    else if ((Date.parse(checkOut) - Date.parse(checkIn)) / 86_400_000 > MAX_NIGHTS)
      problems.checkOut = fieldWords('checkOut', String(MAX_NIGHTS));
  }
  return problems;
}
