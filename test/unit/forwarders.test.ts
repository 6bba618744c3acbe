import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  HttpForwarder,
  signatureFor,
  verifySignature,
} from '../../lambdas/adapters/forwarding/http-forwarder';
import { LambdaInvokeForwarder } from '../../lambdas/adapters/forwarding/lambda-invoke-forwarder';
import { OutcomeUnknown, OwnerRegionUnavailable } from '../../lambdas/domain/errors';
import { FORWARD_MIN_WORK_MS } from '../../lambdas/domain/forwarding-ports';
import type { ForwardedRequest } from '../../lambdas/domain/ports';
import type { ApiRequest } from '../../lambdas/http/api-request';
import { forwardedRequest } from '../../lambdas/http/forward-to-owner';
import type { RegionServices } from '../../lambdas/http/region-services';
import { within } from '../support/deadline';

const request: ForwardedRequest = {
  method: 'POST',
  path: '/v1/hotels/h/bookings',
  query: {},
  headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
  body: '{}',
  servedRegion: 'ap-southeast-1',
};

const lambda = mockClient(LambdaClient);

describe('Lambda Invoke forwarder', () => {
  const forwarder = new LambdaInvokeForwarder({
    receiverArns: { 'us-east-1': 'arn:aws:lambda:us-east-1:111122223333:function:forward-receiver' },
    timeoutMs: 50,
    clientFor: () => new LambdaClient({ region: 'us-east-1' }),
  });

  it('invokes the owner’s receiver with the envelope and returns its answer', async () => {
    lambda.reset();
    const answer = { statusCode: 201, headers: { 'x-owner-region': 'us-east-1' }, body: '{"ok":true}' };
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, Payload: Buffer.from(JSON.stringify(answer)) as never });
    expect(await forwarder.forwardToOwnerRegion('us-east-1', request)).toEqual(answer);
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input?.FunctionName).toContain('forward-receiver');
    expect(JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString())).toEqual({
      ...request,
      deadline: expect.any(Number),
    });
  });

  it('says 504 (outcome unknown) for a function error or a timeout, and 503 only for a region it cannot route to', async () => {
    lambda.reset();
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from('{}') as never });
    await expect(forwarder.forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(OutcomeUnknown);
    lambda.reset();
    lambda.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
    const slow = await forwarder.forwardToOwnerRegion('us-east-1', request).catch((e) => e);
    expect(slow).toBeInstanceOf(OutcomeUnknown);
    expect(slow.message).toContain('50 ms');
    expect(slow.idempotencyKey).toBe('k');
    await expect(forwarder.forwardToOwnerRegion('eu-west-1', request)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
  });
});

describe("a forward within its request's time", () => {
  const patient = new LambdaInvokeForwarder({
    receiverArns: { 'us-east-1': 'arn:aws:lambda:us-east-1:111122223333:function:forward-receiver' },
    timeoutMs: 10_000,
    clientFor: () => new LambdaClient({ region: 'us-east-1' }),
  });

  it('waits no longer than the request forwarding it has left, and carries that deadline', async () => {
    lambda.reset();
    lambda.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
    const sentAt = Date.now();
    const lost = await within(1_000, () => patient.forwardToOwnerRegion('us-east-1', request)).catch(
      (e) => e,
    );
    expect(lost).toBeInstanceOf(OutcomeUnknown);
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    const envelope = JSON.parse(
      Buffer.from(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array).toString(),
    );
    expect(envelope.deadline).toBeLessThanOrEqual(sentAt + 1_000);
  });

  it('sends nothing when the request has too little time left for the owner to start: nothing ran', async () => {
    lambda.reset();
    for (const left of [-1, FORWARD_MIN_WORK_MS / 2]) {
      const late = await within(left, () => patient.forwardToOwnerRegion('us-east-1', request)).catch(
        (e) => e,
      );
      expect(late).toBeInstanceOf(OwnerRegionUnavailable);
    }
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });
});

/**
 * The production client, as the forwarder builds it, against a stand-in Lambda
 * endpoint on loopback: what the SDK's own retry setting does is exercised here.
 */
