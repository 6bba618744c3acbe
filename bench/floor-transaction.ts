/**
 * The floor's bare transaction of a booking's shape (a room type guard, the nights'
 * counters, the booking item with its index keys, the claim of its reference), and
 * the suspects a variant of it can add: what the product's own transaction carries.
 */

import { randomUUID } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { BOOKING_ITEM } from '../lambdas/adapters/dynamodb/items/booking';
import { NIGHT_ITEM } from '../lambdas/adapters/dynamodb/items/night';
import { claimReference } from '../lambdas/adapters/dynamodb/items/reference';
import { ROOM_TYPE_ITEM } from '../lambdas/adapters/dynamodb/items/room-type';
import { reserveCondition } from '../lambdas/adapters/dynamodb/night-calendar';
import { newReference } from '../lambdas/domain/booking-reference';
import type { Booking } from '../lambdas/domain/model';
import { hashAccessToken, newAccessToken, requestFingerprint } from '../lambdas/domain/secrets';
import { addDays } from '../lambdas/domain/stay';

/** The floor's own table, made from the product table's definition. */
export const FLOOR_TABLE = 'bench_floor';
/** Nights per booking, in every floor and API booking of the benches. */
export const NIGHTS = 2;
const guest = { name: 'Bench Guest', email: 'bench@example.com' };

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** What a variant adds to the floor's transaction. */
export interface Suspect {
  /** The night updates set every descriptive attribute (entity, hotel, room type, night, owner, stamp). */
  nightAttributes?: boolean;
  /** The night updates commit under the calendar's condition (open, unpriced, the arrival's stay limits). */
  nightCalendar?: boolean;
  /** The booking item as the product writes it (night prices, a fingerprint and token hash of full length). */
  fullBooking?: boolean;
  /** Every conditional item asks for the old item on a failed condition. */
  returnOld?: boolean;
  /** The transaction carries a client request token. */
  token?: boolean;
  /** No reference item (the transaction as it was before references). */
  noReference?: boolean;
}

/** A booking of one room for NIGHTS nights; `full`: with everything the product's item carries. */
export function bookingFor(hotelId: string, checkIn: string, full: boolean): Booking {
  const base: Booking = {
    bookingId: randomUUID(),
    reference: newReference('us-east-1'),
    hotelId,
    roomTypeId: 'std',
    checkIn,
    checkOut: addDays(checkIn, NIGHTS),
    rooms: 1,
    status: 'CONFIRMED',
    guest,
    totalPrice: { amount: 20_000, currency: 'USD' },
    createdAt: new Date().toISOString(),
    managedIn: 'us-east-1',
    requestHash: 'floor',
    accessTokenHashes: ['floor'],
    version: 1,
  };
  if (!full) return base;
  return {
    ...base,
    nightPrices: Array.from({ length: NIGHTS }, (_, i) => ({
      night: addDays(checkIn, i),
      price: { amount: 10_000, currency: 'USD' },
    })),
    requestHash: requestFingerprint({ checkIn, guest }),
    accessTokenHashes: [hashAccessToken(newAccessToken())],
  };
}

/** The bare transaction of a booking's shape on the floor table, with what `s` adds to it. */
export function transactionOf(hotelId: string, booking: Booking, s: Suspect): TransactWriteCommandInput {
  const at = Date.now();
  const stamp = { writtenBy: 'us-east-1' as const, writtenAt: at };
  const nights = Array.from({ length: NIGHTS }, (_, i) => addDays(booking.checkIn, i));
  const items: TransactItems = [
    {
      ConditionCheck: {
        TableName: FLOOR_TABLE,
        Key: ROOM_TYPE_ITEM.key(hotelId, 'std'),
        ConditionExpression: '#s = :a AND managedIn = :r AND attribute_not_exists(handover) AND #v = :v',
        ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
        ExpressionAttributeValues: { ':a': 'ACTIVE', ':r': 'us-east-1', ':v': 1 },
      },
    },
    ...nights.map((night, index) => {
      const calendar = s.nightCalendar
        ? reserveCondition(index === 0 ? NIGHTS : undefined, undefined)
        : {
            expression: 'attribute_not_exists(booked) OR booked <= :limit',
            names: {},
            values: {},
          };
      const set = s.nightAttributes
        ? 'SET booked = if_not_exists(booked, :z) + :n, entity = :entity, hotelId = :hotelId, ' +
          'roomTypeId = :roomTypeId, night = :night, #managedIn = :region, writtenBy = :by, writtenAt = :at ' +
          'ADD version :one'
        : 'SET booked = if_not_exists(booked, :z) + :n, writtenAt = :at ADD version :one';
      return {
        Update: {
          TableName: FLOOR_TABLE,
          Key: NIGHT_ITEM.key(hotelId, 'std', night),
          UpdateExpression: set,
          ConditionExpression: calendar.expression,
          ...(s.nightAttributes || Object.keys(calendar.names).length
            ? {
                ExpressionAttributeNames: {
                  ...(s.nightAttributes ? { '#managedIn': 'managedIn' } : {}),
                  ...calendar.names,
                },
              }
            : {}),
          ExpressionAttributeValues: {
            ':z': 0,
            ':n': 1,
            ':limit': 9_999,
            ':one': 1,
            ':at': at,
            ...(s.nightAttributes
              ? {
                  ':entity': NIGHT_ITEM.entity,
                  ':hotelId': hotelId,
                  ':roomTypeId': 'std',
                  ':night': night,
                  ':region': 'us-east-1',
                  ':by': 'us-east-1',
                }
              : {}),
            ...calendar.values,
          },
        },
      };
    }),
    {
      Put: {
        TableName: FLOOR_TABLE,
        Item: BOOKING_ITEM.toItem(booking, stamp),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(s.noReference
      ? []
      : claimReference({ tableName: FLOOR_TABLE, writeStamp: () => stamp }, booking).map((c) => c.item)),
  ];
  const withOld = s.returnOld
    ? items.map((item) => {
        const [kind, body] = Object.entries(item)[0] as [string, Record<string, unknown>];
        return 'ConditionExpression' in body
          ? ({ [kind]: { ...body, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } } as TransactItems[number])
          : item;
      })
    : items;
  return {
    TransactItems: withOld,
    ...(s.token ? { ClientRequestToken: randomUUID() } : {}),
  };
}
