import type { Consent } from '#domain/consent.ts';
import type { DebtorView } from '#domain/payments/consent-detail.ts';
import type { ScaMethod } from '#domain/payments/strong-authentication.ts';
import { consentTransition } from '../consents.ts';
import type { ExtraWrite, TransactItem } from '../transact.ts';

/**
 * The status changes of a domestic-payment consent. Each is the shared consent transition
 * (`consentTransition`: guarded on the status and the client, appended to the history) plus
 * what a payment consent records on the way: the debtor and how the customer authenticated
 * when authorised, the payment that used it when consumed.
 */

type UpdateInput = {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
};

/** Adds `SET`s under `detail` (and optionally a further guard) to a consent transition. */
function withDetail(
  item: TransactItem,
  detail: Record<string, unknown>,
  guard?: { expression: string; values: Record<string, unknown> },
): TransactItem {
  const update = item.Update as unknown as UpdateInput;
  const names: Record<string, string> = { ...update.ExpressionAttributeNames, '#detail': 'detail' };
  const values = { ...update.ExpressionAttributeValues, ...guard?.values };
  const sets: string[] = [];
  for (const [field, value] of Object.entries(detail)) {
    names[`#d_${field}`] = field;
    values[`:d_${field}`] = value;
    sets.push(`#detail.#d_${field} = :d_${field}`);
  }
  return {
    Update: {
      ...(item.Update as object),
      // consentTransition's expression is a single SET clause: more assignments join it.
      UpdateExpression: `${update.UpdateExpression}, ${sets.join(', ')}`,
      ConditionExpression: guard
        ? `${update.ConditionExpression} AND ${guard.expression}`
        : update.ConditionExpression,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    } as unknown as TransactItem['Update'],
  };
}

/**
 * AwaitingAuthorisation → Authorised with the chosen debtor account, the customer and grant,
 * and `ScaMethod`: joined to the grant's transaction by the consent step.
 */
export function paymentConsentAuthorisation(input: {
  consent: Pick<Consent, 'consentId' | 'clientId'>;
  customerId: string;
  accountId: string;
  grantId: string;
  at: string;
  debtor: DebtorView;
  scaMethod: ScaMethod;
}): TransactItem {
  return withDetail(
    consentTransition({
      consentId: input.consent.consentId,
      clientId: input.consent.clientId,
      from: 'AwaitingAuthorisation',
      to: 'Authorised',
      at: input.at,
      set: { customerId: input.customerId, accountIds: [input.accountId], grantId: input.grantId },
    }),
    { Debtor: input.debtor, ScaMethod: input.scaMethod },
  );
}

/**
 * Authorised → Consumed by `paymentId`, in the transaction that books the payment: it holds
 * only while the consent is Authorised and unexpired, so a consent pays at most once.
 */
export function paymentConsentConsumption(input: {
  consent: Pick<Consent, 'consentId' | 'clientId' | 'expiresAt'>;
  paymentId: string;
  at: string;
  onConditionFailed: (current: Consent | undefined) => Error;
}): ExtraWrite {
  const item = consentTransition({
    consentId: input.consent.consentId,
    clientId: input.consent.clientId,
    from: 'Authorised',
    to: 'Consumed',
    at: input.at,
  });
  const guarded = withDetail(
    {
      Update: {
        ...(item.Update as object),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      } as TransactItem['Update'],
    },
    { DomesticPaymentId: input.paymentId },
    input.consent.expiresAt
      ? { expression: 'expiresAt > :notAfter', values: { ':notAfter': input.at } }
      : undefined,
  );
  return {
    label: 'consent',
    item: guarded,
    onConditionFailed: (current) => input.onConditionFailed(current as Consent | undefined),
  };
}
