import { randomUUID } from 'node:crypto';
import { authorize } from '#auth/authorize.ts';
import { parseAccountAccessRequest } from '#domain/account-access.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { idempotent } from '#http/idempotent.ts';
import { type Consent, putConsent } from '#store/consents.ts';
import { consentView } from './views.ts';

/** POST /v1/aisp/account-access-consents: the fintech asks; the customer decides later. */
export const handler = apiHandler(
  { body: 'json', use: [authorize({ scopes: ['accounts'], subject: 'client' }), idempotent()] },
  async (request) => {
    const now = new Date();
    const { value, problems } = parseAccountAccessRequest(request.body, now);
    if (!value) throw new ValidationError(problems.list);
    const createdAt = now.toISOString();
    const consent: Consent = {
      type: 'Consent',
      consentId: `aac-${randomUUID()}`,
      kind: 'account-access',
      clientId: request.caller!.clientId,
      status: 'AwaitingAuthorisation',
      createdAt,
      statusUpdatedAt: createdAt,
      statusHistory: [{ Status: 'AwaitingAuthorisation', At: createdAt }],
      ...(value.expiresAt ? { expiresAt: value.expiresAt } : {}),
      detail: {
        Permissions: value.permissions,
        ...(value.transactionFrom ? { TransactionFromDateTime: value.transactionFrom } : {}),
        ...(value.transactionTo ? { TransactionToDateTime: value.transactionTo } : {}),
      },
    };
    await putConsent(consent);
    const self = `${request.url.origin}${request.url.pathname}/${consent.consentId}`;
    return {
      status: 201,
      headers: { location: self },
      body: { Data: consentView(consent, consent.status), Risk: {}, Links: { Self: self }, Meta: {} },
    };
  },
);
