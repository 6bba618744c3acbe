/** OperationalAlarms on a bare stack: what wakes an operator, and that the metrics it watches exist. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { REGIONS, type Region } from '../../../lambdas/domain/regions';
import { METRICS } from '../../../lambdas/infrastructure-contract';
import { OperationalAlarms } from '../../../lib/constructs/operational-alarms';
import { bareStack, type CfnResource, resourcesOfType } from '../support';

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

function alarms(region: Region): Template {
  const stack = bareStack(region);
  const fn = (name: string) =>
    LambdaFunction.fromFunctionArn(stack, name, `arn:aws:lambda:${region}:123456789012:function:${name}`);
  new OperationalAlarms(stack, 'Alarms', {
    alarmEmail: 'ops@example.com',
    httpApi: new HttpApi(stack, 'Api'),
    functions: { public: fn('public'), manage: fn('manage') },
    table: TableV2.fromTableName(stack, 'Table', 'hotels'),
    replicaRegions: REGIONS.filter((r) => r !== region),
    pipelineName: `hotels-${region}`,
    deadLetterBucket: new Bucket(stack, 'DeadLetters'),
  });
  return Template.fromStack(stack);
}

const alarmsOf = (t: Template): CfnResource[] => Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm'));

const watches = (alarm: CfnResource, metricName: string): boolean =>
  alarm.Properties?.MetricName === metricName ||
  (alarm.Properties?.Metrics as MetricDataQuery[] | undefined)?.some(
    (q) => q.MetricStat?.Metric.MetricName === metricName,
  ) === true;

describe('OperationalAlarms', () => {
  for (const region of REGIONS)
    it(`${region}: alarms to an e-mail topic, including replication latency and the dead-letter bucket`, () => {
      const t = alarms(region);
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
      const all = alarmsOf(t).map((a) => a.Properties ?? {});
      // API 5xx and latency, errors and throttles of each function, replication, DynamoDB, ingestion, stuck holds.
      expect(all).toHaveLength(2 + 2 * 2 + 1 + 1 + 1 + 1);
      expect(all.some((a) => a.MetricName === 'ReplicationLatency' && a.Namespace === 'AWS/DynamoDB')).toBe(
        true,
      );
      expect(all.some((a) => JSON.stringify(a.Metrics ?? '').includes('"ThrottledRequests"'))).toBe(true);
      expect(all.some((a) => JSON.stringify(a.Metrics ?? '').includes('AWS/OSIS'))).toBe(true);
      for (const alarm of all)
        expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmsTopic/) }]);
      t.hasResourceProperties('Custom::S3BucketNotifications', {
        NotificationConfiguration: {
          TopicConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'] })],
        },
      });
    });

  for (const region of REGIONS)
    it(`${region}: sums ThrottledRequests per TableName and Operation over the operations the product uses`, () => {
      const throttles = alarmsOf(alarms(region)).filter((a) => watches(a, 'ThrottledRequests'));
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

  it('alarms on the first capacity hold the domain could not give back, on the metric its adapter publishes', () => {
    const stuck = alarmsOf(alarms('us-east-1')).filter((a) => watches(a, METRICS.api.capacityHoldsStuck));
    expect(stuck).toHaveLength(1);
    expect(stuck[0]?.Properties).toMatchObject({
      Namespace: METRICS.namespace,
      Dimensions: [{ Name: 'service', Value: METRICS.api.service }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('watches the ingestion pipeline’s own metrics, under the pipeline id its configuration uses', () => {
    const [ingestion] = alarmsOf(alarms('us-east-1')).filter((a) =>
      watches(a, 'hotels-pipeline.opensearch.documentErrors.count'),
    );
    const names = ((ingestion?.Properties?.Metrics ?? []) as MetricDataQuery[]).flatMap((q) =>
      q.MetricStat ? [q.MetricStat.Metric] : [],
    );
    expect(names).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/OSIS',
        MetricName: 'hotels-pipeline.opensearch.documentErrors.count',
        Dimensions: [{ Name: 'PipelineName', Value: 'hotels-us-east-1' }],
      }),
      expect.objectContaining({ MetricName: 'hotels-pipeline.dynamodb.exportJobFailure.count' }),
    ]);
  });
});
