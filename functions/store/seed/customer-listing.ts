import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerItem } from '#domain/customer.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from '../client.ts';
import { keys, SANDBOX_CUSTOMERS_PARTITION } from '../keys.ts';

interface SandboxCustomerSummary {
  customerId: string;
  username: string;
  name: string;
  accounts: Pick<AccountItem, 'accountId' | 'accountNumber' | 'bankBin' | 'balance'>[];
}

export interface SandboxCustomerPage {
  customers: SandboxCustomerSummary[];
  /** Cursor of the next page, absent on the last one. */
  next?: string;
}

/** Where a page starts: after this listing position. */
interface Position {
  listing: string;
  customerId: string;
}

/** An opaque, URL-safe cursor for the page after `position`. */
function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.listing, position.customerId]), 'utf8').toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this API issued. */
export function decodeListingCursor(cursor: string): Position | undefined {
  if (cursor.length === 0 || cursor.length > 400 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [listing, customerId] = value;
    if (typeof listing !== 'string' || typeof customerId !== 'string') return undefined;
    if (!/^[\w.-]*#\d{8}$/.test(listing) || !/^[\w.-]{1,100}$/.test(customerId)) return undefined;
    return { listing, customerId };
  } catch {
    return undefined;
  }
}

/**
 * A page of sandbox customers in seeding order (demo customers first) with their accounts and
 * current balances: one Query on the sandbox listing (gsi2), then one Query per customer on gsi1.
 */
export async function listSandboxCustomers(options: {
  limit: number;
  after?: Position;
  client?: DynamoDBDocumentClient;
  tableName?: string;
}): Promise<SandboxCustomerPage> {
  const client = options.client ?? documents;
  const tableName = options.tableName ?? mainTableName();
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :listing',
      ExpressionAttributeValues: { ':listing': SANDBOX_CUSTOMERS_PARTITION },
      // One more than a page: tells whether a next page exists without an empty last page.
      Limit: options.limit + 1,
      ...(options.after
        ? {
            ExclusiveStartKey: {
              ...keys.customer(options.after.customerId),
              gsi2pk: SANDBOX_CUSTOMERS_PARTITION,
              gsi2sk: options.after.listing,
            },
          }
        : {}),
    }),
  );
  const page = Items.slice(0, options.limit) as (CustomerItem & { gsi2sk: string })[];
  const customers = await Promise.all(
    page.map(async (customer) => ({
      customerId: customer.customerId,
      username: customer.username,
      name: customer.name,
      accounts: await accountsOf(client, tableName, customer.customerId),
    })),
  );
  const last = page[page.length - 1];
  return {
    customers,
    ...(Items.length > options.limit && last
      ? { next: encodeCursor({ listing: last.gsi2sk, customerId: last.customerId }) }
      : {}),
  };
}

async function accountsOf(
  client: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
): Promise<SandboxCustomerSummary['accounts']> {
  const accounts: SandboxCustomerSummary['accounts'] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :owner AND begins_with(gsi1sk, :accounts)',
        ExpressionAttributeValues: {
          ':owner': keys.accountsOfCustomer(customerId, '').gsi1pk,
          ':accounts': keys.accountsOfCustomer(customerId, '').gsi1sk,
        },
        ProjectionExpression: 'accountId, accountNumber, bankBin, balance',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of Items) accounts.push(item as SandboxCustomerSummary['accounts'][number]);
    start = LastEvaluatedKey;
  } while (start);
  return accounts;
}
