import { authorize } from '#auth/authorize.ts';
import { effectiveStatus } from '#domain/consent.ts';
import { covers } from '#domain/ledger/accounts.ts';
import { parseVnd } from '#domain/money.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { ownConsent } from '../aisp/own-consent.ts';
import { paymentDetailOf } from './views.ts';

/**
 * GET /v1/pisp/domestic-payment-consents/{ConsentId}/funds-confirmation: whether the debtor
 * account's available balance covers the amount right now (the ledger's own rule), for an
 * Authorised consent only. Nothing is reserved.
 */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['payments'], subject: 'client' })] },
  async (request) => {
    const consent = await ownConsent(request, 'domestic-payment');
    const now = new Date();
    const status = effectiveStatus(consent, now);
    if (status !== 'Authorised')
      throw paymentErrors.consentStatus(status, paymentDetailOf(consent).DomesticPaymentId);
    const amount = parseVnd(paymentDetailOf(consent).Initiation.InstructedAmount.Amount);
    const account = await getAccount(consent.accountIds?.[0] ?? '');
    const available = Boolean(
      account && amount.ok && account.status === 'Enabled' && covers(account, amount.value),
    );
    return {
      status: 200,
      body: {
        Data: {
          FundsAvailableResult: { FundsAvailableDateTime: now.toISOString(), FundsAvailable: available },
        },
        Links: { Self: request.url.href },
        Meta: {},
      },
    };
  },
);
