/**
 * The DynamoDB store of what a handover writes and compares: the fence, the
 * switch, the record whose key makes a switch and an abort exclusive, the
 * replication probe, and the hotel's items as a drain sees them.
 */
import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Conflict, NotOwnerRegion, StaleRead } from '../../domain/errors';
import type { HandoverFence, HandoverRecord, Hotel, RoomType, StoredItem } from '../../domain/model';
import type { HandoverStore } from '../../domain/ports';
import { addDays, MAX_NIGHTS } from '../../domain/stay';
import { WRITABLE } from './guards';
import { hotelWideUpdate } from './hotel-wide-update';
import { HANDOVER_RECORD_ITEM } from './items/handover-record';
import { HOTEL_ITEM } from './items/hotel';
import { NIGHT_ITEM } from './items/night';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { storedItemOf } from './items/stored-item';
import { ENTITY, hotelPk, PROBE_SK, probePk, RATE_PLAN_PREFIX, staySk } from './keys';
import type { HotelTableClient } from './table-client';
import { STAY_INDEX } from './table-definition';
import { ConditionsFailed, type IntentItem } from './transact';

export class DynamoDbHandoverStore implements HandoverStore {
  constructor(private readonly table: HotelTableClient) {}

  async fenceHotel(hotel: Hotel, roomTypes: readonly RoomType[], fence: HandoverFence): Promise<void> {
    const items = hotelWideUpdate(this.table, hotel, roomTypes, {
      intents: { hotel: 'fenceHotel', roomType: 'fenceRoomType' },
      update: 'SET #handover = :fence, writtenBy = :by, writtenAt = :at ADD #version :one',
      conditions: {
        // The count pins the set of room types: one created meanwhile would escape the fence.
        hotel: `${WRITABLE} AND roomTypeCount = :count`,
        roomType: '#managedIn = :region AND attribute_not_exists(#handover)',
      },
      values: {
        ':fence': fence,
        ':active': 'ACTIVE',
        ':region': this.table.region,
        ':count': roomTypes.length,
      },
    });
    await this.table.transactOrStale(items, 'hotel');
  }

  async liftFence(hotel: Hotel, roomTypes: readonly RoomType[], handoverId: string): Promise<void> {
    const fenced = '#managedIn = :region AND #handover.handoverId = :id';
    const items = hotelWideUpdate(this.table, hotel, roomTypes, {
      intents: { hotel: 'liftHotelFence', roomType: 'liftRoomTypeFence' },
      // A capacity hold left by a write the fence refused is abandoned: drop it with the fence.
      update: 'SET writtenBy = :by, writtenAt = :at REMOVE #handover, pendingTotalRooms ADD #version :one',
      conditions: { hotel: fenced, roomType: fenced },
      values: { ':region': this.table.region, ':id': handoverId },
    });
    await this.table.transactOrStale(items, 'hotel');
  }

