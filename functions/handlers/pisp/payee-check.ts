import { OWN_BANK_BIN } from '#domain/banks.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import type { DomesticInitiation } from '#domain/payments/initiation.ts';
import { payeeProblem } from '#domain/payments/payee.ts';
import { findAccountByNumber } from '#store/payments/payee-accounts.ts';

/**
 * The payee check of a new consent: a creditor at this bank must be an open account whose
 * holder is the name given; its ledger account id is returned to be credited at payment.
 * A creditor at another bank is that bank's to check when NAPAS delivers the transfer.
 */
export async function checkPayee(initiation: DomesticInitiation): Promise<{ creditorAccountId?: string }> {
  const { CreditorAccount: creditor, CreditorAgent: agent } = initiation;
  if (agent.Identification !== OWN_BANK_BIN) return {};
  // No cards are issued in the sandbox: a card number here is looked up like an account number, and not found.
  const account = await findAccountByNumber(OWN_BANK_BIN, creditor.Identification);
  const problem = payeeProblem(account, creditor.Name);
  if (problem) throw paymentErrors.payee(problem, OWN_BANK_BIN, creditor.Identification);
  return { creditorAccountId: account!.accountId };
}
