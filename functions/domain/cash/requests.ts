import { parseVnd } from '../money.ts';
import { isObject, Problems } from '../validation.ts';
import type { TerminalLocation } from './code.ts';
import { cashAmountProblem } from './rules.ts';

/** `TerminalId`: what tag 62/07 can carry; at least one letter or digit names the ATM in 38/01/01. */
const TERMINAL_ID = /^(?=.*[A-Za-z0-9])[A-Za-z0-9-]{1,25}$/;
/** The contract's `Id`. */
const ID = /^[A-Za-z0-9._~-]{1,128}$/;
/** EMVCo's limit for a whole payload. */
const MAX_PAYLOAD = 512;
const MAX_FAILURE_REASON = 140;
/** Longer than any password a person types; bounds the work of judging one. */
const MAX_PASSWORD = 256;

export interface CashSessionRequest {
  terminalId: string;
  location?: TerminalLocation;
}

export interface CashApprovalRequest {
  payload: string;
  username: string;
  /** The customer's password, with which the bank app signs them in before acting for them. */
  password: string;
  accountId: string;
  amount: number;
}

export interface CashWithdrawalReport {
  sessionId: string;
  outcome: 'Dispensed' | 'Failed';
  failureReason?: string;
}

type Parsed<T> = { value?: T; problems: Problems };

/** The `Data` object, noting unknown fields; undefined (with a problem) when absent or not an object. */
function dataOf(
  body: unknown,
  fields: readonly string[],
  problems: Problems,
): Record<string, unknown> | undefined {
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing('Data', `The body needs a Data object with ${fields.join(', ')}: { "Data": { … } }.`);
    return undefined;
  }
  unexpected(data, 'Data', fields, problems);
  return data;
}

function unexpected(
  object: Record<string, unknown>,
  path: string,
  fields: readonly string[],
  problems: Problems,
) {
  for (const name of Object.keys(object)) {
    if (!fields.includes(name)) {
      problems.add(
        `${path}.${name}`,
        `${path}.${name} is not a field of this request; accepted: ${fields.join(', ')}.`,
        'UK.OBIE.Field.Unexpected',
      );
    }
  }
}

