import { OWN_BANK_BIN } from '#domain/banks.ts';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import type { TransferInstruction } from '#domain/ledger/transfer.ts';
import { truncate } from '#domain/text.ts';
import { type DomesticPayment, isIntraBank, paymentPostingId, reversalPostingId } from './status.ts';

/** ISO 20022 sub-family RRTN: reversal due to a payment return. */
const RETURN_ISSUED = { code: 'ICDT', subCode: 'RRTN' };
const RETURN_RECEIVED = { code: 'RCDT', subCode: 'RRTN' };

/** Statement lines hold 140 characters. */
const STATEMENT_TEXT = 140;

function statementText(...parts: Array<string | undefined>): string {
  const text = parts.filter(Boolean).join(' - ');
  return truncate(text, STATEMENT_TEXT);
}

/** The creditor as the debtor's statement names it: by account, or by card (marked so, for AIS to mask). */
function creditorCounterparty(
  creditor: DomesticPayment['initiation']['CreditorAccount'],
  bankBin: string,
): NonNullable<TransferInstruction['debit']['counterparty']> {
  return {
    name: creditor.Name,
    accountNumber: creditor.Identification,
    bankBin,
    ...(creditor.SchemeName === 'VN.CardNumber' ? { scheme: 'VN.CardNumber' as const } : {}),
  };
}

/** The ledger account a payment credits: the payee's account here, or NAPAS clearing for another bank. */
export function creditAccountOf(
  initiation: DomesticPayment['initiation'],
  creditorAccountId: string | undefined,
): string | undefined {
  return isIntraBank(initiation) ? creditorAccountId : bankAccounts.napasClearing;
}

/**
 * The posting of a payment: the debtor's account to the payee's (intra-bank) or to the NAPAS
 * clearing account (interbank), with what each statement shows.
 */
export function paymentTransfer(payment: DomesticPayment): TransferInstruction {
  const { initiation, debtor } = payment;
  const creditor = initiation.CreditorAccount;
  const bin = initiation.CreditorAgent.Identification;
  const remittance = initiation.RemittanceInformation;
  const intra = isIntraBank(initiation);
  return {
    kind: intra ? 'domestic-payment' : 'interbank-payment',
    amount: payment.amount,
    postingId: paymentPostingId(payment.paymentId),
    sourceId: payment.paymentId,
    clientId: payment.clientId,
    reference: remittance?.Reference ?? initiation.EndToEndIdentification,
    debit: {
      accountId: payment.debtorAccountId,
      description: statementText(`Chuyển tiền đến ${creditor.Name}`, remittance?.Unstructured),
      counterparty: creditorCounterparty(creditor, bin),
    },
    credit: intra
      ? {
          accountId: payment.creditAccountId,
          description: statementText(`Nhận tiền từ ${debtor.name}`, remittance?.Unstructured),
          counterparty: { name: debtor.name, accountNumber: debtor.accountNumber, bankBin: OWN_BANK_BIN },
        }
      : {
          accountId: payment.creditAccountId,
          description: statementText(`NAPAS 247 ${payment.paymentId}`, creditor.Name),
          counterparty: creditorCounterparty(creditor, bin),
        },
  };
}

/**
 * The posting that returns a refused interbank payment from NAPAS clearing to the debtor; on
 * the clearing shard the payment credited (`clearingShard`), when clearing is sharded.
 */
export function reversalTransfer(payment: DomesticPayment, clearingShard?: number): TransferInstruction {
  const { initiation } = payment;
  const creditor = initiation.CreditorAccount;
  return {
    kind: 'reversal',
    amount: payment.amount,
    postingId: reversalPostingId(payment.paymentId),
    sourceId: payment.paymentId,
    clientId: payment.clientId,
    reference: initiation.RemittanceInformation?.Reference ?? initiation.EndToEndIdentification,
    debit: {
      accountId: bankAccounts.napasClearing,
      ...(clearingShard !== undefined ? { shard: clearingShard } : {}),
      description: statementText(`NAPAS 247 hoàn trả ${payment.paymentId}`),
      bankTransactionCode: RETURN_ISSUED,
      counterparty: {
        name: payment.debtor.name,
        accountNumber: payment.debtor.accountNumber,
        bankBin: OWN_BANK_BIN,
      },
    },
    credit: {
      accountId: payment.debtorAccountId,
      description: statementText(`Hoàn tiền: ngân hàng nhận từ chối - ${creditor.Name}`),
      bankTransactionCode: RETURN_RECEIVED,
      counterparty: creditorCounterparty(creditor, initiation.CreditorAgent.Identification),
    },
  };
}
