/** The DynamoDB adapter of `BookingRepository`: one table, one partition per hotel. */

import { randomUUID } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  Conflict,
  DuplicateBooking,
  HotelMoving,
  NotFound,
  NotOwnerRegion,
  SoldOut,
  StaleRead,
} from '../../domain/errors';
import type {
  Booking,
  HandoverFence,
  HandoverRecord,
  Hotel,
  NightCount,
  RoomType,
  StoredItem,
} from '../../domain/model';
import type {
  BookingRepository,
  HandoverRepository,
  HotelChanges,
  ReadOptions,
  Reservation,
} from '../../domain/ports';
import type { Region } from '../../domain/regions';
import { addDays, MAX_NIGHTS, nightsOf } from '../../domain/stay';
import {
  bookingSk,
  ENTITY,
  HANDOVER_PREFIX,
  HEALTH_KEY,
  HOTEL_SK,
  handoverSk,
  hotelPk,
  nightSk,
  ownerPk,
  PROBE_SK,
  probePk,
  ROOM_TYPE_PREFIX,
  roomTypeSk,
  staySk,
} from './keys';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry';
import { OWNER_INDEX, STAY_INDEX } from './table-definition';
import { ConditionsFailed, type Intent, type IntentItem, transactWrite } from './transact';

export interface DynamoDbBookingRepositoryOptions {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The region this adapter writes in; every write is conditioned on the item being owned here. */
  readonly region: Region;
  readonly now?: () => Date;
  readonly retryPolicy?: RetryPolicy;
}

/** Attributes that only the storage layer knows about; stripped before items reach the domain. */
const STORAGE_ATTRIBUTES = [
  'pk',
  'sk',
  'entity',
  'ownerPk',
  'ownerSk',
  'stayPk',
  'staySk',
  'writtenBy',
  'writtenAt',
];

/** The entries of `names` (`#x`) or `values` (`:x`) that `expression` mentions. */
function usedIn<T>(expression: string, entries: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(entries).filter(([key]) => new RegExp(`${key}(?![A-Za-z0-9_])`).test(expression)),
  );
}

function toDomain<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const key of STORAGE_ATTRIBUTES) delete copy[key];
  return copy as T;
}

/** A handover record as the domain knows it: its own fields, not the item's owner and version stamps. */
function handoverRecordOf(item: Record<string, unknown>): HandoverRecord {
  const { hotelId, handoverId, outcome, from, to, forced, fencedAt, endedAt, watermark } =
    item as unknown as HandoverRecord;
  return { hotelId, handoverId, outcome, from, to, forced, fencedAt, endedAt, watermark };
}

/** An item as a drain or an at-risk report compares it. */
function storedItemOf(i: Record<string, unknown>): StoredItem {
  return {
    key: String(i.sk),
    entity: String(i.entity),
    version: Number(i.version ?? 0),
    writtenAt: Number(i.writtenAt ?? 0),
    writtenBy: String(i.writtenBy ?? ''),
    ...(typeof i.managedIn === 'string' ? { managedIn: i.managedIn } : {}),
    ...(i.entity === ENTITY.booking ? { booking: toDomain<Booking>(i) } : {}),
  };
}

/** Who wrote an item and when: what last-writer-wins replication and reconciliation read. */
export interface WriteStamp {
  readonly writtenBy: Region;
  readonly writtenAt: number;
}

/** The stored form of a hotel. */
export function hotelItem(hotel: Hotel, stamp: WriteStamp): Record<string, unknown> {
  return {
    pk: hotelPk(hotel.hotelId),
    sk: HOTEL_SK,
    entity: ENTITY.hotel,
    ownerPk: ownerPk(hotel.ownerId),
    ownerSk: hotelPk(hotel.hotelId),
    ...hotel,
    ...stamp,
  };
}

/** The stored form of a room type. */
export function roomTypeItem(roomType: RoomType, stamp: WriteStamp): Record<string, unknown> {
  return {
    pk: hotelPk(roomType.hotelId),
    sk: roomTypeSk(roomType.roomTypeId),
    entity: ENTITY.roomType,
    ...roomType,
    ...stamp,
  };
}

/** An item this region may write now: active, owned here, and not fenced for a handover. */
const WRITABLE = '#status = :active AND #managedIn = :region AND attribute_not_exists(#handover)';
const GUARD_NAMES = {
  '#status': 'status',
  '#managedIn': 'managedIn',
  '#version': 'version',
  '#handover': 'handover',
};

