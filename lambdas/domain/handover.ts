/**
 * Moving a hotel's owner region: fence, drain, switch.
 *
 * 1. Fence: in the owner region, one transaction marks the hotel and its room
 *    types fenced. Every write path is conditioned on "not fenced", so a booking
 *    in flight either committed before the fence or is refused (503).
 * 2. Drain: wait until the target's copy of every item of the hotel matches the
 *    owner's, and at least `lagMultiple` times the replication lag a probe
 *    observed has passed since the fence.
 * 3. Switch: in the target region, one transaction sets `managedIn` on the hotel
 *    and its room types, clears the fence, and writes the handover's record.
 *
 * The record's key is the commit point: a switch and an abort both create it
 * conditionally in the target region, so exactly one of them happens. Every step
 * reads where the last one left off, so the protocol resumes after a crash.
 *
 * Evacuation (`force`) switches in the target without touching the unreachable
 * owner, and records the newest write from it that the target had seen (the
 * watermark); `atRiskReport` later lists what the old region wrote after it.
 */
import { randomUUID } from 'node:crypto';
import {
  Conflict,
  DomainError,
  NotFound,
  OwnerRegionUnavailable,
  StaleRead,
  StoreBusy,
  ValidationFailed,
} from './errors';
import type { HandoverFence, HandoverRecord, Hotel, StoredItem } from './model';
import type { RegionStores } from './ports';
import { otherRegion, type Region } from './regions';
import { addDays, futureNightsEnd, todayUtc } from './stay';

export interface HandoverContext {
  /** Every region's store, reached directly: the fence runs in the owner's, the switch in the target's. */
  readonly stores: Readonly<Record<Region, RegionStores>>;
  readonly now: () => Date;
}

export interface DrainOptions {
  /** Give up for now after this long; the handover stays fenced and can be resumed or aborted. */
  readonly timeoutMs?: number;
  /** The drain lasts at least this many times the observed replication lag. */
  readonly lagMultiple?: number;
  readonly pollMs?: number;
}

export type HandoverPhase = 'NONE' | 'FENCED' | 'SWITCHED' | 'ABORTED';

export interface DrainReport {
  readonly drained: boolean;
  /** Replication lag the probe observed (ms). */
  readonly lagMs?: number;
  /** How long this drain waited (ms). */
  readonly waitedMs: number;
  /** Items of the hotel whose target copy still differs from the owner's. */
  readonly pending: number;
}

export interface HandoverStatus {
  readonly hotelId: string;
  readonly phase: HandoverPhase;
  /** The owner region as the target's copy names it. */
  readonly managedIn: Region;
  readonly fence?: HandoverFence;
  readonly record?: HandoverRecord;
  readonly drain?: DrainReport;
}

const DEFAULTS = { timeoutMs: 60_000, lagMultiple: 10, pollMs: 50 } as const;
/** Reads and tries again when a write lands between the read and the fence (or the switch). */
export const MAX_FENCE_ATTEMPTS = 5;
const PROBE_POLL_MS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Items a drain compares: everything but handover records, which only the target writes. */
function comparable(items: readonly StoredItem[]): Map<string, StoredItem> {
  return new Map(items.filter((i) => i.entity !== 'HANDOVER').map((i) => [i.key, i]));
}

/** Keys whose copies differ between the owner's and the target's partition. */
export function differingKeys(owner: readonly StoredItem[], target: readonly StoredItem[]): string[] {
  const a = comparable(owner);
  const b = comparable(target);
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => {
    const left = a.get(key);
    const right = b.get(key);
    return !left || !right || left.version !== right.version || left.writtenAt !== right.writtenAt;
  });
}

/** The hotel as `store`'s copy holds it, read consistently. */
export async function hotelIn(store: RegionStores, hotelId: string): Promise<Hotel | undefined> {
  return store.hotels.getHotel(hotelId, { consistent: true });
}

/** Refuses a region this deployment does not have. */
export function assertRegion(to: string, ctx: HandoverContext): asserts to is Region {
  if (!(to in ctx.stores)) throw new ValidationFailed('Unknown region', { toRegion: 'is not a region' });
}

/**
 * Runs a read or write in the owner (or old) region; when it cannot be reached, says
 * so in operator terms instead of as a storage error.
 */
export async function reachOldRegion<T>(region: Region, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError && !(error instanceof StoreBusy)) throw error;
    throw new OwnerRegionUnavailable(
      `${region} cannot be reached; retry later, or evacuate the hotel (--force) if it stays down`,
      30,
    );
  }
}

