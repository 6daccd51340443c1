import type { Consent } from '#domain/consent.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { accountLabel, describeConsent } from './consent-description.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import type { Locale } from './locale.ts';
import { renderLoginPage } from './login-page.ts';
import { statusText, t } from './messages.ts';

/** One consent on the sharing page: the company, what it may do, which accounts, its status. */
export interface SharedConsentRow {
  consent: Consent;
  company: string;
  accounts: AccountItem[];
  /** The consent's status now (an expired one shows as Expired). */
  status: string;
  canRevoke: boolean;
}

/** Renders the customer's own view of what they share (Circular 64/2024/TT-NHNN), with Revoke. */
export function renderSharingPage(model: {
  locale: Locale;
  rows: SharedConsentRow[];
  csrfToken: string;
}): string {
  const { locale } = model;
  const date = (iso: string) =>
    new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
      dateStyle: 'medium',
      timeZone: 'Asia/Ho_Chi_Minh',
    }).format(new Date(iso));
  const card = ({ consent, company, accounts, status, canRevoke }: SharedConsentRow) => {
    const description = describeConsent(consent, locale);
    const what = [
      description.purpose,
      ...description.bullets,
      ...description.details.map((detail) => `${detail.term}: ${detail.value}`),
    ];
    const labels = accounts.map((account) => accountLabel(account, locale));
    return html`<section class="consent" aria-label="${company}">
<h2>${company}</h2>
<p><strong>${statusText(locale, status)}</strong> · ${t(locale, 'since')} ${date(consent.statusUpdatedAt)}${
      consent.expiresAt ? html` · ${t(locale, 'until')} ${date(consent.expiresAt)}` : ''
    }</p>
<ul class="permissions">${what.map((item) => html`<li>${item}</li>`)}</ul>
${labels.length ? html`<p>${t(locale, 'sharedAccounts')}: ${labels.join(', ')}</p>` : ''}
${
  canRevoke
    ? html`<form method="post" action="consents/${consent.consentId}/revoke?lang=${locale}">
<input type="hidden" name="csrf" value="${model.csrfToken}">
<button type="submit" class="secondary" aria-label="${`Revoke ${company}`}"><span aria-hidden="true">${t(locale, 'revoke')}</span></button>
</form>`
    : ''
}
</section>`;
  };
  const active = model.rows.filter((row) => row.canRevoke);
  const past = model.rows.filter((row) => !row.canRevoke);
  return layout(
    locale,
    t(locale, 'sharingTitle'),
    html`<h1>${t(locale, 'sharingTitle')}</h1>
<p>${t(locale, 'sharingIntro')}</p>
<h2>${t(locale, 'sharingActive')}</h2>
${active.length ? active.map(card) : html`<p>${t(locale, 'sharingNone')}</p>`}
${past.length ? html`<h2>${t(locale, 'sharingPast')}</h2>${past.map(card)}` : ''}
<form method="post" action="logout?lang=${locale}"><input type="hidden" name="csrf" value="${model.csrfToken}"><button type="submit" class="secondary">${t(locale, 'signOut')}</button></form>`,
    `consents?lang=${locale === 'vi' ? 'en' : 'vi'}`,
  );
}

/**
 * Renders the sharing page's sign-in form, shown while the customer is not signed in; `error`
 * is the `error` query parameter the failed sign-in redirected with.
 */
export function renderSharingSignInPage(locale: Locale, error?: string): string {
  const shown = error === 'tooManyAttempts' ? 'tooManyAttempts' : error ? 'loginFailed' : undefined;
  return renderLoginPage({
    locale,
    action: `login?lang=${locale}`,
    clientName: 'VietinBank',
    intro: t(locale, 'sharingLoginIntro'),
    switchLanguageHref: `consents?lang=${locale === 'vi' ? 'en' : 'vi'}`,
    ...(shown ? { error: shown } : {}),
  });
}
