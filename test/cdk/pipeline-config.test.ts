/**
 * The OSIS pipeline's document id against the adapter's. No pipeline can run
 * here, so the few Data Prepper steps that decide a hotel's id (drop_events,
 * delete_entries, the sink's `document_id`) are applied to a real stored item.
 */
import { Client } from '@opensearch-project/opensearch';
import Mock from '@short.io/opensearch-mock';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HOTEL_ITEM } from '../../lambdas/adapters/dynamodb/items/hotel';
import { hotelDocument } from '../../lambdas/adapters/search/hotel-document';
import { HOTEL_INDEX_BODY, searchDocumentId } from '../../lambdas/adapters/search/index-definition';
import { OpenSearchHotelSearch } from '../../lambdas/adapters/search/opensearch-search';
import type { Hotel } from '../../lambdas/domain/model';
import { pipelineYaml } from '../../lib/pipeline-config';

const INPUT = {
  region: 'us-east-1',
  tableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/hotels',
  exportBucket: 'export',
  dlqBucket: 'dlq',
  domainEndpoint: 'search.example.com',
  roleArn: 'arn:aws:iam::123456789012:role/pipeline',
};

// Parsed from the YAML that is deployed, so quoting or templating there is covered too.
const pipeline = parse(pipelineYaml(INPUT))['hotels-pipeline'];
const sink = pipeline.sink[0].opensearch;
const processor = (name: string) => pipeline.processor.find((p: Record<string, unknown>) => name in p)[name];

const hotel: Hotel = {
  hotelId: 'h-42',
  ownerId: 'owner-1',
  name: 'Orchid Riverside Hotel',
  city: 'Bangkok',
  country: 'TH',
  description: 'By the river',
  attributes: {},
  timeZone: 'Asia/Bangkok',
  checkInTime: '15:00',
  checkOutTime: '11:00',
  managedIn: 'ap-southeast-1',
  status: 'ACTIVE',
  roomTypeCount: 2,
  version: 3,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-02T00:00:00.000Z',
};
const stored = HOTEL_ITEM.toItem(hotel, { writtenBy: 'ap-southeast-1', writtenAt: 1 });

/** A JSON pointer (`/a/b`) into an event, as Data Prepper resolves it. */
function pointer(event: Record<string, unknown>, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], event);
}

/** The event's document id after the pipeline's processors, or undefined if it is dropped. */
function documentIdOf(record: Record<string, unknown>): unknown {
  const dropWhen: string = processor('drop_events').drop_when;
  // Only the `/key != "value"` form is used; anything else should fail here, not pass unread.
  const condition = /^(\/\w+) != "([^"]*)"$/.exec(dropWhen);
  if (!condition) throw new Error(`unsupported drop_when: ${dropWhen}`);
  if (pointer(record, condition[1] as string) !== condition[2]) return undefined;
  const event = { ...record };
  for (const key of processor('delete_entries').with_keys) delete event[key];
  // A format string that is exactly one JSON pointer, e.g. `${/pk}`.
  const expression = /^\$\{(\/[\w/]+)\}$/.exec(sink.document_id);
  if (!expression) throw new Error(`unsupported document_id: ${sink.document_id}`);
  return pointer(event, expression[1] as string);
}

describe('search pipeline: document ids', () => {
  it('gives a stored hotel item the id the adapter indexes and removes it under', () => {
    expect(documentIdOf(stored)).toBe('HOTEL#h-42');
    expect(searchDocumentId('h-42')).toBe('HOTEL#h-42');
  });

  it('agrees with the OpenSearch adapter, so a backfill overwrites what the stream wrote', async () => {
    const mock = new Mock();
    const ids: string[] = [];
    mock.add({ method: ['PUT', 'DELETE'], path: '/hotels/_doc/:id' }, (params: any) => {
      ids.push(decodeURIComponent(params.path.split('/').at(-1)));
      return { result: 'ok' };
    });
    const client = new Client({ node: 'http://opensearch.test:9200', Connection: mock.getConnection() });
    const adapter = new OpenSearchHotelSearch(client, 'hotels');
    await adapter.index(hotelDocument(stored) as never);
    await adapter.remove(hotel.hotelId);
    expect(ids).toEqual([documentIdOf(stored), documentIdOf(stored)]);
  });

  it('gives a closing hotel (a delete from the old image) and a bare key record the same id', () => {
    expect(documentIdOf({ ...stored, status: 'CLOSING' })).toBe(searchDocumentId('h-42'));
    expect(documentIdOf({ pk: stored.pk, sk: stored.sk })).toBe(searchDocumentId('h-42'));
  });

  it('drops the other items of the hotel partition', () => {
    expect(documentIdOf({ ...stored, sk: 'ROOMTYPE#r1' })).toBeUndefined();
  });

  it('pins the expression: the partition key, kept through delete_entries', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Data Prepper expression
    expect(sink.document_id).toBe('${/pk}');
    expect(processor('delete_entries').with_keys).not.toContain('pk');
  });

  it("carries a hotel item's rate summary and what the index reads off it into the document, as the local indexer does", async () => {
    const rates = {
      roomTypes: [{ roomTypeId: 'std', totalRooms: 4, pricePerNight: { amount: 9_000, currency: 'THB' } }],
      priceFloor: { amount: 7_000, currency: 'THB' },
    };
    const item = HOTEL_ITEM.toItem({ ...hotel, rates }, { writtenBy: 'ap-southeast-1', writtenAt: 1 });
    const event: Record<string, unknown> = { ...item };
    for (const key of processor('delete_entries').with_keys) delete event[key];
    // Every field the index maps and the adapter reads back survives the pipeline.
    const mapped = Object.keys(HOTEL_INDEX_BODY.mappings.properties).filter((f) => f !== 'nameCity');
    for (const field of mapped.filter((f) => f !== 'ownerId' || item.ownerId))
      expect(event, field).toHaveProperty(field);
    expect(event).toMatchObject({
      rates,
      fromPrice: { amount: 9_000, currency: 'THB' },
      fromPriceKey: 'THB0000000009000',
      priceFloorKey: 'THB0000000007000',
      maxRooms: 4,
    });
    // And the local indexer's document holds the same summary, so both engines see the same rates.
    expect(hotelDocument(item)?.rates).toEqual(rates);
  });
});
