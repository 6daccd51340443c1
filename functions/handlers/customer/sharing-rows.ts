import { accountLabel, describeConsent } from '#auth/consent-view.ts';
import type { Locale } from '#auth/pages/i18n.ts';
import type { SharedConsentRow } from '#auth/pages/sharing-page.ts';
import { effectiveStatus } from '#domain/consent.ts';
import type { Consent } from '#store/consents.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { clientDisplayName } from '#store/oidc-records.ts';

/** What the sharing page shows of each consent: company, what, which accounts, status. */
export async function sharingRows(consents: Consent[], locale: Locale): Promise<SharedConsentRow[]> {
  const names = new Map<string, string>();
  for (const clientId of new Set(consents.map((c) => c.clientId))) {
    names.set(clientId, await clientDisplayName(clientId));
  }
  const now = new Date();
  return Promise.all(
    consents.map(async (consent) => {
      const status = effectiveStatus(consent, now);
      const description = describeConsent(consent, locale);
      const accounts = await Promise.all((consent.accountIds ?? []).map((id) => getAccount(id)));
      return {
        consentId: consent.consentId,
        company: names.get(consent.clientId)!,
        what: [
          description.purpose,
          ...description.bullets,
          ...description.details.map((detail) => `${detail.term}: ${detail.value}`),
        ],
        accounts: accounts.filter((a) => a !== undefined).map((a) => accountLabel(a, locale)),
        status,
        since: consent.statusUpdatedAt,
        ...(consent.expiresAt ? { until: consent.expiresAt } : {}),
        canRevoke: status === 'Authorised' && consent.kind === 'account-access',
      };
    }),
  );
}
