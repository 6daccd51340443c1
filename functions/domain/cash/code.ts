import { OWN_BANK_BIN } from '../banks.ts';
import type { ErrorDetail } from '../errors.ts';
import { decodeVietQr } from '../vietqr/decode.ts';
import { encodeVietQr, type VietQrField } from '../vietqr/encode.ts';
import { cashErrors } from './errors.ts';

/** Where the terminal stands, printed in tags 59 and 60 (diacritics stripped there, kept in 64). */
export interface TerminalLocation {
  name?: string;
  city?: string;
}

/** Request paths of the encoder fields a terminal controls. */
const PATHS: Partial<Record<VietQrField, string>> = {
  accountNumber: 'Data.TerminalId',
  terminal: 'Data.TerminalId',
  merchantName: 'Data.Location.Name',
  city: 'Data.Location.City',
};

/**
 * The dynamic `QRCASH` code a terminal shows: this bank's BIN, the terminal as the ATM id
 * (38/01/01, letters and digits only) and in 62/07, the one-time reference in 62/05, MCC 6011
 * (the encoder adds it for QRCASH). Problems name the request field to fix.
 */
export function encodeCashCode(input: {
  terminalId: string;
  reference: string;
  location?: TerminalLocation;
}): { ok: true; payload: string } | { ok: false; problems: ErrorDetail[] } {
  const encoded = encodeVietQr({
    bankBin: OWN_BANK_BIN,
    accountNumber: input.terminalId.replaceAll('-', ''),
    service: 'QRCASH',
    reference: input.reference,
    terminal: input.terminalId,
    ...(input.location?.name !== undefined ? { merchantName: input.location.name } : {}),
    ...(input.location?.city !== undefined ? { city: input.location.city } : {}),
  });
  if (encoded.ok) return encoded;
  return {
    ok: false,
    problems: encoded.errors.map((error) => {
      const path = PATHS[error.field];
      // The platform chose every other field; a problem there is a bug, not the terminal's.
      if (!path) throw new Error(`cash code field ${error.field} refused: ${error.message}`);
      return {
        ErrorCode: error.problem === 'Missing' ? 'UK.OBIE.Field.Missing' : 'UK.OBIE.Field.Invalid',
        Message: `${path}: ${error.message}`,
        Path: path,
      } satisfies ErrorDetail;
    }),
  };
}

/**
 * Reads a scanned code down to the one-time reference that names its session, refusing what
 * is not one of this bank's cash codes: a damaged or altered payload (any decoding problem,
 * a wrong CRC first of all), another service, another bank, no reference.
 */
export function readCashCode(payload: string): { reference: string } {
  const decoding = decodeVietQr(payload);
  if (!decoding.valid) throw cashErrors.invalidCode(decoding.problems);
  const { service, bankBin, reference } = decoding.fields;
  if (service !== 'QRCASH') throw cashErrors.notCashCode(`its service is ${service}, not QRCASH.`);
  if (bankBin !== OWN_BANK_BIN) {
    throw cashErrors.notCashCode(`it names the bank ${bankBin}; this bank is ${OWN_BANK_BIN}.`);
  }
  if (reference === undefined) throw cashErrors.notCashCode('it carries no one-time reference (62/05).');
  return { reference };
}

/**
 * Whether a scanned payload is the code the session showed. Both have a valid CRC by now, so
 * equal text before the CRC means equal codes, whatever the CRC's hex case.
 */
export function isSameCode(scanned: string, shown: string): boolean {
  return scanned.length === shown.length && scanned.slice(0, -4) === shown.slice(0, -4);
}
