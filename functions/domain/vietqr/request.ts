import { cashAmountProblem } from '../cash/rules.ts';
import type { ErrorDetail } from '../errors.ts';
import { parseVnd } from '../money.ts';
import { isObject, Problems } from '../validation.ts';
import type { FieldError, VietQrField, VietQrInput } from './input-rules.ts';

/** Wire name (in `Data`) of each encoder field. `Terminal` extends the contract for QRCASH. */
const REQUEST_FIELDS = {
  BankBin: 'bankBin',
  AccountNumber: 'accountNumber',
  Service: 'service',
  Amount: 'amount',
  Purpose: 'purpose',
  BillNumber: 'billNumber',
  Reference: 'reference',
  MerchantName: 'merchantName',
  City: 'city',
  Terminal: 'terminal',
} as const satisfies Record<string, VietQrField>;

type WireName = keyof typeof REQUEST_FIELDS;

const WIRE_OF = Object.fromEntries(
  Object.entries(REQUEST_FIELDS).map(([wire, field]) => [field, wire]),
) as Record<VietQrField, WireName | undefined>;

type Parsed<T> = { value?: T; problems: Problems };

/** The request path of an encoder field (`bankBin` → `Data.BankBin`). */
function pathOf(field: VietQrField): string {
  return `Data.${WIRE_OF[field] ?? field}`;
}

/**
 * Reads `POST /v1/qr/vietqr`'s `Data` into encoder input, listing every field that is absent,
 * unknown or not a string. The values themselves are checked by the encoder.
 */
export function parseVietQrRequest(body: unknown): Parsed<VietQrInput> {
  const problems = new Problems();
  const data = dataOf(body, problems);
  if (!data) return { problems };
  const input: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) {
    // Own fields only: `constructor` or `__proto__` is an unknown name, not an inherited member.
    const field = Object.hasOwn(REQUEST_FIELDS, name) ? REQUEST_FIELDS[name as WireName] : undefined;
    if (!field) {
      problems.add(
        `Data.${name}`,
        `Data.${name} is not a field of this request; accepted: ${Object.keys(REQUEST_FIELDS).join(', ')}.`,
        'UK.OBIE.Field.Unexpected',
      );
    } else if (typeof value !== 'string') {
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      problems.add(
        `Data.${name}`,
        `Data.${name} must be a JSON string, not ${got}${name === 'Amount' ? ', e.g. "150000"' : ''}.`,
      );
    } else input[field] = value;
  }
  // A cash code's amount is what an ATM pays out: the cash rules hold it, as for a cash session.
  const cashAmount = input.service === 'QRCASH' && input.amount ? parseVnd(input.amount) : undefined;
  const cashProblem = cashAmount?.ok ? cashAmountProblem(cashAmount.value) : undefined;
  if (cashProblem) problems.add('Data.Amount', cashProblem.message);
  return problems.empty ? { value: input as unknown as VietQrInput, problems } : { problems };
}

/** The encoder's input errors as request problems, each naming its request field. */
export function vietQrInputProblems(errors: readonly FieldError[]): ErrorDetail[] {
  return errors.map((error) => ({
    ErrorCode: error.problem === 'Missing' ? 'UK.OBIE.Field.Missing' : 'UK.OBIE.Field.Invalid',
    Message: `${pathOf(error.field)}: ${error.message}`,
    Path: pathOf(error.field),
  }));
}

/**
 * Reads `POST /v1/qr/decode`'s payload string. An empty or malformed payload is still a string,
 * and is answered by the decoder.
 */
export function parseDecodeRequest(body: unknown): Parsed<string> {
  const problems = new Problems();
  const data = dataOf(body, problems);
  if (!data) return { problems };
  const payload = data.Payload;
  if (typeof payload === 'string') return { value: payload, problems };
  if (payload === undefined) {
    problems.missing('Data.Payload', 'Data.Payload is required: the text of the scanned QR code.');
  } else {
    problems.add('Data.Payload', 'Data.Payload must be a JSON string: the text of the scanned QR code.');
  }
  return { problems };
}

function dataOf(body: unknown, problems: Problems): Record<string, unknown> | undefined {
  const data = (body as { Data?: unknown } | undefined)?.Data;
  if (data === undefined) problems.missing('Data', 'The body needs a Data object: { "Data": { … } }.');
  else if (!isObject(data)) problems.add('Data', 'Data must be a JSON object.');
  else return data;
  return undefined;
}
