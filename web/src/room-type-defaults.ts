/**
 * What a new room type's form fills in for the hotelier: an id made from the
 * name, and the currency the hotel already prices in. Pure, so unit tests run it.
 */
import { mostUsedCurrency } from './format';

/** The longest room type id the API takes (`^[a-z0-9][a-z0-9-]{0,63}$`). */
const MAX_ID = 64;

/** "Deluxe King (Sea View)" -> "deluxe-king-sea-view"; accents dropped; never equal to a taken id. */
export function roomTypeIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_ID)
      .replace(/-+$/, '') || 'room';
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_ID - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

// The currency of each country a hotel is most often in (ISO 3166 -> ISO 4217); anywhere else starts from USD.
const COUNTRY_CURRENCY = new Map<string, string>([
  ...`US:USD CA:CAD MX:MXN BR:BRL AR:ARS CL:CLP CO:COP PE:PEN GB:GBP CH:CHF NO:NOK SE:SEK DK:DKK PL:PLN
  CZ:CZK HU:HUF TR:TRY SG:SGD TH:THB MY:MYR ID:IDR VN:VND PH:PHP KH:KHR LA:LAK MM:MMK BN:BND JP:JPY KR:KRW
  CN:CNY HK:HKD MO:MOP TW:TWD IN:INR LK:LKR MV:MVR NP:NPR AE:AED SA:SAR QA:QAR IL:ILS AU:AUD NZ:NZD FJ:FJD
  ZA:ZAR EG:EGP MA:MAD KE:KES`
    .split(/\s+/)
    .map((pair) => pair.split(':') as [string, string]),
  ...'AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK'
    .split(' ')
    .map((country): [string, string] => [country, 'EUR']),
]);

/** The currency a new room type starts in: the one most of the hotel's room types use, else its country's. */
export function defaultCurrency(existing: ReadonlyArray<{ currency: string }>, country: string): string {
  return mostUsedCurrency(existing) ?? COUNTRY_CURRENCY.get(country.toUpperCase()) ?? 'USD';
}
