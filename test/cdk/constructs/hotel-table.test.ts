/** HotelTable on a bare stack: the global table in the primary region, the replica by name elsewhere. */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AccountRootPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { HOTEL_TABLE } from '../../../lambdas/adapters/dynamodb/table-definition';
import { REGIONS, type Region } from '../../../lambdas/domain/regions';
import { HotelTable } from '../../../lib/constructs/hotel-table';
import { bareStack, type PolicyStatement, resourcesOfStatement, resourcesOfType } from '../support';

function table(region: Region) {
  const stack = bareStack(region);
  const construct = new HotelTable(stack, 'Data', {
    tableName: 'hotels',
    primaryRegion: 'us-east-1',
    regions: REGIONS,
  });
  return { stack, construct };
}

/** The template with a fresh role that `grant` gives rights to, and those rights' resources, rendered. */
function granted(region: Region, grant: (construct: HotelTable, role: Role) => void) {
  const { stack, construct } = table(region);
  grant(construct, new Role(stack, 'Grantee', { assumedBy: new AccountRootPrincipal() }));
  const template = Template.fromStack(stack);
  const resources = Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .flatMap((p) => p.Properties?.PolicyDocument.Statement as PolicyStatement[])
    .flatMap(resourcesOfStatement);
  return { template, resources };
}

describe('HotelTable', () => {
  it('creates one global table in us-east-1, from the shared definition, with an ap-southeast-1 replica', () => {
    const us = Template.fromStack(table('us-east-1').stack);
    us.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    us.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TableName: 'hotels',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: HOTEL_TABLE.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: HOTEL_TABLE.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: HOTEL_TABLE.globalIndexes.map((i) =>
        Match.objectLike({
          IndexName: i.indexName,
          KeySchema: [
            { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
            { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
          ],
        }),
      ),
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    const global = Object.values(us.findResources('AWS::DynamoDB::GlobalTable'))[0];
    const replicas = global?.Properties.Replicas as Array<Record<string, unknown>>;
    expect(replicas.map((r) => r.Region).sort()).toEqual([...REGIONS].sort());
    for (const replica of replicas) {
      expect(replica).toMatchObject({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
      // Deletion protection comes once the stack exists (protectOnceCreated; fresh-account.test.ts).
      expect(replica.DeletionProtectionEnabled).toBeUndefined();
    }
    expect(global?.DeletionPolicy).toBe('Retain');
  });

  it('uses the replica in ap-southeast-1 by name, in its own region, without creating a table', () => {
    const { template: asia, resources } = granted('ap-southeast-1', (t, role) => {
      t.table.grantReadWriteData(role);
      t.table.grantStreamRead(role);
    });
    asia.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    asia.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(resources).toContain('arn:<AWS::Partition>:dynamodb:ap-southeast-1:123456789012:table/hotels');
    expect(resources).toContain(
      'arn:<AWS::Partition>:dynamodb:ap-southeast-1:123456789012:table/hotels/index/*',
    );
    // The replica's stream label is made at creation: the stream is granted by wildcard.
    expect(resources).toContain(
      'arn:<AWS::Partition>:dynamodb:ap-southeast-1:123456789012:table/hotels/stream/*',
    );
    expect(resources.join(' ')).not.toContain(':us-east-1:');
  });

  for (const region of REGIONS)
    it(`${region}: names another region's replica by the table's name, and its own by this table`, () => {
      const other = REGIONS.find((r) => r !== region) as Region;
      const { construct } = table(region);
      expect(construct.replica(region)).toBe(construct.table);
      expect(construct.replica(other)).toBe(construct.replica(other));
      const { resources } = granted(region, (t, role) => t.replica(other).grantReadWriteData(role));
      expect([...new Set(resources)].sort()).toEqual([
        `arn:<AWS::Partition>:dynamodb:${other}:123456789012:table/hotels`,
        `arn:<AWS::Partition>:dynamodb:${other}:123456789012:table/hotels/index/*`,
      ]);
    });
});
