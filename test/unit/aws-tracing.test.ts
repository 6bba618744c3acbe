/**
 * The AWS wiring traces every call it makes (DynamoDB, OpenSearch, Lambda forwarding) as an
 * X-Ray subsegment, and only inside Lambda: the calls go to a local stand-in for the three services.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Segment } from 'aws-xray-sdk-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/** Answers as DynamoDB (no item), Lambda Invoke (a forwarded answer) and OpenSearch (no hits) would. */
function fakeAws(): Promise<{ server: Server; url: string; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      paths.push(`${req.method} ${req.url}`);
      const body = String(req.headers['x-amz-target']).startsWith('DynamoDB')
        ? {}
        : req.url?.includes('/invocations')
          ? { statusCode: 200, headers: {}, body: '' }
          : { hits: { hits: [] } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths }),
    ),
  );
}

let aws: Awaited<ReturnType<typeof fakeAws>>;

beforeEach(async () => {
  aws = await fakeAws();
  const env = {
    AWS_REGION: 'us-east-1',
    TABLE_NAME: 'hotels',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: aws.url,
    AWS_ENDPOINT_URL_LAMBDA: aws.url,
    OPENSEARCH_ENDPOINT: aws.url,
    FORWARD_RECEIVER_ARNS: JSON.stringify({
      'ap-southeast-1': 'arn:aws:lambda:ap-southeast-1:111122223333:function:receiver',
    }),
    POWERTOOLS_TRACE_ENABLED: '',
    AWS_EXECUTION_ENV: '',
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  aws.server.closeAllConnections();
  await new Promise((r) => aws.server.close(r));
});

/** The public function's services as its entry builds them, and the tracer they share. */
async function wiring() {
  const { createAwsServices } = await import('../../lambdas/handlers/aws-services');
  const { awsSearch } = await import('../../lambdas/handlers/aws-search');
  const { awsForwarder } = await import('../../lambdas/handlers/aws-forwarding');
  const { tracer } = await import('../../lambdas/handlers/aws-tracing');
  const services = createAwsServices(process.env, { search: awsSearch, forwarder: awsForwarder });
  return { services, tracer };
}

/** One call to each service. */
async function callEach(services: Awaited<ReturnType<typeof wiring>>['services']) {
  await services.hotels.getHotel('h-1');
  await services.search.search({ q: 'marina', limit: 5 });
  await services.forwarder.forwardToOwnerRegion('ap-southeast-1', {
    method: 'POST',
    path: '/v1/hotels/h-1/bookings',
    query: {},
    headers: {},
    body: '{}',
    servedRegion: 'us-east-1',
  });
}

describe('AWS wiring tracing', () => {
  it('in Lambda, records each DynamoDB, OpenSearch and Lambda call as a subsegment of the request', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    const { services, tracer } = await wiring();
    expect(tracer.isTracingEnabled()).toBe(true);
    const segment = new Segment('request');
    await tracer.provider.getNamespace().runPromise(async () => {
      tracer.setSegment(segment);
      await callEach(services);
    });
    expect(aws.paths).toHaveLength(3);
    const subsegments = (segment.subsegments ?? []) as unknown as Array<{
      name: string;
      aws?: { operation?: string };
      in_progress?: boolean;
    }>;
    expect(subsegments.map((s) => [s.name, s.aws?.operation])).toEqual([
      ['DynamoDB', 'GetItem'],
      ['OpenSearch search', undefined],
      ['Lambda', 'Invoke'],
    ]);
    // Each closed when its answer came.
    expect(subsegments.every((s) => !s.in_progress)).toBe(true);
  });

  it('off outside Lambda and when POWERTOOLS_TRACE_ENABLED=false: the clients are left as they are', async () => {
    for (const lambda of [false, true]) {
      vi.resetModules();
      vi.stubEnv('AWS_EXECUTION_ENV', lambda ? 'AWS_Lambda_nodejs22.x' : '');
      vi.stubEnv('POWERTOOLS_TRACE_ENABLED', lambda ? 'false' : '');
      const { services, tracer } = await wiring();
      expect(tracer.isTracingEnabled()).toBe(false);
      const captured = vi.spyOn(tracer.provider, 'captureAWSv3Client');
      const segment = new Segment('request');
      await tracer.provider.getNamespace().runPromise(async () => {
        tracer.setSegment(segment);
        await callEach(services);
      });
      expect(segment.subsegments ?? []).toEqual([]);
      expect(captured).not.toHaveBeenCalled();
    }
  });
});
