import { effectiveStatus, expiresAt } from '#domain/bills/bill.ts';
import { type CheckoutSession, checkLocale, checkReturnUrl, openSession } from '#domain/checkout/session.ts';
import { conflict, invalid, notFound } from '#domain/errors.ts';
import { getBill } from '#store/bills/bills.ts';
import { getPartnerClient } from '#store/checkout/partner-client.ts';
import { insertCheckoutSession } from '#store/checkout/sessions.ts';

/** What the partner sent: `{ Data: { ReturnUrl, Locale? } }`, not yet validated. */
export interface CheckoutSessionRequest {
  Data?: { ReturnUrl?: unknown; Locale?: unknown };
}

/**
 * Opens a checkout session for one of the partner's own unpaid bills. The `ReturnUrl` must be
 * https and one of the partner client's registered `redirect_uris`; the session ends after 15
 * minutes at most (never after the bill's last payable day). A paid, cancelled or expired bill
 * gets none. Idempotency is the route's (`x-idempotency-key`, per client).
 */
export async function createCheckoutSession(input: {
  clientId: string;
  billId: string;
  body: CheckoutSessionRequest;
  now: Date;
}): Promise<CheckoutSession> {
  const data = input.body?.Data;
  if (!data || typeof data !== 'object') {
    throw invalid('UK.OBIE.Field.Missing', 'Send { "Data": { "ReturnUrl", "Locale"? } }.', { path: 'Data' });
  }
  const partner = await getPartnerClient(input.clientId);
  const returnUrl = checkReturnUrl(data.ReturnUrl, partner?.redirectUris ?? []);
  const locale = checkLocale(data.Locale);
  const bill = await getBill(input.billId);
  // Another partner's bill is answered exactly as a missing one: no partner learns of another's bills.
  if (!bill || bill.clientId !== input.clientId) throw notFound(`No bill ${input.billId} for this client.`);
  const status = effectiveStatus(bill, input.now);
  if (status !== 'Unpaid') {
    throw conflict(
      'VN.OB.Checkout.BillNotPayable',
      `The bill is ${status}: only an Unpaid bill can be paid through a checkout session.`,
    );
  }
  const session = openSession({
    billId: bill.billId,
    clientId: input.clientId,
    returnUrl,
    locale,
    now: input.now,
    billExpiresAt: expiresAt(bill),
  });
  await insertCheckoutSession(session);
  return session;
}