  private recordItem(record: HandoverRecord): IntentItem {
    return {
      intent: 'recordHandover',
      ref: record.handoverId,
      item: {
        Put: {
          TableName: this.table.tableName,
          Item: HANDOVER_RECORD_ITEM.toItem(record, this.table.writeStamp()),
          // One record per handover: whichever of the switch and the abort writes it first wins.
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    };
  }

  async switchOwner(hotel: Hotel, roomTypes: readonly RoomType[], record: HandoverRecord): Promise<void> {
    const { table } = this;
    if (record.to !== table.region) throw new NotOwnerRegion(record.to);
    const fenced = record.forced ? '' : ' AND #handover.handoverId = :id';
    const items = [
      ...hotelWideUpdate(table, hotel, roomTypes, {
        intents: { hotel: 'switchHotel', roomType: 'switchRoomType' },
        update:
          'SET #managedIn = :to, writtenBy = :by, writtenAt = :at REMOVE #handover, pendingTotalRooms ADD #version :one',
        conditions: {
          hotel: `#status = :active AND #managedIn = :from AND #version = :version${fenced}`,
          roomType: `#managedIn = :from AND #version = :rtVersion${fenced}`,
        },
        values: {
          ':to': table.region,
          ':from': record.from,
          ':active': 'ACTIVE',
          ':version': hotel.version,
          ...(record.forced ? {} : { ':id': record.handoverId }),
        },
        roomTypeValues: (rt) => ({ ':rtVersion': rt.version }),
      }),
      this.recordItem(record),
    ];
    try {
      await table.transact(items);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      if (error.of('recordHandover').length) throw new Conflict('This handover has already ended');
      throw new StaleRead('hotel');
    }
  }

  async recordAbort(record: HandoverRecord): Promise<void> {
    try {
      await this.table.transact([this.recordItem(record)]);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw new Conflict('This handover has already ended');
      throw error;
    }
  }

  async getHandoverRecord(hotelId: string, handoverId: string): Promise<HandoverRecord | undefined> {
    const item = await this.table.get(HANDOVER_RECORD_ITEM.key(hotelId, handoverId), { consistent: true });
    return item ? HANDOVER_RECORD_ITEM.fromItem(item) : undefined;
  }

  async listHandoverRecords(hotelId: string): Promise<HandoverRecord[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': hotelPk(hotelId), ':prefix': HANDOVER_RECORD_ITEM.prefix },
      ConsistentRead: true,
    });
    return items.map(HANDOVER_RECORD_ITEM.fromItem).sort((a, b) => a.endedAt.localeCompare(b.endedAt));
  }

  async partitionItems(hotelId: string): Promise<StoredItem[]> {
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': hotelPk(hotelId) },
      ConsistentRead: true,
    });
    return items.map(storedItemOf);
  }

  async liveItems(hotelId: string, fromNight: string, toNight: string): Promise<StoredItem[]> {
    const { table } = this;
    const pk = hotelPk(hotelId);
    const [hotel, roomTypes, ratePlans, bookings] = await Promise.all([
      table.get(HOTEL_ITEM.key(hotelId), { consistent: true }),
      table.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': ROOM_TYPE_ITEM.prefix },
        ConsistentRead: true,
      }),
      // A plan the target has not caught up with would price its first bookings by older terms.
      table.query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': RATE_PLAN_PREFIX },
        ConsistentRead: true,
      }),
      // Stays that end after `fromNight` start at most MAX_NIGHTS before it. The index is
      // eventually consistent; the night counters each booking moved are read strongly below.
      table.query({
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
        table.query({
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':from': NIGHT_ITEM.key(hotelId, String(rt.roomTypeId), fromNight).sk,
            ':to': NIGHT_ITEM.key(hotelId, String(rt.roomTypeId), addDays(toNight, -1)).sk,
          },
          ConsistentRead: true,
        }),
      ),
    );
    return [...(hotel ? [hotel] : []), ...roomTypes, ...ratePlans, ...nights.flat(), ...bookings].map(
      storedItemOf,
    );
  }

  async writeProbe(): Promise<string> {
    const { table } = this;
    const nonce = randomUUID();
    const set = table.assignments({ nonce, entity: ENTITY.probe, managedIn: table.region });
    await table.retrying(
      (abortSignal) =>
        table.doc.send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: { pk: probePk(table.region), sk: PROBE_SK },
            UpdateExpression: `SET ${set.clause} ADD #version :one`,
            ExpressionAttributeNames: { ...set.names, '#version': 'version' },
            ExpressionAttributeValues: { ...set.values, ':one': 1 },
          }),
          { abortSignal },
        ),
      // A nonce no one waits for: unanswered, it says only that the region cannot be reached (503).
      { writes: false },
    );
    return nonce;
  }

  async readProbe(source: string): Promise<string | undefined> {
    const item = await this.table.get({ pk: probePk(source), sk: PROBE_SK }, { consistent: true });
    return typeof item?.nonce === 'string' ? item.nonce : undefined;
  }
}
