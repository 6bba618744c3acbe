import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { signatureFor, verifySignature } from '../../lambdas/adapters/forwarding/http-forwarder';
import { LambdaInvokeForwarder } from '../../lambdas/adapters/forwarding/lambda-invoke-forwarder';
import { OwnerRegionUnavailable } from '../../lambdas/domain/errors';
import type { ForwardedRequest } from '../../lambdas/domain/ports';

const request: ForwardedRequest = {
  method: 'POST',
  path: '/v1/hotels/h/bookings',
  query: {},
  headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
  body: '{}',
  servedRegion: 'ap-southeast-1',
};

describe('Lambda Invoke forwarder', () => {
  const lambda = mockClient(LambdaClient);
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
    expect(JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString())).toEqual(request);
  });

  it('turns a function error, a timeout or an unknown region into OwnerRegionUnavailable', async () => {
    lambda.reset();
    lambda
      .on(InvokeCommand)
      .resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from('{}') as never });
    await expect(forwarder.forwardToOwnerRegion('us-east-1', request)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
    lambda.reset();
    lambda.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
    const slow = await forwarder.forwardToOwnerRegion('us-east-1', request).catch((e) => e);
    expect(slow).toBeInstanceOf(OwnerRegionUnavailable);
    expect(slow.message).toContain('50 ms');
    await expect(forwarder.forwardToOwnerRegion('eu-west-1', request)).rejects.toBeInstanceOf(
      OwnerRegionUnavailable,
    );
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
