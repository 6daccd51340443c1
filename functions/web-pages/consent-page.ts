import { html, type SafeHtml } from './html.ts';
import { type Locale, t } from './i18n.ts';
import { layout } from './layout.ts';
import { bilingual } from './login-page.ts';

export interface AccountChoice {
  accountId: string;
  label: string;
}

export interface ConsentPageModel {
  locale: Locale;
  action: string;
  switchLanguageHref: string;
  client: { name: string; logoUri?: string; id: string };
  /** What is asked, in plain words: the heading line and the detail list. */
  purpose: string;
  details: Array<{ term: string; value: string }>;
  bullets: string[];
  expiresAt?: string;
  accounts: AccountChoice[];
  /** Several accounts (account information) or exactly one (a payment's debtor). */
  selection: 'many' | 'one';
  /** Extra confirmations the customer must tick (strong authentication steps). */
  confirmations: Array<{ name: string; label: string }>;
  error?: string;
}

/** The consent page: who asks, for what, for how long; account choice; Approve / Deny. */
export function renderConsentPage(model: ConsentPageModel): string {
  const { locale } = model;
  const until = model.expiresAt
    ? new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
        timeZone: 'Asia/Ho_Chi_Minh',
      }).format(new Date(model.expiresAt))
    : t(locale, 'noExpiry');
  const logo = model.client.logoUri?.startsWith('https://')
    ? html`<img src="${model.client.logoUri}" alt="">`
    : '';
  const inputType = model.selection === 'many' ? 'checkbox' : 'radio';
  const accounts: SafeHtml[] = model.accounts.map(
    (account, i) =>
      html`<label><input type="${inputType}" name="account" value="${account.accountId}" ${
        model.selection === 'one' && i === 0 ? html`checked` : ''
      }> ${account.label}</label>`,
  );
  return layout(
    locale,
    t(locale, 'consentTitle'),
    html`<h1>${t(locale, 'consentTitle')}</h1>
<div class="company">${logo}<div><strong data-testid="client-name">${model.client.name}</strong><br><small>${model.client.id}</small></div></div>
<p>${model.client.name} ${t(locale, 'asks')} ${model.purpose}</p>
${model.bullets.length ? html`<ul class="permissions">${model.bullets.map((b) => html`<li>${b}</li>`)}</ul>` : ''}
${model.details.length ? html`<dl>${model.details.map((d) => html`<dt>${d.term}</dt><dd>${d.value}</dd>`)}</dl>` : ''}
<p>${t(locale, 'validUntil')}: <strong>${until}</strong></p>
${model.error ? html`<p class="error" role="alert">${model.error}</p>` : ''}
<form method="post" action="${model.action}">
<fieldset><legend>${t(locale, model.selection === 'many' ? 'chooseAccounts' : 'chooseAccount')}</legend>
${accounts}
</fieldset>
${model.confirmations.map((c) => html`<label><input type="checkbox" name="${c.name}" value="yes" required> ${c.label}</label>`)}
<button type="submit" name="decision" value="approve" class="primary">${bilingual(locale, 'approve')}</button>
<button type="submit" name="decision" value="deny" class="secondary" formnovalidate>${bilingual(locale, 'deny')}</button>
</form>
<p><small>${t(locale, 'withdrawHint')}</small></p>`,
    model.switchLanguageHref,
  );
}
