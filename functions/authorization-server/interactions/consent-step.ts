import type { InteractionResults } from 'oidc-provider';
import { type Consent, effectiveStatus } from '#domain/consent.ts';
import { paymentDetailOf } from '#domain/payments/consent-detail.ts';
import { API_SCOPES } from '#domain/scopes.ts';
import { apiAudience } from '#runtime/issuer.ts';
import { getConsent } from '#store/consents.ts';
import { authorisationChoices } from '#use-cases/consents/authorisation-choices.ts';
import { authoriseConsent } from '#use-cases/consents/authorise-consent.ts';
import { consentAwaitingAuthorisation } from '#use-cases/consents/consent-awaiting-authorisation.ts';
import { rejectConsent } from '#use-cases/consents/reject-consent.ts';
import { accountLabel, describeConsent } from '#web-pages/consent-description.ts';
import { renderConsentPage, STEP_UP_FIELD, stepUpConfirmation } from '#web-pages/consent-page.ts';
import { renderErrorPage } from '#web-pages/error-page.ts';
import { t } from '#web-pages/messages.ts';
import { type ConsentDetail, grantedConsent } from '../consent-authorization-details.ts';
import { clientOf, type InteractionContext, stepLinks } from './context.ts';

type ConfirmOutcome = { kind: 'page'; page: string } | { kind: 'finish'; result: InteractionResults };

const NOT_AWAITING: ConfirmOutcome = {
  kind: 'finish',
  result: { error: 'access_denied', error_description: 'consent is no longer awaiting authorisation' },
};

/**
 * A second submission of the approval (a double click, a resent form) finds the consent already
 * Authorised by its twin: it finishes with the twin's grant, rather than an `access_denied` that
 * would overwrite the twin's result and leave an Authorised consent the client never gets a code for.
 */
async function approvedByThisCustomer(
  context: InteractionContext,
  customerId: string,
  now: Date,
): Promise<ConfirmOutcome | undefined> {
  const detail = requestedDetail(context);
  const consent = detail ? await getConsent(detail.consent_id) : undefined;
  const approved =
    consent !== undefined &&
    effectiveStatus(consent, now) === 'Authorised' &&
    consent.customerId === customerId &&
    consent.clientId === context.details.params.client_id &&
    consent.grantId;
  return approved ? { kind: 'finish', result: { consent: { grantId: consent.grantId! } } } : undefined;
}

/** The consent detail the authorization request carries (validated at PAR time). */
function requestedDetail(context: InteractionContext): ConsentDetail | undefined {
  return grantedConsent(JSON.parse(String(context.details.params.authorization_details ?? '[]')));
}

/** The consent the authorization request names (validated at PAR time), if it still awaits the customer. */
async function requestedConsent(context: InteractionContext, at: Date): Promise<Consent | undefined> {
  const detail = requestedDetail(context);
  if (!detail) return undefined;
  return consentAwaitingAuthorisation(detail.consent_id, context.details.params.client_id as string, at);
}

function customerOf(context: InteractionContext): string {
  const customerId = context.details.session?.accountId;
  if (!customerId) throw Object.assign(new Error('no signed-in customer'), { name: 'SessionNotFound' });
  return customerId;
}

/** The consent page: what is asked, by whom, for how long, which accounts, and any step-up. */
export async function showConsent(context: InteractionContext, error?: string): Promise<string> {
  const { locale } = context;
  const consent = await requestedConsent(context, new Date());
  if (!consent) {
    return renderErrorPage(
      { error: 'invalid_request', error_description: 'This request can no longer be authorised.' },
      locale,
    );
  }
  const { accounts, stepUp } = await authorisationChoices(consent, customerOf(context), new Date());
  const client = await clientOf(context);
  const noAccount =
    accounts.length === 0 && consent.kind === 'domestic-payment' ? t(locale, 'noPayableAccount') : undefined;
  return renderConsentPage({
    locale,
    ...stepLinks(context, 'confirm'),
    client: { id: client.id, name: client.name, ...(client.logoUri ? { logoUri: client.logoUri } : {}) },
    ...describeConsent(consent, locale, stepUp),
    accounts: accounts.map((a) => ({ accountId: a.accountId, label: accountLabel(a, locale) })),
    confirmations: stepUp.length ? [stepUpConfirmation(locale)] : [],
    ...((error ?? noAccount) ? { error: error ?? noAccount } : {}),
  });
}

