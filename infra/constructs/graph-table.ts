/**
 * The graph table, derived from TABLE_DEFINITION: the local engine builds its table
 * from the same definition (functions/storage/table-admin.ts), so the two cannot drift.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../functions/storage/table-definition.js';

export interface GraphTableProps {
  /**
   * Keep the table (and refuse deletion) when the stack is deleted or the resource is
   * replaced. Use for any stage whose data matters.
   * @default false - the table is destroyed with the stack (dev)
   */
  readonly retain?: boolean;
}

export class GraphTable extends Construct {
  readonly table: ITable;

  constructor(scope: Construct, id: string, props: GraphTableProps = {}) {
    super(scope, id);
    const retain = props.retain ?? false;
    const table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_DEFINITION.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DEFINITION.sortKey, type: AttributeType.STRING },
      // On-demand: a council's traffic is low and spiky; nothing to size or pay for when idle.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // AWS-managed key (aws/dynamodb): no key to administer or pay for monthly, and its
      // use is visible in CloudTrail, unlike the AWS-owned default.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      // No TTL: every item is a curated fact or its dataset marker, replaced only by a load.
    });
    for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: index.projection === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      });
    }
    this.table = table;
  }
}
