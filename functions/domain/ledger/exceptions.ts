/**
 * Exceptions for the bank's operations desk: money that moved in a way someone must look at,
 * recorded in the same transaction as the posting that caused it (so there is never a posting
 * without its exception, or the reverse). The inquiries desk reads them by business day.
 */
export type OpsExceptionKind =
  /** A terminal reported a dispense after its hold was released: booked anyway, maybe into overdraft. */
  | 'late-dispense'
  /** A refused interbank payment was returned to a debtor account that is disabled. */
  | 'reversal-to-disabled-account'
  /** A refused interbank payment could not be returned to its debtor account: held in suspense. */
  | 'reversal-to-suspense';

export interface OpsException {
  /** One per cause (`<kind>-<source id>`), so the same cause is never recorded twice. */
  exceptionId: string;
  kind: OpsExceptionKind;
  occurredAt: string;
  /** Whole VND. */
  amount: number;
  /** The account the money was booked on. */
  accountId: string;
  postingId: string;
  /** The cash session (late dispense) or payment (reversal) it came from. */
  sourceId: string;
  clientId?: string;
  customerId?: string;
  /** What happened and what the desk should do, in words. */
  description: string;
  status: 'Open';
}

/** The exception id of a cause: one per kind and source. */
export function opsExceptionId(kind: OpsExceptionKind, sourceId: string): string {
  return `${kind}-${sourceId}`;
}
