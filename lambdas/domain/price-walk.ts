/**
 * A dated search by price, in exact order of the offer's total, at a constant
 * cost per page and with a cursor of constant size.
 *
 * The engine yields candidates ordered by a lower bound of their stay price
 * (the hotel's price floor × nights × rooms, then name, then id). A checked
 * hotel waits ("held") until its key (currency, total, folded name, id) is below
 * the bound of the next unchecked candidate: no hotel still unchecked can then
 * be cheaper. The cursor carries:
 * - `last`: the key of the last hotel shown (everything up to it was shown);
 * - `head`: the engine position after the last candidate checked;
 * - `held`: the hotels checked but not yet shown (at most `HELD_MAX`), by id and total;
 * - `pass` and `stop`: when more hotels wait than the cursor can hold, the dearest
 *   are let go; `stop` is the least key let go, and no hotel at or above it is
 *   shown until the candidates from `pass` (the engine position where nothing was
 *   held) are checked again. So nothing is skipped or repeated, whatever the data;
 *   the rescan costs only in a city where more than `HELD_MAX` hotels at once cost
 *   far more than their floor.
 * Invariant: every bookable hotel with a key above `last` is held, or comes at or
 * after `head`, or (when `stop` is set) comes at or after `pass` with a key ≥ `stop`.
 */

import type { Money } from './money';
import type { SearchHit, SearchPage } from './ports';
import {
  bindingOf,
  type CandidateChecker,
  engineFilters,
  invalidCursor,
  resultOf,
  type SearchResult,
  type StaySearch,
  type StaySearchOutcome,
  type StaySources,
} from './search-paging';
import { nightsOf } from './stay';
import type { Offer } from './stay-check';
import { compareFolded, fold } from './text-fold';

/**
 * Hotels a cursor holds: about 37 characters each (a UUID packed in 22), so with the engine's
 * two positions the cursor stays within 2,048 for names of ordinary length (and longer names
 * make it hold fewer: see `cursorOf`).
 */
export const HELD_MAX = 32;
/** The longest cursor the API accepts. */
export const MAX_CURSOR_LENGTH = 2_048;

/** Price order of results: (currency, amount, folded name, hotel id). */
type PriceKey = readonly [string, number, string, string];
/** A key as a cursor carries it: the name is read again from the hotel (it may be long). */
type CarriedKey = [string, number, string];

/** Sorts before every key: an unknown floor bounds nothing. */
const BOTTOM: PriceKey = ['', Number.NEGATIVE_INFINITY, '', ''];
/** Sorts after every key: the end of the candidates. */
const TOP: PriceKey = ['~~~~', Number.POSITIVE_INFINITY, '', ''];

function compareKeys(a: PriceKey, b: PriceKey): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  if (a[2] !== b[2]) return compareFolded(a[2], b[2]);
  return a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0;
}
const less = (a: PriceKey, b: PriceKey) => compareKeys(a, b) < 0;

const keyOf = (hit: SearchHit, price: Money): PriceKey => [
  price.currency,
  price.amount,
  fold(hit.name),
  hit.hotelId,
];

interface Held {
  readonly hit: SearchHit;
  key: PriceKey;
  /** Undefined for a hotel carried by the cursor: checked again before it is shown. */
  offer: Offer | undefined;
}

const isCarriedKey = (v: unknown): v is CarriedKey =>
  Array.isArray(v) &&
  v.length === 3 &&
  typeof v[0] === 'string' &&
  Number.isSafeInteger(v[1]) &&
  typeof v[2] === 'string';
const isPosition = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** An engine position: a cursor, or the hit it continues after (sealed only if a cursor needs it). */
type Position = string | null | SearchHit;
const cursorAt = (p: Position): string | null => (p === null || typeof p === 'string' ? p : p.after);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HELD_ENTRY = /^([A-Z]{3})?([0-9a-z]{1,11}):(~[\w-]{22}|[\w-]{1,64})$/;

/** Held keys as one short string: `USD1a2b:~<uuid in base64url>,…` (the currency only where it changes). */
function packHeld(keys: readonly CarriedKey[]): string {
  let currency = '';
  return keys
    .map(([cur, amount, id]) => {
      const packedId = UUID.test(id)
        ? `~${Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url')}`
        : id;
      const entry = `${cur === currency ? '' : cur}${amount.toString(36)}:${packedId}`;
      currency = cur;
      return entry;
    })
    .join(',');
}

