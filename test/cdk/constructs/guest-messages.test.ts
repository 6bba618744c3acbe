/** GuestMessages and LookupAttempts on a bare stack: the queue and its rule, the tables, and least privilege. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE } from '../../../lambdas/events/booking-event';
import { GuestMessages, LookupAttempts } from '../../../lib/constructs/guest-messages';
import { actionsOf, bareStack, resourcesOf, resourcesOfStatement, roleStatements } from '../support';

const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:123456789012:table/hotels';

function build(mailFrom?: string) {
  const stack = bareStack('us-east-1');
  const table = TableV2.fromTableArn(stack, 'Table', TABLE_ARN);
  const bus = new EventBus(stack, 'Bus');
  const messages = new GuestMessages(stack, 'GuestMessages', {
    table,
    bus,
    siteUrl: 'https://hotels.example.com',
    mailFrom,
  });
  const template = Template.fromStack(stack);
  const resources = resourcesOf(template);
  const writerId = Object.keys(resources).find(
    (id) => resources[id]?.Type === 'AWS::Lambda::Function' && id.startsWith('GuestMessagesWriter'),
  ) as string;
  return { stack, messages, template, resources, writerId };
}

describe('GuestMessages', () => {
  it('feeds every booking event of the bus to a queue with a dead-letter queue', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: [EVENT_SOURCE] },
      Targets: Match.arrayWith([Match.objectLike({ Arn: Match.anyValue() })]),
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 10 },
      VisibilityTimeout: 180,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 1 });
  });

  it('keeps messages in a regional table with TTL and point-in-time recovery', () => {
    const { template } = build();
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
  });

  it('gives the writer only what writing a message calls: no wildcard action, no SES without a sender', () => {
    const { resources, writerId } = build();
    const env = resources[writerId]?.Properties?.Environment?.Variables;
    expect(env.WEB_BASE_URL).toBe('https://hotels.example.com');
    expect(env.GUEST_MAIL_FROM).toBeUndefined();
    const statements = roleStatements(resources, writerId);
    const actions = statements.flatMap(actionsOf);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    const onHotels = statements.filter((s) => resourcesOfStatement(s).includes(TABLE_ARN)).flatMap(actionsOf);
    expect(onHotels.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:UpdateItem',
    ]);
    expect(actions.some((a) => a.startsWith('ses:'))).toBe(false);
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });

  it('with a sender, may send from that identity only', () => {
    const { resources, writerId } = build('bookings@hotels.example.com');
    expect(resources[writerId]?.Properties?.Environment?.Variables.GUEST_MAIL_FROM).toBe(
      'bookings@hotels.example.com',
    );
    const ses = roleStatements(resources, writerId).filter((s) => actionsOf(s).includes('ses:SendEmail'));
    expect(ses).toHaveLength(1);
    expect(resourcesOfStatement(ses[0] as never).sort()).toEqual([
      'arn:<AWS::Partition>:ses:us-east-1:123456789012:identity/bookings@hotels.example.com',
      'arn:<AWS::Partition>:ses:us-east-1:123456789012:identity/hotels.example.com',
    ]);
  });
});

describe('LookupAttempts', () => {
  it('is a regional table with TTL, and a function may only count in it', () => {
    const stack = bareStack('ap-southeast-1');
    const attempts = new LookupAttempts(stack, 'LookupAttempts');
    const fn = new LambdaFunction(stack, 'Fn', {
      runtime: Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: Code.fromInline('exports.handler = async () => {}'),
    });
    attempts.grantCount(fn);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const statements = roleStatements(resourcesOf(template), 'Fn9270CBC0');
    expect(statements.flatMap(actionsOf)).toEqual(['dynamodb:UpdateItem']);
  });
});
