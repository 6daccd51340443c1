import { randomBytes } from 'node:crypto';
import type { Consent } from '#domain/consent.ts';
import { consentStatusChanged } from '#domain/consent-events.ts';
import { type StepUpMethod, stepUpMethodFor } from '#domain/payments/strong-authentication.ts';
import { withWritesAtomicToGrant } from '#store/atomic-context.ts';
import { consentTransition } from '#store/consents.ts';
import { eventItem } from '#store/events.ts';
import { paymentConsentAuthorisation } from '#store/payments/consent-writes.ts';
import { authorisationChoices } from './authorisation-choices.ts';

export type AuthoriseOutcome =
  | { kind: 'authorised'; grantId: string }
  /** No account the customer may choose was chosen (a payment needs exactly one). */
  | { kind: 'account-not-chosen' }
  /** The payment needs the step-up and the customer did not confirm it: still AwaitingAuthorisation. */
  | { kind: 'step-up-missing' }
  /** The payment needs the step-up and this deployment has no method for it (live): still AwaitingAuthorisation. */
  | { kind: 'step-up-unavailable' }
  /** The consent moved on meanwhile (authorised, rejected or revoked elsewhere): nothing was written. */
  | { kind: 'not-awaiting' };

/** This deployment's step-up method, read once at cold start. */
const configuredStepUp = stepUpMethodFor(process.env.SANDBOX === '1');

/**
 * The customer authorises a consent awaiting their authorisation, with the accounts they chose
 * (a payment: the one account to pay from, and the step-up when it needs one). The consent
 * becomes Authorised, bound to the grant `saveGrant` stores, in the very DynamoDB transaction
 * that stores the grant: either both happen or neither does.
 *
 * @param input.saveGrant the authorization server saving grant `grantId` for this consent, which
 *   covers `accountIds` (the accounts chosen, for the tokens to name).
 */
export async function authoriseConsent(input: {
  consent: Consent;
  customerId: string;
  accountIds: string[];
  stepUpConfirmed: boolean;
  /** How the customer can step up here; the deployment's (sandbox only: the confirmation box) unless given. */
  stepUpMethod?: StepUpMethod;
  at: Date;
  saveGrant: (grantId: string, accountIds: string[]) => Promise<unknown>;
}): Promise<AuthoriseOutcome> {
  const { consent, customerId } = input;
  const at = input.at.toISOString();
  const { accounts, stepUp } = await authorisationChoices(consent, customerId, input.at);
  const allowed = new Map(accounts.map((account) => [account.accountId, account]));
  const chosen = [...new Set(input.accountIds)].filter((id) => allowed.has(id));
  const wantsOne = consent.kind === 'domestic-payment';
  if (chosen.length === 0 || (wantsOne && chosen.length !== 1)) return { kind: 'account-not-chosen' };
  if (stepUp.length > 0 && (input.stepUpMethod ?? configuredStepUp) === 'none')
    return { kind: 'step-up-unavailable' };
  if (stepUp.length > 0 && !input.stepUpConfirmed) return { kind: 'step-up-missing' };

  const grantId = randomBytes(24).toString('base64url');
  const debtor = allowed.get(chosen[0]!)!;
  const authorise =
    consent.kind === 'domestic-payment'
      ? paymentConsentAuthorisation({
          consent,
          customerId,
          accountId: debtor.accountId,
          grantId,
          at,
          debtor: { SchemeName: 'VN.AccountNumber', Identification: debtor.accountNumber, Name: debtor.name },
          scaMethod: stepUp.length > 0 ? 'Biometric' : 'OneTimePassword',
        })
      : consentTransition({
          consentId: consent.consentId,
          clientId: consent.clientId,
          from: 'AwaitingAuthorisation',
          to: 'Authorised',
          at,
          set: { customerId, accountIds: chosen, grantId },
        });
  try {
    const covered = consent.kind === 'domestic-payment' ? [debtor.accountId] : chosen;
    const authorised = eventItem(consentStatusChanged(consent, 'Authorised', at));
    await withWritesAtomicToGrant(grantId, [authorise, authorised.item], () =>
      input.saveGrant(grantId, covered),
    );
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return { kind: 'not-awaiting' };
    throw error;
  }
  return { kind: 'authorised', grantId };
}
