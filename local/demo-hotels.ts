/**
 * Believable demo hotels in real cities of the United States and Southeast
 * Asia, generated deterministically from a seed, so that seeding, the relevance
 * set and the benchmarks all see the same world.
 */
import type { Attributes } from '../lambdas/domain/model';
import type { Money } from '../lambdas/domain/money';

export interface DemoCity {
  readonly city: string;
  readonly country: string;
  /** The city's IANA zone: its hotels' clock. */
  readonly timeZone: string;
  readonly currency: string;
  /** A typical nightly price for a standard room, in major units of the currency. */
  readonly basePrice: number;
  /** Neighbourhoods and landmarks that hotels there are named after. */
  readonly places: readonly string[];
}

export const DEMO_CITIES: readonly DemoCity[] = [
  {
    city: 'New York',
    country: 'US',
    timeZone: 'America/New_York',
    currency: 'USD',
    basePrice: 260,
    places: ['Midtown', 'SoHo', 'Gramercy', 'Hudson', 'Chelsea', 'Tribeca'],
  },
  {
    city: 'Los Angeles',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    basePrice: 210,
    places: ['Silver Lake', 'Venice', 'Sunset', 'Echo Park', 'Pacific'],
  },
  {
    city: 'Chicago',
    country: 'US',
    timeZone: 'America/Chicago',
    currency: 'USD',
    basePrice: 190,
    places: ['Lakeshore', 'Wicker Park', 'River North', 'Loop', 'Lincoln Park'],
  },
  {
    city: 'San Francisco',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    basePrice: 240,
    places: ['Nob Hill', 'Presidio', 'Embarcadero', 'Mission', 'Marina'],
  },
  {
    city: 'Miami',
    country: 'US',
    timeZone: 'America/New_York',
    currency: 'USD',
    basePrice: 220,
    places: ['South Beach', 'Brickell', 'Coconut Grove', 'Wynwood', 'Biscayne'],
  },
  {
    city: 'Boston',
    country: 'US',
    timeZone: 'America/New_York',
    currency: 'USD',
    basePrice: 230,
    places: ['Beacon Hill', 'Back Bay', 'Harbor', 'Fenway', 'Charles River'],
  },
  {
    city: 'Seattle',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    basePrice: 200,
    places: ['Pike Place', 'Capitol Hill', 'Puget Sound', 'Queen Anne', 'Ballard'],
  },
  {
    city: 'Austin',
    country: 'US',
    timeZone: 'America/Chicago',
    currency: 'USD',
    basePrice: 170,
    places: ['Lone Star', 'Congress Avenue', 'Zilker', 'Rainey Street', 'Barton Springs'],
  },
  {
    city: 'New Orleans',
    country: 'US',
    timeZone: 'America/Chicago',
    currency: 'USD',
    basePrice: 180,
    places: ['French Quarter', 'Garden District', 'Bayou', 'Marigny', 'Magazine Street'],
  },
  {
    city: 'Las Vegas',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    basePrice: 150,
    places: ['Desert', 'Fremont', 'Mojave', 'Neon', 'Red Rock'],
  },
  {
    city: 'Washington',
    country: 'US',
    timeZone: 'America/New_York',
    currency: 'USD',
    basePrice: 210,
    places: ['Capitol', 'Georgetown', 'Dupont Circle', 'Potomac', 'Foggy Bottom'],
  },
  {
    city: 'Denver',
    country: 'US',
    timeZone: 'America/Denver',
    currency: 'USD',
    basePrice: 160,
    places: ['Rocky Mountain', 'LoDo', 'Cherry Creek', 'Larimer', 'Highlands'],
  },
  {
    city: 'San Diego',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    basePrice: 190,
    places: ['Gaslamp', 'La Jolla', 'Coronado', 'Balboa', 'Mission Bay'],
  },
  {
    city: 'Honolulu',
    country: 'US',
    timeZone: 'Pacific/Honolulu',
    currency: 'USD',
    basePrice: 280,
    places: ['Waikiki', 'Diamond Head', 'Aloha', 'Kahala', 'Ala Moana'],
  },
  {
    city: 'Nashville',
    country: 'US',
    timeZone: 'America/Chicago',
    currency: 'USD',
    basePrice: 170,
    places: ['Music Row', 'Broadway', 'Germantown', 'Cumberland', 'Gulch'],
  },
  {
    city: 'Portland',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    currency: 'USD',
    basePrice: 160,
    places: ['Pearl District', 'Willamette', 'Alberta', 'Rose City', 'Hawthorne'],
  },
  {
    city: 'Philadelphia',
    country: 'US',
    timeZone: 'America/New_York',
    currency: 'USD',
    basePrice: 175,
    places: ['Liberty', 'Rittenhouse', 'Old City', 'Schuylkill', 'Fishtown'],
  },
  {
    city: 'Orlando',
    country: 'US',
    timeZone: 'America/New_York',
    currency: 'USD',
    basePrice: 140,
    places: ['Lake Eola', 'Sunshine', 'Citrus', 'Winter Park', 'Magnolia'],
  },
  {
    city: 'Singapore',
    country: 'SG',
    timeZone: 'Asia/Singapore',
    currency: 'SGD',
    basePrice: 280,
    places: ['Marina Bay', 'Orchard', 'Tanjong Pagar', 'Clarke Quay', 'Sentosa', 'Bugis', 'Raffles'],
  },
  {
    city: 'Bangkok',
    country: 'TH',
    timeZone: 'Asia/Bangkok',
    currency: 'THB',
    basePrice: 2600,
    places: ['Sukhumvit', 'Silom', 'Riverside', 'Sathorn', 'Chao Phraya', 'Ari'],
  },
  {
    city: 'Chiang Mai',
    country: 'TH',
    timeZone: 'Asia/Bangkok',
    currency: 'THB',
    basePrice: 1500,
    places: ['Nimman', 'Old City', 'Doi Suthep', 'Ping River', 'Tha Phae'],
  },
  {
    city: 'Phuket',
    country: 'TH',
    timeZone: 'Asia/Bangkok',
    currency: 'THB',
    basePrice: 3200,
    places: ['Patong', 'Kata', 'Karon', 'Kamala', 'Rawai', 'Andaman'],
  },
  {
    city: 'Kuala Lumpur',
    country: 'MY',
    timeZone: 'Asia/Kuala_Lumpur',
    currency: 'MYR',
    basePrice: 320,
    places: ['Bukit Bintang', 'Petaling', 'KLCC', 'Bangsar', 'Chow Kit'],
  },
  {
    city: 'George Town',
    country: 'MY',
    timeZone: 'Asia/Kuala_Lumpur',
    currency: 'MYR',
    basePrice: 260,
    places: ['Armenian Street', 'Penang Hill', 'Gurney', 'Straits', 'Love Lane'],
  },
  {
    city: 'Kota Kinabalu',
    country: 'MY',
    timeZone: 'Asia/Kuching',
    currency: 'MYR',
    basePrice: 240,
    places: ['Borneo', 'Tanjung Aru', 'Gaya', 'Sutera', 'Kinabalu'],
  },
  {
    city: 'Jakarta',
    country: 'ID',
    timeZone: 'Asia/Jakarta',
    currency: 'IDR',
    basePrice: 900000,
    places: ['Menteng', 'Kemang', 'Senayan', 'Kota Tua', 'Thamrin'],
  },
  {
    city: 'Ubud',
    country: 'ID',
    timeZone: 'Asia/Makassar',
    currency: 'IDR',
    basePrice: 1100000,
    places: ['Monkey Forest', 'Tegallalang', 'Campuhan', 'Penestanan', 'Sayan'],
  },
  {
    city: 'Yogyakarta',
    country: 'ID',
    timeZone: 'Asia/Jakarta',
    currency: 'IDR',
    basePrice: 650000,
    places: ['Malioboro', 'Kraton', 'Prawirotaman', 'Merapi', 'Tugu'],
  },
  {
    city: 'Manila',
    country: 'PH',
    timeZone: 'Asia/Manila',
    currency: 'PHP',
    basePrice: 4800,
    places: ['Makati', 'Intramuros', 'Ermita', 'Bonifacio', 'Manila Bay'],
  },
  {
    city: 'Cebu City',
    country: 'PH',
    timeZone: 'Asia/Manila',
    currency: 'PHP',
    basePrice: 3600,
    places: ['Lahug', 'Mactan', 'Fuente', 'Banilad', 'Busay'],
  },
  {
    city: 'Hanoi',
    country: 'VN',
    timeZone: 'Asia/Ho_Chi_Minh',
    currency: 'VND',
    basePrice: 1400000,
    places: ['Hoàn Kiếm', 'Tây Hồ', 'Ba Đình', 'Old Quarter', 'West Lake'],
  },
  {
    city: 'Ho Chi Minh City',
    country: 'VN',
    timeZone: 'Asia/Ho_Chi_Minh',
    currency: 'VND',
    basePrice: 1600000,
    places: ['Saigon', 'Bến Thành', 'Thảo Điền', 'District One', 'Đồng Khởi'],
  },
  {
    city: 'Hội An',
    country: 'VN',
    timeZone: 'Asia/Ho_Chi_Minh',
    currency: 'VND',
    basePrice: 1100000,
    places: ['An Bàng', 'Thu Bồn', 'Cẩm Thanh', 'Lantern', 'Old Town'],
  },
  {
    city: 'Đà Nẵng',
    country: 'VN',
    timeZone: 'Asia/Ho_Chi_Minh',
    currency: 'VND',
    basePrice: 1300000,
    places: ['Mỹ Khê', 'Sơn Trà', 'Han River', 'Marble Mountain', 'Non Nước'],
  },
  {
    city: 'Siem Reap',
    country: 'KH',
    timeZone: 'Asia/Phnom_Penh',
    currency: 'USD',
    basePrice: 70,
    places: ['Angkor', 'Pub Street', 'Wat Bo', 'Tonlé Sap', 'Sala Kdei'],
  },
  {
    city: 'Phnom Penh',
    country: 'KH',
    timeZone: 'Asia/Phnom_Penh',
    currency: 'USD',
    basePrice: 80,
    places: ['Riverside', 'Daun Penh', 'BKK1', 'Mekong', 'Tonlé Bassac'],
  },
  {
    city: 'Luang Prabang',
    country: 'LA',
    timeZone: 'Asia/Vientiane',
    currency: 'LAK',
    basePrice: 1500000,
    places: ['Mount Phousi', 'Mekong', 'Nam Khan', 'Wat Xieng Thong', 'Kuang Si'],
  },
  {
    city: 'Yangon',
    country: 'MM',
    timeZone: 'Asia/Yangon',
    currency: 'MMK',
    basePrice: 180000,
    places: ['Shwedagon', 'Inya Lake', 'Kandawgyi', 'Bahan', 'Sule'],
  },
];

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

/** `count` demo hotels, the same ones for the same seed. Cities are spread round-robin so each has many. */
export function generateDemoHotels(count: number, seed = 20261121): DemoHotel[] {
  const random = seededRandom(seed);
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
