/**
 * Builds the Lambda handlers: middy with Powertools structured logs (one line
 * per request, with the correlation id) and metrics, around the shared dispatcher.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { ForwardedResponse } from '../domain/ports';
import { fromApiGatewayEvent, toApiGatewayResult } from '../http/api-request';
import { ANSWER_MARGIN_MS, type DispatchObserver, dispatch, receiveForwarded } from '../http/dispatch';
import type { RegionServices } from '../http/region-services';
import { Router } from '../http/router';
import { ROUTES, type RouteGroup, routesOf } from '../http/routes';
import { METRICS } from '../infrastructure-contract';

const SERVICE = METRICS.api.service;

function observe(logger: Logger, metrics: Metrics): DispatchObserver {
  return {
    onRequest(log) {
      logger.info('request', { ...log });
      metrics.addDimensions({ route: `${log.method} ${log.route}` });
      metrics.addMetric(METRICS.api.requests, MetricUnit.Count, 1);
      metrics.addMetric(METRICS.api.latency, MetricUnit.Milliseconds, log.ms);
      if (log.status >= 500) metrics.addMetric(METRICS.api.serverErrors, MetricUnit.Count, 1);
      if (log.status === 409) metrics.addMetric(METRICS.api.conflicts, MetricUnit.Count, 1);
      if (log.forwardedTo) metrics.addMetric(METRICS.api.forwardedWrites, MetricUnit.Count, 1);
    },
    onUnexpectedError(error, correlationId) {
      logger.error('unexpected error', { correlationId, error: error as Error });
    },
  };
}

/** Both observers, so a caller (the local server) can watch requests too. */
function alongside(first: DispatchObserver, second?: DispatchObserver): DispatchObserver {
  if (!second) return first;
  return {
    onRequest(log) {
      first.onRequest?.(log);
      second.onRequest?.(log);
    },
    onUnexpectedError(error, correlationId) {
      first.onUnexpectedError?.(error, correlationId);
      second.onUnexpectedError?.(error, correlationId);
    },
  };
}

/**
 * The services with a `prepare` (reading the cursor key) that logs a failure instead of throwing.
 * Dispatch awaits it only for a route that pages: when the read fails, that request's seal fails
 * and the next one reads again; no other route waits for the key, or is held up by it.
 */
function withLoggedPrepare(services: RegionServices, logger: Logger): RegionServices {
  const { prepare } = services;
  if (!prepare) return services;
  return {
    ...services,
    prepare: () => prepare().catch((error) => logger.error('prepare failed', { error: error as Error })),
  };
}

/** The handler of one API function; the region services are built once per container, on first use. */
export function createApiHandler(
  group: RouteGroup,
  makeServices: () => RegionServices,
  watcher?: DispatchObserver,
) {
  const logger = new Logger({ serviceName: SERVICE });
  const metrics = new Metrics({ namespace: METRICS.namespace, serviceName: SERVICE });
  const router = new Router(routesOf(group));
  const observer = alongside(observe(logger, metrics), watcher);
  let services: RegionServices | undefined;
  return middy(
    async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
      services ??= withLoggedPrepare(makeServices(), logger);
      const request = {
        ...fromApiGatewayEvent(event),
        remainingMs: context.getRemainingTimeInMillis() - ANSWER_MARGIN_MS,
      };
      logger.appendKeys({ correlationId: request.headers['x-correlation-id'] ?? request.requestId });
      return toApiGatewayResult(await dispatch(services, router, request, {}, observer));
    },
  )
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

/** The handler of the forward-receiver function, invoked only by the other region (IAM). */
export function createForwardReceiver(makeServices: () => RegionServices, watcher?: DispatchObserver) {
  const logger = new Logger({ serviceName: SERVICE });
  const metrics = new Metrics({ namespace: METRICS.namespace, serviceName: SERVICE });
  const router = new Router(ROUTES);
  const observer = alongside(observe(logger, metrics), watcher);
  let services: RegionServices | undefined;
  return middy(async (envelope: unknown, context: Context): Promise<ForwardedResponse> => {
    services ??= withLoggedPrepare(makeServices(), logger);
    return receiveForwarded(services, router, envelope, observer, context.getRemainingTimeInMillis());
  })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}
