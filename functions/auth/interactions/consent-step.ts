import { randomBytes } from 'node:crypto';
import type { InteractionResults } from 'oidc-provider';
import { effectiveStatus } from '#domain/consent.ts';
import { withWritesAtomicToGrant } from '#store/atomic-context.ts';
import { type ConsentItem, consentTransition, getConsent, transitionConsent } from '#store/consents.ts';
import { listCustomerAccounts } from '#store/customers.ts';
import { type ConsentDetail, grantedConsent } from '../consent-authorization-details.ts';
import { accountLabel, describeConsent } from '../consent-view.ts';
import { renderConsentPage } from '../pages/consent-page.ts';
import { renderErrorPage } from '../pages/error-page.ts';
import { apiAudience } from '../scopes.ts';
import { clientOf, type InteractionContext, stepLinks } from './context.ts';

type ConfirmOutcome = { kind: 'page'; page: string } | { kind: 'finish'; result: InteractionResults };

/** The consent the authorization request names (validated at PAR time, re-checked here). */
async function requestedConsent(context: InteractionContext): Promise<ConsentItem | undefined> {
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

/** The consent page: what is asked, by whom, for how long, and which accounts. */
export async function showConsent(context: InteractionContext, error?: string): Promise<string> {
  const consent = await requestedConsent(context);
  if (!consent || effectiveStatus(consent, new Date()) !== 'AwaitingAuthorisation') {
    return renderErrorPage(
      { error: 'invalid_request', error_description: 'This request can no longer be authorised.' },
      context.locale,
    );
  }
  const accounts = (await listCustomerAccounts(customerOf(context))).filter((a) => a.status === 'Enabled');
  const client = await clientOf(context);
  return renderConsentPage({
    locale: context.locale,
    ...stepLinks(context, 'confirm'),
    client: { id: client.id, name: client.name, ...(client.logoUri ? { logoUri: client.logoUri } : {}) },
    ...describeConsent(consent, context.locale),
    accounts: accounts.map((a) => ({ accountId: a.accountId, label: accountLabel(a, context.locale) })),
    confirmations: [],
    ...(error ? { error } : {}),
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

  const owned = new Set(
    (await listCustomerAccounts(customerId)).filter((a) => a.status === 'Enabled').map((a) => a.accountId),
  );
  const chosen = [...new Set(form.getAll('account'))].filter((id) => owned.has(id));
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

  const { provider, details } = context;
  const grantId = randomBytes(24).toString('base64url');
  const grant = new provider.Grant({
    jti: grantId,
    accountId: customerId,
    clientId: consent.clientId,
  } as never);
  // Grant exactly what the request asked for and the provider says is still missing.
  const missing = details.prompt.details as {
    missingOIDCScope?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  const oidcScopes = (missing.missingOIDCScope ?? []).filter(
    (scope) => scope !== 'offline_access' || consent.kind === 'account-access',
  );
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    if (resource === apiAudience()) grant.addResourceScope(resource, scopes.join(' '));
  }
  const detail: ConsentDetail = {
    type: 'consent',
    consent_id: consent.consentId,
    consent_kind: consent.kind,
    ...(consent.expiresAt ? { expires_at: consent.expiresAt } : {}),
  };
  grant.addRar(detail as never);

  const authorise = consentTransition({
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
