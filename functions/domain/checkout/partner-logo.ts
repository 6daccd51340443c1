import { DomainError } from '../errors.ts';

/** Image types a partner logo may have: raster only (an SVG can carry script). */
export type LogoContentType = 'image/png' | 'image/webp';

/** A partner's logo as the checkout page inlines it (`data:` URL, so the page loads nothing from elsewhere). */
export interface PartnerLogo {
  contentType: LogoContentType;
  /** Standard base64 of the image bytes. */
  data: string;
}

/** Largest logo accepted, decoded: the hosted page stays well under its 50 kB budget. */
const MAX_LOGO_BYTES = 8 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(code: 'ContentType' | 'Data', message: string): DomainError {
  return new DomainError('invalid', `VN.OB.PartnerLogo.Invalid${code}`, message, {
    path: `Data.${code === 'Data' ? 'Data' : 'ContentType'}`,
  });
}

function hasMagic(contentType: LogoContentType, bytes: Buffer): boolean {
  if (contentType === 'image/png') return PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
  // RIFF <size> WEBP
  return (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  );
}

/**
 * Checks a logo sent by a partner: a PNG or WebP, base64, at most {@link MAX_LOGO_BYTES}
 * decoded, whose first bytes are that type's signature (the declared type is not trusted).
 */
export function parsePartnerLogo(input: { ContentType?: unknown; Data?: unknown } | undefined): PartnerLogo {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new DomainError(
      'invalid',
      'UK.OBIE.Field.Missing',
      'The body needs a Data object: { "Data": { "ContentType": "image/png", "Data": "<base64>" } }.',
      { path: 'Data' },
    );
  }
  const unknown = Object.keys(input).find((name) => name !== 'ContentType' && name !== 'Data');
  if (unknown !== undefined) {
    throw new DomainError(
      'invalid',
      'UK.OBIE.Field.Unexpected',
      `Data.${unknown} is not a field of this request; accepted: ContentType, Data.`,
      { path: `Data.${unknown}` },
    );
  }
  const contentType = input.ContentType;
  if (contentType !== 'image/png' && contentType !== 'image/webp') {
    throw invalid('ContentType', 'ContentType must be image/png or image/webp (SVG is not accepted).');
  }
  const data = input.Data;
  if (typeof data !== 'string' || data.length === 0 || !BASE64.test(data)) {
    throw invalid('Data', 'Data must be the image in standard base64 (RFC 4648 section 4, padded).');
  }
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length > MAX_LOGO_BYTES) {
    throw new DomainError(
      'invalid',
      'VN.OB.PartnerLogo.TooLarge',
      `The logo is ${bytes.length} bytes; at most ${MAX_LOGO_BYTES} bytes are accepted.`,
      { path: 'Data.Data' },
    );
  }
  if (!hasMagic(contentType, bytes)) {
    throw new DomainError(
      'invalid',
      'VN.OB.PartnerLogo.ContentMismatch',
      `Data does not start with the ${contentType} signature: send the image's own bytes in the type it is.`,
      { path: 'Data.Data' },
    );
  }
  return { contentType, data };
}
