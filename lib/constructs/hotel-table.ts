/**
 * The hotel table in this stack's region. In the primary region it is the
 * global table itself (TableV2, with one replica per other region); elsewhere
 * it is that region's replica, imported by name so that no cross-region
 * reference is needed, and granted on in its own region.
 */
import { createHash } from 'node:crypto';
import { type IResolveContext, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  CfnGlobalTable,
  type ITableV2,
  StreamViewType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { HOTEL_TABLE, type KeyAttribute } from '../../lambdas/adapters/dynamodb/table-definition';
import type { Region } from '../../lambdas/domain/regions';

export interface HotelTableProps {
  /** The table's name, the same in every region: other regions address their replica by it. */
  readonly tableName: string;
  /** The region that defines the global table; the others import their replica. */
  readonly primaryRegion: Region;
  /** Every region with a replica, the primary included. */
  readonly regions: readonly Region[];
}

/** The construct id of CDK's singleton handler of every AwsCustomResource in a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

const attribute = (key: KeyAttribute) => ({ name: key.name, type: AttributeType.STRING });

/** The hotel table (or this region's replica of it), from the shared table definition. */
export class HotelTable extends Construct {
  /** The table (or replica) in this region. */
  readonly table: ITableV2;
  private readonly tableName: string;
  private readonly regions: readonly Region[];
  private readonly replicas = new Map<Region, ITableV2>();

  constructor(scope: Construct, id: string, props: HotelTableProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.tableName = props.tableName;
    this.regions = props.regions;
    if (stack.region === props.primaryRegion) {
      this.table = new TableV2(this, 'Table', {
        tableName: props.tableName,
        partitionKey: attribute(HOTEL_TABLE.partitionKey),
        sortKey: attribute(HOTEL_TABLE.sortKey),
        globalSecondaryIndexes: HOTEL_TABLE.globalIndexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
        })),
        billing: Billing.onDemand(),
        dynamoStream: StreamViewType[HOTEL_TABLE.streamViewType],
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        // Not in the template: DynamoDB would refuse the rollback of a failed first deploy, leaving
        // the fixed-name table behind. protectOnceCreated() turns it on after everything else.
        removalPolicy: RemovalPolicy.RETAIN,
        // Global tables accept one replica change per deployment: add a region in a deployment of its own.
        replicas: props.regions.filter((r) => r !== props.primaryRegion).map((region) => ({ region })),
      });
    } else {
      const tableArn = this.arnIn(stack.region);
      this.table = TableV2.fromTableAttributes(this, 'Replica', {
        tableArn,
        // The replica's stream ARN carries a creation timestamp nobody knows at synth time.
        tableStreamArn: `${tableArn}/stream/*`,
        grantIndexPermissions: true,
      });
    }
  }

  /**
   * Turns on deletion protection of every replica once the rest of the stack exists (call it last).
   * It runs again whenever the replicas' settings change, since CloudFormation rewrites them then.
   */
  protectOnceCreated(): void {
    const stack = Stack.of(this);
    const table = this.table.node.defaultChild;
    if (!(table instanceof CfnGlobalTable)) return; // a replica's stack: the primary region protects it
    const settings = Lazy.uncachedString({
      produce: (context: IResolveContext) =>
        createHash('sha256')
          .update(JSON.stringify(context.resolve(table.replicas)))
          .digest('hex')
          .slice(0, 16),
    });
    for (const region of this.regions) {
      const protect: AwsSdkCall = {
        service: 'DynamoDB',
        action: 'updateTable',
        region,
        parameters: { TableName: this.tableName, DeletionProtectionEnabled: true },
        physicalResourceId: PhysicalResourceId.of(`${this.tableName}-${region}-${settings}`),
      };
      const step = new AwsCustomResource(this, `DeletionProtection-${region}`, {
        onCreate: protect,
        onUpdate: protect,
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({ actions: ['dynamodb:UpdateTable'], resources: [this.arnIn(region)] }),
        ]),
        installLatestAwsSdk: false,
      });
      step.node.addDependency(this.table);
      // After every other resource, so that no later failure rolls back onto a protected table.
      for (const child of stack.node.children)
        if (child !== this && !child.node.id.startsWith(AWS_CUSTOM_RESOURCE_PROVIDER))
          step.node.addDependency(child);
    }
  }

  /** The replica in another region, by name, to grant on from here (a handover writes both regions). */
  replica(region: Region): ITableV2 {
    if (region === Stack.of(this).region) return this.table;
    let replica = this.replicas.get(region);
    if (!replica) {
      replica = TableV2.fromTableAttributes(this, `Replica-${region}`, {
        tableArn: this.arnIn(region),
        grantIndexPermissions: true,
      });
      this.replicas.set(region, replica);
    }
    return replica;
  }

  private arnIn(region: string): string {
    return Stack.of(this).formatArn({
      service: 'dynamodb',
      region,
      resource: 'table',
      resourceName: this.tableName,
    });
  }
}
