import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, type CfnTable, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { TableDefinition } from '../../functions/store/tables.ts';
import { acknowledge } from '../nag.ts';

/** How much of a table a function may touch. */
export type TableAccess = 'read' | 'readwrite';

/**
 * One DynamoDB table built from a shared definition in functions/store/tables.ts, the
 * same definition DynamoDB Local is bootstrapped from. It holds ledger and consent data:
 * retained, deletion-protected, point-in-time recoverable, with a change stream for the
 * workers that react to writes.
 */
export class DataTable extends Construct {
  readonly table: Table;

  constructor(
    scope: Construct,
    id: string,
    readonly definition: TableDefinition,
  ) {
    super(scope, id);
    const string = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new Table(this, 'Table', {
      partitionKey: string(definition.partitionKey),
      sortKey: string(definition.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: definition.ttlAttribute,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
      });
    }
  }

  /** Tells the function the table's name (under the definition's variable) and grants exactly `access`. */
  bind(fn: LambdaFunction, access: TableAccess): void {
    this.tellName(fn);
    if (access === 'readwrite') this.table.grantReadWriteData(fn);
    else this.table.grantReadData(fn);
    if (this.definition.indexes.length > 0 && fn.role) {
      const logicalId = Stack.of(this).getLogicalId(this.table.node.defaultChild as CfnTable);
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        `The grant covers this table's own secondary indexes (${this.definition.indexes.map((i) => i.name).join(', ')}), which queries read through; no other table.`,
      );
    }
  }

  /**
   * Lets the function put items whose partition key starts with `keyPrefix`, and no others:
   * IAM checks `dynamodb:LeadingKeys` on every request, so a read-only handler that must
   * record one kind of item (a DPoP proof id) cannot write anything else.
   */
  grantPutUnder(fn: LambdaFunction, keyPrefix: string): void {
    this.tellName(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${keyPrefix}*`] } },
      }),
    );
  }

  private tellName(fn: LambdaFunction): void {
    fn.addEnvironment(this.definition.envVar, this.table.tableName);
  }
}
