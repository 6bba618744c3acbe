/**
 * The DynamoDB store of bookings and their night counters. A booking takes its
 * rooms on every night in one transaction with the booking itself, or nothing.
 */
import type { BookingQuery } from '../../domain/booking-query';
import {
  Conflict,
  DuplicateBooking,
  ReferenceTaken,
  SoldOut,
  StaleCalendar,
  StaleRead,
} from '../../domain/errors';
import type { Booking, CalendarNight, NightCount, RoomType } from '../../domain/model';
import type {
  BookingStore,
  CalendarSettings,
  NightKey,
  Page,
  PageRequest,
  ReadOptions,
  Reservation,
  StatusChange,
  StayModification,
} from '../../domain/ports';
import { addDays, MAX_NIGHTS } from '../../domain/stay';
import { writeModification } from './booking-modification';
import { updateOwnedBooking } from './booking-update';
import { explainRefusal, roomTypeGuard } from './guards';
import { BOOKING_ITEM } from './items/booking';
import type { Item, ItemKey } from './items/item-kind';
import { NIGHT_ITEM } from './items/night';
import { claimReference } from './items/reference';
import { ROOM_TYPE_ITEM } from './items/room-type';
import { hotelPk, staySk } from './keys';
import { calendarChanged, readCalendarNights, reserveCondition, writeCalendar } from './night-calendar';
import { decodePageCursor, encodePageCursor, pageBinding } from './page-cursor';
import { ratePlanGuard } from './rate-plan-store';
import type { HotelTableClient } from './table-client';
import { STAY_INDEX } from './table-definition';
import { ConditionsFailed, type IntentItem } from './transact';

/** Items one query call of a bookings page evaluates, and how many calls a page may make. */
const ITEMS_PER_READ = 100;
/** DynamoDB's limit of keys in one BatchGetItem. */
const BATCH_GET_KEYS = 100;
/** How many BatchGetItem calls one stay check sends at once. */
const BATCH_GETS_IN_FLIGHT = 16;
const READS_PER_PAGE = 5;

/** Where a query of the stay index continues after `item`. */
function stayKeyOf(item: Item): Item {
  return { stayPk: item.stayPk, staySk: item.staySk, pk: item.pk, sk: item.sk };
}

export class DynamoDbBookingStore implements BookingStore {
  constructor(private readonly table: HotelTableClient) {}

