/** The hotelier's session in this tab: the token every hoteliers' page sends, and their errors in words. */
import { type ApiError, plainWords } from './api';
import { formatDate } from './format';

/** Where the token lives: this tab's session storage, gone when the tab closes. */
export const TOKEN_KEY = 'hotelierToken';

/** The hotelier's bearer token, or '' when not signed in. */
export const token = (): string => sessionStorage.getItem(TOKEN_KEY) ?? '';

/** Keeps the token the hotelier signed in with (or signs out with ''). */
export function keepToken(value: string): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/**
 * A hoteliers' API refusal in plain words; a capacity cut names its booked nights, and a
 * token the API no longer accepts is forgotten, so the next page asks to sign in again.
 */
export function explain(error: ApiError): string {
  const nights = (error.details as { nights?: Array<{ night: string; booked: number }> } | undefined)?.nights;
  if (error.code === 'CONFLICT' && nights?.length)
    return `${error.message}: ${nights.map((n) => `${formatDate(n.night)} has ${n.booked} booked`).join('; ')}.`;
  if (error.code === 'UNAUTHORIZED') keepToken('');
  return plainWords(error);
}