/**
 * Approve: the consent becomes Authorised with the chosen accounts in the same DynamoDB
 * transaction that stores the grant. Deny: the consent becomes Rejected.
 */
export async function confirmConsent(
  context: InteractionContext,
  form: URLSearchParams,
): Promise<ConfirmOutcome> {
  const now = new Date();
  const consent = await requestedConsent(context, now);
  const customerId = customerOf(context);
  const decision = form.get('decision');
  if (!consent) {
    // Only an approval can be the twin of an approval that won: a deny or no decision is not.
    const twin = decision === 'approve' ? await approvedByThisCustomer(context, customerId, now) : undefined;
    return twin ?? NOT_AWAITING;
  }
  // Only an explicit Deny rejects (for good): a form without a decision shows the page again.
  if (decision !== 'approve' && decision !== 'deny') {
    return { kind: 'page', page: await showConsent(context, t(context.locale, 'decisionMissing')) };
  }
  if (decision === 'deny') {
    await rejectConsent(consent, customerId, now);
    return {
      kind: 'finish',
      result: { error: 'access_denied', error_description: 'the customer denied the request' },
    };
  }
  const outcome = await authoriseConsent({
    consent,
    customerId,
    accountIds: form.getAll('account'),
    stepUpConfirmed: form.get(STEP_UP_FIELD) === 'yes',
    at: now,
    saveGrant: (grantId, accountIds) => saveConsentGrant(context, consent, customerId, grantId, accountIds),
  });
  switch (outcome.kind) {
    case 'authorised':
      return { kind: 'finish', result: { consent: { grantId: outcome.grantId } } };
    case 'account-not-chosen':
      return { kind: 'page', page: await showConsent(context, t(context.locale, 'accountNotChosen')) };
    case 'step-up-missing':
      // The consent stays AwaitingAuthorisation until the customer steps up.
      return { kind: 'page', page: await showConsent(context, t(context.locale, 'stepUpMissing')) };
    case 'step-up-unavailable':
      // Live has no biometric method yet: a payment that needs one cannot be authorised (fails closed).
      return {
        kind: 'finish',
        result: {
          error: 'access_denied',
          error_description: 'this payment needs biometric authentication, which is not available yet',
        },
      };
    case 'not-awaiting':
      // Lost the race to a twin submission: its approval, if it was one, is ours too.
      return (await approvedByThisCustomer(context, customerId, now)) ?? NOT_AWAITING;
  }
}

/** Saves the grant of this consent: the scopes the request asked for and the consent as its RAR detail. */
async function saveConsentGrant(
  context: InteractionContext,
  consent: Consent,
  customerId: string,
  grantId: string,
  accountIds: string[],
): Promise<void> {
  const { provider, details } = context;
  const grant = new provider.Grant({
    jti: grantId,
    accountId: customerId,
    clientId: consent.clientId,
  } as never);
  // Each consent gets a grant of its own, so it must hold everything the request asked for:
  // what the provider says is missing, and what an earlier grant of this browser session
  // already covers (the provider then reports only the consent as missing).
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const requested = String(details.params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  // The request's scopes were checked against the client's at PAR.
  const oidcScopes = [...new Set([...(missing.missingOIDCScope ?? []), ...requested])].filter(
    (scope) => scope !== 'offline_access' || consent.kind === 'account-access',
  );
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  const audience = apiAudience();
  const resourceScopes = [
    ...new Set([
      ...(missing.missingResourceScopes?.[audience] ?? []),
      ...requested.filter((scope) => (API_SCOPES as readonly string[]).includes(scope)),
    ]),
  ];
  if (resourceScopes.length) grant.addResourceScope(audience, resourceScopes.join(' '));
  const creditorAccountId =
    consent.kind === 'domestic-payment' ? paymentDetailOf(consent).CreditorAccountId : undefined;
  const detail: ConsentDetail = {
    type: 'consent',
    consent_id: consent.consentId,
    consent_kind: consent.kind,
    ...(consent.expiresAt ? { expires_at: consent.expiresAt } : {}),
    // Named in every token so the resource server reads them with the consent, in one round trip.
    account_ids: accountIds,
    ...(creditorAccountId ? { creditor_account_id: creditorAccountId } : {}),
  };
  grant.addRar(detail as never);
  await grant.save();
}
