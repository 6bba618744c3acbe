/**
 * The local environment's `HotelSearch`, with the same behaviour as the
 * OpenSearch adapter: prefix on the last word as you type, fuzziness AUTO with
 * transpositions and the first letter right, the one text fold, name and city words
 * mixed, the ranking rules of `ranking.ts` (exact words first, blended frequencies,
 * generic words that never narrow, named hotels and cities first, every hotel of a
 * named city, fallback to most words), an exact city filter, and cursor paging sorted
 * by (score, name, hotelId). Words and scoring live in `embedded-postings.ts`; this
 * file keeps each hotel's record and answers searches.
 */
import type {
  CursorSeal,
  HotelSearch,
  HotelSummary,
  IndexedHotel,
  SearchHit,
  SearchIndexChange,
  SearchIndexWriter,
  SearchPage,
  SearchQuery,
} from '../../domain/ports';
import { narrowingFilters } from '../../domain/search-filters';
import { summaryOf } from '../../domain/search-paging';
import { compareFolded, fold } from '../../domain/text-fold';
import { orderVariant, SearchCursors, type SortKey } from './cursor';
import { filterValuesOf, type HotelFilterValues, testOf } from './embedded-filters';
import { PostingsIndex, type Scored } from './embedded-postings';
import { nameKey, type QueryPlan, queryPlan, RANKING, withinTypos } from './ranking';

/** Everything the engine keeps of one hotel, under its ordinal: one record, so a rebuild keeps it whole. */
interface HotelRecord {
  /** The hotel as indexed: what a rebuild indexes again. */
  readonly indexed: IndexedHotel;
  readonly summary: HotelSummary;
  /** The folded name: the sort's tiebreak. */
  readonly sortName: string;
  /** The whole name as its folded words: the hotel a query names. */
  readonly nameKey: string;
  readonly cityId: number;
  /** What the search filters test: city, owner, rooms, stars, prices (also the price sort keys). */
  readonly filters: HotelFilterValues;
}

/** A city, by its folded name (the filter) and its folded words (what a query names). */
interface City {
  readonly key: string;
  readonly words: string;
  readonly hotels: Set<number>;
  /** Its hotels in each order's sort, made when first asked and dropped when its hotels change. */
  readonly sorted: Map<string, ReadonlyArray<{ o: number; key: SortKey }>>;
}

/** In-memory hotel search for the local environment. */
export class EmbeddedHotelSearch implements HotelSearch, SearchIndexWriter {
  private postings = new PostingsIndex();
  private records: Array<HotelRecord | undefined> = [];
  private readonly ordinalOf = new Map<string, number>();
  private cities: City[] = [];
  private readonly cityIdOf = new Map<string, number>();
  /** Cities by their words ("hoi an"), for a query that names one. */
  private readonly citiesByWords = new Map<string, number[]>();
  /** Hotels by their whole name as one key, to find the hotels a query names. */
  private readonly byNameKey = new Map<string, Set<number>>();
  private dead = 0;
  private readonly cursors: SearchCursors;

  /** `options.cursors` seals the cursors: the deployment's key (a key of this process by default, for tests). */
  constructor(options: { readonly cursors?: CursorSeal } = {}) {
    this.cursors = new SearchCursors(options.cursors);
  }

  async index(hotel: IndexedHotel): Promise<void> {
    this.indexNow(hotel);
  }

  async remove(hotelId: string): Promise<void> {
    this.removeNow(hotelId);
  }

  async write(changes: readonly SearchIndexChange[]): Promise<void> {
    for (const change of changes) {
      if (change.op === 'index') this.indexNow(change.hotel);
      else this.removeNow(change.hotelId);
    }
  }

  /** Synchronous add-or-replace, for bulk loads. */
  indexNow(hotel: IndexedHotel): void {
    const { hotelId, name, city } = hotel;
    this.removeNow(hotelId);
    const ordinal = this.records.length;
    const cityId = this.cityFor(city);
    const record: HotelRecord = {
      indexed: hotel,
      summary: summaryOf(hotel),
      sortName: fold(name),
      nameKey: nameKey(name),
      cityId,
      filters: filterValuesOf(hotel),
    };
    this.records.push(record);
    this.ordinalOf.set(hotelId, ordinal);
    this.cities[cityId]?.hotels.add(ordinal);
    this.cities[cityId]?.sorted.clear();
    const named = this.byNameKey.get(record.nameKey) ?? new Set<number>();
    named.add(ordinal);
    this.byNameKey.set(record.nameKey, named);
    this.postings.add(ordinal, { name, city });
  }

  private cityFor(city: string): number {
    const key = fold(city.trim());
    let cityId = this.cityIdOf.get(key);
    if (cityId === undefined) {
      cityId = this.cities.length;
      const words = nameKey(city);
      this.cities.push({ key, words, hotels: new Set(), sorted: new Map() });
      this.cityIdOf.set(key, cityId);
      this.citiesByWords.set(words, [...(this.citiesByWords.get(words) ?? []), cityId]);
    }
    return cityId;
  }

