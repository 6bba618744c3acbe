/**
 * What wakes an operator in one region: API 5xx and latency, function errors
 * and throttles, DynamoDB replication latency and throttles, ingestion
 * errors, and anything landing in the search dead-letter bucket. All go to one
 * SNS topic with the alarm e-mail.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITableV2, Operation } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SnsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRICS } from '../../lambdas/infrastructure-contract';
import { PIPELINE_ID } from '../pipeline-config';

export interface OperationalAlarmsProps {
  /** Who is told: the topic's e-mail subscription. */
  readonly alarmEmail: string;
  /** The region's API: 5xx and latency. */
  readonly httpApi: IHttpApi;
  /** Functions by a short name (used in the alarm ids): errors and throttles of each. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** This region's table (or replica). */
  readonly table: ITableV2;
  /** Regions this region's table replicates to. */
  readonly replicaRegions: readonly string[];
  /** The search ingestion pipeline's name: failed documents and exports. */
  readonly pipelineName: string;
  /** The search dead-letter bucket: every object landing there is told at once. */
  readonly deadLetterBucket: IBucket;
}

/**
 * The DynamoDB operations the functions call (a transaction counts as TransactWriteItems; Scan is the
 * hourly reconcile). ThrottledRequests exists only per table and operation; an alarm takes 10 metrics at most.
 */
const THROTTLE_OPERATIONS = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.SCAN,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
];

/** One region's alarms and the topic they go to. */
export class OperationalAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationalAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', {
      displayName: `Hotel booking alarms (${Stack.of(this).region})`,
      enforceSSL: true,
    });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    // A topic with a policy of its own (the dead-letter bucket's notification below adds one) loses
    // the default policy, which is what let CloudWatch alarms publish: admit them again, this account's only.
    const stack = Stack.of(this);
    this.topic.grantPublish(
      new ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
        ArnLike: {
          'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
        },
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
    );
    const action = new SnsAction(this.topic);
    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string, periods = 1) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    const fiveMinutes = Duration.minutes(5);

    alarm(
      'Api5xx',
      props.httpApi.metricServerError({ period: fiveMinutes }),
      5,
      'The API answered 5xx five times in 5 minutes',
    );
    alarm(
      'ApiLatency',
      props.httpApi.metricLatency({ period: fiveMinutes, statistic: 'p99' }),
      2_000,
      'API p99 latency above 2 s',
      2,
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: fiveMinutes }), 1, `${name} function errors`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: fiveMinutes }), 1, `${name} function throttled`);
    }
    for (const receiving of props.replicaRegions) {
      alarm(
        `ReplicationLatency-${receiving}`,
        new Metric({
          namespace: 'AWS/DynamoDB',
          metricName: 'ReplicationLatency',
          dimensionsMap: { TableName: props.table.tableName, ReceivingRegion: receiving },
          statistic: 'Average',
          period: fiveMinutes,
        }),
        60_000,
        `Replication to ${receiving} slower than 60 s: forwarded writes and handovers depend on it`,
        2,
      );
    }
    alarm(
      'DynamoThrottles',
      // A sum of one metric per operation (metric math counts a missing point as 0).
      props.table.metricThrottledRequestsForOperations({
        operations: THROTTLE_OPERATIONS,
        period: fiveMinutes,
      }),
      10,
      'DynamoDB throttled requests, all operations the functions use together',
    );
    const osis = (metricName: string) =>
      new Metric({
        namespace: 'AWS/OSIS',
        metricName,
        dimensionsMap: { PipelineName: props.pipelineName },
        statistic: 'Sum',
        period: fiveMinutes,
      });
    alarm(
      'IngestionErrors',
      new MathExpression({
        expression: 'dlq + failed',
        usingMetrics: {
          dlq: osis(`${PIPELINE_ID}.opensearch.documentErrors.count`),
          failed: osis(`${PIPELINE_ID}.dynamodb.exportJobFailure.count`),
        },
        period: fiveMinutes,
      }),
      1,
      'The search ingestion pipeline failed documents or an export',
    );
    alarm(
      'CapacityHoldsStuck',
      new Metric({
        namespace: METRICS.namespace,
        metricName: METRICS.api.capacityHoldsStuck,
        dimensionsMap: { service: METRICS.api.service },
        statistic: 'Sum',
        period: fiveMinutes,
      }),
      1,
      'A capacity cut failed and its hold could not be given back: the room type sells fewer rooms until the hotelier repeats the change',
    );
    // Any object in the dead-letter bucket is a hotel that did not reach search: tell someone at once.
    props.deadLetterBucket.addEventNotification(EventType.OBJECT_CREATED, new SnsDestination(this.topic));
  }
}
