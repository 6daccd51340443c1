import { ValidationError } from '#domain/errors.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { encodeVietQr, type VietQrInput } from '#domain/vietqr/encode.ts';
import type { VietQrFields } from '#domain/vietqr/fields.ts';
import { newOneTimeReference } from '#domain/vietqr/reference.ts';
import { vietQrInputProblems } from '#domain/vietqr/request.ts';
import { renderVietQr } from '#use-cases/qr/render-vietqr.ts';

/** A VietQR code: its payload, the payload rendered, and what it says. Nothing is stored. */
export interface VietQrCode {
  payload: string;
  /** PNG, base64. */
  png: string;
  svg: string;
  fields: VietQrFields;
}

/**
 * Encodes a VietQR and renders it as PNG and SVG, or throws a `ValidationError` listing every
 * input problem, each naming its request field. A QRCASH code without a reference gets a fresh
 * one-time reference, and without a terminal names the ATM of `accountNumber` as its terminal.
 */
export async function createVietQr(asked: VietQrInput): Promise<VietQrCode> {
  const input = { ...asked };
  if (input.service === 'QRCASH') {
    input.reference ??= newOneTimeReference();
    if (input.accountNumber) input.terminal ??= input.accountNumber;
  }
  const encoded = encodeVietQr(input);
  if (!encoded.ok) throw new ValidationError(vietQrInputProblems(encoded.errors));
  const { png, svg } = await renderVietQr(encoded.payload);
  return { payload: encoded.payload, png, svg, fields: decodeVietQr(encoded.payload).fields };
}
