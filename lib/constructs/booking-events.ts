/**
 * Booking events in one region: the custom bus `hotel-booking-events` with an
 * archive for replay, the publisher (a Lambda on this region's table stream,
 * filtered to booking items this region wrote, reporting partial batch failures),
 * an SQS dead-letter queue for records it could not publish, with an alarm, and
 * one example rule that copies every event to a log group, so a deployer sees
 * them arrive. A Lambda rather than an EventBridge Pipe: the event needs code
 * (old and new status compared, secrets left out, its id and sequence), which a
 * Pipe could only run in an enrichment Lambda anyway, and the same code runs locally.
 */
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { CloudWatchLogGroup } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import { ENTITY } from '../../lambdas/adapters/dynamodb/keys';
import { EVENT_BUS_NAME, EVENT_SOURCE } from '../../lambdas/events/booking-event';
import { acknowledge, nagResource } from '../acknowledge';
import { ServiceFunction } from './service-function';

export interface BookingEventsProps {
  /** This region's table (or replica), whose stream the publisher reads. */
  readonly table: ITableV2;
  /**
   * Where the dead-letter alarm goes.
   * @default - the alarm has no action
   */
  readonly alarmTopic?: ITopic;
  /**
   * How long the archive keeps events for replay.
   * @default Duration.days(365)
   */
  readonly archiveRetention?: Duration;
  /**
   * How many times a failing batch is retried before its records' pointers go to the
   * dead-letter queue. By default without limit: a record that cannot be published holds
   * its shard (so no later change of the booking overtakes it) until EventBridge takes it,
   * or until the stream drops it after 24 hours, when its pointer goes to the queue.
   * @default - retried until it succeeds or leaves the stream
   */
  readonly retryAttempts?: number;
}

/** How far behind the stream the publisher may fall before someone is told (the stream keeps 24 hours). */
export const ITERATOR_AGE_ALARM = Duration.hours(1);

/** The bus, its archive, the stream publisher, its dead-letter queue and alarm, and an example rule. */
export class BookingEvents extends Construct {
  readonly bus: EventBus;
  readonly publisher: ServiceFunction;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  /** Fires when the publisher falls an hour behind the stream, long before its 24 hours of retention run out. */
  readonly iteratorAgeAlarm: Alarm;
  /** The example subscriber: every event of the bus, as a log line. */
  readonly eventLog: LogGroup;

  constructor(scope: Construct, id: string, props: BookingEventsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bus = new EventBus(this, 'Bus', { eventBusName: EVENT_BUS_NAME });
    const archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: props.archiveRetention ?? Duration.days(365),
      description: 'Every booking event, for replay',
    });
    // What it holds cannot be made again: a stack update must never replace it, nor a delete drop it.
    archive.applyRemovalPolicy(RemovalPolicy.RETAIN);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Records nobody has looked at yet: kept if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.deadLetterQueue, {
      'AwsSolutions-SQS3': 'This queue is the dead-letter queue of the event publisher.',
    });

    this.publisher = new ServiceFunction(this, 'Publisher', {
      handlerModule: 'booking-events',
      timeout: Duration.seconds(30),
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
      logGroupId: 'PublisherLogs',
    });
    this.bus.grantPutEventsTo(this.publisher);
    props.table.grantStreamRead(this.publisher);

    new EventSourceMapping(this, 'FromStream', {
      target: this.publisher,
      eventSourceArn: this.streamArnOf(props.table),
      startingPosition: StartingPosition.LATEST,
      batchSize: 100,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      // Unset: retried without limit, and kept for as long as the stream keeps it (24 hours),
      // since an event dropped after a few retries would be lost for good.
      ...(props.retryAttempts === undefined ? {} : { retryAttempts: props.retryAttempts }),
      onFailure: new SqsDlq(this.deadLetterQueue),
      // Only booking items this region wrote invoke the publisher: replicated copies never do.
      filters: [
        FilterCriteria.filter({
          eventName: FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: {
            NewImage: {
              entity: { S: FilterRule.isEqual(ENTITY.booking) },
              writtenBy: { S: FilterRule.isEqual(stack.region) },
            },
          },
        }),
      ],
    });

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'Booking events could not be published: their stream records are in the dead-letter queue',
    });
    if (props.alarmTopic) this.deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic));

    // Unpublished records leave the stream after 24 hours, with nothing said: an hour behind is
    // already abnormal (a publisher keeps up within seconds), and leaves 23 hours to act.
    this.iteratorAgeAlarm = new Alarm(this, 'IteratorAgeAlarm', {
      metric: this.publisher.metric('IteratorAge', {
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: ITERATOR_AGE_ALARM.toMilliseconds(),
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'The booking event publisher is over an hour behind the table stream; records older than 24 hours are lost',
    });
    if (props.alarmTopic) this.iteratorAgeAlarm.addAlarmAction(new SnsAction(props.alarmTopic));

    this.eventLog = new LogGroup(this, 'EventLog', {
      retention: RetentionDays.ONE_MONTH,
    });
    new Rule(this, 'ToLog', {
      eventBus: this.bus,
      description: 'Example subscriber: every booking event as a line in a log group',
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [new CloudWatchLogGroup(this.eventLog)],
    });
    // The log group target lets EventBridge write through a resource policy, set by CDK's own custom resource.
    for (const child of stack.node.children)
      if (child.node.id.startsWith('EventsLogGroupPolicy')) {
        acknowledge(child, {
          'AwsSolutions-IAM5[Resource::*]':
            'logs:PutResourcePolicy and DeleteResourcePolicy accept no resource.',
        });
        Annotations.of(child).acknowledgeWarning(
          '@aws-cdk/custom-resources:installLatestAwsSdkNotSpecified',
          "CDK's own log-group policy resource: the runtime's SDK has the two Logs calls it makes.",
        );
      }

    const role = this.publisher.role as IConstruct;
    acknowledge(role, {
      'AwsSolutions-IAM5[Resource::*]': 'dynamodb:ListStreams accepts no resource-level permissions.',
      ...(props.table.tableStreamArn?.endsWith('/stream/*')
        ? {
            [`AwsSolutions-IAM5[Resource::${nagResource(stack, props.table.tableArn)}/stream/*]`]:
              'The replica stream ARN has a creation label unknown at synth time.',
          }
        : {}),
    });
  }

  /**
   * The stream's ARN. A replica imported by name knows it only as a wildcard (its label is
   * made when the replica is), so it is read from DynamoDB at deploy time.
   */
  private streamArnOf(table: ITableV2): string {
    const known = table.tableStreamArn;
    if (known && !known.endsWith('/stream/*')) return known;
    const lookup = new AwsCustomResource(this, 'StreamArn', {
      onUpdate: {
        service: 'DynamoDB',
        action: 'describeTable',
        parameters: { TableName: table.tableName },
        physicalResourceId: PhysicalResourceId.of(`${table.tableName}-stream`),
        outputPaths: ['Table.LatestStreamArn'],
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [table.tableArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    return lookup.getResponseField('Table.LatestStreamArn');
  }
}
