/**
 * Every hour, in each region: the reconcile check over that region's table.
 * What it finds becomes metrics (lambdas/handlers/reconcile.ts), and each one
 * alarms as soon as it is above zero.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct, type IConstruct } from 'constructs';
import { METRICS } from '../../lambdas/infrastructure-contract';
import { acknowledge, nagResource } from '../acknowledge';
import { ServiceFunction } from './service-function';

export interface ScheduledReconcileProps {
  /** This region's table (or replica), which the check reads. */
  readonly table: ITableV2;
  /** Where the alarms go. */
  readonly topic: ITopic;
}

const { reconcile } = METRICS;

/** What each reconcile metric means when it is above zero, as the alarm says it. */
const ALARMS: Readonly<Record<string, string>> = {
  [reconcile.counterMismatches]: 'A night counter differs from the rooms of its confirmed bookings',
  [reconcile.nonOwnerWrites]:
    'An item was last written outside its owner region: a lost-update risk under last-writer-wins',
  [reconcile.stuckChanges]:
    "A hotel deletion or a room type's capacity cut stopped half-way: repeating the hotelier's request finishes it",
  [reconcile.splitOwnership]:
    'A hotel’s items name different owner regions: no region can write all of it until an operator hands it over again',
};

/** The hourly reconcile function, its schedule, and an alarm per finding. */
export class ScheduledReconcile extends Construct {
  readonly fn: ServiceFunction;
  readonly alarms: Alarm[];

  constructor(scope: Construct, id: string, props: ScheduledReconcileProps) {
    super(scope, id);
    this.fn = new ServiceFunction(this, 'Function', {
      handlerModule: 'reconcile',
      timeout: Duration.minutes(10),
      tracing: false,
      environment: { TABLE_NAME: props.table.tableName },
      logGroupId: 'Logs',
    });
    props.table.grantReadData(this.fn);
    new Rule(this, 'Hourly', {
      schedule: Schedule.rate(Duration.hours(1)),
      targets: [new LambdaTarget(this.fn)],
    });
    const action = new SnsAction(props.topic);
    this.alarms = Object.entries(ALARMS).map(([metricName, description]) => {
      const alarm = new Alarm(this, metricName, {
        metric: new Metric({
          namespace: METRICS.namespace,
          metricName,
          dimensionsMap: { service: reconcile.service },
          statistic: 'Maximum',
          period: Duration.hours(1),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(action);
      return alarm;
    });
    acknowledge(this.fn.role as IConstruct, {
      [`AwsSolutions-IAM5[Resource::${nagResource(Stack.of(this), props.table.tableArn)}/index/*]`]:
        'Added by the table read grant; the check scans the table only.',
    });
  }
}
