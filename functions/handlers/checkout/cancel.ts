import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { cancelCheckout } from '#use-cases/checkout/cancel-checkout.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { browserSecretOf, formOf, pageAction, redirectTo } from './page-response.ts';

/** POST /checkout/{CheckoutSessionId}/cancel: nothing moves; back to the portal with the signed `cancelled` result. */
export const handler = publicHandler(async (request) => {
  const sessionId = request.params.CheckoutSessionId ?? '';
  return pageAction(request, sessionId, async () => {
    const { location } = await cancelCheckout({
      sessionId,
      browserSecret: browserSecretOf(request),
      csrf: formOf(request).get('csrf'),
      now: new Date(),
    });
    return redirectTo(location);
  });
}, pageErrors(refusalPage));
