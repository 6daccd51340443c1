import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { listSharing } from '#use-cases/customer/list-sharing.ts';
import { pageHeaders } from '#web-pages/layout.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { renderSharingPage, renderSharingSignInPage } from '#web-pages/sharing-page.ts';
import { sessionIdOf } from './session-cookie.ts';

/** GET /account/consents: the customer's own list of what they share, or the sign-in form. */
export const handler = publicHandler(async (request) => {
  const locale = localeFrom(request.query.lang);
  const sharing = await listSharing(sessionIdOf(request));
  return {
    status: 200,
    headers: pageHeaders,
    raw: sharing
      ? renderSharingPage({ locale, rows: sharing.rows, csrfToken: sharing.csrfToken })
      : renderSharingSignInPage(locale, request.query.error),
  };
}, pageErrors(refusalPage));
