import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { checkoutPageResponse } from './page-response.ts';

/** GET /checkout/{CheckoutSessionId}: the hosted page (the bill, sign-in or account choice, Confirm / Cancel). */
export const handler = publicHandler(
  (request) => checkoutPageResponse(request, request.params.CheckoutSessionId ?? ''),
  pageErrors(refusalPage),
);
