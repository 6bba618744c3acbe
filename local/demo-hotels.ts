/**
 * Believable demo hotels in real cities of the United States and Southeast
 * Asia, generated deterministically from a seed, so that seeding, the relevance
 * set and the benchmarks all see the same world.
 */
import type { Attributes } from '../lambdas/domain/model';
import type { Money } from '../lambdas/domain/money';

import { DEMO_CITIES, type DemoCity } from './demo-cities';

const ADJECTIVES = [
  'Grand',
  'Royal',
  'Little',
  'Golden',
  'Silver',
  'Imperial',
  'Majestic',
  'Serene',
  'Blue',
  'Hidden',
  'Sunset',
  'Heritage',
  'Urban',
  'Quiet',
  'Old',
  'Noble',
  'Emerald',
  'Ivory',
  'Crimson',
  'Azure',
];
const NOUNS = [
  'Orchid',
  'Lotus',
  'Banyan',
  'Jade',
  'Pearl',
  'Harbour',
  'Maple',
  'Cedar',
  'Willow',
  'Bamboo',
  'Coral',
  'Sapphire',
  'Lantern',
  'Monsoon',
  'Saffron',
  'Teak',
  'Frangipani',
  'Magnolia',
  'Meridian',
  'Compass',
  'Anchor',
  'Lighthouse',
  'Tamarind',
  'Mango',
  'Palm',
  'Heron',
  'Kingfisher',
  'Juniper',
  'Aster',
  'Peony',
  'Marigold',
  'Cypress',
  'Birch',
  'Falcon',
  'Tide',
  'Ember',
  'Summit',
  'Horizon',
  'Orchard',
  'Riverstone',
];
const KINDS = [
  'Hotel',
  'Inn',
  'Suites',
  'Resort',
  'Lodge',
  'Residences',
  'Boutique Hotel',
  'Guesthouse',
  'Retreat',
  'House',
  'Palace',
  'Villas',
  'Hostel',
  'Apartments',
];
const ROMANCE = ['Café', 'Maison', 'Hôtel', 'Casa', 'Villa'];
const ROMANCE_NOUNS = [
  'Lumière',
  'Étoile',
  'Soleil',
  'Rivière',
  'Jardín',
  'Mirador',
  'Crème',
  'Orquídea',
  'Château',
  'Brisa',
];
const LOCAL_WORD: Record<string, string> = {
  TH: 'Baan',
  MY: 'Rumah',
  ID: 'Wisma',
  PH: 'Bahay',
  VN: 'Nhà',
  KH: 'Phteah',
  LA: 'Heuan',
  MM: 'Eain',
};
const AMENITIES = [
  'wifi',
  'pool',
  'gym',
  'spa',
  'breakfast',
  'parking',
  'airport shuttle',
  'rooftop bar',
  'laundry',
  'bicycle rental',
  'coworking',
  'kids club',
];
const VIEWS = [
  'the old town',
  'the river',
  'the skyline',
  'the sea',
  'quiet gardens',
  'the night market',
  'the hills',
];

/** The demo room types, with who fits: `extraShare` of the night's price per guest above the standard occupancy. */
export const ROOM_TYPE_CATALOGUE = [
  { roomTypeId: 'standard-queen', name: 'Standard Queen', factor: 1, max: 2, standard: 2, extraShare: 0 },
  { roomTypeId: 'twin', name: 'Twin Room', factor: 1.05, max: 3, standard: 2, extraShare: 0.2 },
  { roomTypeId: 'deluxe-king', name: 'Deluxe King', factor: 1.4, max: 3, standard: 2, extraShare: 0.15 },
  { roomTypeId: 'family-suite', name: 'Family Suite', factor: 2.1, max: 5, standard: 4, extraShare: 0.1 },
  {
    roomTypeId: 'studio',
    name: 'Studio with Kitchenette',
    factor: 1.25,
    max: 3,
    standard: 2,
    extraShare: 0.15,
  },
  { roomTypeId: 'dorm-bed', name: 'Bed in Shared Dorm', factor: 0.3, max: 1, standard: 1, extraShare: 0 },
] as const;

export interface DemoRoomType {
  readonly roomTypeId: string;
  readonly name: string;
  readonly totalRooms: number;
  readonly pricePerNight: Money;
  readonly maxOccupancy: number;
  readonly standardOccupancy: number;
  readonly extraGuestPerNight: Money;
}

