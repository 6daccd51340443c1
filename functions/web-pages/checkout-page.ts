import { createHash } from 'node:crypto';
import type { StepUpReason } from '#domain/payments/strong-authentication.ts';
import { stepUpExplanation } from './consent-description.ts';
import { STEP_UP_FIELD } from './consent-page.ts';
import { html, type SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import type { Locale } from './locale.ts';
import { bilingual } from './login-page.ts';
import { type MessageKey, t } from './messages.ts';

/** The bill as the citizen sees it on the hosted page. */
interface CheckoutBillView {
  category: string;
  reference: string;
  payerName: string;
  description: string;
  /** Whole VND due today (late fee included). */
  dueToday: number;
  /** `YYYY-MM-DD`, Vietnam calendar. */
  dueDate: string;
}

export interface CheckoutPageModel {
  locale: Locale;
  sessionId: string;
  /** The session page's absolute path (`/checkout/<id>`, behind any stage path): forms post under it. */
  pagePath: string;
  /** The bank's own host, for the safety notice's "check the address". */
  host: string;
  partnerName: string;
  /** The partner's own logo (PNG or WebP, checked when set), inlined: the page still loads nothing from elsewhere. */
  partnerLogo?: { contentType: 'image/png' | 'image/webp'; data: string };
  bill: CheckoutBillView;
  expiresAt: string;
  csrfToken: string;
  stage: 'sign-in' | 'confirm';
  accounts?: Array<{ accountId: string; label: string }>;
  stepUp?: StepUpReason[];
  /** A refusal to show: its code (machine-readable, for support) and its words. */
  error?: { code: string; text: string };
}

const vnd = (amount: number) => `${new Intl.NumberFormat('vi-VN').format(amount)} ₫`;

function categoryText(locale: Locale, category: string): string {
  const key = `checkoutCategory.${category}` as MessageKey;
  try {
    return t(locale, key as 'checkoutCategory.tuition');
  } catch {
    return category;
  }
}

/** The State Bank's safe-payment guidance, with this bank's own address to check. */
function safetyNotice(locale: Locale, host: string): string[] {
  return [
    t(locale, 'checkoutSafetyAddress')(host),
    t(locale, 'checkoutSafetyOtp'),
    t(locale, 'checkoutSafetyPayee'),
    t(locale, 'checkoutSafetySource'),
  ];
}

/** Monogram of the partner: drawn by the bank, so the page loads nothing from a third party. */
function monogram(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join('');
}

function summary(model: CheckoutPageModel): SafeHtml {
  const { locale, bill } = model;
  const date = (iso: string, withTime: boolean) =>
    new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: 'Asia/Ho_Chi_Minh',
    }).format(new Date(iso));
  const logo = model.partnerLogo
    ? html`<img src="data:${model.partnerLogo.contentType};base64,${model.partnerLogo.data}" alt="${model.partnerName}" width="48" height="48" data-testid="partner-logo">`
    : html`<div class="monogram" role="img" aria-label="${model.partnerName}">${monogram(model.partnerName)}</div>`;
  return html`<div class="company">${logo}<div><strong data-testid="partner-name">${model.partnerName}</strong></div></div>
<p>${model.partnerName} ${t(locale, 'checkoutIntro')}</p>
<dl>
<dt>${t(locale, 'checkoutCategory')}</dt><dd>${categoryText(locale, bill.category)}</dd>
<dt>${t(locale, 'checkoutReference')}</dt><dd>${bill.reference}</dd>
<dt>${t(locale, 'checkoutPayer')}</dt><dd>${bill.payerName}</dd>
<dt>${t(locale, 'checkoutDescription')}</dt><dd>${bill.description}</dd>
<dt>${t(locale, 'checkoutDueToday')}</dt><dd data-testid="amount-due">${vnd(bill.dueToday)}</dd>
<dt>${t(locale, 'checkoutDueDate')}</dt><dd>${date(`${bill.dueDate}T12:00:00+07:00`, false)}</dd>
</dl>
<p><small>${t(locale, 'checkoutExpires')}: ${date(model.expiresAt, true)}</small></p>`;
}

function cancelForm(model: CheckoutPageModel): SafeHtml {
  return html`<form method="post" action="${model.pagePath}/cancel?lang=${model.locale}">
<input type="hidden" name="csrf" value="${model.csrfToken}">
<button type="submit" class="secondary">${bilingual(model.locale, 'cancel')}</button>
</form>`;
}

