/** The DynamoDB store of hotels and their room types: one partition per hotel. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, NotOwnerRegion, StaleRead } from '../../domain/errors';
import type { Hotel, RoomType } from '../../domain/model';
import type { Money } from '../../domain/money';
import type {
  HotelChanges,
  HotelStore,
  Page,
  PageRequest,
  RatesWrite,
  ReadOptions,
} from '../../domain/ports';
import type { RatePlan } from '../../domain/rate-plans';
import { priceKey } from '../search/price-key';
import { explainRefusal, GUARD_NAMES, WRITABLE } from './guards';
import { hotelWideUpdate } from './hotel-wide-update';
import { HOTEL_ITEM, rateAttributes } from './items/hotel';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { HEALTH_KEY, HOTEL_SK, hotelPk, nameSortKey, ownerPk, ownerSk } from './keys';
import { decodePageCursor, encodePageCursor, pageBinding } from './page-cursor';
import { deleteHotelRatePlans, queryRatePlans, readRatePlan, writeRatePlan } from './rate-plan-store';
import type { HotelTableClient } from './table-client';
import { OWNER_INDEX } from './table-definition';
import { ConditionsFailed, type IntentItem } from './transact';

/** A status change of the hotel and all its room types, guarded by the hotel's own condition. */
function statusChange(
  table: HotelTableClient,
  hotel: Hotel,
  roomTypes: readonly RoomType[],
  to: 'CLOSING' | 'ACTIVE',
  hotelCondition: string,
  hotelValues: Record<string, unknown> = {},
): IntentItem[] {
  const closing = to === 'CLOSING';
  return hotelWideUpdate(table, hotel, roomTypes, {
    intents: closing
      ? { hotel: 'closeHotel', roomType: 'closeRoomType' }
      : { hotel: 'reopenHotel', roomType: 'reopenRoomType' },
    update: 'SET #status = :to, writtenBy = :by, writtenAt = :at ADD #version :one',
    conditions: {
      hotel: hotelCondition,
      roomType: '#status = :from AND #managedIn = :region AND attribute_not_exists(#handover)',
    },
    values: { ':region': table.region },
    hotelValues: { ':to': to, ':from': closing ? 'ACTIVE' : 'CLOSING', ...hotelValues },
    roomTypeValues: () => ({ ':to': closing ? 'CLOSED' : 'ACTIVE', ':from': closing ? 'ACTIVE' : 'CLOSED' }),
  });
}

export class DynamoDbHotelStore implements HotelStore {
  constructor(private readonly table: HotelTableClient) {}

  reachable(timeoutMs: number): Promise<boolean> {
    return this.table.reachable(HEALTH_KEY, timeoutMs);
  }

  // --- hotels ---------------------------------------------------------------

  async getHotel(hotelId: string, options?: ReadOptions): Promise<Hotel | undefined> {
    const item = await this.table.get(HOTEL_ITEM.key(hotelId), options);
    return item ? HOTEL_ITEM.fromItem(item) : undefined;
  }

  async pageHotelsByOwner(ownerId: string, page: PageRequest): Promise<Page<Hotel>> {
    const owner = ownerPk(ownerId);
    const binding = pageBinding(this.table.cursors, 'hotels-by-owner', ownerId);
    const start = page.cursor
      ? decodePageCursor(this.table.cursors, page.cursor, binding, {
          ownerPk: (v) => v === owner,
          ownerSk: (v) => v.length <= 1_024,
          pk: (v) => /^HOTEL#[\w-]{1,64}$/.test(v),
          sk: (v) => v === HOTEL_SK,
        })
      : undefined;
    // One more than the page: whether a next page exists is known without an empty last page.
    const { items } = await this.table.queryPage({
      IndexName: OWNER_INDEX,
      KeyConditionExpression: 'ownerPk = :owner',
      ExpressionAttributeValues: { ':owner': owner },
      Limit: page.limit + 1,
      ExclusiveStartKey: start,
    });
    const shown = items.slice(0, page.limit);
    const last = shown.at(-1);
    return {
      items: shown.map(HOTEL_ITEM.fromItem),
      nextCursor:
        items.length > page.limit && last
          ? encodePageCursor(this.table.cursors, binding, {
              ownerPk: last.ownerPk,
              ownerSk: last.ownerSk,
              pk: last.pk,
              sk: last.sk,
            })
          : null,
    };
  }

