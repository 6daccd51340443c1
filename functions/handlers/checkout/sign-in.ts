import { checkoutRefusal } from '#domain/checkout/session.ts';
import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import type { ApiResponse } from '#http/request.ts';
import { signInToCheckout } from '#use-cases/checkout/sign-in-to-checkout.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { browserCookie, checkoutPageResponse, formOf, pageAction, pagePath } from './page-response.ts';

/** POST /checkout/{CheckoutSessionId}/login: the same login and one-time password as the consent pages. */
export const handler = publicHandler(async (request): Promise<ApiResponse> => {
  const sessionId = request.params.CheckoutSessionId ?? '';
  return pageAction(request, sessionId, async () => {
    const form = formOf(request);
    const outcome = await signInToCheckout({
      sessionId,
      csrf: form.get('csrf'),
      credentials: {
        username: form.get('username') ?? '',
        password: form.get('password') ?? '',
        otp: form.get('otp') ?? '',
        sourceIp: request.event.requestContext.identity.sourceIp,
      },
      now: new Date(),
    });
    if (!outcome.ok) {
      const refusal =
        outcome.reason === 'tooManyAttempts'
          ? checkoutRefusal(
              'rate-limited',
              'VN.OB.Checkout.TooManyOtpAttempts',
              'Too many failed sign-ins: try again in 15 minutes.',
            )
          : checkoutRefusal(
              'invalid',
              'VN.OB.Checkout.LoginFailed',
              'The username, password or one-time password is not correct.',
            );
      return checkoutPageResponse(request, sessionId, refusal);
    }
    return {
      status: 303,
      headers: {
        location: `${pagePath(request, sessionId)}?lang=${localeFrom(request.query.lang, outcome.session.locale)}`,
        'set-cookie': browserCookie(request, sessionId, outcome.browserSecret),
        'cache-control': 'no-store',
      },
    };
  });
}, pageErrors(refusalPage));
