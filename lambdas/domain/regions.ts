/** The two regions the product runs in, and which one owns a hotel's writes. */

export const REGIONS = ['us-east-1', 'ap-southeast-1'] as const;
export type Region = (typeof REGIONS)[number];

/** True when `value` is one of the product's regions. */
export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

/** The region that is not `region`. */
export function otherRegion(region: Region): Region {
  return region === 'us-east-1' ? 'ap-southeast-1' : 'us-east-1';
}

// ISO 3166-1 alpha-2, officially assigned codes (249).
const ISO_COUNTRIES = new Set(
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
  CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
  GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
  KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
  MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
  SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
  UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/),
);

// Asia and Oceania after the UN M49 geoscheme (Cyprus and Türkiye sit in Western Asia there).
const ASIA_AND_OCEANIA = new Set(
  `AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IO IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK
  PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE
  AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS`.split(/\s+/),
);

/** The officially assigned ISO 3166-1 alpha-2 codes, in order. */
export const COUNTRY_CODES: readonly string[] = [...ISO_COUNTRIES].sort();

/** True for an officially assigned ISO 3166-1 alpha-2 code (upper case). */
export function isCountryCode(value: string): boolean {
  return ISO_COUNTRIES.has(value);
}

/** The contract's default owner region: Asia and Oceania -> ap-southeast-1, the rest -> us-east-1. */
export function defaultRegionForCountry(country: string): Region {
  return ASIA_AND_OCEANIA.has(country.toUpperCase()) ? 'ap-southeast-1' : 'us-east-1';
}
