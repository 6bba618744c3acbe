/**
 * The domain's operational signals as CloudWatch metrics (Powertools' embedded
 * metric format on stdout): each one has an alarm in lib/constructs/operational-alarms.ts.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { OperationalSignals } from '../domain/ports';
import { METRICS } from '../infrastructure-contract';

/** Signals published at once, one metric data point each, with a log line saying which item. */
export function metricSignals(
  metrics: Metrics = new Metrics({ namespace: METRICS.namespace, serviceName: METRICS.api.service }),
): OperationalSignals {
  return {
    capacityHoldStuck({ error, ...where }) {
      console.error(
        JSON.stringify({
          level: 'ERROR',
          signal: METRICS.api.capacityHoldsStuck,
          ...where,
          error: String(error),
        }),
      );
      // Published now, not at the end of the request: the alarm must not depend on how the request ends.
      metrics.addMetric(METRICS.api.capacityHoldsStuck, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    },
  };
}
