/** The DynamoDB adapter of `BookingRepository`: one table, one partition per hotel. */
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
  NotFound,
  NotOwnerRegion,
  SoldOut,
  StaleRead,
} from '../../domain/errors';
import type { Booking, Hotel, NightCount, RoomType } from '../../domain/model';
import type { BookingRepository, HotelChanges, ReadOptions, Reservation } from '../../domain/ports';
import type { Region } from '../../domain/regions';
import { addDays, MAX_NIGHTS, nightsOf } from '../../domain/stay';
import {
  bookingSk,
  ENTITY,
  HOTEL_SK,
  hotelPk,
  nightSk,
  ownerPk,
  ROOM_TYPE_PREFIX,
  roomTypeSk,
  staySk,
} from './keys';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry';
import { OWNER_INDEX, STAY_INDEX } from './table-definition';
import { ConditionsFailed, type IntentItem, transactWrite } from './transact';

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

function toDomain<T>(item: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...item };
  for (const key of STORAGE_ATTRIBUTES) delete copy[key];
  return copy as T;
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

const ACTIVE_AND_OWNED = '#status = :active AND #managedIn = :region';
const GUARD_NAMES = { '#status': 'status', '#managedIn': 'managedIn', '#version': 'version' };

/** Implements the booking store on a DynamoDB table laid out by `HOTEL_TABLE`. */
export class DynamoDbBookingRepository implements BookingRepository {
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
    return new StaleRead(what);
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
      ConditionExpression: `attribute_exists(pk) AND ${ACTIVE_AND_OWNED}`,
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
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version', '#managedIn': 'managedIn' },
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
          '#status = :from AND #managedIn = :region',
        ),
      })),
    ];
  }

  async closeHotelForDeletion(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void> {
    const items = this.statusItems(
      hotel,
      roomTypes,
      { hotel: 'ACTIVE', roomType: 'ACTIVE' },
      { hotel: 'CLOSING', roomType: 'CLOSED' },
      // The count pins the set of room types: one created meanwhile would escape closing.
      '#status = :from AND #managedIn = :region AND #version = :version AND roomTypeCount = :count',
      { ':version': hotel.version, ':count': roomTypes.length },
    );
    try {
      await transactWrite(this.doc, items, this.retryPolicy);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw new StaleRead('hotel');
      throw error;
    }
  }

  async reopenHotel(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void> {
    const items = this.statusItems(
      hotel,
      roomTypes,
      { hotel: 'CLOSING', roomType: 'CLOSED' },
      { hotel: 'ACTIVE', roomType: 'ACTIVE' },
      '#status = :from AND #managedIn = :region',
      {},
    );
    await transactWrite(this.doc, items, this.retryPolicy);
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
            ConditionExpression: `${ACTIVE_AND_OWNED} AND roomTypeCount < :max`,
            ExpressionAttributeNames: {
              '#status': 'status',
              '#managedIn': 'managedIn',
              '#version': 'version',
            },
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
      if (hotel?.status === 'ACTIVE' && hotel.managedIn === this.region)
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
      ConditionExpression: `${ACTIVE_AND_OWNED} AND #version = :expected`,
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
            ConditionExpression: `${ACTIVE_AND_OWNED} AND #version = :version`,
            ExpressionAttributeNames: {
              '#status': 'status',
              '#managedIn': 'managedIn',
              '#version': 'version',
            },
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

  async cancelBooking(booking: Booking, cancelledAt: string): Promise<Booking> {
    const set = this.assignments({ status: 'CANCELLED', cancelledAt });
    const items: IntentItem[] = [
      {
        intent: 'cancelBooking',
        ref: booking.bookingId,
        item: {
          Update: {
            TableName: this.tableName,
            Key: { pk: hotelPk(booking.hotelId), sk: bookingSk(booking.bookingId) },
            UpdateExpression: `SET ${set.clause} ADD #version :one`,
            ConditionExpression: '#status = :confirmed AND #managedIn = :region',
            ExpressionAttributeNames: { ...set.names, ...GUARD_NAMES },
            ExpressionAttributeValues: {
              ...set.values,
              ':one': 1,
              ':confirmed': 'CONFIRMED',
              ':region': this.region,
            },
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
      if (error.of('cancelBooking').length) throw new StaleRead('booking');
      throw new Error(`night counters below booking ${booking.bookingId}: run reconcile`);
    }
    return { ...booking, status: 'CANCELLED', cancelledAt, version: booking.version + 1 };
  }

  async addAccessTokenHash(booking: Booking, tokenHash: string, maxTokens: number): Promise<void> {
    const set = this.assignments({});
    const result = await this.conditionalUpdate({
      Key: { pk: hotelPk(booking.hotelId), sk: bookingSk(booking.bookingId) },
      UpdateExpression: `SET ${set.clause}, accessTokenHashes = list_append(accessTokenHashes, :hash) ADD #version :one`,
      ConditionExpression: '#managedIn = :region AND size(accessTokenHashes) < :max',
      ExpressionAttributeNames: { ...set.names, '#managedIn': 'managedIn', '#version': 'version' },
      ExpressionAttributeValues: {
        ...set.values,
        ':one': 1,
        ':region': this.region,
        ':hash': [tokenHash],
        ':max': maxTokens,
      },
    });
    if (!result.ok) {
      if (result.old && result.old.managedIn !== this.region)
        throw new NotOwnerRegion(String(result.old.managedIn));
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
}