/** Where the hotel's handover stands, read from both regions' copies. */
export async function handoverStatus(
  ctx: HandoverContext,
  hotelId: string,
  to: Region,
): Promise<HandoverStatus> {
  assertRegion(to, ctx);
  const from = otherRegion(to);
  const target = await hotelIn(ctx.stores[to], hotelId);
  const records = await ctx.stores[to].handovers.listHandoverRecords(hotelId);
  // Switched is the target's to say: the old region need not be reachable (after an evacuation it may not be).
  if (target?.status === 'ACTIVE' && target.managedIn === to && !target.handover)
    return { hotelId, phase: 'SWITCHED', managedIn: to, record: records.at(-1) };
  const source = await reachOldRegion(from, () => hotelIn(ctx.stores[from], hotelId));
  const hotel = target ?? source;
  if (hotel?.status !== 'ACTIVE') throw new NotFound('No such hotel');
  const fence = source?.managedIn === from ? source.handover : undefined;
  if (!fence) return { hotelId, phase: 'NONE', managedIn: hotel.managedIn, record: records.at(-1) };
  const record = records.find((r) => r.handoverId === fence.handoverId);
  return { hotelId, phase: record?.outcome ?? 'FENCED', managedIn: from, fence, record };
}

/** Step 1: fences the hotel in its owner region (or returns the fence already there). */
export async function fenceHotel(ctx: HandoverContext, hotelId: string, to: Region): Promise<HandoverFence> {
  assertRegion(to, ctx);
  const from = otherRegion(to);
  const owner = ctx.stores[from];
  for (let attempt = 0; attempt < MAX_FENCE_ATTEMPTS; attempt++) {
    const hotel = await reachOldRegion(from, () => hotelIn(owner, hotelId));
    if (hotel?.status !== 'ACTIVE') throw new NotFound('No such hotel');
    if (hotel.managedIn === to) throw new Conflict(`The hotel is already managed in ${to}`);
    if (hotel.managedIn !== from) throw new Conflict(`The hotel is managed in ${hotel.managedIn}`);
    if (hotel.handover) return hotel.handover;
    const fence: HandoverFence = {
      handoverId: randomUUID(),
      state: 'FENCED',
      from,
      to,
      fencedAt: ctx.now().toISOString(),
    };
    const roomTypes = await owner.hotels.listRoomTypes(hotelId, { consistent: true });
    try {
      await owner.handovers.fenceHotel(hotel, roomTypes, fence);
      return fence;
    } catch (error) {
      // A write (or another fence) got in between: read again and retry.
      if (!(error instanceof StaleRead)) throw error;
    }
  }
  throw new Conflict('The hotel kept changing while it was being fenced; please retry');
}

/**
 * Step 2: waits until the target's copy of every item of the hotel matches the
 * owner's fenced copy, and at least `lagMultiple` times the observed replication
 * lag has passed since the fence. Returns undrained when the timeout comes first.
 */
export async function drainHotel(
  ctx: HandoverContext,
  fence: HandoverFence,
  hotelId: string,
  options: DrainOptions = {},
): Promise<DrainReport> {
  const { timeoutMs, lagMultiple, pollMs } = { ...DEFAULTS, ...options };
  const owner = ctx.stores[fence.from];
  const target = ctx.stores[fence.to];
  const started = Date.now();
  const deadline = started + timeoutMs;
  // The probe times replication now, whenever this drain runs (a resumed drain measures afresh).
  // It is watched on its own, finer clock, so that comparing partitions does not inflate the lag.
  const nonce = await reachOldRegion(fence.from, () => owner.handovers.writeProbe());
  let lagMs: number | undefined;
  let finished = false;
  const probeWatch = (async () => {
    while (lagMs === undefined && !finished && Date.now() < deadline) {
      if ((await target.handovers.readProbe(fence.from)) === nonce) lagMs = Math.max(1, Date.now() - started);
      else await sleep(PROBE_POLL_MS);
    }
  })();
  try {
    for (;;) {
      // Nights before yesterday can no longer change (a stay never starts in the past); a day's
      // margin covers a write from just before midnight that is still replicating.
      // Nights past the last bookable one cannot be booked or set, so nothing there needs to arrive.
      const now = ctx.now();
      const fromNight = addDays(todayUtc(now), -1);
      const toNight = futureNightsEnd(now);
      const [ownerItems, targetItems] = await Promise.all([
        reachOldRegion(fence.from, () => owner.handovers.liveItems(hotelId, fromNight, toNight)),
        target.handovers.liveItems(hotelId, fromNight, toNight),
      ]);
      const pending = differingKeys(ownerItems, targetItems).length;
      const sinceFence = ctx.now().getTime() - Date.parse(fence.fencedAt);
      if (lagMs !== undefined && pending === 0 && sinceFence >= lagMultiple * lagMs)
        return { drained: true, lagMs, waitedMs: Date.now() - started, pending };
      if (Date.now() >= deadline) return { drained: false, lagMs, waitedMs: Date.now() - started, pending };
      await sleep(pollMs);
    }
  } finally {
    finished = true;
    await probeWatch;
  }
}

