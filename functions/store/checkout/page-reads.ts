import type { Bill } from '#domain/bills/bill.ts';
import type { PartnerLogo } from '#domain/checkout/partner-logo.ts';
import { billOfItem } from '../bills/bills.ts';
import { keys } from '../keys.ts';
import { readItems } from '../ledger/accounts.ts';
import { type PartnerClient, partnerClientOfItem } from './partner-client.ts';
import { logoOfItem } from './partner-logo.ts';

/** What the hosted page shows besides the session: the bill, the partner's registration and logo. */
export interface PageReads {
  bill: Bill | undefined;
  partner: PartnerClient | undefined;
  logo: PartnerLogo | undefined;
}

/** The bill, the partner's client record and its logo in ONE strongly consistent `BatchGetItem`. */
export async function readForPage(billId: string, clientId: string): Promise<PageReads> {
  const billKey = keys.bill(billId);
  const clientKey = keys.oidc('Client', clientId);
  const logoKey = keys.partnerLogo(clientId);
  const found = await readItems([billKey, clientKey, logoKey]);
  const take = (key: { pk: string; sk: string }) => found.get(`${key.pk}|${key.sk}`);
  const bill = take(billKey);
  return {
    bill: bill ? billOfItem(bill) : undefined,
    partner: partnerClientOfItem(clientId, take(clientKey)),
    logo: logoOfItem(take(logoKey)),
  };
}
