import type { VietQrField, VietQrInput } from '#domain/vietqr/encode.ts';
import type { FieldError } from '#domain/vietqr/input-rules.ts';
import { newOneTimeReference } from '#domain/vietqr/reference.ts';
import { type ErrorDetail, ValidationError } from '#http/errors.ts';

/** Wire name (in `Data`) of each encoder field. `Terminal` extends the contract for QRCASH. */
const WIRE_NAMES = {
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

type WireName = keyof typeof WIRE_NAMES;

const WIRE_OF = Object.fromEntries(
  Object.entries(WIRE_NAMES).map(([wire, field]) => [field, wire]),
) as Record<VietQrField, WireName | undefined>;

/** The request path of an encoder field, for error messages (`bankBin` → `Data.BankBin`). */
export function pathOf(field: VietQrField): string {
  return `Data.${WIRE_OF[field] ?? field}`;
}

/**
 * Reads `POST /v1/qr/vietqr`'s `Data` into encoder input, or answers 400 listing every field
 * that is absent, unknown or not a string. A QRCASH request without `Reference` gets a fresh
 * one-time reference, and without `Terminal` names the ATM of `AccountNumber` as its terminal.
 */
export function readVietQrRequest(body: unknown): VietQrInput {
  const data = dataOf(body);
  const errors: ErrorDetail[] = [];
  const input: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) {
    const field = WIRE_NAMES[name as WireName];
    if (!field) {
      errors.push({
        ErrorCode: 'UK.OBIE.Field.Unexpected',
        Message: `Data.${name} is not a field of this request; accepted: ${Object.keys(WIRE_NAMES).join(', ')}.`,
        Path: `Data.${name}`,
      });
    } else if (typeof value !== 'string') {
      const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      errors.push({
        ErrorCode: 'UK.OBIE.Field.Invalid',
        Message: `Data.${name} must be a JSON string, not ${got}${name === 'Amount' ? ', e.g. "150000"' : ''}.`,
        Path: `Data.${name}`,
      });
    } else input[field] = value;
  }
  if (errors.length > 0) throw new ValidationError(errors);
  if (input.service === 'QRCASH') {
    input.reference ??= newOneTimeReference();
    if (input.accountNumber) input.terminal ??= input.accountNumber;
  }
  return input as unknown as VietQrInput;
}

/** The 400 for encoder input errors, each naming its request field. */
export function fieldErrors(errors: FieldError[]): ValidationError {
  return new ValidationError(
    errors.map((error) => ({
      ErrorCode: error.problem === 'Missing' ? 'UK.OBIE.Field.Missing' : 'UK.OBIE.Field.Invalid',
      Message: `${pathOf(error.field)}: ${error.message}`,
      Path: pathOf(error.field),
    })),
  );
}

/**
 * Reads `POST /v1/qr/decode`'s payload string; anything else is a 400. An empty or malformed
 * payload is still a string, and is answered by the decoder.
 */
export function readDecodeRequest(body: unknown): string {
  const data = dataOf(body);
  const payload = data.Payload;
  if (typeof payload === 'string') return payload;
  const missing = payload === undefined;
  throw new ValidationError([
    {
      ErrorCode: missing ? 'UK.OBIE.Field.Missing' : 'UK.OBIE.Field.Invalid',
      Message: missing
        ? 'Data.Payload is required: the text of the scanned QR code.'
        : 'Data.Payload must be a JSON string: the text of the scanned QR code.',
      Path: 'Data.Payload',
    },
  ]);
}

function dataOf(body: unknown): Record<string, unknown> {
  const data = (body as { Data?: unknown } | undefined)?.Data;
  if (data === undefined) {
    throw new ValidationError([
      {
        ErrorCode: 'UK.OBIE.Field.Missing',
        Message: 'The body needs a Data object: { "Data": { … } }.',
        Path: 'Data',
      },
    ]);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError([
      { ErrorCode: 'UK.OBIE.Field.Invalid', Message: 'Data must be a JSON object.', Path: 'Data' },
    ]);
  }
  return data as Record<string, unknown>;
}
