import { bankByBin } from '#domain/banks.ts';
import {
  DAILY_TOTAL_LIMIT,
  INTERBANK_MFA_FROM,
  SINGLE_TRANSFER_LIMIT,
  type StepUpReason,
} from '#domain/payments/strong-authentication.ts';
import type { Consent } from '#store/consents.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import type { ConsentPageModel } from './pages/consent-page.ts';
import type { Locale } from './pages/i18n.ts';

type ConsentDescription = Pick<
  ConsentPageModel,
  'purpose' | 'details' | 'bullets' | 'selection' | 'expiresAt'
>;

const permissionText: Record<string, { vi: string; en: string }> = {
  ReadAccountsBasic: { vi: 'Xem danh sách tài khoản của bạn', en: 'See the list of your accounts' },
  ReadAccountsDetail: {
    vi: 'Xem số tài khoản và tên chủ tài khoản',
    en: 'See account numbers and holder names',
  },
  ReadBalances: { vi: 'Xem số dư tài khoản', en: 'See your balances' },
  ReadTransactionsBasic: { vi: 'Xem lịch sử giao dịch', en: 'See your transaction history' },
  ReadTransactionsDetail: {
    vi: 'Xem chi tiết giao dịch, kể cả người gửi và người nhận',
    en: 'See transaction details, including payers and payees',
  },
  ReadTransactionsCredits: { vi: 'Gồm các khoản tiền vào', en: 'Including money in' },
  ReadTransactionsDebits: { vi: 'Gồm các khoản tiền ra', en: 'Including money out' },
};

/** Whole VND, the way Vietnamese customers read it: 150.000 ₫. */
export function formatVnd(amount: string | number): string {
  return `${new Intl.NumberFormat('vi-VN').format(Number(amount))} ₫`;
}

/** The form field of the step-up confirmation (the sandbox's stand-in for a biometric check). */
export const STEP_UP_FIELD = 'biometric';

/** The step-up checkbox the customer must tick when a payment needs it. */
export function stepUpConfirmation(locale: Locale): ConsentPageModel['confirmations'][number] {
  return {
    name: STEP_UP_FIELD,
    label: locale === 'vi' ? 'Tôi xác nhận bằng sinh trắc học' : 'I confirm with biometrics',
  };
}

/** What the page says when a step-up is needed and was not given. */
export function stepUpMissing(locale: Locale): string {
  return locale === 'vi'
    ? 'Giao dịch này cần xác thực sinh trắc học: hãy đánh dấu ô xác nhận sinh trắc học.'
    : 'This payment needs biometric authentication: tick the biometric confirmation.';
}

/** Why the step-up is asked for, in the customer's words. */
function stepUpExplanation(reasons: StepUpReason[], locale: Locale): string {
  const vi = locale === 'vi';
  const text: Record<StepUpReason, string> = vi
    ? {
        Amount: `số tiền trên ${formatVnd(SINGLE_TRANSFER_LIMIT)}`,
        DailyTotal: `tổng giao dịch trong ngày vượt ${formatVnd(DAILY_TOTAL_LIMIT)}`,
        InterbankAmount: `chuyển liên ngân hàng từ ${formatVnd(INTERBANK_MFA_FROM)}`,
      }
    : {
        Amount: `the amount is above ${formatVnd(SINGLE_TRANSFER_LIMIT)}`,
        DailyTotal: `your payments today would exceed ${formatVnd(DAILY_TOTAL_LIMIT)}`,
        InterbankAmount: `an interbank transfer of ${formatVnd(INTERBANK_MFA_FROM)} or more`,
      };
  const why = reasons.map((reason) => text[reason]);
  return vi
    ? `Sinh trắc học (bắt buộc: ${why.join('; ')} — Quyết định 2345/QĐ-NHNN)`
    : `Biometrics (required: ${why.join('; ')} — Decision 2345/QĐ-NHNN)`;
}

/** What the consent page says about this consent, in plain words; `stepUp` for a payment that needs one. */
export function describeConsent(
  consent: Consent,
  locale: Locale,
  stepUp: StepUpReason[] = [],
): ConsentDescription {
  const vi = locale === 'vi';
  if (consent.kind === 'domestic-payment') {
    const initiation = (consent.detail.Initiation ?? {}) as {
      InstructedAmount?: { Amount?: string };
      CreditorAccount?: { Identification?: string; Name?: string };
      CreditorAgent?: { Identification?: string };
      RemittanceInformation?: { Reference?: string; Unstructured?: string };
    };
    const bin = initiation.CreditorAgent?.Identification ?? '';
    return {
      purpose: vi
        ? 'thực hiện một khoản thanh toán từ tài khoản của bạn:'
        : 'make one payment from your account:',
      bullets: [],
      details: [
        { term: vi ? 'Số tiền' : 'Amount', value: formatVnd(initiation.InstructedAmount?.Amount ?? '0') },
        { term: vi ? 'Người nhận' : 'Payee', value: initiation.CreditorAccount?.Name ?? '' },
        {
          term: vi ? 'Tài khoản nhận' : 'Payee account',
          value: initiation.CreditorAccount?.Identification ?? '',
        },
        { term: vi ? 'Ngân hàng' : 'Bank', value: bankByBin(bin)?.shortName ?? bin },
        {
          term: vi ? 'Nội dung' : 'Reference',
          value:
            initiation.RemittanceInformation?.Unstructured ??
            initiation.RemittanceInformation?.Reference ??
            '',
        },
        ...(stepUp.length
          ? [
              {
                term: vi ? 'Xác thực bổ sung' : 'Extra authentication',
                value: stepUpExplanation(stepUp, locale),
              },
            ]
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
    from || to
      ? [
          {
            term: vi ? 'Giao dịch trong khoảng' : 'Transactions from',
            value: `${from ?? '…'} → ${to ?? '…'}`,
          },
        ]
      : [];
  return {
    purpose: vi ? 'xem thông tin tài khoản của bạn:' : 'see information about your accounts:',
    bullets: permissions.map((p) => permissionText[p]?.[locale] ?? p),
    details: window,
    selection: 'many',
    ...(consent.expiresAt ? { expiresAt: consent.expiresAt } : {}),
  };
}

/** How an account is shown when the customer picks it. */
export function accountLabel(account: AccountItem, locale: Locale): string {
  const kind =
    account.accountSubType === 'Savings'
      ? locale === 'vi'
        ? 'Tiết kiệm'
        : 'Savings'
      : locale === 'vi'
        ? 'Thanh toán'
        : 'Current';
  return `${kind} ${account.accountNumber} · ${formatVnd(account.balance - account.held)}`;
}
