import type { Bill } from '#domain/bills/bill.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { billOfItem } from '../bills/bills.ts';
import { keys } from '../keys.ts';
import { readItems } from '../ledger/accounts.ts';

/** What Confirm reads after the session, as of one strongly consistent read. */
export interface ConfirmReads {
  bill: Bill | undefined;
  /** The account the citizen chose (absent when none was posted or it does not exist). */
  account: AccountItem | undefined;
  /** What the customer has booked out today (the step-up's daily figure). */
  bookedToday: number;
}

/** The longest account id looked up: anything longer was not one of ours (and would be refused as a key). */
const MAX_ACCOUNT_ID = 128;

/**
 * The bill, the chosen account and the customer's daily total in ONE strongly consistent
 * `BatchGetItem`, so Confirm costs the session read, this, and the payment's transaction (the
 * ledger plans from the account read here instead of reading it again). Every money check
 * still holds in that transaction: the account update is conditioned on the version read.
 */
export async function readForConfirm(input: {
  billId: string;
  accountId: string | null;
  customerId: string;
  day: string;
}): Promise<ConfirmReads> {
  const billKey = keys.bill(input.billId);
  const totalKey = keys.dailyTotal(input.customerId, input.day);
  const accountKey =
    input.accountId && input.accountId.length <= MAX_ACCOUNT_ID ? keys.account(input.accountId) : undefined;
  const found = await readItems(accountKey ? [billKey, totalKey, accountKey] : [billKey, totalKey]);
  const take = (key: { pk: string; sk: string }) => found.get(`${key.pk}|${key.sk}`);
  const bill = take(billKey);
  return {
    bill: bill ? billOfItem(bill) : undefined,
    account: accountKey ? (take(accountKey) as AccountItem | undefined) : undefined,
    bookedToday: (take(totalKey)?.total as number | undefined) ?? 0,
  };
}