/** What `packHeld` packed; undefined when the text is not such a list. */
function unpackHeld(text: string): CarriedKey[] | undefined {
  if (text === '') return [];
  let currency: string | undefined;
  const keys: CarriedKey[] = [];
  for (const entry of text.split(',')) {
    const m = HELD_ENTRY.exec(entry);
    currency = m?.[1] ?? currency;
    if (!m || !currency) return undefined;
    const amount = Number.parseInt(m[2] as string, 36);
    const packed = m[3] as string;
    const hex = packed.startsWith('~') ? Buffer.from(packed.slice(1), 'base64url').toString('hex') : '';
    const id = packed.startsWith('~')
      ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
      : packed;
    if (!Number.isSafeInteger(amount) || (packed.startsWith('~') && hex.length !== 32)) return undefined;
    keys.push([currency, amount, id]);
  }
  return keys;
}

/** What a price cursor holds, read back and checked. */
interface WalkState {
  last: CarriedKey | null;
  pass: string | null;
  head: string | null;
  stop: CarriedKey | null;
  held: CarriedKey[];
}

function openState(
  sources: StaySources,
  cursor: string,
  binding: string,
  heldMax: number,
  checker: CandidateChecker,
): WalkState {
  const p = sources.seal.open(cursor);
  if (
    !Array.isArray(p) ||
    p.length !== 8 ||
    p[0] !== 'P' ||
    p[1] !== binding ||
    !(p[2] === null || isCarriedKey(p[2])) ||
    !isPosition(p[3]) ||
    !(p[4] === 1 || isPosition(p[4])) ||
    !(p[5] === null || isCarriedKey(p[5])) ||
    typeof p[6] !== 'string' ||
    !checker.resume(p[7])
  )
    throw invalidCursor();
  const held = unpackHeld(p[6]);
  if (!held || held.length > heldMax) throw invalidCursor();
  // 1: the head is where the pass began (each position may be long: it is written once).
  return { last: p[2], pass: p[3], head: p[4] === 1 ? p[3] : p[4], stop: p[5], held };
}

