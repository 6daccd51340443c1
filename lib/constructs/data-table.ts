import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { type RouteAccess, touchesTable } from '../../functions/routing/routes.ts';
import type { TableDefinition } from '../../functions/store/tables.ts';

/** What reading items allows: each action names the keys it reads, so IAM can check them. */
export const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
/** What writing items allows (in a transaction too: IAM checks each item as its own action). */
export const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];
/** What an index grant allows: a Query, whose leading key is the index's partition key. */
const INDEX_ACTIONS = ['dynamodb:Query'];

/**
 * IAM conditions that let a request through only when every partition key it names starts with
 * one of the prefixes. `ForAllValues` alone is also true of a request that names no key at all
 * (a Scan), so `Null: false` refuses requests without leading keys.
 */
function leadingKeysCondition(prefixes: readonly string[]) {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
    Null: { 'dynamodb:LeadingKeys': 'false' },
  };
}

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

  /**
   * Tells the function the table's name (under the definition's variable) and grants exactly
   * `access`: reads and writes of the item types it names, by IAM `dynamodb:LeadingKeys`
   * conditions on the table; Queries of an index under that index's own leading keys (IAM
   * checks a Query of an index against the index's partition key, so `CUSTOMER#` on gsi2
   * opens a customer's consents, not the customer item); DescribeTable for the health check.
   * No Scan is ever granted: a Scan names no key, so no condition could bound it.
   */
  grant(fn: LambdaFunction, access: RouteAccess): void {
    if (!touchesTable(access)) return;
    this.tellName(fn);
    const allow = (actions: string[], resource: string, prefixes: readonly string[] | undefined) => {
      if (!prefixes?.length) return;
      fn.addToRolePolicy(
        new PolicyStatement({ actions, resources: [resource], conditions: leadingKeysCondition(prefixes) }),
      );
    };
    allow(READ_ACTIONS, this.table.tableArn, access.reads);
    allow(WRITE_ACTIONS, this.table.tableArn, access.writes);
    for (const index of this.definition.indexes) {
      allow(INDEX_ACTIONS, `${this.table.tableArn}/index/${index.name}`, indexPrefixes(access, index.name));
    }
    if (access.describeTable) {
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [this.table.tableArn] }),
      );
    }
  }

  private tellName(fn: LambdaFunction): void {
    fn.addEnvironment(this.definition.envVar, this.table.tableName);
  }
}

/** The prefixes a route declares for one of the table's indexes. */
function indexPrefixes(access: RouteAccess, indexName: string): readonly string[] | undefined {
  if (indexName === 'gsi1') return access.gsi1;
  if (indexName === 'gsi2') return access.gsi2;
  throw new Error(`Index ${indexName} has no field in RouteAccess: add one so routes can declare its keys`);
}