  async bookedNights(
    hotelId: string,
    roomTypeId: string,
    fromNight: string,
    toNight: string,
    options?: ReadOptions,
  ): Promise<NightCount[]> {
    const last = addDays(toNight, -1);
    if (last < fromNight) return [];
    const items = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': hotelPk(hotelId),
        ':from': NIGHT_ITEM.key(hotelId, roomTypeId, fromNight).sk,
        ':to': NIGHT_ITEM.key(hotelId, roomTypeId, last).sk,
      },
      ProjectionExpression: 'roomTypeId, night, booked',
      ConsistentRead: options?.consistent ?? false,
    });
    return items.map(NIGHT_ITEM.fromItem);
  }

  calendarNights(
    hotelId: string,
    roomTypeId: string,
    fromNight: string,
    toNight: string,
    options?: ReadOptions,
  ): Promise<CalendarNight[]> {
    return readCalendarNights(this.table, hotelId, roomTypeId, fromNight, toNight, options);
  }

  setCalendar(roomType: RoomType, nights: readonly string[], settings: CalendarSettings): Promise<void> {
    return writeCalendar(this.table, roomType, nights, settings);
  }

  async readStayItems(
    roomTypes: readonly { readonly hotelId: string; readonly roomTypeId: string }[],
    nights: readonly NightKey[],
  ): Promise<{ roomTypes: RoomType[]; nights: Array<CalendarNight & { hotelId: string }>; reads: number }> {
    const keys = [
      ...roomTypes.map((r) => ROOM_TYPE_ITEM.key(r.hotelId, r.roomTypeId)),
      ...nights.map((n) => NIGHT_ITEM.key(n.hotelId, n.roomTypeId, n.night)),
    ];
    const batches: ItemKey[][] = [];
    for (let at = 0; at < keys.length; at += BATCH_GET_KEYS)
      batches.push(keys.slice(at, at + BATCH_GET_KEYS));
    // This region's copy, as every traveller's read: the booking itself is the final check.
    // At most BATCH_GETS_IN_FLIGHT calls at a time: a page of large hotels must not flood the table.
    const found: Array<Record<string, unknown>> = [];
    for (let at = 0; at < batches.length; at += BATCH_GETS_IN_FLIGHT)
      for (const items of await Promise.all(
        batches
          .slice(at, at + BATCH_GETS_IN_FLIGHT)
          .map((batch) => this.table.batchGet(batch, { consistent: false })),
      ))
        found.push(...items);
    return {
      roomTypes: found.filter((i) => i.entity === ROOM_TYPE_ITEM.entity).map(ROOM_TYPE_ITEM.fromItem),
      nights: found.filter((i) => i.entity === NIGHT_ITEM.entity).map(NIGHT_ITEM.stayNightFromItem),
      reads: batches.length,
    };
  }

  async getBooking(hotelId: string, bookingId: string, options?: ReadOptions): Promise<Booking | undefined> {
    const item = await this.table.get(BOOKING_ITEM.key(hotelId, bookingId), options);
    return item ? BOOKING_ITEM.fromItem(item) : undefined;
  }

  /** Moves one night's counter by `delta` rooms, if `condition` (on `booked`, `:limit` and `conditionValues`) holds. */
  private nightUpdate(
    booking: Booking,
    night: string,
    delta: number,
    condition: string,
    limitValue: number,
    extra: { names?: Record<string, string>; values?: Record<string, unknown> } = {},
  ): IntentItem['item'] {
    const { table } = this;
    const stamp = table.writeStamp();
    return {
      Update: {
        TableName: table.tableName,
        Key: NIGHT_ITEM.key(booking.hotelId, booking.roomTypeId, night),
        UpdateExpression:
          'SET booked = if_not_exists(booked, :zero) + :delta, entity = :entity, hotelId = :hotelId, ' +
          'roomTypeId = :roomTypeId, night = :night, #managedIn = :region, writtenBy = :by, writtenAt = :at ' +
          'ADD #version :one',
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#version': 'version', '#managedIn': 'managedIn', ...extra.names },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':delta': delta,
          ':limit': limitValue,
          ':entity': NIGHT_ITEM.entity,
          ':hotelId': booking.hotelId,
          ':roomTypeId': booking.roomTypeId,
          ':night': night,
          ':region': table.region,
          ':by': stamp.writtenBy,
          ':at': stamp.writtenAt,
          ':one': 1,
          ...extra.values,
        },
      },
    };
  }

  async createBooking(booking: Booking, reservation: Reservation): Promise<void> {
    const { table } = this;
    const overrides = reservation.overrides ?? {};
    const items: IntentItem[] = [
      roomTypeGuard(table, booking.hotelId, booking.roomTypeId, reservation.roomTypeVersion),
      // The plan's price is guarded as the room type's and the calendar's are: as quoted, or nothing.
      ...(reservation.ratePlan
        ? [ratePlanGuard(table, booking.hotelId, booking.roomTypeId, reservation.ratePlan)]
        : []),
      ...reservation.nights.map<IntentItem>((night, index) => {
        // booked + rooms <= capacity, the night open, its price the quoted one, the arrival's limits kept.
        const condition = reserveCondition(
          index === 0 ? reservation.nights.length : undefined,
          overrides[night],
        );
        return {
          intent: 'reserveNight',
          ref: night,
          item: this.nightUpdate(
            booking,
            night,
            booking.rooms,
            condition.expression,
            reservation.capacity - booking.rooms,
            { names: condition.names, values: condition.values },
          ),
        };
      }),
      {
        intent: 'recordBooking',
        ref: booking.bookingId,
        item: {
          Put: {
            TableName: table.tableName,
            Item: BOOKING_ITEM.toItem(booking, table.writeStamp()),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      ...claimReference(table, booking),
    ];
    try {
      await table.transact(items);
    } catch (error) {
      if (!(error instanceof ConditionsFailed)) throw error;
      // Order matters: a replay is a replay even if the rooms have sold out since, and a
      // changed room type makes any sold-out verdict stale.
      if (error.of('recordBooking').length) throw new DuplicateBooking(booking.bookingId);
      if (error.of('claimReference').length) throw new ReferenceTaken(booking.reference ?? '');
      const guard = error.of('guardRoomType')[0];
      if (guard) throw explainRefusal(table.region, guard.old, 'room type');
      if (error.of('guardRatePlan').length) throw new StaleRead('rate plan');
      const refused = error.of('reserveNight');
      // A night whose calendar changed since the quote makes the quote stale: re-read and re-quote.
      if (refused.some((f) => calendarChanged(booking, f.ref ?? '', f.old, overrides[f.ref ?? ''])))
        throw new StaleCalendar();
      throw new SoldOut(refused.map((f) => f.ref ?? ''));
    }
  }

  async changeBookingStatus(booking: Booking, change: StatusChange): Promise<Booking> {
    const { table } = this;
    await updateOwnedBooking(
      table,
      booking,
      {
        intent: change.to === 'CANCELLED' ? 'cancelBooking' : 'changeBookingStatus',
        fields: { ...change.fields, status: change.to },
        // The status guard is what makes two racing changes (a check-in and a cancel) end with one winner.
        condition: 'attribute_exists(pk) AND #status = :from',
        values: { ':from': change.from },
      },
      (error) => {
        if (error.of('cancelBooking').length || error.of('changeBookingStatus').length)
          return new StaleRead('booking');
        // Possible only after an evacuation's split writes: refuse clearly, and point to the repair.
        const short = error.of('releaseNight').map((f) => f.ref ?? '');
        return new Conflict(
          'This booking cannot change: its night counters hold fewer rooms than it booked. ' +
            'An operator must run reconcile for this hotel first.',
          { nights: short },
        );
      },
      change.release.map<IntentItem>((night) => ({
        intent: 'releaseNight',
        ref: night,
        // A counter below the booking's rooms would mean the invariant is already broken: refuse, never go negative.
        item: this.nightUpdate(booking, night, -booking.rooms, 'booked >= :limit', booking.rooms),
      })),
    );
    return {
      ...booking,
      ...change.fields,
      status: change.to,
      managedIn: table.region,
      version: booking.version + 1,
    };
  }

  modifyBooking(change: StayModification): Promise<Booking> {
    return writeModification(this.table, change, (...args) => this.nightUpdate(...args));
  }

  addAccessTokenHash(booking: Booking, tokenHash: string, maxTokens: number): Promise<void> {
    return updateOwnedBooking(
      this.table,
      booking,
      {
        intent: 'addAccessToken',
        fields: {},
        alsoSet: 'accessTokenHashes = list_append(accessTokenHashes, :hash)',
        condition: 'size(accessTokenHashes) < :max',
        values: { ':hash': [tokenHash], ':max': maxTokens },
      },
      () => new Conflict('This booking has been replayed too many times; use its existing access token'),
    );
  }

  async pageBookingsOverlapping(
    hotelId: string,
    filter: {
      readonly from: string;
      readonly to: string;
      readonly status?: string;
      readonly query?: BookingQuery;
    },
    page: PageRequest,
  ): Promise<Page<Booking>> {
    const pk = hotelPk(hotelId);
    const binding = pageBinding(
      this.table.cursors,
      'bookings-overlapping',
      hotelId,
      filter.from,
      filter.to,
      filter.status,
      // Bound to the query too, and only then: a cursor from before queries existed still pages on.
      ...(filter.query ? [filter.query.text] : []),
    );
    let start = page.cursor
      ? decodePageCursor(this.table.cursors, page.cursor, binding, {
          stayPk: (v) => v === pk,
          staySk: (v) => /^STAY#\d{4}-\d{2}-\d{2}#[\w-]{1,64}$/.test(v),
          pk: (v) => v === pk,
          sk: (v) => /^BOOKING#[\w-]{1,64}$/.test(v),
        })
      : undefined;
    // A stay overlapping [from, to) starts before `to` and at most MAX_NIGHTS before `from`. The
    // filter drops stays that ended before `from` (and other statuses): a page reads at most
    // READS_PER_PAGE items, so it may come back short, with a cursor to go on from. A query is
    // matched here, in the same reads: DynamoDB cannot fold case and accents.
    const matched: Item[] = [];
    const { query } = filter;
    let exhausted = false;
    for (let read = 0; read < READS_PER_PAGE && matched.length <= page.limit; read++) {
      const { items, lastKey } = await this.table.queryPage({
        IndexName: STAY_INDEX,
        KeyConditionExpression: 'stayPk = :pk AND staySk BETWEEN :first AND :last',
        FilterExpression: `checkOut > :from${filter.status ? ' AND #status = :status' : ''}`,
        ...(filter.status ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: {
          ':pk': pk,
          ':first': staySk(addDays(filter.from, -MAX_NIGHTS), ''),
          ':last': staySk(addDays(filter.to, -1), '~'),
          ':from': filter.from,
          ...(filter.status ? { ':status': filter.status } : {}),
        },
        Limit: ITEMS_PER_READ,
        ExclusiveStartKey: start,
      });
      matched.push(...(query ? items.filter((item) => query.matches(BOOKING_ITEM.fromItem(item))) : items));
      start = lastKey;
      if (!lastKey) {
        exhausted = true;
        break;
      }
    }
    const shown = matched.slice(0, page.limit);
    const last = shown.at(-1);
    const more = matched.length > page.limit || !exhausted;
    const after = matched.length > page.limit && last ? stayKeyOf(last) : start;
    return {
      items: shown.map(BOOKING_ITEM.fromItem),
      nextCursor: more && after ? encodePageCursor(this.table.cursors, binding, after) : null,
    };
  }
}
