/**
 * Prices as sortable keywords: the currency code, then the amount padded to 13
 * digits, so that comparing two keys as strings orders them as the contract
 * does (currency first, then amount) in both engines and in DynamoDB conditions.
 */
import type { Money } from '../../domain/money';
import type { PriceFloor } from '../../domain/rates';

/** Sorts after every price: a hotel without one comes last. */
export const NO_PRICE_KEY = '~';
/** Sorts before every price: a floor nobody knows bounds nothing. */
export const UNKNOWN_FLOOR_KEY = '!';

/** `USD0000000012345` for 123.45 USD. */
export function priceKey(price: Money | null | undefined): string {
  return price ? `${price.currency}${String(price.amount).padStart(13, '0')}` : NO_PRICE_KEY;
}

/** The key of a price floor; an unknown floor sorts first. */
export function floorKey(floor: PriceFloor | undefined): string {
  return floor === undefined || floor === 'UNKNOWN' ? UNKNOWN_FLOOR_KEY : priceKey(floor);
}

/** The price a key stands for; undefined for the no-price and unknown keys. */
export function priceOfKey(key: string): Money | undefined {
  const m = /^([A-Z]{3})(\d{13})$/.exec(key);
  return m ? { currency: m[1] as string, amount: Number(m[2]) } : undefined;
}

/** True for a key the engines issue in a price order: a price, or the no-price or unknown-floor mark. */
export function isPriceSortKey(key: unknown): boolean {
  return (
    typeof key === 'string' &&
    (key === NO_PRICE_KEY || key === UNKNOWN_FLOOR_KEY || priceOfKey(key) !== undefined)
  );
}
