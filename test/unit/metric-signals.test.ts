/** The AWS adapter of the domain's signals: each one a metric, published at once, under the name the alarm watches. */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { describe, expect, it, vi } from 'vitest';
import { METRICS } from '../../lambdas/infrastructure-contract';
import { metricSignals } from '../../lambdas/observability/metric-signals';

describe('metricSignals', () => {
  it('publishes one CapacityHoldsStuck point at once when a hold is stuck', () => {
    const metrics = { addMetric: vi.fn(), publishStoredMetrics: vi.fn() };
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    metricSignals(metrics as unknown as Metrics).capacityHoldStuck({
      hotelId: 'h1',
      roomTypeId: 'king',
      pendingTotalRooms: 3,
      error: new Error('boom'),
    });
    expect(metrics.addMetric).toHaveBeenCalledWith(METRICS.api.capacityHoldsStuck, 'Count', 1);
    expect(metrics.publishStoredMetrics).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]?.[0]).toContain('"hotelId":"h1"');
    log.mockRestore();
  });
});