/** Implements the booking store on a DynamoDB table laid out by `HOTEL_TABLE`. */
export class DynamoDbBookingRepository implements BookingRepository, HandoverRepository {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly region: Region;
  private readonly now: () => Date;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: DynamoDbBookingRepositoryOptions) {
    this.doc = options.doc;
    this.tableName = options.tableName;
    this.region = options.region;
    this.now = options.now ?? (() => new Date());
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** This adapter's stamp for a write made now. */
  writeStamp(): WriteStamp {
    return { writtenBy: this.region, writtenAt: this.now().getTime() };
  }

  /** `SET` assignments for `fields` plus the write stamp, with their names and values. */
  private assignments(fields: Record<string, unknown>) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const parts: string[] = [];
    for (const [field, value] of Object.entries({ ...fields, ...this.writeStamp() })) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      parts.push(`#${field} = :${field}`);
    }
    return { names, values, clause: parts.join(', ') };
  }

  /** Runs one call with the bounded, jittered retry policy. */
  private retrying<T>(call: () => Promise<T>): Promise<T> {
    return withRetries(call, this.retryPolicy);
  }

  /** A single-item conditional update; a failed condition returns the old item instead of throwing. */
  private async conditionalUpdate(
    input: Omit<UpdateCommandInput, 'TableName'>,
  ): Promise<{ ok: true; item: Record<string, unknown> } | { ok: false; old?: Record<string, unknown> }> {
    try {
      const out = await this.retrying(() =>
        this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ...input,
          }),
        ),
      );
      return { ok: true, item: out.Attributes ?? {} };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      const raw = (error as { Item?: Parameters<typeof unmarshall>[0] }).Item;
      return { ok: false, old: raw ? unmarshall(raw) : undefined };
    }
  }

  private async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.retrying(() =>
        this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey })),
      );
      items.push(...(page.Items ?? []));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  private async get(
    pk: string,
    sk: string,
    options?: ReadOptions,
  ): Promise<Record<string, unknown> | undefined> {
    const out = await this.retrying(() =>
      this.doc.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          ConsistentRead: options?.consistent ?? false,
        }),
      ),
    );
    return out.Item;
  }

  /** Explains why a write to an owned, active item failed. */
  private explainRefusal(old: Record<string, unknown> | undefined, what: string): Error {
    if (old?.status !== 'ACTIVE') return new NotFound(`No such ${what}`);
    if (old.managedIn !== this.region) return new NotOwnerRegion(String(old.managedIn));
    if (old.handover) return new HotelMoving();
    return new StaleRead(what);
  }

  /** True when the table answers a read within `timeoutMs`; never retried, never throws. */
  async reachable(timeoutMs: number): Promise<boolean> {
    try {
      await this.doc.send(new GetCommand({ TableName: this.tableName, Key: HEALTH_KEY }), {
        abortSignal: AbortSignal.timeout(timeoutMs),
      });
      return true;
    } catch {
      return false;
    }
  }

  // --- hotels ---------------------------------------------------------------

  async getHotel(hotelId: string, options?: ReadOptions): Promise<Hotel | undefined> {
    const item = await this.get(hotelPk(hotelId), HOTEL_SK, options);
    return item ? toDomain<Hotel>(item) : undefined;
  }

  async listHotelsByOwner(ownerId: string): Promise<Hotel[]> {
    const items = await this.query({
      IndexName: OWNER_INDEX,
      KeyConditionExpression: 'ownerPk = :owner',
      ExpressionAttributeValues: { ':owner': ownerPk(ownerId) },
    });
    return items.map((i) => toDomain<Hotel>(i));
  }

  async createHotel(hotel: Hotel): Promise<void> {
    if (hotel.managedIn !== this.region) throw new NotOwnerRegion(hotel.managedIn);
    try {
      await this.retrying(() =>
        this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: hotelItem(hotel, this.writeStamp()),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new Conflict('This hotel id is taken');
      throw error;
    }
  }

  async updateHotel(hotelId: string, changes: HotelChanges, updatedAt: string): Promise<Hotel> {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const set = this.assignments({ ...defined, updatedAt });
    const result = await this.conditionalUpdate({
      Key: { pk: hotelPk(hotelId), sk: HOTEL_SK },
      UpdateExpression: `SET ${set.clause} ADD #version :one`,
      ConditionExpression: `attribute_exists(pk) AND ${WRITABLE}`,
      ExpressionAttributeNames: { ...set.names, ...GUARD_NAMES },
      ExpressionAttributeValues: { ...set.values, ':one': 1, ':active': 'ACTIVE', ':region': this.region },
    });
    if (!result.ok) throw this.explainRefusal(result.old, 'hotel');
    return toDomain<Hotel>(result.item);
  }

  private statusItems(
    hotel: Hotel,
    roomTypes: readonly RoomType[],
    from: { hotel: string; roomType: string },
    to: { hotel: string; roomType: string },
    hotelCondition: string,
    extraValues: Record<string, unknown>,
  ): IntentItem[] {
    const closing = to.hotel === 'CLOSING';
    const stamp = this.writeStamp();
    const update = (sk: string, fromStatus: string, toStatus: string, condition: string, extra = {}) => ({
      Update: {
        TableName: this.tableName,
        Key: { pk: hotelPk(hotel.hotelId), sk },
        UpdateExpression: 'SET #status = :to, writtenBy = :by, writtenAt = :at ADD #version :one',
        ConditionExpression: condition,
        ExpressionAttributeNames: GUARD_NAMES,
        ExpressionAttributeValues: {
          ':to': toStatus,
          ':from': fromStatus,
          ':one': 1,
          ':by': stamp.writtenBy,
          ':at': stamp.writtenAt,
          ':region': this.region,
          ...extra,
        },
      },
    });
    return [
      {
        intent: closing ? 'closeHotel' : 'reopenHotel',
        item: update(HOTEL_SK, from.hotel, to.hotel, hotelCondition, extraValues),
      },
      ...roomTypes.map<IntentItem>((rt) => ({
        intent: closing ? 'closeRoomType' : 'reopenRoomType',
        ref: rt.roomTypeId,
        item: update(
          roomTypeSk(rt.roomTypeId),
          from.roomType,
          to.roomType,
          '#status = :from AND #managedIn = :region AND attribute_not_exists(#handover)',
        ),
      })),
    ];
  }

  /** One transaction whose failed conditions all mean "re-read and try again". */
  private async writeAllOrStale(items: readonly IntentItem[], what: string): Promise<void> {
    try {
      await transactWrite(this.doc, items, this.retryPolicy);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw new StaleRead(what);
      throw error;
    }
  }

  async closeHotelForDeletion(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void> {
    const items = this.statusItems(
      hotel,
      roomTypes,
      { hotel: 'ACTIVE', roomType: 'ACTIVE' },
      { hotel: 'CLOSING', roomType: 'CLOSED' },
      // The count pins the set of room types: one created meanwhile would escape closing.
      '#status = :from AND #managedIn = :region AND attribute_not_exists(#handover) AND #version = :version AND roomTypeCount = :count',
      { ':version': hotel.version, ':count': roomTypes.length },
    );
    await this.writeAllOrStale(items, 'hotel');
  }

  async reopenHotel(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void> {
    const items = this.statusItems(
      hotel,
      roomTypes,
      { hotel: 'CLOSING', roomType: 'CLOSED' },
      { hotel: 'ACTIVE', roomType: 'ACTIVE' },
      '#status = :from AND #managedIn = :region AND attribute_not_exists(#handover)',
      {},
    );
    await this.writeAllOrStale(items, 'hotel');
  }

  async deleteClosedHotel(hotelId: string, roomTypes: readonly RoomType[]): Promise<void> {
    const remove = (sk: string, intent: 'deleteHotel' | 'deleteRoomType', ref?: string): IntentItem => ({
      intent,
      ref,
      item: {
        Delete: {
          TableName: this.tableName,
          Key: { pk: hotelPk(hotelId), sk },
          ConditionExpression: '#status = :closing AND #managedIn = :region',
          ExpressionAttributeNames: { '#status': 'status', '#managedIn': 'managedIn' },
          ExpressionAttributeValues: {
            ':closing': intent === 'deleteHotel' ? 'CLOSING' : 'CLOSED',
            ':region': this.region,
          },
        },
      },
    });
    await transactWrite(
      this.doc,
      [
        remove(HOTEL_SK, 'deleteHotel'),
        ...roomTypes.map((rt) => remove(roomTypeSk(rt.roomTypeId), 'deleteRoomType', rt.roomTypeId)),
      ],
      this.retryPolicy,
    );
  }

  // --- room types -----------------------------------------------------------

  async getRoomType(
    hotelId: string,
    roomTypeId: string,
    options?: ReadOptions,
  ): Promise<RoomType | undefined> {
    const item = await this.get(hotelPk(hotelId), roomTypeSk(roomTypeId), options);
    return item ? toDomain<RoomType>(item) : undefined;
  }

  async listRoomTypes(hotelId: string, options?: ReadOptions): Promise<RoomType[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': hotelPk(hotelId), ':prefix': ROOM_TYPE_PREFIX },
      ConsistentRead: options?.consistent ?? false,
    });
    return items.map((i) => toDomain<RoomType>(i));
  }

  async createRoomType(roomType: RoomType, maxRoomTypes: number): Promise<void> {
    const stamp = this.writeStamp();
    const items: IntentItem[] = [
      {
        intent: 'countRoomType',
        item: {
          Update: {
            TableName: this.tableName,
            Key: { pk: hotelPk(roomType.hotelId), sk: HOTEL_SK },
            UpdateExpression: 'SET writtenBy = :by, writtenAt = :at ADD roomTypeCount :one, #version :one',
            ConditionExpression: `${WRITABLE} AND roomTypeCount < :max`,
            ExpressionAttributeNames: GUARD_NAMES,
            ExpressionAttributeValues: {
              ':one': 1,
              ':active': 'ACTIVE',
              ':region': this.region,
              ':max': maxRoomTypes,
              ':by': stamp.writtenBy,
              ':at': stamp.writtenAt,
            },
          },
        },
      },
      {
        intent: 'createRoomType',
        ref: roomType.roomTypeId,
        item: {
          Put: {
            TableName: this.tableName,
            Item: roomTypeItem(roomType, stamp),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
    ];
    try {
      await transactWrite(this.doc, items, this.retryPolicy);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      if (error.of('createRoomType').length) throw new StaleRead('room type');
      const hotel = error.of('countRoomType')[0]?.old;
      if (hotel?.status === 'ACTIVE' && hotel.managedIn === this.region && !hotel.handover)
        throw new Conflict(`A hotel has at most ${maxRoomTypes} room types`);
      throw this.explainRefusal(hotel, 'hotel');
    }
  }

  private async updateRoomTypeAt(
    hotelId: string,
    roomTypeId: string,
    expectedVersion: number,
    set: Record<string, unknown>,
    removePending: boolean,
  ): Promise<RoomType> {
    const assigned = this.assignments(set);
    const result = await this.conditionalUpdate({
      Key: { pk: hotelPk(hotelId), sk: roomTypeSk(roomTypeId) },
      UpdateExpression: `SET ${assigned.clause} ${removePending ? 'REMOVE pendingTotalRooms ' : ''}ADD #version :one`,
      ConditionExpression: `${WRITABLE} AND #version = :expected`,
      ExpressionAttributeNames: { ...assigned.names, ...GUARD_NAMES },
      ExpressionAttributeValues: {
        ...assigned.values,
        ':one': 1,
        ':active': 'ACTIVE',
        ':region': this.region,
        ':expected': expectedVersion,
      },
    });
    if (!result.ok) throw this.explainRefusal(result.old, 'room type');
    return toDomain<RoomType>(result.item);
  }

  async replaceRoomType(roomType: RoomType, expectedVersion: number): Promise<RoomType> {
    const { name, totalRooms, pricePerNight } = roomType;
    return this.updateRoomTypeAt(
      roomType.hotelId,
      roomType.roomTypeId,
      expectedVersion,
      { name, totalRooms, pricePerNight },
      true,
    );
  }

  async holdCapacity(
    hotelId: string,
    roomTypeId: string,
    pendingTotalRooms: number,
    expectedVersion: number,
  ): Promise<RoomType> {
    return this.updateRoomTypeAt(hotelId, roomTypeId, expectedVersion, { pendingTotalRooms }, false);
  }

  async releaseCapacityHold(hotelId: string, roomTypeId: string, expectedVersion: number): Promise<void> {
    try {
      await this.updateRoomTypeAt(hotelId, roomTypeId, expectedVersion, {}, true);
    } catch (error) {
      // Whoever changed the room type since replaced or renewed the hold: nothing left to release.
      if (!(error instanceof StaleRead)) throw error;
    }
  }

  async bookedNights(
    hotelId: string,
    roomTypeId: string,
    fromNight: string,
    toNight?: string,
    options?: ReadOptions,
  ): Promise<NightCount[]> {
    const last = toNight ? addDays(toNight, -1) : '9999-12-31';
    if (last < fromNight) return [];
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': hotelPk(hotelId),
        ':from': nightSk(roomTypeId, fromNight),
        ':to': nightSk(roomTypeId, last),
      },
      ProjectionExpression: 'roomTypeId, night, booked',
      ConsistentRead: options?.consistent ?? false,
    });
    return items.map((i) => ({
      roomTypeId: String(i.roomTypeId),
      night: String(i.night),
      booked: Number(i.booked),
    }));
  }

  // --- bookings -------------------------------------------------------------

  async getBooking(hotelId: string, bookingId: string, options?: ReadOptions): Promise<Booking | undefined> {
    const item = await this.get(hotelPk(hotelId), bookingSk(bookingId), options);
    return item ? toDomain<Booking>(item) : undefined;
  }

  private nightItem(
    booking: Booking,
    night: string,
    delta: number,
    condition: string,
    limitValue: number,
  ): IntentItem['item'] {
    const stamp = this.writeStamp();
    return {
      Update: {
        TableName: this.tableName,
        Key: { pk: hotelPk(booking.hotelId), sk: nightSk(booking.roomTypeId, night) },
        UpdateExpression:
          'SET booked = if_not_exists(booked, :zero) + :delta, entity = :entity, hotelId = :hotelId, ' +
          'roomTypeId = :roomTypeId, night = :night, #managedIn = :region, writtenBy = :by, writtenAt = :at ' +
          'ADD #version :one',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#version': 'version', '#managedIn': 'managedIn' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':delta': delta,
          ':limit': limitValue,
          ':entity': ENTITY.night,
          ':hotelId': booking.hotelId,
          ':roomTypeId': booking.roomTypeId,
          ':night': night,
          ':region': this.region,
          ':by': stamp.writtenBy,
          ':at': stamp.writtenAt,
          ':one': 1,
        },
      },
    };
  }

  async createBooking(booking: Booking, reservation: Reservation): Promise<void> {
    const items: IntentItem[] = [
      {
        intent: 'guardRoomType',
        ref: booking.roomTypeId,
        item: {
          ConditionCheck: {
            TableName: this.tableName,
            Key: { pk: hotelPk(booking.hotelId), sk: roomTypeSk(booking.roomTypeId) },
            ConditionExpression: `${WRITABLE} AND #version = :version`,
            ExpressionAttributeNames: GUARD_NAMES,
            ExpressionAttributeValues: {
              ':active': 'ACTIVE',
              ':region': this.region,
              ':version': reservation.roomTypeVersion,
            },
          },
        },
      },
      ...reservation.nights.map<IntentItem>((night) => ({
        intent: 'reserveNight',
        ref: night,
        // The counter after this booking may not exceed capacity: booked + rooms <= capacity.
        item: this.nightItem(
          booking,
          night,
          booking.rooms,
          'attribute_not_exists(booked) OR booked <= :limit',
          reservation.capacity - booking.rooms,
        ),
      })),
      {
        intent: 'recordBooking',
        ref: booking.bookingId,
        item: {
          Put: {
            TableName: this.tableName,
            Item: {
              pk: hotelPk(booking.hotelId),
              sk: bookingSk(booking.bookingId),
              entity: ENTITY.booking,
              stayPk: hotelPk(booking.hotelId),
              staySk: staySk(booking.checkIn, booking.bookingId),
              ...booking,
              ...this.writeStamp(),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
    ];
    try {
      await transactWrite(this.doc, items, this.retryPolicy);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      // Order matters: a replay is a replay even if the rooms have sold out since, and a
      // changed room type makes any sold-out verdict stale.
      if (error.of('recordBooking').length) throw new DuplicateBooking(booking.bookingId);
      const guard = error.of('guardRoomType')[0];
      if (guard) throw this.explainRefusal(guard.old, 'room type');
      throw new SoldOut(error.of('reserveNight').map((f) => f.ref ?? ''));
    }
  }

  /**
   * The booking's room type is owned here and not fenced. Bookings keep the region
   * they were made in, so a later write to one is guarded by its room type, which
   * a handover switches together with the hotel.
   */
  private ownerGuard(booking: Booking): IntentItem {
    return {
      intent: 'guardOwner',
      ref: booking.roomTypeId,
      item: {
        ConditionCheck: {
          TableName: this.tableName,
          Key: { pk: hotelPk(booking.hotelId), sk: roomTypeSk(booking.roomTypeId) },
          ConditionExpression: '#managedIn = :region AND attribute_not_exists(#handover)',
          ExpressionAttributeNames: { '#managedIn': 'managedIn', '#handover': 'handover' },
          ExpressionAttributeValues: { ':region': this.region },
        },
      },
    };
  }

  /** Why the owner guard refused: another region owns the hotel now, or it is moving. */
  private explainOwnerGuard(error: ConditionsFailed): Error | undefined {
    const guard = error.of('guardOwner')[0];
    if (!guard) return undefined;
    if (guard.old && guard.old.managedIn !== this.region)
      return new NotOwnerRegion(String(guard.old.managedIn));
    if (guard.old?.handover) return new HotelMoving();
    return new NotFound('No such room type at this hotel');
  }

  async cancelBooking(booking: Booking, cancelledAt: string): Promise<Booking> {
    const set = this.assignments({ status: 'CANCELLED', cancelledAt, managedIn: this.region });
    const items: IntentItem[] = [
      this.ownerGuard(booking),
      {
        intent: 'cancelBooking',
        ref: booking.bookingId,
        item: {
          Update: {
            TableName: this.tableName,
            Key: { pk: hotelPk(booking.hotelId), sk: bookingSk(booking.bookingId) },
            UpdateExpression: `SET ${set.clause} ADD #version :one`,
            ConditionExpression: '#status = :confirmed',
            ExpressionAttributeNames: { ...set.names, '#version': 'version' },
            ExpressionAttributeValues: { ...set.values, ':one': 1, ':confirmed': 'CONFIRMED' },
          },
        },
      },
      ...nightsOf(booking.checkIn, booking.checkOut).map<IntentItem>((night) => ({
        intent: 'releaseNight',
        ref: night,
        // A counter below the booking's rooms would mean the invariant is already broken: refuse, never go negative.
        item: this.nightItem(booking, night, -booking.rooms, 'booked >= :limit', booking.rooms),
      })),
    ];
    try {
      await transactWrite(this.doc, items, this.retryPolicy);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      const refused = this.explainOwnerGuard(error);
      if (refused) throw refused;
      if (error.of('cancelBooking').length) throw new StaleRead('booking');
      // Possible only after an evacuation's split writes: refuse clearly, and point to the repair.
      const short = error.of('releaseNight').map((f) => f.ref ?? '');
      throw new Conflict(
        'This booking cannot be cancelled: its night counters hold fewer rooms than it booked. ' +
          'An operator must run reconcile for this hotel first.',
        { nights: short },
      );
    }
    return {
      ...booking,
      status: 'CANCELLED',
      cancelledAt,
      managedIn: this.region,
      version: booking.version + 1,
    };
  }

  async addAccessTokenHash(booking: Booking, tokenHash: string, maxTokens: number): Promise<void> {
    const set = this.assignments({ managedIn: this.region });
    try {
      await transactWrite(
        this.doc,
        [
          this.ownerGuard(booking),
          {
            intent: 'addAccessToken',
            ref: booking.bookingId,
            item: {
              Update: {
                TableName: this.tableName,
                Key: { pk: hotelPk(booking.hotelId), sk: bookingSk(booking.bookingId) },
                UpdateExpression: `SET ${set.clause}, accessTokenHashes = list_append(accessTokenHashes, :hash) ADD #version :one`,
                ConditionExpression: 'size(accessTokenHashes) < :max',
                ExpressionAttributeNames: { ...set.names, '#version': 'version' },
                ExpressionAttributeValues: {
                  ...set.values,
                  ':one': 1,
                  ':hash': [tokenHash],
                  ':max': maxTokens,
                },
              },
            },
          },
        ],
        this.retryPolicy,
      );
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      const refused = this.explainOwnerGuard(error);
      if (refused) throw refused;
      throw new Conflict('This booking has been replayed too many times; use its existing access token');
    }
  }

  async listBookingsOverlapping(hotelId: string, from: string, to: string): Promise<Booking[]> {
    // A stay overlapping [from, to) starts before `to` and at most MAX_NIGHTS before `from`.
    const items = await this.query({
      IndexName: STAY_INDEX,
      KeyConditionExpression: 'stayPk = :pk AND staySk BETWEEN :first AND :last',
      FilterExpression: 'checkOut > :from',
      ExpressionAttributeValues: {
        ':pk': hotelPk(hotelId),
        ':first': staySk(addDays(from, -MAX_NIGHTS), ''),
        ':last': staySk(addDays(to, -1), '~'),
        ':from': from,
      },
    });
    return items.map((i) => toDomain<Booking>(i));
  }

  // --- handover -------------------------------------------------------------

  /** One update per item of the hotel and its room types, each stating its intent. */
  private hotelAndRoomTypeUpdates(
    hotel: Hotel,
    roomTypes: readonly RoomType[],
    intents: { hotel: Intent; roomType: Intent },
    update: string,
    conditions: { hotel: string; roomType: (rt: RoomType) => string },
    values: Record<string, unknown>,
    roomTypeValues: (rt: RoomType) => Record<string, unknown> = () => ({}),
  ): IntentItem[] {
    const stamp = this.writeStamp();
    const item = (sk: string, condition: string, extra: Record<string, unknown>) => ({
      Update: {
        TableName: this.tableName,
        Key: { pk: hotelPk(hotel.hotelId), sk },
        UpdateExpression: update,
        ConditionExpression: condition,
        // DynamoDB refuses names and values an expression does not use.
        ExpressionAttributeNames: usedIn(`${update} ${condition}`, GUARD_NAMES),
        ExpressionAttributeValues: usedIn(`${update} ${condition}`, {
          ':one': 1,
          ':by': stamp.writtenBy,
          ':at': stamp.writtenAt,
          ...values,
          ...extra,
        }),
      },
    });
    return [
      { intent: intents.hotel, item: item(HOTEL_SK, conditions.hotel, {}) },
      ...roomTypes.map<IntentItem>((rt) => ({
        intent: intents.roomType,
        ref: rt.roomTypeId,
        item: item(roomTypeSk(rt.roomTypeId), conditions.roomType(rt), roomTypeValues(rt)),
      })),
    ];
  }

  async fenceHotel(hotel: Hotel, roomTypes: readonly RoomType[], fence: HandoverFence): Promise<void> {
    const items = this.hotelAndRoomTypeUpdates(
      hotel,
      roomTypes,
      { hotel: 'fenceHotel', roomType: 'fenceRoomType' },
      'SET #handover = :fence, writtenBy = :by, writtenAt = :at ADD #version :one',
      {
        // The count pins the set of room types: one created meanwhile would escape the fence.
        hotel: `${WRITABLE} AND roomTypeCount = :count`,
        roomType: () => '#managedIn = :region AND attribute_not_exists(#handover)',
      },
      { ':fence': fence, ':active': 'ACTIVE', ':region': this.region, ':count': roomTypes.length },
    );
    await this.writeAllOrStale(items, 'hotel');
  }

  async liftFence(hotel: Hotel, roomTypes: readonly RoomType[], handoverId: string): Promise<void> {
    const items = this.hotelAndRoomTypeUpdates(
      hotel,
      roomTypes,
      { hotel: 'liftHotelFence', roomType: 'liftRoomTypeFence' },
      // A capacity hold left by a write the fence refused is abandoned: drop it with the fence.
      'SET writtenBy = :by, writtenAt = :at REMOVE #handover, pendingTotalRooms ADD #version :one',
      {
        hotel: '#managedIn = :region AND #handover.handoverId = :id',
        roomType: () => '#managedIn = :region AND #handover.handoverId = :id',
      },
      { ':region': this.region, ':id': handoverId },
    );
    await this.writeAllOrStale(items, 'hotel');
  }

  private handoverRecordItem(record: HandoverRecord): IntentItem {
    return {
      intent: 'recordHandover',
      ref: record.handoverId,
      item: {
        Put: {
          TableName: this.tableName,
          Item: {
            pk: hotelPk(record.hotelId),
            sk: handoverSk(record.handoverId),
            entity: ENTITY.handover,
            ...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)),
            managedIn: this.region,
            version: 1,
            ...this.writeStamp(),
          },
          // One record per handover: whichever of the switch and the abort writes it first wins.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    };
  }

  async switchOwner(hotel: Hotel, roomTypes: readonly RoomType[], record: HandoverRecord): Promise<void> {
    if (record.to !== this.region) throw new NotOwnerRegion(record.to);
    const fenced = record.forced ? '' : ' AND #handover.handoverId = :id';
    const items = [
      ...this.hotelAndRoomTypeUpdates(
        hotel,
        roomTypes,
        { hotel: 'switchHotel', roomType: 'switchRoomType' },
        'SET #managedIn = :to, writtenBy = :by, writtenAt = :at REMOVE #handover, pendingTotalRooms ADD #version :one',
        {
          hotel: `#status = :active AND #managedIn = :from AND #version = :version${fenced}`,
          roomType: () => `#managedIn = :from AND #version = :rtVersion${fenced}`,
        },
        {
          ':to': this.region,
          ':from': record.from,
          ':active': 'ACTIVE',
          ':version': hotel.version,
          ...(record.forced ? {} : { ':id': record.handoverId }),
        },
        (rt) => ({ ':rtVersion': rt.version }),
      ),
      this.handoverRecordItem(record),
    ];
    try {
      await transactWrite(this.doc, items, this.retryPolicy);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      if (error.of('recordHandover').length) throw new Conflict('This handover has already ended');
      throw new StaleRead('hotel');
    }
  }

  async recordAbort(record: HandoverRecord): Promise<void> {
    try {
      await transactWrite(this.doc, [this.handoverRecordItem(record)], this.retryPolicy);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw new Conflict('This handover has already ended');
      throw error;
    }
  }

  async getHandoverRecord(hotelId: string, handoverId: string): Promise<HandoverRecord | undefined> {
    const item = await this.get(hotelPk(hotelId), handoverSk(handoverId), { consistent: true });
    return item ? handoverRecordOf(item) : undefined;
  }

  async listHandoverRecords(hotelId: string): Promise<HandoverRecord[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': hotelPk(hotelId), ':prefix': HANDOVER_PREFIX },
      ConsistentRead: true,
    });
    return items.map(handoverRecordOf).sort((a, b) => a.endedAt.localeCompare(b.endedAt));
  }

  async partitionItems(hotelId: string): Promise<StoredItem[]> {
    const items = await this.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': hotelPk(hotelId) },
      ConsistentRead: true,
    });
    return items.map(storedItemOf);
  }

  async liveItems(hotelId: string, fromNight: string): Promise<StoredItem[]> {
    const pk = hotelPk(hotelId);
    const [hotel, roomTypes, bookings] = await Promise.all([
      this.query({
        KeyConditionExpression: 'pk = :pk AND sk = :hotel',
        ExpressionAttributeValues: { ':pk': pk, ':hotel': HOTEL_SK },
        ConsistentRead: true,
      }),
      this.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': ROOM_TYPE_PREFIX },
        ConsistentRead: true,
      }),
      // Stays that end after `fromNight` start at most MAX_NIGHTS before it. The index is
      // eventually consistent; the night counters each booking moved are read strongly below.
      this.query({
        IndexName: STAY_INDEX,
        KeyConditionExpression: 'stayPk = :pk AND staySk >= :first',
        FilterExpression: 'checkOut > :from',
        ExpressionAttributeValues: {
          ':pk': pk,
          ':first': staySk(addDays(fromNight, -MAX_NIGHTS), ''),
          ':from': fromNight,
        },
      }),
    ]);
    const nights = await Promise.all(
      roomTypes.map((rt) =>
        this.query({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':from': nightSk(String(rt.roomTypeId), fromNight),
            ':to': nightSk(String(rt.roomTypeId), '~'),
          },
          ConsistentRead: true,
        }),
      ),
    );
    return [...hotel, ...roomTypes, ...nights.flat(), ...bookings].map(storedItemOf);
  }

  async writeProbe(): Promise<string> {
    const nonce = randomUUID();
    const set = this.assignments({ nonce, entity: ENTITY.probe, managedIn: this.region });
    await this.retrying(() =>
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: probePk(this.region), sk: PROBE_SK },
          UpdateExpression: `SET ${set.clause} ADD #version :one`,
          ExpressionAttributeNames: { ...set.names, '#version': 'version' },
          ExpressionAttributeValues: { ...set.values, ':one': 1 },
        }),
      ),
    );
    return nonce;
  }

  async readProbe(source: string): Promise<string | undefined> {
    const item = await this.get(probePk(source), PROBE_SK, { consistent: true });
    return typeof item?.nonce === 'string' ? item.nonce : undefined;
  }
}
