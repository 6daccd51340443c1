import { localeFrom } from '#auth/pages/i18n.ts';
import { pageHeaders } from '#auth/pages/layout.ts';
import { renderLoginPage } from '#auth/pages/login-page.ts';
import { renderSharingPage } from '#auth/pages/sharing-page.ts';
import { apiHandler } from '#http/handler.ts';
import { listCustomerConsents } from '#store/consents.ts';
import { sessionOf } from './session-cookie.ts';
import { sharingRows } from './sharing-rows.ts';

/** GET /account/consents: the customer's own list of what they share, or the sign-in form. */
export const handler = apiHandler({ query: ['lang', 'error'] }, async (request) => {
  const locale = localeFrom(request.query.lang);
  const session = await sessionOf(request);
  if (!session) {
    const error =
      request.query.error === 'tooManyAttempts'
        ? 'tooManyAttempts'
        : request.query.error
          ? 'loginFailed'
          : undefined;
    return {
      status: 200,
      headers: pageHeaders,
      raw: renderLoginPage({
        locale,
        action: `login?lang=${locale}`,
        clientName: 'VietinBank',
        intro:
          locale === 'vi'
            ? 'Đăng nhập để xem và thu hồi quyền truy cập bạn đã cấp cho các công ty.'
            : 'Sign in to see and withdraw the access you have given companies.',
        switchLanguageHref: `consents?lang=${locale === 'vi' ? 'en' : 'vi'}`,
        ...(error ? { error } : {}),
      }),
    };
  }
  const rows = await sharingRows(await listCustomerConsents(session.customerId), locale);
  return {
    status: 200,
    headers: pageHeaders,
    raw: renderSharingPage({ locale, rows, csrfToken: session.csrfToken }),
  };
});
