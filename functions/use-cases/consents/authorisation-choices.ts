import type { Consent } from '#domain/consent.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { paymentDetailOf } from '#domain/payments/consent-detail.ts';
import { payableAccounts } from '#domain/payments/debtor.ts';
import { isIntraBank } from '#domain/payments/status.ts';
import { type StepUpReason, stepUpReasons } from '#domain/payments/strong-authentication.ts';
import { listCustomerAccounts } from '#store/customers.ts';
import { bookedToday } from '#store/payments/daily-totals.ts';

/** What the customer may choose when authorising a consent, and what they must confirm. */
export interface AuthorisationChoices {
  /** Account access: the enabled accounts; a payment: the accounts that may pay it. */
  accounts: AccountItem[];
  /** For a payment, why it needs the step-up (Decision 2345/QĐ-NHNN); empty when it does not. */
  stepUp: StepUpReason[];
}

/** The accounts the customer may choose for this consent, and for a payment the step-up it needs. */
export async function authorisationChoices(
  consent: Consent,
  customerId: string,
  at: Date,
): Promise<AuthorisationChoices> {
  const accounts = await listCustomerAccounts(customerId);
  if (consent.kind !== 'domestic-payment') {
    return { accounts: accounts.filter((account) => account.status === 'Enabled'), stepUp: [] };
  }
  const detail = paymentDetailOf(consent);
  const stepUp = stepUpReasons({
    amount: Number(detail.Initiation.InstructedAmount.Amount),
    bookedToday: await bookedToday(customerId, bookingDayOf(at)),
    interbank: !isIntraBank(detail.Initiation),
  });
  return { accounts: payableAccounts(accounts, detail.Initiation, detail.CreditorAccountId), stepUp };
}