/** A required string field, or a problem naming it. */
function text(
  data: Record<string, unknown>,
  name: string,
  problems: Problems,
  hint: string,
): string | undefined {
  const value = data[name];
  if (value === undefined) {
    problems.missing(`Data.${name}`, `Data.${name} is required: ${hint}.`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(`Data.${name}`, `Data.${name} must be a JSON string: ${hint}.`);
    return undefined;
  }
  return value;
}

/** `POST /v1/cash/sessions`: the terminal's id and, optionally, where it stands. */
export function parseCashSessionRequest(body: unknown): Parsed<CashSessionRequest> {
  const problems = new Problems();
  const data = dataOf(body, ['TerminalId', 'Location'], problems);
  if (!data) return { problems };
  const terminalId = text(data, 'TerminalId', problems, 'the terminal id, e.g. "HN0042"');
  if (terminalId !== undefined && !TERMINAL_ID.test(terminalId)) {
    problems.add(
      'Data.TerminalId',
      'Data.TerminalId must be 1–25 letters, digits or hyphens with at least one letter or digit, e.g. "HN0042".',
    );
  }
  let location: TerminalLocation | undefined;
  if (data.Location !== undefined) {
    if (!isObject(data.Location)) {
      problems.add('Data.Location', 'Data.Location must be an object { "Name", "City" }.');
    } else {
      unexpected(data.Location, 'Data.Location', ['Name', 'City'], problems);
      location = {};
      for (const [field, key] of [
        ['Name', 'name'],
        ['City', 'city'],
      ] as const) {
        const value = data.Location[field];
        if (value === undefined) continue;
        if (typeof value === 'string') location[key] = value;
        else problems.add(`Data.Location.${field}`, `Data.Location.${field} must be a JSON string.`);
      }
    }
  }
  if (!problems.empty) return { problems };
  return { value: { terminalId: terminalId!, ...(location ? { location } : {}) }, problems };
}

/**
 * `POST /sandbox/cash-approvals`: the scanned code, the customer's credentials (the bank app
 * signs them in), the account and the amount.
 */
export function parseCashApprovalRequest(body: unknown): Parsed<CashApprovalRequest> {
  const problems = new Problems();
  const data = dataOf(body, ['Payload', 'Username', 'Password', 'AccountId', 'Amount'], problems);
  if (!data) return { problems };
  const payload = text(data, 'Payload', problems, 'the text of the scanned QR code');
  if (payload !== undefined && (payload.length === 0 || payload.length > MAX_PAYLOAD)) {
    problems.add(
      'Data.Payload',
      `Data.Payload must be the scanned code's text, 1–${MAX_PAYLOAD} characters.`,
    );
  }
  const username = text(data, 'Username', problems, 'a demo customer from GET /sandbox/customers');
  if (username !== undefined && (username.trim().length === 0 || username.length > 64)) {
    problems.add('Data.Username', 'Data.Username must be a username of 1–64 characters.');
  }
  const password = text(data, 'Password', problems, "the customer's password (demo customers: sandbox)");
  if (password !== undefined && (password.length === 0 || password.length > MAX_PASSWORD)) {
    problems.add(
      'Data.Password',
      `Data.Password must be the customer's password, 1–${MAX_PASSWORD} characters.`,
    );
  }
  const accountId = text(data, 'AccountId', problems, "one of the customer's AccountId values");
  if (accountId !== undefined && !ID.test(accountId)) {
    problems.add(
      'Data.AccountId',
      "Data.AccountId is not an account id; use one of the customer's AccountId values.",
    );
  }
  const amount = cashAmount(data.Amount, problems);
  if (!problems.empty) return { problems };
  return {
    value: {
      payload: payload!,
      username: username!,
      password: password!,
      accountId: accountId!,
      amount: amount!,
    },
    problems,
  };
}

function cashAmount(raw: unknown, problems: Problems): number | undefined {
  if (raw === undefined) {
    problems.missing(
      'Data.Amount',
      'Data.Amount is required: whole VND as a string of digits, e.g. "2000000".',
    );
    return undefined;
  }
  const parsed = parseVnd(raw);
  if (!parsed.ok) {
    problems.add('Data.Amount', `Data.Amount: ${parsed.message}`);
    return undefined;
  }
  const refused = cashAmountProblem(parsed.value);
  if (refused) {
    problems.add('Data.Amount', `Data.Amount: ${refused.message}`, refused.code);
    return undefined;
  }
  return parsed.value;
}

/** `POST /v1/cash/withdrawals`: which session, and whether the cash left the terminal. */
export function parseCashWithdrawalReport(body: unknown): Parsed<CashWithdrawalReport> {
  const problems = new Problems();
  const data = dataOf(body, ['SessionId', 'Outcome', 'FailureReason'], problems);
  if (!data) return { problems };
  const sessionId = text(data, 'SessionId', problems, 'the SessionId the session was opened with');
  if (sessionId !== undefined && !ID.test(sessionId)) {
    problems.add(
      'Data.SessionId',
      'Data.SessionId is not a session id; send the SessionId the session was opened with.',
    );
  }
  const outcome = text(data, 'Outcome', problems, '"Dispensed" or "Failed"');
  if (outcome !== undefined && outcome !== 'Dispensed' && outcome !== 'Failed') {
    problems.add(
      'Data.Outcome',
      'Data.Outcome must be "Dispensed" (the customer took the cash) or "Failed" (no cash left).',
    );
  }
  const reason = data.FailureReason;
  if (reason !== undefined) {
    if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > MAX_FAILURE_REASON) {
      problems.add(
        'Data.FailureReason',
        `Data.FailureReason must be text of 1–${MAX_FAILURE_REASON} characters.`,
      );
    } else if (outcome === 'Dispensed') {
      problems.add(
        'Data.FailureReason',
        'Data.FailureReason goes only with Outcome "Failed".',
        'UK.OBIE.Field.Unexpected',
      );
    }
  }
  if (!problems.empty) return { problems };
  return {
    value: {
      sessionId: sessionId!,
      outcome: outcome as CashWithdrawalReport['outcome'],
      ...(typeof reason === 'string' ? { failureReason: reason } : {}),
    },
    problems,
  };
}
