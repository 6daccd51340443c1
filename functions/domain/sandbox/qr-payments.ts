import { DomainError, invalid } from '../errors.ts';
import { parseVnd } from '../money.ts';
import { isObject, Problems } from '../validation.ts';

/**
 * `POST /sandbox/qr-payments`: the sandbox bank app paying a scanned VietQR from one of the
 * signed-in customer's accounts (a bill's code, or any transfer code to an account of this bank).
 */
export interface QrPaymentRequest {
  payload: string;
  username: string;
  password: string;
  accountId: string;
  /** For a static code; a dynamic code carries its own. */
  amount?: number;
}

const FIELDS = ['Payload', 'Username', 'Password', 'AccountId', 'Amount'];
const ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** Parses the request, listing every problem at once. */
export function parseQrPaymentRequest(body: unknown): { value?: QrPaymentRequest; problems: Problems } {
  const problems = new Problems();
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing('Data', `The body needs a Data object with ${FIELDS.join(', ')}.`);
    return { problems };
  }
  for (const name of Object.keys(data)) {
    if (!FIELDS.includes(name)) {
      problems.add(
        `Data.${name}`,
        `Data.${name} is not a field of this request; accepted: ${FIELDS.join(', ')}.`,
        'UK.OBIE.Field.Unexpected',
      );
    }
  }
  const text = (name: string, max: number, hint: string) => {
    const value = data[name];
    if (value === undefined) problems.missing(`Data.${name}`, `Data.${name} is required: ${hint}.`);
    else if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      problems.add(`Data.${name}`, `Data.${name} must be a string of 1–${max} characters: ${hint}.`);
    } else return value;
    return undefined;
  };
  const payload = text('Payload', 512, 'the text of the scanned code');
  const username = text('Username', 64, 'a demo customer from GET /sandbox/customers');
  const password = text('Password', 256, "the customer's password (demo customers: sandbox)");
  const accountId = text('AccountId', 128, "one of the customer's AccountId values");
  if (accountId !== undefined && !ID.test(accountId))
    problems.add('Data.AccountId', 'Data.AccountId is not an account id.');
  let amount: number | undefined;
  if (data.Amount !== undefined) {
    const parsed = parseVnd(data.Amount);
    if (parsed.ok) amount = parsed.value;
    else problems.add('Data.Amount', `Data.Amount: ${parsed.message}`);
  }
  if (!problems.empty) return { problems };
  return {
    value: {
      payload: payload!,
      username: username!,
      password: password!,
      accountId: accountId!,
      ...(amount !== undefined ? { amount } : {}),
    },
    problems,
  };
}

/** What paying a scanned code refuses, each with a stable `VN.OB.QrPayment.*` code; nothing is debited. */
export const qrPaymentErrors = {
  invalidCode: (detail: string) =>
    invalid(
      'VN.OB.QrPayment.InvalidCode',
      `The scanned code is not a valid VietQR (${detail}); scan it again.`,
      {
        path: 'Data.Payload',
      },
    ),
  unsupported: (why: string) =>
    invalid('VN.OB.QrPayment.UnsupportedCode', `The sandbox bank app cannot pay this code: ${why}.`, {
      path: 'Data.Payload',
    }),
  payeeNotFound: () =>
    new DomainError(
      'not-found',
      'VN.OB.QrPayment.PayeeNotFound',
      'No account of this bank has the number the code names.',
      {
        path: 'Data.Payload',
      },
    ),
  amountMismatch: (inCode: string) =>
    invalid(
      'VN.OB.QrPayment.AmountMismatch',
      `The code asks for ${inCode} VND; leave Data.Amount out or send the same amount.`,
      {
        path: 'Data.Amount',
      },
    ),
  amountRequired: () =>
    invalid('VN.OB.QrPayment.AmountMismatch', 'This code carries no amount: send Data.Amount (whole VND).', {
      path: 'Data.Amount',
    }),
  sameAccount: () =>
    invalid(
      'VN.OB.QrPayment.SameAccount',
      'The code pays the very account it would be paid from; choose another of your accounts in Data.AccountId.',
      {
        path: 'Data.AccountId',
      },
    ),
  accountNotFound: () =>
    new DomainError(
      'not-found',
      'VN.OB.QrPayment.AccountNotFound',
      "No such account among this customer's accounts.",
      {
        path: 'Data.AccountId',
      },
    ),
  insufficientFunds: () =>
    new DomainError(
      'unprocessable',
      'VN.OB.QrPayment.InsufficientFunds',
      'The account has insufficient available funds for this payment.',
      {
        path: 'Data.AccountId',
      },
    ),
} as const;