  private removeNow(hotelId: string): void {
    const ordinal = this.ordinalOf.get(hotelId);
    if (ordinal === undefined) return;
    const record = this.records[ordinal] as HotelRecord;
    this.postings.forget(ordinal);
    this.records[ordinal] = undefined;
    this.ordinalOf.delete(hotelId);
    this.cities[record.cityId]?.hotels.delete(ordinal);
    this.cities[record.cityId]?.sorted.clear();
    this.byNameKey.get(record.nameKey)?.delete(ordinal);
    // Postings keep dead ordinals until there are many; then rebuild compactly.
    if (++this.dead > 1000 && this.dead > this.records.length / 3) this.rebuild();
  }

  private rebuild(): void {
    const alive = this.records.flatMap((r) => (r ? [r.indexed] : []));
    this.postings.clear();
    this.records = [];
    this.ordinalOf.clear();
    for (const city of this.cities) {
      city.hotels.clear();
      city.sorted.clear();
    }
    this.byNameKey.clear();
    this.dead = 0;
    for (const hotel of alive) this.indexNow(hotel);
  }

  async search(query: SearchQuery): Promise<SearchPage> {
    const plan = queryPlan(query.q);
    const { words } = plan;
    const cityKey = query.city?.trim() ? fold(query.city.trim()) : undefined;
    const order = query.order ?? 'relevance';
    const fingerprints = this.cursors.matchFingerprints(words, cityKey, query.ownerId, orderVariant(query));
    const resume = query.cursor
      ? this.cursors.decodeCursorAmong(query.cursor, fingerprints, order !== 'relevance')
      : undefined;
    // Text without a single word ("*", "(((") matches nothing, as in OpenSearch; only no text lists everything.
    if (!words.length && query.q?.trim()) return { items: [], nextCursor: null };
    const cityId = cityKey === undefined ? undefined : (this.cityIdOf.get(cityKey) ?? -1);
    const record = (o: number) => this.records[o];
    // What the text matches is decided within the city and owner filters (the most-words fallback too)...
    const accepts = (o: number) => {
      const r = record(o);
      return (
        r !== undefined &&
        (cityId === undefined || r.cityId === cityId) &&
        (query.ownerId === undefined || r.filters.ownerId === query.ownerId)
      );
    };
    // ...and only then narrowed by the other filters: rooms, stars, price (unknown rooms and floors pass: the second stage reads them).
    const narrowing = narrowingFilters(query);
    const narrows = testOf(narrowing);
    const shown = Object.keys(narrowing).length
      ? (o: number) => accepts(o) && narrows((record(o) as HotelRecord).filters)
      : accepts;
    const scored = words.length
      ? this.scoreQuery(plan, accepts, resume ? resume.variant + 1 : undefined)
      : this.listing(cityId);
    // A hotelier's own list is ordered by name: every match scores the same, as in OpenSearch.
    const { ordinals, scoreOf: relevanceOf } = query.ownerId ? { ...scored, scoreOf: () => 1 } : scored;
    // By price, the price key takes the score's place in the sort (text still decides what matches).
    const priceKey = order === 'fromPrice' ? 'fromPriceKey' : 'priceFloorKey';
    const scoreOf =
      order === 'relevance' ? relevanceOf : (o: number) => (record(o) as HotelRecord).filters[priceKey];
    // A city's list without text is the same order every time: kept sorted, it is read from the cursor on.
    const top =
      words.length || cityId === undefined
        ? this.topAfter(ordinals, scoreOf, query.limit + 1, shown, resume?.sortKey)
        : this.cityTopAfter(cityId, order, scoreOf, query.limit + 1, shown, resume?.sortKey);
    const page = top.slice(0, query.limit);
    const last = page.at(-1);
    const fingerprint = fingerprints[(scored.minimumMatch ?? 1) - 1] as string;
    return {
      items: page.map(({ o, key }) => this.hitOf(o, fingerprint, key)),
      nextCursor:
        top.length > query.limit && last !== undefined
          ? this.cursors.encodeCursor(fingerprint, last.key)
          : null,
    };
  }

