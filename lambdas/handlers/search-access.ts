/**
 * A CloudFormation custom resource, run in the VPC as the domain's master user: it creates the
 * hotel index's roles in OpenSearch's fine-grained access control and maps the pipeline's and the
 * searching functions' IAM roles to them, then answers CloudFormation at the event's ResponseURL.
 * A delete changes nothing: the domain is retained, and its roles are harmless without the stack.
 */
import { EventEmitter } from 'node:events';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3';
import { ConnectionPool } from '@opensearch-project/opensearch/lib/pool/index.js';
import Serializer from '@opensearch-project/opensearch/lib/Serializer.js';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { type SecurityRequest, securityRequests } from '../adapters/search/access-control';

/** Sends one request to the domain; resolves with its body, rejects on an error status. */
export type Send = (request: SecurityRequest) => Promise<unknown>;

/** A signed sender for the domain at `endpoint`, with the function's own credentials. */
export function signedSender(endpoint: string, region: string): Send {
  const { Connection, Transport } = AwsSigv4Signer({ region, service: 'es' });
  const events = new EventEmitter();
  const emit = events.emit.bind(events);
  const connectionPool = new ConnectionPool({ Connection, emit });
  connectionPool.addConnection(endpoint);
  // The domain has just become active: its endpoint may refuse a first connection or two.
  const transport = new Transport({
    emit,
    connectionPool,
    serializer: new Serializer(),
    maxRetries: 10,
    requestTimeout: 20_000,
    sniffEndpoint: '_nodes/_all/http',
    nodeSelector: 'round-robin',
    name: 'search-access',
  });
  return async (request) =>
    (await transport.request({ method: request.method, path: request.path, body: request.body })).body;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Handles one event with `send`, then reports to CloudFormation with `respond` (a PUT to ResponseURL). */
export async function handleSearchAccess(
  event: CloudFormationCustomResourceEvent,
  send: Send,
  respond: (url: string, body: string) => Promise<void> = putResponse,
): Promise<void> {
  const physicalResourceId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : 'hotel-search-access';
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason: string | undefined;
  try {
    if (event.RequestType !== 'Delete') {
      const props = event.ResourceProperties;
      for (const request of securityRequests({
        writers: list(props.Writers),
        searchers: list(props.Searchers),
      }))
        await send(request);
    }
  } catch (error) {
    status = 'FAILED';
    reason = `Mapping roles in OpenSearch failed: ${(error as Error).message}`.slice(0, 1000);
  }
  await respond(
    event.ResponseURL,
    JSON.stringify({
      Status: status,
      Reason: reason ?? 'ok',
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    }),
  );
}

/** CloudFormation's answer: a PUT of the JSON to the pre-signed URL, with no content type. */
async function putResponse(url: string, body: string): Promise<void> {
  const response = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`);
}

/** The Lambda entry point. */
export const handler = async (event: CloudFormationCustomResourceEvent): Promise<void> =>
  handleSearchAccess(
    event,
    signedSender(`https://${process.env.OPENSEARCH_ENDPOINT}`, process.env.AWS_REGION ?? ''),
  );
