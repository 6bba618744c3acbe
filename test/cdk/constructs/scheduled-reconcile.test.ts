/** ScheduledReconcile on a bare stack: the hourly check, and an alarm on every finding it publishes. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../../lambdas/infrastructure-contract';
import { ScheduledReconcile } from '../../../lib/constructs/scheduled-reconcile';
import { bareStack, resourcesOfType } from '../support';

function reconcile(): Template {
  const stack = bareStack();
  new ScheduledReconcile(stack, 'Reconcile', {
    table: TableV2.fromTableArn(stack, 'Table', 'arn:aws:dynamodb:us-east-1:123456789012:table/hotels'),
    topic: new Topic(stack, 'Topic'),
  });
  return Template.fromStack(stack);
}

/** The metrics the handler publishes (lambdas/handlers/reconcile.ts reads the same names). */
const PUBLISHED = Object.entries(METRICS.reconcile)
  .filter(([key]) => key !== 'service')
  .map(([, name]) => name);

describe('ScheduledReconcile', () => {
  it('runs the reconcile handler hourly, for up to 10 minutes, on this region’s table, which it may only read', () => {
    const t = reconcile();
    t.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 hour)' });
    t.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 600,
      Environment: { Variables: { TABLE_NAME: 'hotels', POWERTOOLS_METRICS_NAMESPACE: 'HotelBooking' } },
    });
    const actions = Object.values(resourcesOfType(t, 'AWS::IAM::Policy'))
      .flatMap((p) => p.Properties?.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
      .flatMap((s) => [s.Action].flat());
    expect(actions).toContain('dynamodb:Scan');
    expect(actions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });

  it('alarms on counter mismatches, non-owner writes, stuck changes and split ownership, at the first one', () => {
    const t = reconcile();
    expect([...PUBLISHED].sort()).toEqual([
      'CounterMismatches',
      'NonOwnerWrites',
      'SplitOwnership',
      'StuckChanges',
    ]);
    for (const metricName of PUBLISHED)
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'HotelBooking',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: 'reconcile' }],
        Statistic: 'Maximum',
        Period: 3600,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
      });
    const alarms = Object.values(resourcesOfType(t, 'AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties?.MetricName).sort()).toEqual([...PUBLISHED].sort());
    // Each says what went wrong, differently.
    expect(new Set(alarms.map((a) => a.Properties?.AlarmDescription)).size).toBe(PUBLISHED.length);
  });
});
