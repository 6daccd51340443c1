import { conflict, DomainError, invalid, notFound } from '../errors.ts';

/**
 * What cash by QR refuses, each with a stable `VN.OB.Cash.*` code. 400: the request is wrong;
 * 404: no such session (or code) for this caller; 409: the session is not in a state that
 * allows this any more (expired, already approved, already reported).
 */
export const cashErrors = {
  /** The scanned text is not a well-formed VietQR (CRC mismatch, broken TLV…): damaged or tampered. */
  invalidCode: (problems: { path: string; message: string }[]) =>
    invalid('VN.OB.Cash.InvalidCode', invalidCodeMessage(problems), { path: 'Data.Payload' }),
  /** A well-formed VietQR that is not one of this bank's cash codes. */
  notCashCode: (why: string) =>
    invalid('VN.OB.Cash.NotCashCode', `This is not a cash withdrawal code of this bank: ${why}`, {
      path: 'Data.Payload',
    }),
  /** No session was ever opened under the code's one-time reference. */
  unknownCode: () =>
    new DomainError(
      'not-found',
      'VN.OB.Cash.UnknownCode',
      'No cash session has this code; scan the code the terminal shows now.',
      {
        path: 'Data.Payload',
      },
    ),
  /** The reference is known but the rest of the code differs from what the terminal showed. */
  codeMismatch: () =>
    invalid(
      'VN.OB.Cash.CodeMismatch',
      'The code does not match the one the terminal showed (terminal, bank or reference altered); scan it again.',
      { path: 'Data.Payload' },
    ),
  sessionExpired: () =>
    conflict('VN.OB.Cash.SessionExpired', 'The cash session has expired; ask the terminal for a new code.'),
  /** Single use: the code was approved before (by anyone). */
  codeAlreadyUsed: () =>
    conflict(
      'VN.OB.Cash.CodeAlreadyUsed',
      'This code was already used for a withdrawal; ask the terminal for a new code.',
    ),
  sessionNotFound: (sessionId: string) => notFound(`No cash session ${sessionId} for this client.`),
  notApproved: (status: string) =>
    conflict(
      'VN.OB.Cash.SessionNotApproved',
      `The session is ${status}, not Approved: dispense nothing and report nothing for it.`,
    ),
  alreadyReported: (status: string) =>
    conflict(
      'VN.OB.Cash.AlreadyReported',
      `The outcome of this session was already reported (it is ${status}); a session takes one report.`,
    ),
  insufficientFunds: () =>
    invalid(
      'VN.OB.Cash.InsufficientFunds',
      'The account has insufficient available funds for this withdrawal.',
      { path: 'Data.Amount' },
    ),
  accountDisabled: () =>
    invalid('VN.OB.Cash.AccountDisabled', 'The account is not enabled for withdrawals.', {
      path: 'Data.AccountId',
    }),
  accountNotFound: () =>
    new DomainError(
      'not-found',
      'VN.OB.Cash.AccountNotFound',
      "No such account among this customer's accounts.",
      {
        path: 'Data.AccountId',
      },
    ),
} as const;

function invalidCodeMessage(problems: { path: string; message: string }[]): string {
  const first = problems[0];
  const detail = first ? ` (tag ${first.path}: ${first.message})` : '';
  return `The scanned code is not a valid VietQR${detail}; scan it again.`;
}
