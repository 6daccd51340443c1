import { publicHandler } from '#http/public-handler.ts';
import { checkoutPageResponse } from './page-response.ts';

/** GET /checkout/{CheckoutSessionId}: the hosted page (the bill, sign-in or account choice, Confirm / Cancel). */
export const handler = publicHandler((request) =>
  checkoutPageResponse(request, request.params.CheckoutSessionId ?? ''),
);
