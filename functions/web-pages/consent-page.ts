import type { ConsentDescription } from './consent-description.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import type { Locale } from './locale.ts';
import { bilingual } from './login-page.ts';
import { t } from './messages.ts';

interface AccountChoice {
  accountId: string;
  label: string;
}

/** The consent page: what is asked (`ConsentDescription`), by whom, and the accounts to choose from. */
export interface ConsentPageModel extends ConsentDescription {
  locale: Locale;
  action: string;
  switchLanguageHref: string;
  client: { name: string; logoUri?: string; id: string };
  accounts: AccountChoice[];
  /** Extra confirmations the customer must tick (strong authentication steps). */
  confirmations: Array<{ name: string; label: string }>;
  error?: string;
}

/** The form field of the step-up confirmation (the sandbox's stand-in for a biometric check). */
export const STEP_UP_FIELD = 'biometric';

/** The step-up checkbox the customer must tick when a payment needs it. */
export function stepUpConfirmation(locale: Locale): ConsentPageModel['confirmations'][number] {
  return { name: STEP_UP_FIELD, label: t(locale, 'stepUpConfirmation') };
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
