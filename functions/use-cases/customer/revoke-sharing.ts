import { forbidden, notFound } from '#domain/errors.ts';
import { getConsent } from '#store/consents.ts';
import { findCustomerSession } from '#store/customer-sessions.ts';
import { revokeConsent } from '#use-cases/consents/revoke-consent.ts';

/**
 * The customer withdraws a consent on their sharing page: the same effect as the client's
 * DELETE (the consent and every token of its grant end). Only a form of the page itself
 * (carrying the session's CSRF token) may do it, and only for one of the customer's account-access
 * consents.
 */
export async function revokeSharing(input: {
  sessionId: string | undefined;
  csrf: string | null;
  consentId: string;
}): Promise<void> {
  const session = input.sessionId ? await findCustomerSession(input.sessionId) : undefined;
  if (!session || input.csrf !== session.csrfToken) {
    throw forbidden('VN.OB.Session.Invalid', 'Sign in again on the sharing page, then retry.');
  }
  const consent = await getConsent(input.consentId);
  if (!consent || consent.customerId !== session.customerId) throw notFound('No such consent of yours.');
  // The page offers withdrawal for account access only, as the API does (no DELETE for payments).
  if (consent.kind !== 'account-access') {
    throw forbidden(
      'VN.OB.Consent.WrongKind',
      "Only account access can be withdrawn here; a payment's consent ends when the payment is made or it expires.",
    );
  }
  await revokeConsent(consent);
}
