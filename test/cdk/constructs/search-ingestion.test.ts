/** SearchIngestion on a bare stack: the domain, the pipeline that feeds it, and what callers are given. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HOTEL_INDEX_BODY } from '../../../lambdas/adapters/search/index-definition';
import { REGIONS, type Region } from '../../../lambdas/domain/regions';
import { Network } from '../../../lib/constructs/network';
import { SearchIngestion } from '../../../lib/constructs/search-ingestion';
import {
  actionsOf,
  bareStack,
  type PolicyStatement,
  render,
  resourcesOfStatement,
  resourcesOfType,
} from '../support';

function search(region: Region) {
  const stack = bareStack(region);
  const network = new Network(stack, 'Network');
  const tableArn = `arn:aws:dynamodb:${region}:123456789012:table/hotels`;
  const construct = new SearchIngestion(stack, 'Search', {
    vpc: network.vpc,
    table: TableV2.fromTableAttributes(stack, 'Table', { tableArn, tableStreamArn: `${tableArn}/stream/*` }),
    accessLogs: new Bucket(stack, 'AccessLogs'),
  });
  return { stack, network, construct };
}

describe('SearchIngestion', () => {
  for (const region of REGIONS) {
    it(`${region}: an OpenSearch domain in the VPC, encrypted, HTTPS only, with fine-grained access`, () => {
      Template.fromStack(search(region).stack).hasResourceProperties('AWS::OpenSearchService::Domain', {
        VPCOptions: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
        AdvancedSecurityOptions: Match.objectLike({
          Enabled: true,
          MasterUserOptions: { MasterUserARN: Match.anyValue() },
        }),
      });
    });

    it(`${region}: an ingestion pipeline from this region's table: export then stream, hotels only, DLQ, shared index template`, () => {
      const t = Template.fromStack(search(region).stack);
      const pipeline = Object.values(t.findResources('AWS::OSIS::Pipeline'))[0]?.Properties;
      expect(pipeline.LogPublishingOptions.CloudWatchLogDestination.LogGroup).toEqual({
        Ref: expect.stringMatching(/^SearchPipelineLogs/),
      });
      t.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/vendedlogs/OpenSearchIngestion/hotels-${region}`,
      });
      expect(pipeline.VpcOptions.SubnetIds).toHaveLength(2);
      const config = parse(render(pipeline.PipelineConfigurationBody))['hotels-pipeline'];
      const table = config.source.dynamodb.tables[0];
      expect(table.table_arn).toMatch(new RegExp(`:dynamodb:${region}:123456789012:table/hotels$|^<Data`));
      expect(table.export.s3_bucket).toMatch(/^<SearchExportBucket/);
      expect(table.stream).toEqual({ start_position: 'LATEST', view_on_remove: 'OLD_IMAGE' });
      expect(config.processor[0]).toEqual({ drop_events: { drop_when: '/sk != "HOTEL"' } });
      expect(config.processor[1].add_entries.entries[0]).toMatchObject({
        metadata_key: 'opensearch_action',
        value: 'delete',
        add_when: '/status != "ACTIVE"',
      });
      const sink = config.sink[0].opensearch;
      expect(sink).toMatchObject({
        index: 'hotels',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Data Prepper expressions
        document_id: '${/pk}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Data Prepper expressions
        action: '${getMetadata("opensearch_action")}',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Data Prepper expressions
        document_version: '${getMetadata("document_version")}',
        document_version_type: 'external',
        template_type: 'index-template',
      });
      expect(JSON.parse(sink.template_content)).toEqual({
        index_patterns: ['hotels'],
        template: HOTEL_INDEX_BODY,
      });
      expect(sink.dlq.s3.bucket).toMatch(/^<SearchDeadLetterBucket/);
    });
  }

  it('grantSearch allows POST on the hotels index’s _search and _msearch, and nothing else', () => {
    const { stack, construct } = search('us-east-1');
    const role = new Role(stack, 'Caller', { assumedBy: new AccountRootPrincipal() });
    construct.grantSearch(role);
    const policies = Object.values(resourcesOfType(Template.fromStack(stack), 'AWS::IAM::Policy')).filter(
      (p) => JSON.stringify(p.Properties?.Roles).includes('Caller'),
    );
    const statements = policies.flatMap((p) => p.Properties?.PolicyDocument.Statement as PolicyStatement[]);
    expect(statements.flatMap(actionsOf).sort()).toEqual(['es:ESHttpPost']);
    expect(statements.flatMap(resourcesOfStatement)).toEqual([
      expect.stringMatching(/^<SearchDomain[0-9A-F]{8}\.Arn>\/hotels\/_search$/),
      expect.stringMatching(/^<SearchDomain[0-9A-F]{8}\.Arn>\/hotels\/_msearch$/),
    ]);
  });

  it('lets a caller in through `connections`, on HTTPS only, to the domain’s security group', () => {
    const { stack, network, construct } = search('us-east-1');
    const caller = new SecurityGroup(stack, 'Caller', { vpc: network.vpc });
    construct.connections.allowDefaultPortFrom(caller);
    const ingress = Object.values(
      resourcesOfType(Template.fromStack(stack), 'AWS::EC2::SecurityGroupIngress'),
    );
    // The caller, and the construct's own access mapper (which maps roles inside OpenSearch).
    expect(ingress.map((r) => r.Properties)).toEqual(
      ['SearchAccessMapperSecurityGroup', 'Caller'].map((source) =>
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^SearchDomainSecurityGroup/), 'GroupId'] },
          SourceSecurityGroupId: {
            'Fn::GetAtt': [expect.stringMatching(new RegExp(`^${source}`)), 'GroupId'],
          },
        }),
      ),
    );
    expect(construct.domainEndpoint).toBe(construct.domain.domainEndpoint);
  });

  it('lets the pipeline alone in by default, on HTTPS', () => {
    const groups = resourcesOfType(Template.fromStack(search('us-east-1').stack), 'AWS::EC2::SecurityGroup');
    const domainGroup = Object.entries(groups).find(([id]) =>
      id.startsWith('SearchDomainSecurityGroup'),
    )?.[1];
    expect(domainGroup?.Properties?.SecurityGroupIngress).toEqual([
      expect.objectContaining({
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: {
          'Fn::GetAtt': [expect.stringMatching(/^SearchPipelineSecurityGroup/), 'GroupId'],
        },
      }),
    ]);
  });
});
