import { describe, expect, it } from 'vitest';
import { requestLine } from '../../local/region-server';

describe('the local request line', () => {
  it('is written after the dispatcher reports the request, once the answer can have gone', async () => {
    const lines: string[] = [];
    const observer = requestLine((line) => lines.push(line));
    observer.onRequest?.({
      region: 'us-east-1',
      method: 'POST',
      route: '/v1/hotels/{hotelId}/bookings',
      status: 201,
      ms: 12.3,
      correlationId: 'c-1',
      forwardedFrom: 'ap-southeast-1',
    });
    // The answer is written in the same turn of the event loop as the report: the line waits for the next.
    expect(lines).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(lines).toEqual([
      '[us-east-1] POST /v1/hotels/{hotelId}/bookings 201 12.3ms <- from ap-southeast-1',
    ]);
  });
});
