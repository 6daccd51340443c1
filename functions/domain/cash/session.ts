import { randomUUID } from 'node:crypto';
import type { DomainError } from '../errors.ts';
import { cashErrors } from './errors.ts';
import { APPROVAL_WINDOW_MS, DISPENSE_TIMEOUT_MS } from './rules.ts';

/**
 * A cash session's life (the contract's `CashSessionStatus`):
 *
 *     AwaitingApproval ──approve──▶ Approved ──Dispensed──▶ Completed
 *            │                         │ └────Failed─────▶ Reversed
 *            └──window ends──▶ Expired ◀──no report by `dispenseBy` (hold released)
 *                                 │ (approved, never reported) ──late Dispensed──▶ Completed
 *                                 └──────────────────────────────late Failed─────▶ Reversed
 *
 * Only `AwaitingApproval` and `Approved` are open. A report that comes after the sweeper
 * released the hold is still the truth of what the machine did: a late `Dispensed` books the
 * withdrawal anyway (the cash left the machine) and records an exception for the operations
 * desk; a late `Failed` only records the outcome (the hold is already gone). Every other
 * status is final.
 */
export type CashSessionStatus = 'AwaitingApproval' | 'Approved' | 'Completed' | 'Reversed' | 'Expired';

interface StatusChange {
  Status: CashSessionStatus;
  At: string;
}

/** What the customer's approval fixed: who, from which account, how much, under which hold. */
export interface CashApproval {
  customerId: string;
  accountId: string;
  amount: number;
  holdId: string;
  approvedAt: string;
  /** After this the sweeper may release the hold. */
  dispenseBy: string;
}

/** The terminal's report. */
export interface CashWithdrawalRecord {
  withdrawalId: string;
  outcome: 'Dispensed' | 'Failed';
  reportedAt: string;
  failureReason?: string;
  /** The posting that booked it (`Dispensed`). */
  postingId?: string;
  /** Reported after the hold was released (`dispenseBy` passed and the sweeper ran). */
  late?: boolean;
}

/** A cash session as the rules see it (the store's item adds its keys). */
export interface CashSession {
  sessionId: string;
  /** The terminal's OAuth client: the only one that may see or report the session. */
  clientId: string;
  terminalId: string;
  /** The one-time reference of the code (tag 62/05). */
  reference: string;
  /** The code's payload, exactly as shown. */
  payload: string;
  location?: { name?: string; city?: string };
  status: CashSessionStatus;
  createdAt: string;
  statusUpdatedAt: string;
  /** Until when the code can be approved. */
  expiresAt: string;
  statusHistory: StatusChange[];
  approval?: CashApproval;
  withdrawal?: CashWithdrawalRecord;
}

const transitions: Record<CashSessionStatus, CashSessionStatus[]> = {
  AwaitingApproval: ['Approved', 'Expired'],
  Approved: ['Completed', 'Reversed', 'Expired'],
  Completed: [],
  Reversed: [],
  // Only an approved session never reported (see `isLateReport`).
  Expired: ['Completed', 'Reversed'],
};

/** Whether a session may move from `from` to `to`. */
export function canTransition(from: CashSessionStatus, to: CashSessionStatus): boolean {
  return transitions[from].includes(to);
}

/** `cs-<uuid>`: a new session id. */
export function newSessionId(): string {
  return `cs-${randomUUID()}`;
}

/** `cw-<uuid>`: a new withdrawal id. */
export function newWithdrawalId(): string {
  return `cw-${randomUUID()}`;
}

/** The ledger hold of a session: one per session, so an approval can hold funds only once. */
export function holdIdOf(sessionId: string): string {
  return `cash-${sessionId}`;
}

/** When a session opened at `now` stops accepting approval. */
export function approvalDeadline(now: Date): string {
  return new Date(now.getTime() + APPROVAL_WINDOW_MS).toISOString();
}

/** When a session approved at `now` must have been reported. */
export function dispenseDeadline(now: Date): string {
  return new Date(now.getTime() + DISPENSE_TIMEOUT_MS).toISOString();
}

/**
 * The status as of `now`: a code whose approval window ended is `Expired` even before the
 * sweeper records it (no money is involved yet). An `Approved` session stays `Approved` until
 * reported or swept: its hold is real until then, and a late report may still book the dispense.
 */
export function effectiveStatus(
  session: Pick<CashSession, 'status' | 'expiresAt'>,
  now: Date,
): CashSessionStatus {
  if (session.status === 'AwaitingApproval' && Date.parse(session.expiresAt) <= now.getTime())
    return 'Expired';
  return session.status;
}

/** The time the effective status began. */
export function effectiveStatusTime(session: CashSession, now: Date): string {
  return effectiveStatus(session, now) === session.status ? session.statusUpdatedAt : session.expiresAt;
}

/** Why the customer cannot approve this session now, or undefined when they can. */
export function approvalRefusal(session: CashSession, now: Date): DomainError | undefined {
  const status = effectiveStatus(session, now);
  if (status === 'AwaitingApproval') return undefined;
  if (status === 'Expired' && !session.approval) return cashErrors.sessionExpired();
  return cashErrors.codeAlreadyUsed();
}

/**
 * Whether a report on this session comes after its hold was released: approved, never
 * reported, and expired by the sweeper. It is still taken (see the state diagram above).
 */
export function isLateReport(session: Pick<CashSession, 'status' | 'approval' | 'withdrawal'>): boolean {
  return session.status === 'Expired' && session.approval !== undefined && session.withdrawal === undefined;
}

/** Why the terminal cannot report on this session, or undefined when it can (on time or late). */
export function reportRefusal(session: CashSession, now: Date): DomainError | undefined {
  const status = effectiveStatus(session, now);
  if (status === 'Approved' || isLateReport(session)) return undefined;
  if (status === 'Completed' || status === 'Reversed') return cashErrors.alreadyReported(status);
  return cashErrors.notApproved(status);
}

/** The posting of a late dispense: one possible id per session, so it is booked at most once. */
export function lateDispensePostingId(sessionId: string): string {
  return `pst_late_${sessionId}`;
}

/** What the sweeper does with a session at `now`: expire an unapproved code, release a stale hold, or nothing. */
export function sweepAction(session: CashSession, now: Date): 'expire' | 'release' | undefined {
  if (session.status === 'AwaitingApproval' && Date.parse(session.expiresAt) <= now.getTime())
    return 'expire';
  if (
    session.status === 'Approved' &&
    session.approval &&
    Date.parse(session.approval.dispenseBy) <= now.getTime()
  ) {
    return 'release';
  }
  return undefined;
}

/** The deadline by which an open session must move on (for the sweeper's index), or undefined once final. */
export function openDeadline(
  session: Pick<CashSession, 'status' | 'expiresAt' | 'approval'>,
): string | undefined {
  if (session.status === 'AwaitingApproval') return session.expiresAt;
  if (session.status === 'Approved') return session.approval?.dispenseBy;
  return undefined;
}
