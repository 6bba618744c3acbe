/**
 * Forwarding as wired in AWS: the receiving region's Lambda Invoke forwarder calls
 * the owner region's forward-receiver handler (the Lambda service is a mock that
 * invokes the real handler), and the owner's answer can come back too late.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaInvokeForwarder } from '../../lambdas/adapters/forwarding/lambda-invoke-forwarder';
import type { ForwardedResponse } from '../../lambdas/domain/ports';
import { createForwardReceiver } from '../../lambdas/handlers/lambda-entry';
import { localLambdaContext } from '../../local/api-gateway-event';
import { type TestRegion, twoRegions } from '../support/api';
import { daysFromNow, freshTable, guest, replicateHotel, tableSnapshot } from '../support/store';

const TIMEOUT_MS = 300;
const lambda = mockClient(LambdaClient);
let us: TestRegion;
let asia: TestRegion;
/** How long the mocked Lambda service holds the owner's answer back. */
let answerDelayMs = 0;
let invocations = 0;

beforeAll(async () => {
  const regions = twoRegions(await freshTable());
  us = regions['us-east-1'];
  asia = regions['ap-southeast-1'];
  const receiver = createForwardReceiver(() => us.services);
  (asia.services as { forwarder: unknown }).forwarder = new LambdaInvokeForwarder({
    receiverArns: { 'us-east-1': 'arn:aws:lambda:us-east-1:111122223333:function:forward-receiver' },
    timeoutMs: TIMEOUT_MS,
    clientFor: (region) => new LambdaClient({ region, maxAttempts: 1 }),
  });
  lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
    invocations++;
    // The owner runs the write to the end; only its answer is slow to come back.
    const answer: ForwardedResponse = await receiver(
      JSON.parse(Buffer.from(input.Payload).toString('utf8')),
      localLambdaContext('forward-receiver'),
    );
    await new Promise((r) => setTimeout(r, answerDelayMs));
    return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(answer)) };
  });
});

afterAll(() => lambda.restore());

async function usHotel(): Promise<string> {
  const owner = { sub: 'invoke-owner' };
  const made = await us.call({
    method: 'POST',
    path: '/v1/manage/hotels',
    claims: owner,
    body: { name: 'Invoke Inn', city: 'Boston', country: 'US' },
  });
  const hotelId = made.body.hotelId as string;
  await us.call({
    method: 'PUT',
    path: `/v1/manage/hotels/${hotelId}/room-types/queen`,
    claims: owner,
    body: { name: 'Queen', totalRooms: 3, pricePerNight: { amount: 20_000, currency: 'USD' } },
  });
  await replicateHotel(us.store, asia.store, hotelId);
  return hotelId;
}

describe('Lambda Invoke forwarding with an owner slower than the bound', () => {
  it('answers 504 with a key; the retry with that key returns the same booking; the owner holds exactly one', async () => {
    const hotelId = await usHotel();
    const stay = {
      roomTypeId: 'queen',
      checkIn: daysFromNow(20),
      checkOut: daysFromNow(22),
      rooms: 1,
      guest,
    };
    answerDelayMs = TIMEOUT_MS * 2;
    const lost = await asia.call({ method: 'POST', path: `/v1/hotels/${hotelId}/bookings`, body: stay });
    expect(lost.statusCode).toBe(504);
    expect(lost.body.error.code).toBe('OUTCOME_UNKNOWN');
    expect(lost.headers).toMatchObject({
      'x-served-region': 'ap-southeast-1',
      'x-owner-region': 'us-east-1',
    });
    const key = lost.headers['idempotency-key'] as string;
    expect(key).toBeTruthy();
    // Let the slow answer finish on its own before the retry.
    await new Promise((r) => setTimeout(r, answerDelayMs));

    answerDelayMs = 0;
    const retried = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      headers: { 'idempotency-key': key },
      body: stay,
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.body).toMatchObject({ status: 'CONFIRMED', rooms: 1, checkIn: stay.checkIn });
    const bookings = (await tableSnapshot(us.store)).filter(
      (i) => i.pk === `HOTEL#${hotelId}` && String(i.sk).startsWith('BOOKING#'),
    );
    expect(bookings.map((b) => b.bookingId)).toEqual([retried.body.bookingId]);
    expect(invocations).toBe(2);
  });

  it('sends the deadline with the envelope, so a late invocation is refused with nothing written', async () => {
    const hotelId = await usHotel();
    const before = await tableSnapshot(us.store);
    let sent: { deadline?: number } = {};
    let sentAt = 0;
    lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
      const envelope = JSON.parse(Buffer.from(input.Payload).toString('utf8'));
      sent = envelope;
      sentAt = Date.now();
      // The invocation sat in a queue past its deadline before the receiver ran.
      const answer = await createForwardReceiver(() => us.services)(
        { ...envelope, deadline: Date.now() - 1 },
        localLambdaContext('forward-receiver'),
      );
      return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(answer)) };
    });
    const res = await asia.call({
      method: 'POST',
      path: `/v1/hotels/${hotelId}/bookings`,
      body: { roomTypeId: 'queen', checkIn: daysFromNow(30), checkOut: daysFromNow(31), rooms: 1, guest },
    });
    expect(sent.deadline).toBeGreaterThan(sentAt);
    expect(sent.deadline).toBeLessThanOrEqual(sentAt + TIMEOUT_MS);
    expect(res.statusCode).toBe(503);
    expect(res.body.error.code).toBe('OWNER_REGION_UNAVAILABLE');
    expect(await tableSnapshot(us.store)).toEqual(before);
  });
});
