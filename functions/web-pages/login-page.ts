import { html } from './html.ts';
import { layout } from './layout.ts';
import type { Locale } from './locale.ts';
import { type TextKey, t } from './messages.ts';

/**
 * A field or button label. Its accessible name is always the contract's English term
 * (`Username`, `Password`, `One-time password`, `Approve`, `Deny`), a stable hook for
 * partners' automated tests; Vietnamese pages show the Vietnamese words beside it.
 */
export function bilingual(locale: Locale, key: TextKey) {
  return locale === 'vi'
    ? html`<span aria-hidden="true">${t('vi', key)}</span> <span lang="en" class="en">${t('en', key)}</span>`
    : html`${t('en', key)}`;
}

export interface LoginPageModel {
  locale: Locale;
  action: string;
  clientName: string;
  switchLanguageHref: string;
  error?: 'loginFailed' | 'tooManyAttempts';
  username?: string;
  /** Replaces "<client> is asking for access" when the customer comes on their own. */
  intro?: string;
}

/** The sign-in page: username, password and one-time password. */
export function renderLoginPage(model: LoginPageModel): string {
  const { locale } = model;
  return layout(
    locale,
    t(locale, 'loginTitle'),
    html`<h1>${t(locale, 'loginTitle')}</h1>
${model.intro ? html`<p>${model.intro}</p>` : html`<p><strong>${model.clientName}</strong> ${t(locale, 'loginIntro')}</p>`}
${model.error ? html`<p class="error" role="alert">${t(locale, model.error)}</p>` : ''}
<form method="post" action="${model.action}" autocomplete="off">
<label for="username">${bilingual(locale, 'username')}</label>
<input type="text" id="username" name="username" aria-label="${t('en', 'username')}" required maxlength="64" autocomplete="username" value="${model.username ?? ''}">
<label for="password">${bilingual(locale, 'password')}</label>
<input type="password" id="password" name="password" aria-label="${t('en', 'password')}" required maxlength="128" autocomplete="current-password">
<label for="otp">${bilingual(locale, 'otp')}</label>
<input type="text" id="otp" name="otp" aria-label="${t('en', 'otp')}" required inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code">
<button type="submit" class="primary">${bilingual(locale, 'signIn')}</button>
</form>`,
    model.switchLanguageHref,
  );
}
