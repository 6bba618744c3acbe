/**
 * The AWS forwarder: invokes the owner region's forward-receiver function with
 * Lambda Invoke. IAM decides who may invoke it (only the other region's API
 * roles), and the forwarded envelope exists only in the invocation payload, so a
 * public caller has no way to present a request as forwarded.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { OwnerRegionUnavailable } from '../../domain/errors';
import type { ForwardedRequest, ForwardedResponse, RegionForwarder } from '../../domain/ports';

export interface LambdaInvokeForwarderOptions {
  /** The forward-receiver function's ARN in each region. */
  readonly receiverArns: Readonly<Record<string, string>>;
  /** How long to wait for the owner region before answering 503. */
  readonly timeoutMs: number;
  readonly clientFor?: (region: string) => LambdaClient;
}

export class LambdaInvokeForwarder implements RegionForwarder {
  private readonly clients = new Map<string, LambdaClient>();

  constructor(private readonly options: LambdaInvokeForwarderOptions) {}

  private client(region: string): LambdaClient {
    let client = this.clients.get(region);
    if (!client) {
      // No SDK retries: a retried forward could run twice; the caller's idempotency key is the retry path.
      client = this.options.clientFor?.(region) ?? new LambdaClient({ region, maxAttempts: 1 });
      this.clients.set(region, client);
    }
    return client;
  }

  async forwardToOwnerRegion(owner: string, request: ForwardedRequest): Promise<ForwardedResponse> {
    const arn = this.options.receiverArns[owner];
    if (!arn) throw new OwnerRegionUnavailable(`No route to ${owner}`);
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(Object.assign(new Error('deadline'), { name: 'TimeoutError' }));
      }, this.options.timeoutMs);
    });
    try {
      // The race bounds the wait whatever the SDK does; the abort also cancels the HTTP request.
      const out = await Promise.race([
        this.client(owner).send(
          new InvokeCommand({ FunctionName: arn, Payload: Buffer.from(JSON.stringify(request)) }),
          { abortSignal: abort.signal },
        ),
        deadline,
      ]);
      if (out.FunctionError || !out.Payload)
        throw new Error(`owner region failed: ${out.FunctionError ?? 'no payload'}`);
      const answer = JSON.parse(Buffer.from(out.Payload).toString('utf8')) as ForwardedResponse;
      if (typeof answer.statusCode !== 'number') throw new Error('owner region answered without a status');
      return answer;
    } catch (error) {
      throw new OwnerRegionUnavailable(
        (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError'
          ? `${owner} did not answer within ${this.options.timeoutMs} ms; nothing was written here`
          : undefined,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
