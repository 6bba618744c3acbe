/**
 * Forwarding as wired in AWS: Lambda Invoke of the owner region's receiver, each call traced.
 * Only the entries that forward writes import this module, so only their bundles carry the
 * Lambda client.
 */
import { LambdaInvokeForwarder, noRetryLambdaClient } from '../adapters/forwarding/lambda-invoke-forwarder';
import type { RegionForwarder } from '../domain/ports';
import { required } from './aws-services';
import { traced } from './aws-tracing';

/** The forwarder to the other region's receiver, for `createAwsServices`. */
export function awsForwarder(env: NodeJS.ProcessEnv): RegionForwarder {
  return new LambdaInvokeForwarder({
    receiverArns: JSON.parse(required(env, 'FORWARD_RECEIVER_ARNS')) as Record<string, string>,
    timeoutMs: Number(env.FORWARD_TIMEOUT_MS ?? 3_000),
    clientFor: (region) => traced(noRetryLambdaClient(region)),
  });
}
