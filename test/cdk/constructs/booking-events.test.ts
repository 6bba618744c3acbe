/** BookingEvents on a bare stack: bus and archive, the filtered stream publisher, its DLQ and alarm, least privilege. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { BookingEvents } from '../../../lib/constructs/booking-events';
import {
  actionsOf,
  bareStack,
  resourcesOf,
  resourcesOfStatement,
  resourcesOfType,
  roleStatements,
} from '../support';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/hotels';

function events(streamArn?: string): Template {
  const stack = bareStack();
  new BookingEvents(stack, 'Events', {
    table: TableV2.fromTableAttributes(stack, 'Table', {
      tableArn: TABLE_ARN,
      tableStreamArn: streamArn ?? `${TABLE_ARN}/stream/*`,
    }),
    alarmTopic: new Topic(stack, 'Topic'),
  });
  return Template.fromStack(stack);
}

describe('BookingEvents', () => {
  it('creates the bus hotel-booking-events, archived, and an example rule that logs every event', () => {
    const t = events();
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'hotel-booking-events' });
    t.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsBus'), 'Arn'] },
      EventPattern: { source: ['hotel-booking'] },
      RetentionDays: 365,
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^EventsBus') },
      EventPattern: { source: ['hotel-booking'] },
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
  });

  it('alarms when the publisher falls an hour behind the stream, well before its 24 hours of retention end', () => {
    const t = events();
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties?.MetricName === 'IteratorAge',
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: expect.stringMatching(/^EventsPublisher/) } }],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: expect.stringMatching(/^Topic/) }],
    });
    expect(alarms[0]?.Properties?.Threshold).toBeLessThanOrEqual(6 * 3_600_000);
  });

  it('reads the stream with a filter on booking items this region wrote, partial batch failures, bisection and a DLQ', () => {
    const t = events('arn:aws:dynamodb:us-east-1:123456789012:table/hotels/stream/2026-01-01T00:00:00.000');
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/hotels/stream/2026-01-01T00:00:00.000',
      StartingPosition: 'LATEST',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      // Retried until published (or the stream drops the record): no event is given up after a few tries.
      MaximumRetryAttempts: Match.absent(),
      MaximumRecordAgeInSeconds: Match.absent(),
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsDeadLetters'), 'Arn'] } },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: { NewImage: { entity: { S: ['BOOKING'] }, writtenBy: { S: ['us-east-1'] } } },
            }),
          },
        ],
      },
    });
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }],
    });
  });

  it('looks a replica stream ARN up at deploy time, since its label is unknown at synth time', () => {
    const t = events();
    t.hasResourceProperties('Custom::AWS', { Create: Match.stringLikeRegexp('describeTable') });
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsStreamArn'), 'Table.LatestStreamArn'] },
    });
  });

  it('grants the publisher only: put events on its bus, read the stream, send to its DLQ, trace; no wildcard action', () => {
    const t = events();
    const resources = resourcesOf(t);
    const fnId = Object.keys(resourcesOfType(t, 'AWS::Lambda::Function')).find((id) =>
      id.startsWith('EventsPublisher'),
    ) as string;
    t.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ EVENT_BUS_NAME: { Ref: Match.stringLikeRegexp('^EventsBus') } }),
      },
    });
    const statements = roleStatements(resources, fnId);
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(new Set(actions)).toEqual(
      new Set([
        'events:PutEvents',
        'dynamodb:ListStreams',
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        // X-Ray, as every traced function has (CDK's own grant for active tracing).
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
      ]),
    );
    const put = statements.find((s) => actionsOf(s).includes('events:PutEvents'));
    expect(resourcesOfStatement(put as never)).toEqual(['<EventsBus45DE4339.Arn>']);
    expect(actions.some((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toBe(false);
  });
});
