import { conflict, invalid, notFound } from '../errors.ts';

/**
 * What bills refuse, each with a stable `VN.OB.Bills.*` code. A field problem names the field in
 * its code (`VN.OB.Bills.InvalidAmount`) and in `Path`; 404: no such bill for this partner; 409:
 * the bill's state does not allow it (cancelled, expired, already paid).
 */
export const billErrors = {
  notFound: (billId: string) => notFound(`No bill ${billId} for this client.`),
  /** The same `Reference` was used before with another bill body. */
  referenceConflict: (billId: string) =>
    invalid(
      'VN.OB.Bills.ReferenceConflict',
      `Reference is already bill ${billId} with other details; send the same details to get that bill back, or use a new Reference.`,
      { path: 'Data.Reference' },
    ),
  /** The same details again, for a bill that can no longer be paid: a new bill needs a new Reference. */
  referenceEnded: (billId: string, status: string) =>
    invalid(
      'VN.OB.Bills.ReferenceConflict',
      `Reference is bill ${billId}, which is ${status}; to bill again, issue a new bill under a new Reference.`,
      { path: 'Data.Reference' },
    ),
  noCollectionAccount: () =>
    conflict(
      'VN.OB.Bills.NoCollectionAccount',
      "This client has no collection account yet; the bank's operators assign one to each city partner.",
    ),
  /** The operator's assign command: no registered client has this id. */
  unknownClient: (clientId: string) =>
    notFound(`No registered client ${clientId}: check the client_id the partner's registration returned.`),
  /**
   * The operator's assign command: only a client registered with scope `bills` collects bills.
   * Not an API answer (the command prints it), so it takes no code of the API's catalogue.
   */
  notACityPartner: (clientId: string, scopes: readonly string[]) =>
    invalid(
      'UK.OBIE.Field.Invalid',
      `Client ${clientId} is registered with scopes "${scopes.join(' ')}", not bills: only a city partner gets a collection account.`,
      { path: 'client' },
    ),
  notCancellable: (status: string) =>
    conflict('VN.OB.Bills.NotCancellable', `The bill is ${status}; only an Unpaid bill can be cancelled.`),
  /** A payment for a bill that can no longer be paid: refused before any money moves. */
  notPayable: (status: string) =>
    conflict(
      'VN.OB.Bills.NotPayable',
      `The bill is ${status} and can no longer be paid; nothing was debited. Ask the issuer for a new bill.`,
    ),
  /** A payment below the amount due (the late fee grew since the code was made). */
  underpaid: (due: number, path: string) =>
    invalid(
      'VN.OB.Bills.Underpaid',
      `The amount due today is ${due} VND; pay at least that (nothing was debited). Scan the bill's current code.`,
      { path },
    ),
  /** A payment to a collection account that names no bill of its partner. */
  unknownBill: (path: string) =>
    invalid(
      'VN.OB.Bills.UnknownBill',
      "No bill of this collection account has this reference; send the bill's BillId or its Reference. Nothing was debited.",
      { path },
    ),
  notPaid: (status: string) =>
    conflict('VN.OB.Bills.NotPaid', `The bill is ${status}; only a paid bill can be refunded.`),
  refundExceedsPaid: (refundable: number) =>
    invalid(
      'VN.OB.Bills.RefundExceedsPaid',
      `At most ${refundable} VND of this bill can still be refunded; the total refunded never exceeds what was paid.`,
      { path: 'Data.Amount' },
    ),
  refundWindowClosed: (days: number) =>
    invalid(
      'VN.OB.Bills.RefundWindowClosed',
      `Refunds are allowed within ${days} days of the payment; this bill was paid earlier.`,
      { path: 'Data.RefundId' },
    ),
  refundIdConflict: () =>
    invalid(
      'VN.OB.Bills.RefundIdConflict',
      'RefundId was already used for this bill with another amount or reason; use a new RefundId.',
      { path: 'Data.RefundId' },
    ),
} as const;
