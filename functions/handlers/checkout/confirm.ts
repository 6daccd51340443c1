import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { confirmCheckout } from '#use-cases/checkout/confirm-checkout.ts';
import { STEP_UP_FIELD } from '#web-pages/consent-page.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { browserSecretOf, formOf, pageAction, redirectTo } from './page-response.ts';

/** POST /checkout/{CheckoutSessionId}/confirm: pay the bill, then back to the portal with the signed result. */
export const handler = publicHandler(async (request) => {
  const sessionId = request.params.CheckoutSessionId ?? '';
  return pageAction(request, sessionId, async () => {
    const form = formOf(request);
    const { location } = await confirmCheckout({
      sessionId,
      browserSecret: browserSecretOf(request),
      csrf: form.get('csrf'),
      accountId: form.get('account'),
      otp: form.get('otp'),
      stepUpConfirmed: form.get(STEP_UP_FIELD) === 'yes',
      now: new Date(),
    });
    return redirectTo(location);
  });
}, pageErrors(refusalPage));
