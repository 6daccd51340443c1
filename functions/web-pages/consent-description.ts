import { bankByBin } from '#domain/banks.ts';
import type { Consent } from '#domain/consent.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import {
  DAILY_TOTAL_LIMIT,
  INTERBANK_MFA_FROM,
  SINGLE_TRANSFER_LIMIT,
  type StepUpReason,
} from '#domain/payments/strong-authentication.ts';
import type { Locale } from './locale.ts';
import { permissionText, t } from './messages.ts';

/** What a consent asks for, in plain words: the heading line, the permission list and the details. */
export interface ConsentDescription {
  purpose: string;
  details: Array<{ term: string; value: string }>;
  bullets: string[];
  /** Several accounts (account information) or exactly one (a payment's debtor). */
  selection: 'many' | 'one';
  expiresAt?: string;
}

/** Whole VND, the way Vietnamese customers read it: 150.000 ₫. */
function formatVnd(amount: string | number): string {
  return `${new Intl.NumberFormat('vi-VN').format(Number(amount))} ₫`;
}

const STEP_UP_THRESHOLD: Record<StepUpReason, number> = {
  Amount: SINGLE_TRANSFER_LIMIT,
  DailyTotal: DAILY_TOTAL_LIMIT,
  InterbankAmount: INTERBANK_MFA_FROM,
};

/** Why the step-up is asked for, in the customer's words. */
export function stepUpExplanation(reasons: StepUpReason[], locale: Locale): string {
  const why = reasons.map((reason) => t(locale, `stepUp.${reason}`)(formatVnd(STEP_UP_THRESHOLD[reason])));
  return t(locale, 'stepUpExplanation')(why.join('; '));
}

/** What a consent asks for, in plain words; `stepUp` for a payment that needs one. */
export function describeConsent(
  consent: Consent,
  locale: Locale,
  stepUp: StepUpReason[] = [],
): ConsentDescription {
  if (consent.kind === 'domestic-payment') {
    const initiation = (consent.detail.Initiation ?? {}) as {
      InstructedAmount?: { Amount?: string };
      CreditorAccount?: { Identification?: string; Name?: string };
      CreditorAgent?: { Identification?: string };
      RemittanceInformation?: { Reference?: string; Unstructured?: string };
    };
    const bin = initiation.CreditorAgent?.Identification ?? '';
    return {
      purpose: t(locale, 'paymentPurpose'),
      bullets: [],
      details: [
        { term: t(locale, 'paymentAmount'), value: formatVnd(initiation.InstructedAmount?.Amount ?? '0') },
        { term: t(locale, 'payee'), value: initiation.CreditorAccount?.Name ?? '' },
        { term: t(locale, 'payeeAccount'), value: initiation.CreditorAccount?.Identification ?? '' },
        { term: t(locale, 'payeeBank'), value: bankByBin(bin)?.shortName ?? bin },
        {
          term: t(locale, 'paymentReference'),
          value:
            initiation.RemittanceInformation?.Unstructured ??
            initiation.RemittanceInformation?.Reference ??
            '',
        },
        ...(stepUp.length
          ? [{ term: t(locale, 'stepUpTerm'), value: stepUpExplanation(stepUp, locale) }]
          : []),
      ],
      selection: 'one',
      ...(consent.expiresAt ? { expiresAt: consent.expiresAt } : {}),
    };
  }
  const permissions = (consent.detail.Permissions as string[] | undefined) ?? [];
  const from = consent.detail.TransactionFromDateTime as string | undefined;
  const to = consent.detail.TransactionToDateTime as string | undefined;
  const window =
    from || to ? [{ term: t(locale, 'transactionWindow'), value: `${from ?? '…'} → ${to ?? '…'}` }] : [];
  return {
    purpose: t(locale, 'accountsPurpose'),
    bullets: permissions.map((permission) => permissionText(locale, permission)),
    details: window,
    selection: 'many',
    ...(consent.expiresAt ? { expiresAt: consent.expiresAt } : {}),
  };
}

/** How an account is shown when the customer picks it, and on the sharing page. */
export function accountLabel(account: AccountItem, locale: Locale): string {
  const kind = t(locale, account.accountSubType === 'Savings' ? 'savingsAccount' : 'currentAccount');
  return `${kind} ${account.accountNumber} · ${formatVnd(account.balance - account.held)}`;
}
