/**
 * The guests' messages in one region: a rule on the booking bus feeds every event to
 * an SQS queue (with a dead-letter queue and an alarm), and a function writes each
 * event's message (confirmation, change, cancellation) to a regional outbox table,
 * sending it through SES when a sender address is configured, else keeping it there.
 * Also the lookup attempt counters, a regional table of their own. Least privilege:
 * the function reads and writes only what `writeGuestMessage` does.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, type ITableV2, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Grant, type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ATTEMPTS_TABLE } from '../../lambdas/adapters/dynamodb/attempt-counter';
import { OUTBOX_TABLE } from '../../lambdas/adapters/dynamodb/guest-outbox';
import { EVENT_SOURCE } from '../../lambdas/events/booking-event';
import { acknowledge } from '../acknowledge';
import { ServiceFunction } from './service-function';

export interface GuestMessagesProps {
  /** This region's table (or replica): the bookings whose tokens the messages mint. */
  readonly table: ITableV2;
  /** This region's booking event bus. */
  readonly bus: IEventBus;
  /** The web app's origin, for the messages' links. */
  readonly siteUrl: string;
  /**
   * The SES sender (an address, or an address at a domain, verified in SES in this region).
   * @default - no e-mail is sent: messages are kept in the outbox table
   */
  readonly mailFrom?: string;
  /** @default - the dead-letter alarm has no action */
  readonly alarmTopic?: ITopic;
}

/** A small regional table: never part of the global table, items removed by TTL. */
function regionalTable(
  scope: Construct,
  id: string,
  def: typeof OUTBOX_TABLE | typeof ATTEMPTS_TABLE,
): Table {
  return new Table(scope, id, {
    partitionKey: { name: def.partitionKey.name, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: def.timeToLiveAttribute,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/** What the lookup's counters need: the table, and the one write the public function makes on it. */
export class LookupAttempts extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = regionalTable(this, 'Table', ATTEMPTS_TABLE);
  }

  /** Lets `fn` count attempts (one UpdateItem per attempt and key). */
  grantCount(fn: IGrantable): void {
    this.table.grant(fn, 'dynamodb:UpdateItem');
  }
}

export class GuestMessages extends Construct {
  readonly outbox: Table;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
  readonly writer: ServiceFunction;

  constructor(scope: Construct, id: string, props: GuestMessagesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.outbox = regionalTable(this, 'Outbox', OUTBOX_TABLE);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.deadLetterQueue, {
      'AwsSolutions-SQS3': 'This queue is the dead-letter queue of the guest messages queue.',
    });
    const timeout = Duration.seconds(30);
    this.queue = new Queue(this, 'Events', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // AWS's advice for a Lambda source: at least six times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 10 },
    });
    // Every event: which ones reach the guest is the function's to say, so a new type needs no rule.
    new Rule(this, 'ToQueue', {
      eventBus: props.bus,
      description: "Every booking event, for the guest's messages",
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [new SqsQueue(this.queue)],
    });

    this.writer = new ServiceFunction(this, 'Writer', {
      handlerModule: 'guest-messages',
      timeout,
      environment: {
        TABLE_NAME: props.table.tableName,
        OUTBOX_TABLE_NAME: this.outbox.tableName,
        WEB_BASE_URL: props.siteUrl,
        ...(props.mailFrom ? { GUEST_MAIL_FROM: props.mailFrom } : {}),
      },
      logGroupId: 'WriterLogs',
    });
    this.writer.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    // The booking, hotel and room type reads, and the token write (a ConditionCheck and an Update).
    Grant.addToPrincipal({
      grantee: this.writer,
      actions: ['dynamodb:GetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:UpdateItem'],
      resourceArns: [props.table.tableArn],
    });
    this.outbox.grant(this.writer, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    if (props.mailFrom) {
      const identities = [props.mailFrom, props.mailFrom.split('@')[1] ?? props.mailFrom];
      this.writer.addToRolePolicy(
        new PolicyStatement({
          actions: ['ses:SendEmail'],
          resources: [...new Set(identities)].map((identity) =>
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
          ),
        }),
      );
    }

    this.deadLetterAlarm = new Alarm(this, 'DeadLettersAlarm', {
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: "Guests' messages failed ten times: their events wait in the dead-letter queue",
    });
    if (props.alarmTopic) this.deadLetterAlarm.addAlarmAction(new SnsAction(props.alarmTopic));
  }
}