  async hotelsNamed(ownerId: string, name: string, limit: number): Promise<Hotel[]> {
    // One page, never the whole run of a hotelier's same-named hotels.
    const { items } = await this.table.queryPage({
      IndexName: OWNER_INDEX,
      KeyConditionExpression: 'ownerPk = :owner AND begins_with(ownerSk, :name)',
      ExpressionAttributeValues: { ':owner': ownerPk(ownerId), ':name': `${nameSortKey(name)}\u0001` },
      Limit: limit,
    });
    return items.map(HOTEL_ITEM.fromItem);
  }

  async getHotels(hotelIds: readonly string[]): Promise<Hotel[]> {
    const items = await this.table.batchGet([...new Set(hotelIds)].map((id) => HOTEL_ITEM.key(id)));
    return items.map(HOTEL_ITEM.fromItem);
  }

  async createHotel(hotel: Hotel): Promise<void> {
    const { table } = this;
    if (hotel.managedIn !== table.region) throw new NotOwnerRegion(hotel.managedIn);
    try {
      await table.retrying(
        (abortSignal) =>
          table.doc.send(
            new PutCommand({
              TableName: table.tableName,
              Item: HOTEL_ITEM.toItem(hotel, table.writeStamp()),
              ConditionExpression: 'attribute_not_exists(pk)',
            }),
            { abortSignal },
          ),
        { writes: true, conditionFailsOnOwnWrite: true },
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new Conflict('This hotel id is taken');
      throw error;
    }
  }

  async updateHotel(hotelId: string, changes: HotelChanges, updatedAt: string): Promise<Hotel> {
    const entries = Object.entries(changes);
    const defined = Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== null));
    // A null change removes an optional field (a street address) rather than storing null.
    const removed = entries.filter(([, v]) => v === null).map(([field]) => field);
    // A new name moves the hotel in its hotelier's list, which is ordered by name.
    const reorder = changes.name === undefined ? {} : { ownerSk: ownerSk(changes.name, hotelId) };
    const set = this.table.assignments({ ...defined, ...reorder, updatedAt });
    const remove = removed.length ? ` REMOVE ${removed.map((f) => `#${f}`).join(', ')}` : '';
    const result = await this.table.conditionalUpdate({
      Key: HOTEL_ITEM.key(hotelId),
      UpdateExpression: `SET ${set.clause}${remove} ADD #version :one`,
      ConditionExpression: `attribute_exists(pk) AND ${WRITABLE}`,
      ExpressionAttributeNames: {
        ...set.names,
        ...Object.fromEntries(removed.map((f) => [`#${f}`, f])),
        ...GUARD_NAMES,
      },
      ExpressionAttributeValues: {
        ...set.values,
        ':one': 1,
        ':active': 'ACTIVE',
        ':region': this.table.region,
      },
    });
    if (!result.ok) throw explainRefusal(this.table.region, result.old, 'hotel');
    return HOTEL_ITEM.fromItem(result.item);
  }

  async closeHotelForDeletion(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void> {
    const items = statusChange(
      this.table,
      hotel,
      roomTypes,
      'CLOSING',
      // The count pins the set of room types: one created meanwhile would escape closing.
      '#status = :from AND #managedIn = :region AND attribute_not_exists(#handover) AND #version = :version AND roomTypeCount = :count',
      { ':version': hotel.version, ':count': roomTypes.length },
    );
    await this.table.transactOrStale(items, 'hotel');
  }

  async reopenHotel(hotel: Hotel, roomTypes: readonly RoomType[]): Promise<void> {
    const items = statusChange(
      this.table,
      hotel,
      roomTypes,
      'ACTIVE',
      '#status = :from AND #managedIn = :region AND attribute_not_exists(#handover)',
    );
    await this.table.transactOrStale(items, 'hotel');
  }

  async deleteClosedHotel(hotelId: string, roomTypes: readonly RoomType[]): Promise<void> {
    const { table } = this;
    const remove = (key: object, intent: 'deleteHotel' | 'deleteRoomType', ref?: string): IntentItem => ({
      intent,
      ref,
      item: {
        Delete: {
          TableName: table.tableName,
          Key: key,
          ConditionExpression: '#status = :closing AND #managedIn = :region',
          ExpressionAttributeNames: { '#status': 'status', '#managedIn': 'managedIn' },
          ExpressionAttributeValues: {
            ':closing': intent === 'deleteHotel' ? 'CLOSING' : 'CLOSED',
            ':region': table.region,
          },
        },
      },
    });
    await table.transact([
      remove(HOTEL_ITEM.key(hotelId), 'deleteHotel'),
      ...roomTypes.map((rt) =>
        remove(ROOM_TYPE_ITEM.key(hotelId, rt.roomTypeId), 'deleteRoomType', rt.roomTypeId),
      ),
    ]);
  }

  // --- room types -----------------------------------------------------------

  async getRoomType(
    hotelId: string,
    roomTypeId: string,
    options?: ReadOptions,
  ): Promise<RoomType | undefined> {
    const item = await this.table.get(ROOM_TYPE_ITEM.key(hotelId, roomTypeId), options);
    return item ? ROOM_TYPE_ITEM.fromItem(item) : undefined;
  }

  async listRoomTypes(hotelId: string, options?: ReadOptions): Promise<RoomType[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': hotelPk(hotelId), ':prefix': ROOM_TYPE_ITEM.prefix },
      ConsistentRead: options?.consistent ?? false,
    });
    return items.map(ROOM_TYPE_ITEM.fromItem);
  }

  async createRoomType(roomType: RoomType, maxRoomTypes: number, rates: RatesWrite): Promise<void> {
    const { table } = this;
    const stamp = table.writeStamp();
    const summary = this.ratesUpdate(rates);
    const items: IntentItem[] = [
      {
        intent: 'countRoomType',
        item: {
          Update: {
            TableName: table.tableName,
            Key: HOTEL_ITEM.key(roomType.hotelId),
            UpdateExpression: `SET writtenBy = :by, writtenAt = :at, ${summary.clause} ADD roomTypeCount :one, #version :one`,
            ConditionExpression: `${WRITABLE} AND roomTypeCount < :max AND #version = :hotelVersion`,
            ExpressionAttributeNames: { ...GUARD_NAMES, ...summary.names },
            ExpressionAttributeValues: {
              ':one': 1,
              ':active': 'ACTIVE',
              ':region': table.region,
              ':max': maxRoomTypes,
              ':by': stamp.writtenBy,
              ':at': stamp.writtenAt,
              ':hotelVersion': rates.hotelVersion,
              ...summary.values,
            },
          },
        },
      },
      {
        intent: 'createRoomType',
        ref: roomType.roomTypeId,
        item: {
          Put: {
            TableName: table.tableName,
            Item: ROOM_TYPE_ITEM.toItem(roomType, stamp),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
    ];
    try {
      await table.transact(items);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      if (error.of('createRoomType').length) throw new StaleRead('room type');
      const hotel = error.of('countRoomType')[0]?.old;
      const writable = hotel?.status === 'ACTIVE' && hotel.managedIn === table.region && !hotel.handover;
      // Another room type write (or a hotel change) came first: its summary must be read again.
      if (writable && hotel.version !== rates.hotelVersion) throw new StaleRead('hotel');
      if (writable) throw new Conflict(`A hotel has at most ${maxRoomTypes} room types`);
      throw explainRefusal(table.region, hotel, 'hotel');
    }
  }

  private async updateRoomTypeAt(
    hotelId: string,
    roomTypeId: string,
    expectedVersion: number,
    set: Record<string, unknown>,
    removePending: boolean,
  ): Promise<RoomType> {
    const assigned = this.table.assignments(set);
    const result = await this.table.conditionalUpdate(
      {
        Key: ROOM_TYPE_ITEM.key(hotelId, roomTypeId),
        UpdateExpression: `SET ${assigned.clause} ${removePending ? 'REMOVE pendingTotalRooms ' : ''}ADD #version :one`,
        ConditionExpression: `${WRITABLE} AND #version = :expected`,
        ExpressionAttributeNames: { ...assigned.names, ...GUARD_NAMES },
        ExpressionAttributeValues: {
          ...assigned.values,
          ':one': 1,
          ':active': 'ACTIVE',
          ':region': this.table.region,
          ':expected': expectedVersion,
        },
      },
      { conditionFailsOnOwnWrite: true },
    );
    if (!result.ok) throw explainRefusal(this.table.region, result.old, 'room type');
    return ROOM_TYPE_ITEM.fromItem(result.item);
  }

  async replaceRoomType(roomType: RoomType, expectedVersion: number, rates: RatesWrite): Promise<RoomType> {
    const { table } = this;
    const { hotelId, roomTypeId, name, totalRooms, pricePerNight } = roomType;
    const { maxOccupancy, standardOccupancy, extraGuestPerNight } = roomType;
    const occupancy = Object.entries({ maxOccupancy, standardOccupancy, extraGuestPerNight });
    const stamp = table.writeStamp();
    const set = table.assignments({
      name,
      totalRooms,
      pricePerNight,
      // Occupancy left unset stays unset: the room type reads with the defaults.
      ...Object.fromEntries(occupancy.filter(([, v]) => v !== undefined)),
    });
    const summary = this.ratesUpdate(rates);
    const items: IntentItem[] = [
      {
        intent: 'replaceRoomType',
        ref: roomTypeId,
        item: {
          Update: {
            TableName: table.tableName,
            Key: ROOM_TYPE_ITEM.key(hotelId, roomTypeId),
            UpdateExpression: `SET ${set.clause} REMOVE pendingTotalRooms ADD #version :one`,
            ConditionExpression: `${WRITABLE} AND #version = :expected`,
            ExpressionAttributeNames: { ...set.names, ...GUARD_NAMES },
            ExpressionAttributeValues: {
              ...set.values,
              ':one': 1,
              ':active': 'ACTIVE',
              ':region': table.region,
              ':expected': expectedVersion,
            },
          },
        },
      },
      {
        // The hotel's summary changes with the room type, or neither does.
        intent: 'summarizeRates',
        item: {
          Update: {
            TableName: table.tableName,
            Key: HOTEL_ITEM.key(hotelId),
            UpdateExpression: `SET writtenBy = :by, writtenAt = :at, ${summary.clause} ADD #version :one`,
            ConditionExpression: `${WRITABLE} AND #version = :hotelVersion`,
            ExpressionAttributeNames: { ...GUARD_NAMES, ...summary.names },
            ExpressionAttributeValues: {
              ':one': 1,
              ':active': 'ACTIVE',
              ':region': table.region,
              ':by': stamp.writtenBy,
              ':at': stamp.writtenAt,
              ':hotelVersion': rates.hotelVersion,
              ...summary.values,
            },
          },
        },
      },
    ];
    try {
      await table.transact(items);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      const roomTypeRefusal = error.of('replaceRoomType')[0];
      if (roomTypeRefusal) throw explainRefusal(table.region, roomTypeRefusal.old, 'room type');
      throw explainRefusal(table.region, error.of('summarizeRates')[0]?.old, 'hotel');
    }
    return { ...roomType, pendingTotalRooms: undefined, version: expectedVersion + 1 };
  }

  /** `SET` assignments of a rate summary and what the index reads off it. */
  private ratesUpdate(rates: RatesWrite) {
    const attributes = rateAttributes(rates.summary);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const parts = Object.entries(attributes).map(([field, value]) => {
      names[`#rate_${field}`] = field;
      values[`:rate_${field}`] = value;
      return `#rate_${field} = :rate_${field}`;
    });
    return { names, values, clause: parts.join(', ') };
  }

  async lowerPriceFloor(hotelId: string, price: Money): Promise<void> {
    const stamp = this.table.writeStamp();
    const key = priceKey(price);
    // Lowers only: a key already at or below stays (a failed condition is the answer "nothing to do").
    await this.table.conditionalUpdate({
      Key: HOTEL_ITEM.key(hotelId),
      UpdateExpression:
        'SET #rates.#floor = :price, priceFloorKey = :key, writtenBy = :by, writtenAt = :at ADD #version :one',
      ConditionExpression: `${WRITABLE} AND attribute_exists(#rates) AND priceFloorKey > :key`,
      ExpressionAttributeNames: { ...GUARD_NAMES, '#rates': 'rates', '#floor': 'priceFloor' },
      ExpressionAttributeValues: {
        ':price': price,
        ':key': key,
        ':by': stamp.writtenBy,
        ':at': stamp.writtenAt,
        ':one': 1,
        ':active': 'ACTIVE',
        ':region': this.table.region,
      },
    });
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

  // --- rate plans (rate-plan-store.ts) ----------------------------------------

  getRatePlan(hotelId: string, roomTypeId: string, ratePlanId: string, options?: ReadOptions) {
    return readRatePlan(this.table, hotelId, roomTypeId, ratePlanId, options);
  }

  listRatePlans(hotelId: string, roomTypeId?: string, options?: ReadOptions) {
    return queryRatePlans(this.table, hotelId, roomTypeId, options);
  }

  putRatePlan(plan: RatePlan, expectedVersion: number | undefined, rates?: RatesWrite) {
    return writeRatePlan(this.table, plan, expectedVersion, rates);
  }

  deleteRatePlans(hotelId: string) {
    return deleteHotelRatePlans(this.table, hotelId);
  }
}