/** Step 3: makes the target the owner, if the handover was not aborted (idempotent). */
export async function switchOwner(
  ctx: HandoverContext,
  fence: HandoverFence,
  hotelId: string,
): Promise<HandoverRecord> {
  const target = ctx.stores[fence.to];
  const ended = await target.handovers.getHandoverRecord(hotelId, fence.handoverId);
  if (ended?.outcome === 'SWITCHED') return ended;
  if (ended) throw new Conflict('This handover was aborted');
  const hotel = await hotelIn(target, hotelId);
  if (hotel?.handover?.handoverId !== fence.handoverId)
    throw new Conflict('The target region has not seen the fence yet; drain first');
  const roomTypes = await target.hotels.listRoomTypes(hotelId, { consistent: true });
  const record: HandoverRecord = {
    hotelId,
    handoverId: fence.handoverId,
    outcome: 'SWITCHED',
    from: fence.from,
    to: fence.to,
    forced: false,
    fencedAt: fence.fencedAt,
    endedAt: ctx.now().toISOString(),
  };
  try {
    await target.handovers.switchOwner(hotel, roomTypes, record);
  } catch (error) {
    // A concurrent orchestrator switched (or aborted) first: its record says which.
    const winner = await target.handovers.getHandoverRecord(hotelId, fence.handoverId);
    if (winner?.outcome === 'SWITCHED') return winner;
    if (error instanceof StaleRead) throw new Conflict('The hotel changed in the target region; drain again');
    throw error;
  }
  return record;
}

/** Runs (or resumes) a handover to `to` as far as it can go now. */
export async function runHandover(
  ctx: HandoverContext,
  hotelId: string,
  to: Region,
  options: DrainOptions = {},
): Promise<HandoverStatus> {
  const status = await handoverStatus(ctx, hotelId, to);
  if (status.phase === 'SWITCHED') return status;
  // An abort that committed its record but crashed before lifting the fence is finished first.
  if (status.phase === 'ABORTED') return abortHandover(ctx, hotelId, to);
  const fence = status.fence ?? (await fenceHotel(ctx, hotelId, to));
  const drain = await drainHotel(ctx, fence, hotelId, options);
  if (!drain.drained) return { hotelId, phase: 'FENCED', managedIn: fence.from, fence, drain };
  const record = await switchOwner(ctx, fence, hotelId);
  return { hotelId, phase: 'SWITCHED', managedIn: to, record, drain };
}

/**
 * Aborts a fenced handover: first the ABORTED record in the target (so no switch
 * can follow), then the fence is lifted in the owner region. Refused once switched.
 */
export async function abortHandover(
  ctx: HandoverContext,
  hotelId: string,
  to: Region,
): Promise<HandoverStatus> {
  const status = await handoverStatus(ctx, hotelId, to);
  if (status.phase === 'SWITCHED')
    throw new Conflict('The handover has already switched; hand the hotel back with a new handover');
  const fence = status.fence;
  if (!fence) return status;
  if (!status.record) {
    const record: HandoverRecord = {
      hotelId,
      handoverId: fence.handoverId,
      outcome: 'ABORTED',
      from: fence.from,
      to: fence.to,
      forced: false,
      fencedAt: fence.fencedAt,
      endedAt: ctx.now().toISOString(),
    };
    await ctx.stores[to].handovers.recordAbort(record);
  }
  const owner = ctx.stores[fence.from];
  // The abort is committed by its record; lifting the fence can be retried until the owner answers.
  await reachOldRegion(fence.from, async () => {
    const hotel = await hotelIn(owner, hotelId);
    if (hotel?.handover?.handoverId === fence.handoverId)
      await owner.handovers.liftFence(
        hotel,
        await owner.hotels.listRoomTypes(hotelId, { consistent: true }),
        fence.handoverId,
      );
  });
  const record = await ctx.stores[to].handovers.getHandoverRecord(hotelId, fence.handoverId);
  return { hotelId, phase: 'ABORTED', managedIn: fence.from, record };
}