describe('Lambda Invoke forwarder with its production client', () => {
  type Reply = (req: IncomingMessage, res: ServerResponse, body: string) => void;
  let server: Server;
  let endpoint = '';
  let reply: Reply = () => undefined;
  let hits = 0;
  beforeAll(async () => {
    // The mock above replaces every client's send; this suite needs the real one.
    lambda.restore();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test-secret');
    server = createServer((req, res) => {
      hits++;
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => reply(req, res, body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    vi.unstubAllEnvs();
  });
  const forwarderAt = (url: string, timeoutMs = 500) =>
    new LambdaInvokeForwarder({
      receiverArns: { 'us-east-1': 'arn:aws:lambda:us-east-1:111122223333:function:forward-receiver' },
      timeoutMs,
      endpoint: url,
    });
  const serviceError =
    (status: number, type: string): Reply =>
    (_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
      res.end(JSON.stringify({ message: type }));
    };

  it('relays the answer and carries a deadline within the bound', async () => {
    let envelope: { deadline?: number } = {};
    reply = (_req, res, body) => {
      envelope = JSON.parse(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statusCode: 201, headers: {}, body: '{}' }));
    };
    const sentAt = Date.now();
    expect(await forwarderAt(endpoint).forwardToOwnerRegion('us-east-1', request)).toMatchObject({
      statusCode: 201,
    });
    expect(envelope.deadline).toBeGreaterThanOrEqual(sentAt + 500);
    expect(envelope.deadline).toBeLessThanOrEqual(Date.now() + 500);
  });

  it('never retries: a 5xx from the service is one attempt and an unknown outcome', async () => {
    reply = serviceError(500, 'ServiceException');
    hits = 0;
    await expect(forwarderAt(endpoint).forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(
      OutcomeUnknown,
    );
    expect(hits).toBe(1);
  });

  it('says 503 for a throttled invoke (the function never ran), after one attempt', async () => {
    reply = serviceError(429, 'TooManyRequestsException');
    hits = 0;
    await expect(forwarderAt(endpoint).forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
    expect(hits).toBe(1);
  });

  it('says 504 when the owner holds the answer past the bound', async () => {
    reply = () => undefined; // never answers
    const started = Date.now();
    const error = await forwarderAt(endpoint, 200)
      .forwardToOwnerRegion('us-east-1', request)
      .catch((e) => e);
    expect(error).toBeInstanceOf(OutcomeUnknown);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('says 503 when nothing listens at the endpoint (the request was never sent)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((r) => closed.close(r));
    await expect(forwarderAt(url).forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
  });
});

describe('local HTTP forwarder', () => {
  const closedPort = async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    return `http://127.0.0.1:${port}`;
  };

  it('says 503 when the owner refuses connections, and 504 when its answer comes back after the bound', async () => {
    const down = new HttpForwarder({
      baseUrls: { 'us-east-1': await closedPort() },
      secret: 's',
      timeoutMs: 500,
    });
    await expect(down.forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );

    let received = 0;
    let answered = 0;
    // The owner runs every request it gets, then answers late (a slow owner, or a slow way back).
    const owner = createServer((_req, res) => {
      received++;
      setTimeout(() => {
        answered++;
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{}');
      }, 1_500);
    });
    await new Promise<void>((r) => owner.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(owner.address() as AddressInfo).port}`;
    try {
      // The owner received it, so it may have written: the outcome is unknown (504), never 503.
      const slow = new HttpForwarder({ baseUrls: { 'us-east-1': url }, secret: 's', timeoutMs: 1_000 });
      const lost = await slow.forwardToOwnerRegion('us-east-1', request).catch((e) => e);
      expect(lost).toBeInstanceOf(OutcomeUnknown);
      expect(lost.idempotencyKey).toBe('k');
      expect(received).toBe(1);
      expect(answered).toBe(0);
      // 1.2 s of latency one way against a 1 s bound: the request never leaves, so nothing was written.
      const farther = new HttpForwarder({
        baseUrls: { 'us-east-1': url },
        secret: 's',
        timeoutMs: 1_000,
        latencyMs: 1_200,
      });
      await expect(farther.forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(
        OwnerRegionUnavailable,
      );
      expect(received).toBe(1);
    } finally {
      owner.closeAllConnections();
      await new Promise((r) => owner.close(r));
    }
  });
});

describe('local HTTP forwarder connections', () => {
  const unkeyed: ForwardedRequest = { ...request, headers: { 'content-type': 'application/json' } };
  let owner: Server;
  let url = '';
  let connections = 0;
  let requests = 0;
  beforeAll(async () => {
    owner = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    owner.on('connection', () => connections++);
    await new Promise<void>((r) => owner.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(owner.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    owner.closeAllConnections();
    await new Promise((r) => owner.close(r));
  });
  const forwarder = () =>
    new HttpForwarder({ baseUrls: { 'us-east-1': url }, secret: 's', timeoutMs: 1_000 });

  it('sends keyed requests over one kept-alive connection, and any other on a connection of its own', async () => {
    const f = forwarder();
    connections = 0;
    for (let i = 0; i < 3; i++)
      expect((await f.forwardToOwnerRegion('us-east-1', request)).statusCode).toBe(201);
    expect(connections).toBe(1);
    for (let i = 0; i < 2; i++)
      expect((await f.forwardToOwnerRegion('us-east-1', unkeyed)).statusCode).toBe(201);
    expect(connections).toBe(3);
    f.dropConnections('us-east-1');
  });

  it('sends a keyed request again, on a fresh connection, when the owner had closed the kept-alive one', async () => {
    const f = forwarder();
    await f.forwardToOwnerRegion('us-east-1', request);
    requests = 0;
    connections = 0;
    // Closed at the owner's end, and reused before this end has heard (as when a region restarts).
    owner.closeAllConnections();
    const answer = await f.forwardToOwnerRegion('us-east-1', request);
    expect(answer.statusCode).toBe(201);
    expect(requests).toBe(1);
    expect(connections).toBe(1);
    f.dropConnections('us-east-1');
  });

  /** An owner of its own, answering its nth request with `status(n)`; and a forwarder to it. */
  const ownerOfItsOwn = async (status: (n: number) => number = () => 201) => {
    let n = 0;
    const server = createServer((req, res) => {
      const nth = ++n;
      req.resume();
      req.on('end', () => {
        res.writeHead(status(nth), { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const f = new HttpForwarder({ baseUrls: { 'us-east-1': baseUrl }, secret: 's', timeoutMs: 1_000 });
    return { server, f, calls: () => n };
  };

  it('says 504, never 503, when that second attempt is refused: the first may have reached the owner', async () => {
    const { server: down, f } = await ownerOfItsOwn();
    await f.forwardToOwnerRegion('us-east-1', request);
    down.closeAllConnections();
    const closed = new Promise((r) => down.close(r));
    const lost = await f.forwardToOwnerRegion('us-east-1', request).catch((e) => e);
    await closed;
    expect(lost).toBeInstanceOf(OutcomeUnknown);
    expect(lost.idempotencyKey).toBe('k');
  });

  it('says 504, never 503, when the owner refuses the second attempt itself: the first may have run', async () => {
    const { server: refusing, f, calls } = await ownerOfItsOwn((n) => (n === 1 ? 201 : 503));
    try {
      await f.forwardToOwnerRegion('us-east-1', request);
      refusing.closeAllConnections();
      const lost = await f.forwardToOwnerRegion('us-east-1', request).catch((e) => e);
      expect(calls()).toBe(2);
      expect(lost).toBeInstanceOf(OutcomeUnknown);
    } finally {
      f.dropConnections('us-east-1');
      refusing.closeAllConnections();
      await new Promise((r) => refusing.close(r));
    }
  });

  it('says 503 once the connections to a region taken down are dropped: nothing was sent', async () => {
    const { server: down, f } = await ownerOfItsOwn();
    await f.forwardToOwnerRegion('us-east-1', request);
    f.dropConnections('us-east-1');
    down.closeAllConnections();
    const closed = new Promise((r) => down.close(r));
    await expect(f.forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(OwnerRegionUnavailable);
    await closed;
  });
});

describe('the request as it crosses', () => {
  const services = { region: 'ap-southeast-1' } as RegionServices;
  const api = (headers: Record<string, string>): ApiRequest => ({
    method: 'POST',
    path: '/v1/hotels/h/bookings',
    query: {},
    headers,
    body: '{}',
    requestId: 'r',
  });

  it('carries the caller’s key, or a new one, with an idempotent write, and no key with any other', () => {
    const keyed = forwardedRequest(services, api({ 'idempotency-key': 'mine' }), undefined, true, 'c');
    expect(keyed.headers['idempotency-key']).toBe('mine');
    const made = forwardedRequest(services, api({}), undefined, true, 'c');
    expect(made.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    // The owner would ignore it, so no forwarder may take it as leave to send the write again.
    const other = forwardedRequest(services, api({ 'idempotency-key': 'mine' }), undefined, false, 'c');
    expect(other.headers['idempotency-key']).toBeUndefined();
  });
});

describe('local channel signature', () => {
  it('accepts its own fresh signature and refuses a stale, altered or foreign one', () => {
    const body = JSON.stringify(request);
    const now = 1_800_000_000_000;
    const header = signatureFor('secret', body, now);
    expect(verifySignature('secret', body, header, now + 1000)).toBe(true);
    expect(verifySignature('secret', body, header, now + 120_000)).toBe(false);
    expect(verifySignature('secret', body.replace('ap-southeast-1', 'us-east-1'), header, now)).toBe(false);
    expect(verifySignature('other', body, header, now)).toBe(false);
    expect(verifySignature('secret', body, undefined, now)).toBe(false);
    expect(verifySignature('secret', body, 't=1,v1=', now)).toBe(false);
  });
});
