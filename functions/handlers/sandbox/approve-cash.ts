import { parseCashApprovalRequest } from '#domain/cash/requests.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { approveCashSession } from '../cash/approve-session.ts';
import { optionalIdempotency } from '../cash/optional-idempotency.ts';

/**
 * POST /sandbox/cash-approvals (sandbox only): plays the customer's bank app approving a
 * scanned QRCASH code with an account and an amount. The demo customer counts as signed in to
 * their app, as in `/sandbox/qr-payments`; the amount is held and the session becomes `Approved`.
 */
export const handler = apiHandler(
  { body: 'json', use: [optionalIdempotency('sandbox-bank-app')] },
  async (request) => {
    const { value, problems } = parseCashApprovalRequest(request.body);
    if (!value) throw new ValidationError(problems.list);
    return approveCashSession({ ...value, self: request.url.href }, request.idempotency);
  },
);