  /** The query's matches, with the bonuses of the hotels and cities it names. */
  private scoreQuery(
    plan: QueryPlan,
    accepts: (o: number) => boolean,
    minimumMatch: number | undefined,
  ): Scored {
    const named = new Set<number>();
    const exactCities = new Set<number>();
    for (const span of plan.spans) {
      for (const o of this.byNameKey.get(span) ?? []) named.add(o);
      for (const cityId of this.citiesByWords.get(span) ?? []) exactCities.add(cityId);
    }
    const namedCities = new Set<number>();
    for (const span of plan.citySpans)
      for (const [words, ids] of this.citiesByWords)
        if (withinTypos(span, words)) for (const id of ids) namedCities.add(id);
    const scored = this.postings.score(
      plan,
      {
        live: this.ordinalOf.size,
        isLive: (o) => this.records[o] !== undefined,
        accepts,
        namedCityDocs: [...namedCities].map((id) => (this.cities[id] as City).hotels),
      },
      minimumMatch,
    );
    const base = scored.scoreOf;
    // Rounded, so that a score survives the cursor's JSON round trip exactly.
    const scoreOf = (o: number) =>
      Math.round(
        (base(o) +
          (named.has(o) ? RANKING.namedBonus : 0) +
          (exactCities.has((this.records[o] as HotelRecord).cityId) ? RANKING.cityBonus : 0)) *
          1e6,
      ) / 1e6;
    return { ...scored, scoreOf };
  }

  /** A hit, its cursor sealed only if read (see `hitAfter`). */
  private hitOf(ordinal: number, fingerprint: string, key: SortKey): SearchHit {
    const { summary, indexed } = this.records[ordinal] as HotelRecord;
    const hit = { ...summary, ...(indexed.rates ? { rates: indexed.rates } : {}) };
    return this.cursors.hitAfter(hit, fingerprint, key);
  }

  /** Every live hotel (or one city's), all with score 1, so the order is by name. */
  private listing(cityId: number | undefined): Scored {
    const ordinals =
      cityId === undefined
        ? this.ordinalOf.values()
        : (this.cities[cityId]?.hotels ?? new Set<number>()).values();
    return { ordinals, scoreOf: () => 1 };
  }

  /** What `topAfter` finds over a city's hotels, from the city's sorted list: a bisection to the cursor, then the first `k` accepted. */
  private cityTopAfter(
    cityId: number,
    order: string,
    scoreOf: (o: number) => number | string,
    k: number,
    accepts: (o: number) => boolean,
    cursor: SortKey | undefined,
  ): Array<{ o: number; key: SortKey }> {
    const city = this.cities[cityId];
    if (!city) return [];
    let sorted = city.sorted.get(order);
    if (!sorted) {
      sorted = [...city.hotels]
        .map((o) => {
          const record = this.records[o] as HotelRecord;
          return { o, key: [scoreOf(o), record.sortName, record.summary.hotelId] as SortKey };
        })
        .sort(bySortKey);
      city.sorted.set(order, sorted);
    }
    let from = 0;
    let to = sorted.length;
    while (cursor && from < to) {
      const mid = (from + to) >> 1;
      if (comesBefore(cursor, (sorted[mid] as { key: SortKey }).key)) to = mid;
      else from = mid + 1;
    }
    const top: Array<{ o: number; key: SortKey }> = [];
    for (let i = from; i < sorted.length && top.length < k; i++) {
      const entry = sorted[i] as { o: number; key: SortKey };
      if (accepts(entry.o)) top.push(entry);
    }
    return top;
  }

  /** The best `k` accepted ordinals strictly after the cursor, by (score desc, name asc, hotelId asc), in one pass. */
  private topAfter(
    ordinals: Iterable<number>,
    scoreOf: (o: number) => number | string,
    k: number,
    accepts: (o: number) => boolean,
    cursor: SortKey | undefined,
  ): Array<{ o: number; key: SortKey }> {
    const top: Array<{ o: number; key: SortKey }> = [];
    for (const o of ordinals) {
      const record = this.records[o];
      if (record === undefined || !accepts(o)) continue;
      const key: SortKey = [scoreOf(o), record.sortName, record.summary.hotelId];
      if (cursor && !comesBefore(cursor, key)) continue;
      if (top.length === k && !comesBefore(key, (top[k - 1] as { key: SortKey }).key)) continue;
      let at = top.length;
      while (at > 0 && comesBefore(key, (top[at - 1] as { key: SortKey }).key)) at--;
      top.splice(at, 0, { o, key });
      if (top.length > k) top.pop();
    }
    return top;
  }
}

/** Orders sort keys as `comesBefore` does (keys are unique: the hotel id ends them). */
const bySortKey = (a: { key: SortKey }, b: { key: SortKey }) => (comesBefore(a.key, b.key) ? -1 : 1);

/** True when `a` sorts before `b`: higher score (or lower price key), then name, then id. */
function comesBefore(a: SortKey, b: SortKey): boolean {
  if (a[0] !== b[0]) return typeof a[0] === 'string' ? a[0] < b[0] : (a[0] as number) > (b[0] as number);
  // Names by code point, as OpenSearch sorts `name.sort`.
  if (a[1] !== b[1]) return compareFolded(a[1], b[1]) < 0;
  return a[2] < b[2];
}
