/**
 * The AWS forwarder: invokes the owner region's forward-receiver function with
 * Lambda Invoke. IAM decides who may invoke it (only the other region's API
 * roles), and the forwarded envelope exists only in the invocation payload, so a
 * public caller has no way to present a request as forwarded.
 */
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { ForwardedRequest, ForwardedResponse, RegionForwarder } from '../../domain/ports';
import { answerLost, envelopeFor, forwardWaitMs, neverSent, notDelivered } from './forward-outcome';

export interface LambdaInvokeForwarderOptions {
  /** The forward-receiver function's ARN in each region. */
  readonly receiverArns: Readonly<Record<string, string>>;
  /** How long to wait for the owner region before the outcome is unknown (504). */
  readonly timeoutMs: number;
  /**
   * The Lambda endpoint to call, for a VPC endpoint or a test double.
   * @default the regional Lambda endpoint
   */
  readonly endpoint?: string;
  /** Builds the client per region (traced in AWS; a mock in tests). @default noRetryLambdaClient */
  readonly clientFor?: (region: string) => LambdaClient;
}

/** An error the Lambda service raised while refusing the call: 4xx means the function never ran. */
function refusedByService(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The Lambda client a forwarder uses: it never retries, since a retried invoke could run the write twice. */
export function noRetryLambdaClient(region: string, endpoint?: string): LambdaClient {
  return new LambdaClient({ region, maxAttempts: 1, endpoint });
}

export class LambdaInvokeForwarder implements RegionForwarder {
  private readonly clients = new Map<string, LambdaClient>();

  constructor(private readonly options: LambdaInvokeForwarderOptions) {}

  private client(region: string): LambdaClient {
    let client = this.clients.get(region);
    if (!client) {
      // No SDK retries: a retried invoke could run the write twice; the idempotency key is the retry path.
      client = this.options.clientFor?.(region) ?? noRetryLambdaClient(region, this.options.endpoint);
      this.clients.set(region, client);
    }
    return client;
  }

  async forwardToOwnerRegion(owner: string, request: ForwardedRequest): Promise<ForwardedResponse> {
    const arn = this.options.receiverArns[owner];
    if (!arn) throw notDelivered(owner, 'has no route from here');
    const timeoutMs = forwardWaitMs(owner, this.options.timeoutMs);
    const envelope = envelopeFor(request, timeoutMs);
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(Object.assign(new Error('deadline'), { name: 'TimeoutError' }));
      }, timeoutMs);
    });
    let out: InvokeCommandOutput;
    try {
      // The race bounds the wait whatever the SDK does; the abort also cancels the HTTP request.
      out = await Promise.race([
        this.client(owner).send(
          new InvokeCommand({ FunctionName: arn, Payload: Buffer.from(JSON.stringify(envelope)) }),
          { abortSignal: abort.signal },
        ),
        deadline,
      ]);
    } catch (error) {
      if (neverSent(error) || refusedByService(error)) throw notDelivered(owner);
      throw answerLost(owner, timeoutMs, request);
    } finally {
      clearTimeout(timer);
    }
    // The receiver maps every error to an answer, so a function error is a crash or a timeout mid-way.
    if (out.FunctionError || !out.Payload) throw answerLost(owner, timeoutMs, request);
    let answer: ForwardedResponse;
    try {
      answer = JSON.parse(Buffer.from(out.Payload).toString('utf8')) as ForwardedResponse;
    } catch {
      throw answerLost(owner, timeoutMs, request);
    }
    if (typeof answer?.statusCode !== 'number') throw answerLost(owner, timeoutMs, request);
    return answer;
  }
}
