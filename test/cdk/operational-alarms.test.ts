/** The DynamoDB throttling alarm watches metrics that DynamoDB actually publishes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../lambdas/domain/regions';
import { BASE, type CfnResource, resourcesOf, synthTemplates } from './support';

/** The operations the product's functions call (reads, writes and transactions). */
const USED_OPERATIONS = ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'TransactWriteItems', 'BatchGetItem'];

interface MetricDataQuery {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions: Array<{ Name: string; Value: unknown }>;
    };
  };
}

let templates: ReturnType<typeof synthTemplates>;
beforeAll(() => {
  templates = synthTemplates(BASE);
});

const alarmsOf = (region: (typeof REGIONS)[number]): CfnResource[] =>
  Object.values(resourcesOf(templates[region])).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');

const watches = (alarm: CfnResource, metricName: string): boolean =>
  alarm.Properties?.MetricName === metricName ||
  (alarm.Properties?.Metrics as MetricDataQuery[] | undefined)?.some(
    (q) => q.MetricStat?.Metric.MetricName === metricName,
  ) === true;

describe('DynamoDB throttling alarm', () => {
  for (const region of REGIONS)
    it(`${region}: sums ThrottledRequests per TableName and Operation over the operations the product uses`, () => {
      const throttles = alarmsOf(region).filter((a) => watches(a, 'ThrottledRequests'));
      expect(throttles).toHaveLength(1);
      const alarm = throttles[0] as CfnResource;
      // ThrottledRequests has no series per TableName alone: such an alarm never fires.
      expect(alarm.Properties?.MetricName).toBeUndefined();
      const queries = alarm.Properties?.Metrics as MetricDataQuery[];
      const stats = queries.filter((q) => q.MetricStat);
      const operations: string[] = [];
      for (const q of stats) {
        const metric = q.MetricStat?.Metric;
        expect(metric).toMatchObject({ Namespace: 'AWS/DynamoDB', MetricName: 'ThrottledRequests' });
        const dimensions = Object.fromEntries((metric?.Dimensions ?? []).map((d) => [d.Name, d.Value]));
        expect(Object.keys(dimensions).sort(), q.Id).toEqual(['Operation', 'TableName']);
        expect(dimensions.TableName).toBeDefined();
        operations.push(dimensions.Operation as string);
      }
      expect(operations).toEqual(expect.arrayContaining(USED_OPERATIONS));
      // CloudWatch alarms accept at most 10 metrics in an expression.
      expect(stats.length).toBeLessThanOrEqual(10);
      // One expression is the alarm's value, and it adds up every per-operation metric.
      const returned = queries.filter((q) => q.ReturnData !== false);
      expect(returned).toHaveLength(1);
      const expression = returned[0]?.Expression ?? '';
      for (const q of stats) expect(expression).toMatch(new RegExp(`\\b${q.Id}\\b`));
    });
});