export interface DemoHotel {
  readonly name: string;
  readonly city: string;
  readonly country: string;
  /** One line of street address on one of the city's real streets, with a made-up number. */
  readonly address: string;
  readonly timeZone: string;
  readonly description: string;
  readonly attributes: Attributes;
  readonly roomTypes: readonly DemoRoomType[];
}

/** A small, fast, seedable PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

/** Minor units per major unit of an ISO 4217 currency (100 for USD, 1 for VND). */
export function minorUnitFactor(currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return 10 ** digits;
}

function hotelName(random: () => number, city: DemoCity): string {
  const kind = pick(random, KINDS);
  switch (Math.floor(random() * 7)) {
    case 0:
      return `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${kind}`;
    case 1:
      return `The ${pick(random, NOUNS)} ${kind}`;
    case 2:
      return `${pick(random, city.places)} ${pick(random, NOUNS)} ${kind}`;
    case 3:
      return `${pick(random, ROMANCE)} ${pick(random, ROMANCE_NOUNS)}`;
    case 4: {
      const local = LOCAL_WORD[city.country];
      return local ? `${local} ${pick(random, NOUNS)}` : `${pick(random, city.places)} ${kind}`;
    }
    case 5:
      return `${pick(random, NOUNS)} & ${pick(random, NOUNS)} ${kind}`;
    default:
      return `${pick(random, ADJECTIVES)} ${pick(random, city.places)} ${kind}`;
  }
}

/** A street address as the city's country writes one: "12 Orchard Road", "No. 12, Jalan Ampang", "Jalan Malioboro No. 12". */
function streetAddress(random: () => number, city: DemoCity): string {
  const street = pick(random, city.streets);
  const number = 1 + Math.floor(random() * (city.country === 'US' ? 2_000 : 300));
  if (city.country === 'ID') return `${street} No. ${number}`;
  if (city.country === 'MY') return `No. ${number}, ${street}`;
  return `${number} ${street}`;
}

/** `count` demo hotels, the same ones for the same seed. Cities are spread round-robin so each has many. */
export function generateDemoHotels(count: number, seed = 20261121): DemoHotel[] {
  const random = seededRandom(seed);
  // Addresses draw from a stream of their own: every seed's names and prices stay what they were.
  const addressRandom = seededRandom(seed ^ 0x5eed_add5);
  const hotels: DemoHotel[] = [];
  for (let i = 0; i < count; i++) {
    const city = DEMO_CITIES[i % DEMO_CITIES.length] as DemoCity;
    const name = hotelName(random, city);
    const stars = 2 + Math.floor(random() * 4);
    const amenities = AMENITIES.filter(() => random() < 0.35);
    const roomTypeCount = 1 + Math.floor(random() * 4);
    const catalogue = [...ROOM_TYPE_CATALOGUE].sort(() => random() - 0.5).slice(0, roomTypeCount);
    const unit = minorUnitFactor(city.currency);
    const starFactor = 0.6 + stars * 0.2;
    const roomTypes = catalogue.map((rt) => {
      const major = city.basePrice * rt.factor * starFactor * (0.85 + random() * 0.3);
      // Round to a price a hotel would show: 2 significant figures in major units.
      const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(major)) - 1);
      const amount = Math.round(major / magnitude) * magnitude * unit;
      return {
        roomTypeId: rt.roomTypeId,
        name: rt.name,
        totalRooms: 2 + Math.floor(random() * 40),
        pricePerNight: { amount, currency: city.currency },
        // No random draw here: the hotels' names and prices stay what they were for each seed.
        maxOccupancy: rt.max,
        standardOccupancy: rt.standard,
        extraGuestPerNight: {
          amount: Math.round((amount * rt.extraShare) / unit) * unit,
          currency: city.currency,
        },
      };
    });
    hotels.push({
      name,
      city: city.city,
      country: city.country,
      address: streetAddress(addressRandom, city),
      timeZone: city.timeZone,
      description: `A ${stars}-star ${name.toLowerCase().includes('hostel') ? 'hostel' : 'stay'} in ${city.city} with views of ${pick(random, VIEWS)}.`,
      attributes: {
        stars,
        amenities,
        petsAllowed: random() < 0.3,
        checkInFrom: pick(random, ['14:00', '15:00', '16:00']),
      },
      roomTypes,
    });
  }
  return hotels;
}
