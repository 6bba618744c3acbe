/**
 * Every hour, in each region: the reconcile check over that region's table.
 * Counter mismatches and items written outside their owner region (a
 * lost-update risk under last-writer-wins) become metrics, and either alarms.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge, MANAGED_LAMBDA_POLICY, nagResource } from '../acknowledge';

export interface ScheduledReconcileProps {
  readonly table: ITableV2;
  readonly topic: ITopic;
}

export class ScheduledReconcile extends Construct {
  readonly fn: NodejsFunction;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: ScheduledReconcileProps) {
    super(scope, id);
    this.fn = new NodejsFunction(this, 'Function', {
      entry: new URL('../../lambdas/handlers/reconcile.ts', import.meta.url).pathname,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.minutes(10),
      environment: { TABLE_NAME: props.table.tableName, POWERTOOLS_METRICS_NAMESPACE: 'HotelBooking' },
      logGroup: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH }),
      bundling: { minify: true, sourceMap: true, target: 'node22', format: OutputFormat.CJS },
    });
    props.table.grantReadData(this.fn);
    new Rule(this, 'Hourly', {
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaTarget(this.fn)],
    });
    const action = new SnsAction(props.topic);
    this.alarms = ['CounterMismatches', 'NonOwnerWrites'].map((metricName) => {
      const alarm = new Alarm(this, metricName, {
        metric: new Metric({
          namespace: 'HotelBooking',
          metricName,
          dimensionsMap: { service: 'reconcile' },
          statistic: 'Maximum',
          period: Duration.hours(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription:
          metricName === 'NonOwnerWrites'
            ? 'An item was last written outside its owner region: a lost-update risk under last-writer-wins'
            : 'A night counter differs from the rooms of its confirmed bookings',
      });
      alarm.addAlarmAction(action);
      return alarm;
    });
    const stack = Stack.of(this);
    acknowledge(this.fn, {
      'AwsSolutions-L1': 'The project targets nodejs22.x, the runtime its tests run against.',
    });
    acknowledge(this.fn.role as IConstruct, {
      [MANAGED_LAMBDA_POLICY]: 'The AWS-managed basic execution policy: writing its own log group only.',
      [`AwsSolutions-IAM5[Resource::${nagResource(stack, props.table.tableArn)}/index/*]`]:
        'Added by the table read grant; the check scans the table only.',
    });
  }
}
