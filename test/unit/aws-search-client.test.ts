/**
 * The functions' search-only OpenSearch client sends what the package's `Client` sends for the
 * same search, signed the same way, and the adapter reads its answer as it reads `Client`'s.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpenSearchHotelSearch } from '../../lambdas/adapters/search/opensearch-search';
import { searchOnlyOpenSearchClient } from '../../lambdas/handlers/aws-search';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let url: string;
let seen: Seen[];

beforeEach(async () => {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  seen = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const hit = (id: string, name: string) => ({
        _id: `hotel#${id}`,
        _source: { hotelId: id, name, city: 'Bangkok', country: 'TH', managedIn: 'ap-southeast-1' },
        sort: [1.5, name.toLowerCase(), id],
      });
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ hits: { hits: [hit('h-1', 'Marina Inn'), hit('h-2', 'Marina Bay')] } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** What identifies a request, without the parts that change by the second (date, signature). */
function shape(request: Seen) {
  const { authorization, 'x-amz-date': _date, ...headers } = request.headers;
  return {
    method: request.method,
    url: request.url,
    body: request.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line)),
    headers,
    signedAs: /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/es\/aws4_request/.test(authorization ?? ''),
  };
}

describe('searchOnlyOpenSearchClient', () => {
  it('sends the request Client.search sends, signed for es in the region', async () => {
    const query = { size: 2, query: { match: { nameCity: 'marina' } } } as never;
    const full = new Client({ ...AwsSigv4Signer({ region: 'us-east-1', service: 'es' }), node: url });
    await full.search({ index: 'hotels', preference: 'q1', body: query });
    await searchOnlyOpenSearchClient(url, 'us-east-1').search({
      index: 'hotels',
      preference: 'q1',
      body: query,
    });
    expect(seen).toHaveLength(2);
    const [expected, actual] = seen.map(shape);
    expect(actual).toEqual(expected);
    expect(actual?.signedAs).toBe(true);
    expect(actual?.url).toBe('/hotels/_search?preference=q1');
  });

  it('sends the request Client.msearch sends for an index: header and body lines, newline-delimited', async () => {
    const lines = [
      { index: 'hotels', preference: 'q2' },
      { size: 2, query: { match: { nameCity: 'marina' } } },
      { index: 'hotels', preference: 'q1' },
      { size: 2, query: { match_all: {} } },
    ] as never;
    const full = new Client({ ...AwsSigv4Signer({ region: 'us-east-1', service: 'es' }), node: url });
    await full.msearch({ index: 'hotels', body: lines });
    await searchOnlyOpenSearchClient(url, 'us-east-1').msearch({ index: 'hotels', body: lines });
    expect(seen).toHaveLength(2);
    const [expected, actual] = seen.map(shape);
    expect(actual).toEqual(expected);
    expect(actual?.signedAs).toBe(true);
    expect(actual?.url).toBe('/hotels/_msearch');
    expect(actual?.body).toEqual(lines);
  });

  it('serves the adapter a page of hits as Client does, and refuses the calls the functions never make', async () => {
    const client = searchOnlyOpenSearchClient(url, 'us-east-1');
    const page = await new OpenSearchHotelSearch(client, 'hotels').search({ q: 'marina', limit: 1 });
    expect(page.items.map((h) => h.hotelId)).toEqual(['h-1']);
    expect(page.nextCursor).toEqual(expect.any(String));
    await expect(
      new OpenSearchHotelSearch(client, 'hotels').remove('h-1'),
      'indexing is the pipeline’s',
    ).rejects.toThrow(/Only search/);
  });
});
