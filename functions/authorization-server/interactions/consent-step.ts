import { randomBytes } from 'node:crypto';
import type { InteractionResults } from 'oidc-provider';
import { effectiveStatus } from '#domain/consent.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import { payableAccounts } from '#domain/payments/debtor.ts';
import type { DomesticInitiation } from '#domain/payments/initiation.ts';
import { isIntraBank } from '#domain/payments/status.ts';
import { type StepUpReason, stepUpReasons } from '#domain/payments/strong-authentication.ts';
import { withWritesAtomicToGrant } from '#store/atomic-context.ts';
import { type Consent, consentTransition, getConsent, transitionConsent } from '#store/consents.ts';
import { listCustomerAccounts } from '#store/customers.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { paymentConsentAuthorisation } from '#store/payments/consent-writes.ts';
import { bookedToday } from '#store/payments/daily-totals.ts';
import { type ConsentDetail, grantedConsent } from '../consent-authorization-details.ts';
import {
  accountLabel,
  describeConsent,
  STEP_UP_FIELD,
  stepUpConfirmation,
  stepUpMissing,
} from '../consent-view.ts';
import { renderConsentPage } from '../pages/consent-page.ts';
import { renderErrorPage } from '../pages/error-page.ts';
import { API_SCOPES, apiAudience } from '../scopes.ts';
import { clientOf, type InteractionContext, stepLinks } from './context.ts';

type ConfirmOutcome = { kind: 'page'; page: string } | { kind: 'finish'; result: InteractionResults };

/** The consent the authorization request names (validated at PAR time, re-checked here). */
async function requestedConsent(context: InteractionContext): Promise<Consent | undefined> {
  const detail = grantedConsent(JSON.parse(String(context.details.params.authorization_details ?? '[]')));
  if (!detail) return undefined;
  const consent = await getConsent(detail.consent_id);
  if (!consent || consent.clientId !== context.details.params.client_id) return undefined;
  return consent;
}

function customerOf(context: InteractionContext): string {
  const customerId = context.details.session?.accountId;
  if (!customerId) throw Object.assign(new Error('no signed-in customer'), { name: 'SessionNotFound' });
  return customerId;
}

/** The accounts the customer may choose, and for a payment the step-up it needs (Decision 2345/QĐ-NHNN). */
async function choices(
  consent: Consent,
  customerId: string,
  now: Date,
): Promise<{ accounts: AccountItem[]; stepUp: StepUpReason[] }> {
  const accounts = await listCustomerAccounts(customerId);
  if (consent.kind !== 'domestic-payment') {
    return { accounts: accounts.filter((a) => a.status === 'Enabled'), stepUp: [] };
  }
  const detail = consent.detail as { Initiation: DomesticInitiation; CreditorAccountId?: string };
  const stepUp = stepUpReasons({
    amount: Number(detail.Initiation.InstructedAmount.Amount),
    bookedToday: await bookedToday(customerId, bookingDayOf(now)),
    interbank: !isIntraBank(detail.Initiation),
  });
  return { accounts: payableAccounts(accounts, detail.Initiation, detail.CreditorAccountId), stepUp };
}

/** The consent page: what is asked, by whom, for how long, which accounts, and any step-up. */
export async function showConsent(context: InteractionContext, error?: string): Promise<string> {
  const consent = await requestedConsent(context);
  if (!consent || effectiveStatus(consent, new Date()) !== 'AwaitingAuthorisation') {
    return renderErrorPage(
      { error: 'invalid_request', error_description: 'This request can no longer be authorised.' },
      context.locale,
    );
  }
  const { accounts, stepUp } = await choices(consent, customerOf(context), new Date());
  const client = await clientOf(context);
  const noAccount =
    accounts.length === 0 && consent.kind === 'domestic-payment'
      ? context.locale === 'vi'
        ? 'Không có tài khoản nào của bạn có thể thực hiện khoản thanh toán này.'
        : 'None of your accounts can make this payment.'
      : undefined;
  return renderConsentPage({
    locale: context.locale,
    ...stepLinks(context, 'confirm'),
    client: { id: client.id, name: client.name, ...(client.logoUri ? { logoUri: client.logoUri } : {}) },
    ...describeConsent(consent, context.locale, stepUp),
    accounts: accounts.map((a) => ({ accountId: a.accountId, label: accountLabel(a, context.locale) })),
    confirmations: stepUp.length ? [stepUpConfirmation(context.locale)] : [],
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
  const consent = await requestedConsent(context);
  const customerId = customerOf(context);
  const now = new Date().toISOString();
  if (!consent || effectiveStatus(consent, new Date()) !== 'AwaitingAuthorisation') {
    return {
      kind: 'finish',
      result: { error: 'access_denied', error_description: 'consent is no longer awaiting authorisation' },
    };
  }
  if (form.get('decision') !== 'approve') {
    await transitionConsent({
      consentId: consent.consentId,
      clientId: consent.clientId,
      from: 'AwaitingAuthorisation',
      to: 'Rejected',
      at: now,
      set: { customerId },
    });
    return {
      kind: 'finish',
      result: { error: 'access_denied', error_description: 'the customer denied the request' },
    };
  }

  const { accounts, stepUp } = await choices(consent, customerId, new Date(now));
  const allowed = new Map(accounts.map((a) => [a.accountId, a]));
  const chosen = [...new Set(form.getAll('account'))].filter((id) => allowed.has(id));
  const wantsOne = consent.kind === 'domestic-payment';
  if (chosen.length === 0 || (wantsOne && chosen.length !== 1)) {
    return {
      kind: 'page',
      page: await showConsent(
        context,
        context.locale === 'vi' ? 'Vui lòng chọn tài khoản.' : 'Choose an account.',
      ),
    };
  }
  // The consent stays AwaitingAuthorisation until the customer steps up.
  if (stepUp.length > 0 && form.get(STEP_UP_FIELD) !== 'yes') {
    return { kind: 'page', page: await showConsent(context, stepUpMissing(context.locale)) };
  }

  const { provider, details } = context;
  const grantId = randomBytes(24).toString('base64url');
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
  const detail: ConsentDetail = {
    type: 'consent',
    consent_id: consent.consentId,
    consent_kind: consent.kind,
    ...(consent.expiresAt ? { expires_at: consent.expiresAt } : {}),
  };
  grant.addRar(detail as never);

  const debtor = allowed.get(chosen[0]!)!;
  const authorise =
    consent.kind === 'domestic-payment'
      ? paymentConsentAuthorisation({
          consent,
          customerId,
          accountId: debtor.accountId,
          grantId,
          at: now,
          debtor: { SchemeName: 'VN.AccountNumber', Identification: debtor.accountNumber, Name: debtor.name },
          scaMethod: stepUp.length > 0 ? 'Biometric' : 'OneTimePassword',
        })
      : consentTransition({
          consentId: consent.consentId,
          clientId: consent.clientId,
          from: 'AwaitingAuthorisation',
          to: 'Authorised',
          at: now,
          set: { customerId, accountIds: chosen, grantId },
        });
  try {
    await withWritesAtomicToGrant([authorise], () => grant.save());
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') {
      return {
        kind: 'finish',
        result: { error: 'access_denied', error_description: 'consent is no longer awaiting authorisation' },
      };
    }
    throw error;
  }
  return { kind: 'finish', result: { consent: { grantId } } };
}