/** A dated search page by price (see the file's comment). */
export async function walkByPrice(
  sources: StaySources,
  query: StaySearch,
  checker: CandidateChecker,
  heldMax = HELD_MAX,
): Promise<StaySearchOutcome> {
  const { budget } = checker;
  const { search, seal } = sources;
  const binding = bindingOf(seal, query);
  const factor = nightsOf(query.checkIn, query.checkOut).length * query.rooms;
  const state: WalkState = query.cursor
    ? openState(sources, query.cursor, binding, heldMax, checker)
    : { last: null, pass: null, head: null, stop: null, held: [] };

  const shown: SearchResult[] = [];
  /** The engine's next candidates by price floor from `cursor`, as many as the page calls for. */
  const enginePage = (cursor: string | null) =>
    search.search({
      ...engineFilters(query),
      q: query.q,
      limit: checker.batchSize(query.limit + 1 - shown.length),
      cursor: cursor ?? undefined,
      order: 'priceFloor',
    });
  // The first candidates come from where the cursor's head is: asked for now, while the hotels it names are read.
  let firstPage: Promise<SearchPage> | undefined = enginePage(state.head);
  firstPage.catch(() => undefined); // a failure is thrown where it is awaited

  // The hotels the cursor names, read again: their names order them, and held ones are shown from them.
  const named = [...state.held.map((k) => k[2]), state.last?.[2], state.stop?.[2]].filter(
    (id): id is string => id !== undefined,
  );
  const hits = new Map<string, SearchHit>();
  if (named.length) {
    budget.spend(named.length);
    for (const hit of await sources.lookup(named)) hits.set(hit.hotelId, hit);
  }
  const fullKey = (k: CarriedKey): PriceKey => [k[0], k[1], fold(hits.get(k[2])?.name ?? ''), k[2]];
  let last = state.last ? fullKey(state.last) : undefined;
  let stop = state.stop ? fullKey(state.stop) : undefined;
  let pass: Position = state.pass;
  let head: Position = state.head;
  const held: Held[] = [];
  for (const k of state.held) {
    const hit = hits.get(k[2]);
    if (hit) held.push({ hit, key: [k[0], k[1], fold(hit.name), k[2]], offer: undefined });
  }
  // A name may have changed since: the cheapest first, as always.
  held.sort((a, b) => compareKeys(a.key, b.key));

  /** The least key the hit's offer can have: its floor for every night and room. */
  const boundOf = (hit: SearchHit): PriceKey => {
    const floor = hit.rates?.priceFloor;
    if (floor === null) return TOP; // never priced: nothing to offer
    if (floor === undefined || floor === 'UNKNOWN') return BOTTOM; // may be anything
    return keyOf(hit, { currency: floor.currency, amount: floor.amount * factor });
  };
  const hold = (entry: Held) => {
    held.push(entry);
    held.sort((a, b) => compareKeys(a.key, b.key));
    if (held.length <= heldMax) return;
    const dearest = held.pop() as Held;
    if (!stop || less(dearest.key, stop)) stop = dearest.key;
  };

  let ahead: SearchHit[] = [];
  let aheadCursor: string | null = state.head;
  let exhausted = false;
  let more = false;
  let outOfReads = false;
  let checked = 0;

  /** Shows held hotels below `bound` (and below `stop`), cheapest first; false once the page or the reads run out. */
  const release = async (bound: PriceKey): Promise<boolean> => {
    for (;;) {
      const first = held[0];
      if (!first || !less(first.key, bound) || (stop && !less(first.key, stop))) return true;
      if (!first.offer) {
        // The cursor's held hotels this page may still show, checked again in one round of reads.
        const due: Held[] = [];
        let slots = query.limit - shown.length + 1;
        for (const h of held) {
          if (slots-- === 0 || !less(h.key, bound) || (stop && !less(h.key, stop))) break;
          if (h.offer) continue;
          if (!budget.spendCheck(budget.costOf(h.hit) - 1)) break;
          due.push(h);
        }
        if (!due.length) {
          outOfReads = true;
          return false;
        }
        const { offers } = await sources.check(due.map((h) => h.hit));
        for (const h of due) {
          held.splice(held.indexOf(h), 1);
          const offer = offers.get(h.hit.hotelId);
          // Its price may have moved since the cursor held it: it waits again at its new key (or goes).
          if (offer) hold({ hit: h.hit, key: keyOf(h.hit, offer.totalPrice), offer });
        }
        continue;
      }
      if (shown.length === query.limit) {
        more = true;
        return false;
      }
      held.shift();
      shown.push(resultOf(first.hit, first.offer));
      last = first.key;
      if (!held.length && !stop) pass = head;
    }
  };
  /** Nothing held can go before what was let go: check again from where nothing was held. */
  const rescanIfStuck = (): boolean => {
    const first = held[0];
    if (!stop || (first && less(first.key, stop))) return false;
    stop = undefined;
    head = pass;
    aheadCursor = cursorAt(pass);
    ahead = [];
    exhausted = false;
    return true;
  };

  let cutShort = false;
  walk: for (;;) {
    if (!ahead.length && !exhausted) {
      const page = await (firstPage ?? enginePage(aheadCursor));
      firstPage = undefined;
      ahead = page.items;
      aheadCursor = page.nextCursor;
      exhausted = !page.nextCursor;
    }
    const next = ahead[0];
    if (!(await release(next ? boundOf(next) : TOP))) break;
    if (rescanIfStuck()) continue;
    if (!next) break; // the end: nothing held, nothing let go
    // The budget cut the last check short: what it left is the next request's, not a round of scraps.
    if (cutShort) {
      outOfReads = true;
      break;
    }
    // Check the next candidates in one round of reads, as many as the budget and the page call for.
    const asked = checker.batchSize(query.limit + 1 - shown.length);
    const { decided: batch, offers } = await checker.check(ahead, asked);
    if (!batch.length) {
      outOfReads = true;
      break;
    }
    cutShort = batch.length < Math.min(asked, ahead.length);
    ahead = ahead.slice(batch.length);
    for (const hit of batch) {
      // Anything held below this candidate's bound goes first.
      if (!(await release(boundOf(hit)))) break walk;
      if (rescanIfStuck()) continue walk;
      head = hit;
      checked++;
      const offer = offers.get(hit.hotelId);
      if (offer) {
        const key = keyOf(hit, offer.totalPrice);
        const shownAlready = last !== undefined && !less(last, key);
        const isHeld = held.some((h) => h.hit.hotelId === hit.hotelId);
        // At or above `stop` it is let go like the others there: the next pass finds it.
        if (!shownAlready && !isHeld && (!stop || less(key, stop))) hold({ hit, key, offer });
      }
      if (!held.length && !stop) pass = head;
    }
  }

  const cursorOf = (): string | null => {
    if (!more && !outOfReads) return null;
    const carried = (k: PriceKey): CarriedKey => [k[0], k[1], k[3]];
    const entries = held.map((h) => h);
    let letGo = stop;
    const passAt = cursorAt(pass);
    let headNow = cursorAt(head);
    for (;;) {
      const cursor = seal.seal([
        'P',
        binding,
        last ? carried(last) : null,
        passAt,
        headNow === passAt ? 1 : headNow,
        letGo ? carried(letGo) : null,
        packHeld(entries.map((h) => carried(h.key))),
        checker.probeHint(),
      ]);
      if (cursor.length <= MAX_CURSOR_LENGTH || (!entries.length && headNow === passAt)) return cursor;
      // Too long (very long names in the engine's positions): let the dearest go, then check again from `pass`.
      const dearest = entries.pop();
      if (dearest) {
        if (!letGo || less(dearest.key, letGo)) letGo = dearest.key;
      } else headNow = passAt;
    }
  };
  return { page: { items: shown, nextCursor: cursorOf() }, reads: budget.spent, checked };
}
