/**
 * X-Ray in AWS: Powertools Tracer around the SDK clients (a subsegment per DynamoDB or Lambda
 * call, named after the service, with the operation), and a subsegment per OpenSearch request.
 * Only the AWS wiring uses this. Tracing is on only inside Lambda (`AWS_EXECUTION_ENV`) and unless
 * `POWERTOOLS_TRACE_ENABLED=false`; elsewhere every function here hands back what it was given,
 * so tests and the local environment never look for an X-Ray daemon.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS } from '../infrastructure-contract';

/**
 * The functions' tracer. Outgoing HTTPS is not captured globally: every call already gets one
 * named subsegment here, and would otherwise appear twice.
 */
export const tracer = new Tracer({ serviceName: METRICS.api.service, captureHTTPsRequests: false });

/** The SDK client, traced when tracing is on (the tracer adds its middleware to the client's stack). */
export function traced<Client>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}

/** What the OpenSearch client's transport looks like from here: one request per API call (retries inside). */
interface Transport {
  request(params: { method: string; path: string }, options?: unknown, callback?: unknown): unknown;
}

/** The operation an OpenSearch request runs: `POST /hotels/_search` is `search`. */
export function openSearchOperation(method: string, path: string): string {
  const action = path.split('/').find((part) => part.startsWith('_'));
  return action ? action.slice(1) : method.toLowerCase();
}

/**
 * Gives each request of an OpenSearch client (not an SDK client, so the tracer cannot wrap it)
 * a subsegment of its own, `OpenSearch <operation>`, closed when its answer (or error) arrives.
 * The request's promise is handed back unchanged, so the caller can still abort it.
 */
export function traceOpenSearchRequests(transport: Transport): void {
  if (!tracer.isTracingEnabled()) return;
  const request = transport.request.bind(transport);
  transport.request = (params, options, callback) => {
    const subsegment = callback
      ? undefined
      : tracer
          .getSegment()
          ?.addNewSubsegment(`OpenSearch ${openSearchOperation(params.method, params.path)}`);
    const pending = request(params, options, callback);
    if (subsegment) {
      subsegment.namespace = 'remote';
      (pending as Promise<unknown>).then(
        () => subsegment.close(),
        (error: Error) => subsegment.close(error, true),
      );
    }
    return pending;
  };
}
