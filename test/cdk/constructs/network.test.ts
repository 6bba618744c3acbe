/** Network on a bare stack: the VPC the search domain, the pipeline and the public function live in. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Network } from '../../../lib/constructs/network';
import { bareStack, resourcesOfType } from '../support';

describe('Network', () => {
  it('two zones, public and private subnets, one NAT, a DynamoDB gateway endpoint and flow logs kept a month', () => {
    const stack = bareStack();
    new Network(stack, 'Network');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16' });
    const subnets = Object.values(resourcesOfType(t, 'AWS::EC2::Subnet')).map((s) => s.Properties);
    expect(subnets).toHaveLength(4);
    expect(new Set(subnets.map((s) => s?.AvailabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b']));
    expect(subnets.filter((s) => s?.MapPublicIpOnLaunch === true)).toHaveLength(2);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['.dynamodb'])] }),
    });
    t.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: { Ref: Match.stringLikeRegexp('^NetworkFlowLogs') },
    });
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});
