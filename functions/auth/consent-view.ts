import { bankByBin } from '#domain/banks.ts';
import type { ConsentItem } from '#store/consents.ts';
import type { AccountItem } from '#store/items.ts';
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

/** What the consent page says about this consent, in plain words. */
export function describeConsent(consent: ConsentItem, locale: Locale): ConsentDescription {
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