function signInForm(model: CheckoutPageModel): SafeHtml {
  const { locale } = model;
  return html`<p>${t(locale, 'checkoutSignInHint')}</p>
<form method="post" action="${model.pagePath}/login?lang=${locale}" autocomplete="off">
<input type="hidden" name="csrf" value="${model.csrfToken}">
<label for="username">${bilingual(locale, 'username')}</label>
<input type="text" id="username" name="username" aria-label="${t('en', 'username')}" required maxlength="64" autocomplete="username">
<label for="password">${bilingual(locale, 'password')}</label>
<input type="password" id="password" name="password" aria-label="${t('en', 'password')}" required maxlength="128" autocomplete="current-password">
<label for="otp">${bilingual(locale, 'otp')}</label>
<input type="text" id="otp" name="otp" aria-label="${t('en', 'otp')}" required inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code">
<button type="submit" class="primary">${bilingual(locale, 'signIn')}</button>
</form>`;
}

function confirmForm(model: CheckoutPageModel): SafeHtml {
  const { locale } = model;
  const stepUp = model.stepUp ?? [];
  return html`<form method="post" action="${model.pagePath}/confirm?lang=${locale}" autocomplete="off">
<input type="hidden" name="csrf" value="${model.csrfToken}">
<fieldset><legend>${t(locale, 'chooseAccount')}</legend>
${(model.accounts ?? []).map(
  (account, i) =>
    html`<label><input type="radio" name="account" value="${account.accountId}" ${i === 0 ? html`checked` : ''}> ${account.label}</label>`,
)}
</fieldset>
${stepUp.length ? html`<p data-testid="step-up">${stepUpExplanation(stepUp, locale)}</p><label><input type="checkbox" name="${STEP_UP_FIELD}" value="yes"> ${t(locale, 'stepUpConfirmation')}</label>` : ''}
<p>${t(locale, 'checkoutOtpHint')}</p>
<label for="otp">${bilingual(locale, 'otp')}</label>
<input type="text" id="otp" name="otp" aria-label="${t('en', 'otp')}" required inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code">
<button type="submit" class="primary">${bilingual(locale, 'confirm')}</button>
</form>`;
}

/** The hosted checkout page: the bill, the safety notice, then sign-in or account choice and Confirm / Cancel. */
export function renderCheckoutPage(model: CheckoutPageModel): string {
  const { locale } = model;
  return layout(
    locale,
    t(locale, 'checkoutTitle'),
    html`<h1>${t(locale, 'checkoutTitle')}</h1>
${summary(model)}
${model.error ? html`<p class="error" role="alert"><code>${model.error.code}</code> ${model.error.text}</p>` : ''}
${model.stage === 'sign-in' ? signInForm(model) : confirmForm(model)}
${cancelForm(model)}`,
    `${model.pagePath}?lang=${locale === 'vi' ? 'en' : 'vi'}`,
    safetyNotice(locale, model.host),
  );
}

/** Why a session's page is closed. */
export type EndedReason = 'Expired' | 'Paid' | 'Cancelled' | 'Failed' | 'NotFound' | 'Elsewhere';

/** The page of a session that can no longer be used, in both languages at once (the citizen may read either). */
export function renderCheckoutEndedPage(reason: EndedReason, code: string, host: string): string {
  const key = `checkoutEnded.${reason}` as const;
  return layout(
    'vi',
    t('vi', 'checkoutEnded.title'),
    html`<h1>${t('vi', 'checkoutEnded.title')}</h1>
<p class="error" role="alert"><code>${code}</code> ${t('vi', key)}</p>
<h2 lang="en">${t('en', 'checkoutEnded.title')}</h2>
<p lang="en">${t('en', key)}</p>`,
    undefined,
    [...safetyNotice('vi', host), ...safetyNotice('en', host)],
  );
}

/**
 * Headers of the hosted page: nothing from anywhere but the bank (the page has no script and
 * its one style block is allowed by hash), no framing, no caching, no referrer, and forms that
 * may post only to the bank and be redirected only to the partner's registered return address.
 */
export function checkoutPageHeaders(page: string, returnOrigin?: string): Record<string, string> {
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
  const styleHash = createHash('sha256').update(style).digest('base64');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': [
      "default-src 'none'",
      `style-src 'sha256-${styleHash}'`,
      'img-src data:',
      `form-action 'self'${returnOrigin ? ` ${returnOrigin}` : ''}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}
