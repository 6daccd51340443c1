import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { confirmFunds } from '#use-cases/payments/confirm-funds.ts';

/** GET /v1/pisp/domestic-payment-consents/{ConsentId}/funds-confirmation: covered right now? Nothing is reserved. */
export const handler = apiHandler(async (request) => {
  const now = new Date();
  const available = await confirmFunds(request.caller!.clientId, request.params.ConsentId ?? '', now);
  return respond(request, 'FundsConfirmationResponse', {
    data: { FundsAvailableResult: { FundsAvailableDateTime: now.toISOString(), FundsAvailable: available } },
  });
});
