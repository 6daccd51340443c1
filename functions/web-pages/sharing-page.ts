import { html } from './html.ts';
import type { Locale } from './i18n.ts';
import { layout } from './layout.ts';

export interface SharedConsentRow {
  consentId: string;
  company: string;
  what: string[];
  accounts: string[];
  status: string;
  since: string;
  until?: string;
  canRevoke: boolean;
}

const statusText: Record<string, { vi: string; en: string }> = {
  Authorised: { vi: 'Đang chia sẻ', en: 'Sharing' },
  Revoked: { vi: 'Đã thu hồi', en: 'Withdrawn' },
  Rejected: { vi: 'Đã từ chối', en: 'Refused' },
  Expired: { vi: 'Hết hạn', en: 'Expired' },
  Consumed: { vi: 'Đã dùng', en: 'Used' },
  AwaitingAuthorisation: { vi: 'Chờ xác nhận', en: 'Awaiting you' },
};

const words = {
  title: { vi: 'Quản lý chia sẻ dữ liệu', en: 'Manage sharing' },
  intro: {
    vi: 'Các công ty bạn đã cho phép truy cập tài khoản. Bạn có thể thu hồi bất cứ lúc nào.',
    en: 'Companies you have allowed to access your accounts. You can withdraw access at any time.',
  },
  none: { vi: 'Bạn chưa chia sẻ với công ty nào.', en: 'You have not shared with any company.' },
  active: { vi: 'Đang hoạt động', en: 'Active' },
  past: { vi: 'Trước đây', en: 'Past' },
  accounts: { vi: 'Tài khoản', en: 'Accounts' },
  since: { vi: 'Từ', en: 'Since' },
  until: { vi: 'Đến', en: 'Until' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
} as const;

const w = (locale: Locale, key: keyof typeof words) => words[key][locale];

/** The customer's own view of what they share (Circular 64/2024/TT-NHNN), with Revoke. */
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
  const card = (row: SharedConsentRow) => html`<section class="consent" aria-label="${row.company}">
<h2>${row.company}</h2>
<p><strong>${statusText[row.status]?.[locale] ?? row.status}</strong> · ${w(locale, 'since')} ${date(row.since)}${
    row.until ? html` · ${w(locale, 'until')} ${date(row.until)}` : ''
  }</p>
<ul class="permissions">${row.what.map((item) => html`<li>${item}</li>`)}</ul>
${row.accounts.length ? html`<p>${w(locale, 'accounts')}: ${row.accounts.join(', ')}</p>` : ''}
${
  row.canRevoke
    ? html`<form method="post" action="consents/${row.consentId}/revoke?lang=${locale}">
<input type="hidden" name="csrf" value="${model.csrfToken}">
<button type="submit" class="secondary" aria-label="${`Revoke ${row.company}`}"><span aria-hidden="true">${w(locale, 'revoke')}</span></button>
</form>`
    : ''
}
</section>`;
  const active = model.rows.filter((row) => row.canRevoke);
  const past = model.rows.filter((row) => !row.canRevoke);
  return layout(
    locale,
    w(locale, 'title'),
    html`<h1>${w(locale, 'title')}</h1>
<p>${w(locale, 'intro')}</p>
<h2>${w(locale, 'active')}</h2>
${active.length ? active.map(card) : html`<p>${w(locale, 'none')}</p>`}
${past.length ? html`<h2>${w(locale, 'past')}</h2>${past.map(card)}` : ''}
<form method="post" action="logout"><input type="hidden" name="csrf" value="${model.csrfToken}"><button type="submit" class="secondary">${w(locale, 'signOut')}</button></form>`,
    `consents?lang=${locale === 'vi' ? 'en' : 'vi'}`,
  );
}
