/**
 * Lambda entry, on a schedule in each region: checks the booking invariant over
 * this region's table and counts items written outside their owner region (a
 * lost-update risk under last-writer-wins). Both become metrics that alarm.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { createDocumentClient } from '../adapters/dynamodb/client';
import { reconcileTable } from '../adapters/dynamodb/reconcile-scan';
import { METRICS } from '../infrastructure-contract';

const logger = new Logger({ serviceName: 'hotel-booking-reconcile' });
const metrics = new Metrics({ namespace: METRICS.namespace, serviceName: METRICS.reconcile.service });

export const handler = async (): Promise<{
  counterMismatches: number;
  nonOwnerWrites: number;
  stuckChanges: number;
  splitOwnership: number;
}> => {
  const region = process.env.AWS_REGION ?? '';
  const report = await reconcileTable(createDocumentClient({ region }), process.env.TABLE_NAME ?? '', {
    region,
  });
  const result = {
    counterMismatches: report.discrepancies.length,
    nonOwnerWrites: report.nonOwnerWrites.length,
    stuckChanges: report.stuck.length,
    splitOwnership: report.splitOwnership.length,
  };
  metrics.addMetric(METRICS.reconcile.counterMismatches, MetricUnit.Count, result.counterMismatches);
  metrics.addMetric(METRICS.reconcile.nonOwnerWrites, MetricUnit.Count, result.nonOwnerWrites);
  metrics.addMetric(METRICS.reconcile.stuckChanges, MetricUnit.Count, result.stuckChanges);
  metrics.addMetric(METRICS.reconcile.splitOwnership, MetricUnit.Count, result.splitOwnership);
  metrics.publishStoredMetrics();
  if (Object.values(result).some((n) => n > 0))
    logger.error('reconcile found problems', {
      discrepancies: report.discrepancies.slice(0, 50),
      nonOwnerWrites: report.nonOwnerWrites.slice(0, 50),
      stuck: report.stuck.slice(0, 50),
      splitOwnership: report.splitOwnership.slice(0, 50),
    });
  else logger.info('reconcile clean', { bookings: report.bookings, nights: report.nights });
  return result;
};
