/** ServiceFunction on a bare stack: the runtime, bundling, logs and acknowledgements every function shares. */
import { type App, Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { Network } from '../../../lib/constructs/network';
import { ServiceFunction } from '../../../lib/constructs/service-function';
import { bareStack, resourcesOfType } from '../support';

describe('ServiceFunction', () => {
  it('runs its handler on nodejs22.x, arm64, 1024 MB, 10 s, traced, in the service metric namespace', () => {
    const stack = bareStack();
    new ServiceFunction(stack, 'Fn', { handlerModule: 'public-api', environment: { TABLE_NAME: 'hotels' } });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 1);
    t.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 10,
      Handler: 'index.handler',
      TracingConfig: { Mode: 'Active' },
      Environment: {
        Variables: {
          TABLE_NAME: 'hotels',
          POWERTOOLS_METRICS_NAMESPACE: 'HotelBooking',
          // The bundles carry source maps; without this, stack traces point into minified code.
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('writes to a log group of its own, kept a month, next to it under <id>Logs or the id given', () => {
    const stack = bareStack();
    new ServiceFunction(stack, 'Fn', { handlerModule: 'public-api' });
    new ServiceFunction(stack, 'Other', { handlerModule: 'reconcile', logGroupId: 'Logs' });
    const t = Template.fromStack(stack);
    const groups = resourcesOfType(t, 'AWS::Logs::LogGroup');
    expect(Object.keys(groups).sort()).toEqual([
      expect.stringMatching(/^FnLogs[0-9A-F]{8}$/),
      expect.stringMatching(/^Logs[0-9A-F]{8}$/),
    ]);
    for (const group of Object.values(groups)) expect(group.Properties?.RetentionInDays).toBe(30);
    const functions = resourcesOfType(t, 'AWS::Lambda::Function');
    const logGroupOf = (prefix: string) =>
      Object.entries(functions).find(([id]) => id.startsWith(prefix))?.[1].Properties?.LoggingConfig
        ?.LogGroup;
    expect(logGroupOf('Fn')).toEqual({ Ref: expect.stringMatching(/^FnLogs/) });
    expect(logGroupOf('Other')).toEqual({ Ref: expect.stringMatching(/^Logs/) });
  });

  it('takes a name, a timeout, and tracing off', () => {
    const stack = bareStack();
    new ServiceFunction(stack, 'Fn', {
      handlerModule: 'reconcile',
      functionName: 'named-function',
      timeout: Duration.minutes(10),
      tracing: false,
    });
    const fn = Object.values(resourcesOfType(Template.fromStack(stack), 'AWS::Lambda::Function'))[0];
    expect(fn?.Properties).toMatchObject({ FunctionName: 'named-function', Timeout: 600 });
    expect(fn?.Properties?.TracingConfig).toBeUndefined();
  });

  it('in a VPC: the private subnets, with a security group of its own', () => {
    const stack = bareStack();
    const network = new Network(stack, 'Network');
    const fn = new ServiceFunction(stack, 'Fn', { handlerModule: 'public-api', vpc: network.vpc });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: {
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcprivateSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcprivateSubnet2') },
        ],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^FnSecurityGroup'), 'GroupId'] }],
      },
    });
    expect(fn.connections.securityGroups).toHaveLength(1);
  });

  it('acknowledges exactly what its own setup makes cdk-nag report, traced and in a VPC or not', () => {
    const stack = bareStack();
    const network = new Network(stack, 'Network');
    new ServiceFunction(stack, 'InVpc', { handlerModule: 'public-api', vpc: network.vpc });
    new ServiceFunction(stack, 'Untraced', { handlerModule: 'reconcile', tracing: false });
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('fails cdk-nag when what it acknowledges is not what it builds (the check above can fail)', () => {
    const stack = bareStack();
    // Untraced, so the X-Ray acknowledgement is not given; tracing it afterwards must then be reported.
    const fn = new ServiceFunction(stack, 'Fn', { handlerModule: 'reconcile', tracing: false });
    fn.addToRolePolicy(new PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5/);
  });
});
