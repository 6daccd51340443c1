import { accountAccessDetailOf, transactionAccess } from '#domain/account-access.ts';
import type { Consent, ConsentStatus } from '#domain/consent.ts';
import type { AccountItem, LedgerEntryItem } from '#domain/ledger/entities.ts';
import type { Schemas } from '#http/respond.ts';

/** UK OB v3.1 account-access consent as the client sees it. */
export function consentView(
  consent: Consent,
  status: ConsentStatus,
): Schemas['AccountAccessConsentResponse']['Data'] {
  const detail = accountAccessDetailOf(consent);
  return {
    ConsentId: consent.consentId,
    // Only payment consents are ever consumed.
    Status: status as Schemas['AccountAccessConsentStatus'],
    CreationDateTime: consent.createdAt,
    StatusUpdateDateTime: consent.statusUpdatedAt,
    Permissions: detail.Permissions,
    ...(consent.expiresAt ? { ExpirationDateTime: consent.expiresAt } : {}),
    ...(detail.TransactionFromDateTime ? { TransactionFromDateTime: detail.TransactionFromDateTime } : {}),
    ...(detail.TransactionToDateTime ? { TransactionToDateTime: detail.TransactionToDateTime } : {}),
  };
}

/** A signed whole-VND amount as OB's unsigned `Amount` with a credit/debit indicator. */
function signed(amount: number): Pick<Schemas['Balance'], 'Amount' | 'CreditDebitIndicator'> {
  return {
    Amount: { Amount: String(Math.abs(amount)), Currency: 'VND' },
    CreditDebitIndicator: amount < 0 ? 'Debit' : 'Credit',
  };
}

/** OBAccount6: identifiers only with ReadAccountsDetail. */
export function accountView(account: AccountItem, detail: boolean): Schemas['Account'] {
  return {
    AccountId: account.accountId,
    Status: account.status,
    Currency: account.currency,
    AccountType: account.accountType,
    AccountSubType: account.accountSubType,
    ...(account.nickname ? { Nickname: account.nickname } : {}),
    OpeningDate: account.openedAt,
    ...(detail
      ? {
          Account: [
            { SchemeName: 'VN.AccountNumber', Identification: account.accountNumber, Name: account.name },
          ],
          Servicer: { SchemeName: 'VN.BIN', Identification: account.bankBin },
        }
      : {}),
  };
}

/** OBReadBalance1: booked and available (booked minus holds). */
export function balanceViews(account: AccountItem, at: string): Schemas['Balance'][] {
  return [
    { AccountId: account.accountId, Type: 'InterimBooked', DateTime: at, ...signed(account.balance) },
    {
      AccountId: account.accountId,
      Type: 'InterimAvailable',
      DateTime: at,
      ...signed(account.balance - account.held),
    },
  ];
}

/** OBTransaction6: counterparties, running balance and narrative only with ReadTransactionsDetail. */
export function transactionView(
  entry: LedgerEntryItem,
  permissions: readonly string[],
): Schemas['Transaction'] {
  const detail = transactionAccess(permissions).level === 'detail';
  const counterparty:
    | { Account: Schemas['CounterpartyAccount']; Agent: Schemas['BankIdentification'] | undefined }
    | undefined = entry.counterparty
    ? {
        Account: {
          SchemeName: entry.counterparty.scheme ?? 'VN.AccountNumber',
          Name: entry.counterparty.name,
          ...(entry.counterparty.accountNumber
            ? {
                Identification: shownIdentification(
                  entry.counterparty.accountNumber,
                  entry.counterparty.scheme,
                ),
              }
            : {}),
        },
        Agent: entry.counterparty.bankBin
          ? { SchemeName: 'VN.BIN', Identification: entry.counterparty.bankBin }
          : undefined,
      }
    : undefined;
  const incoming = entry.creditDebit === 'Credit';
  return {
    AccountId: entry.accountId,
    TransactionId: entry.entryId,
    ...(entry.reference ? { TransactionReference: entry.reference } : {}),
    Amount: { Amount: String(entry.amount), Currency: 'VND' },
    CreditDebitIndicator: entry.creditDebit,
    Status: entry.status,
    BookingDateTime: entry.bookedAt,
    ValueDateTime: entry.valueAt,
    BankTransactionCode: { Code: entry.bankTransactionCode.code, SubCode: entry.bankTransactionCode.subCode },
    ...(detail
      ? {
          TransactionInformation: entry.description,
          Balance: { Type: 'InterimBooked', ...signed(entry.balanceAfter) },
          ...(entry.merchant
            ? {
                MerchantDetails: {
                  MerchantName: entry.merchant.name,
                  MerchantCategoryCode: entry.merchant.categoryCode,
                },
              }
            : {}),
          ...(counterparty
            ? incoming
              ? {
                  DebtorAccount: counterparty.Account,
                  ...(counterparty.Agent ? { DebtorAgent: counterparty.Agent } : {}),
                }
              : {
                  CreditorAccount: counterparty.Account,
                  ...(counterparty.Agent ? { CreditorAgent: counterparty.Agent } : {}),
                }
            : {}),
        }
      : {}),
  };
}

/** A card number masked to its BIN and last four digits (PCI DSS): a fintech never sees a whole card. */
function shownIdentification(identification: string, scheme: 'VN.CardNumber' | undefined): string {
  if (scheme !== 'VN.CardNumber') return identification;
  return `${identification.slice(0, 6)}${'*'.repeat(identification.length - 10)}${identification.slice(-4)}`;
}
