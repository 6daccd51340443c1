import QRCode, { type QRCodeErrorCorrectionLevel } from 'qrcode';

/**
 * Error correction Q (about 25 % of the symbol recoverable) rather than M (15 %): these codes are
 * printed on bills, receipts and shop counters, where folds, smudges, glare and scratches are the
 * norm, and a payment code that fails to scan costs more than a slightly denser symbol. VietQR
 * payloads are short (100-340 characters), so Q still yields a symbol of version 5-15 (37-77
 * modules), which prints legibly at 3-4 cm.
 */
export const ERROR_CORRECTION: QRCodeErrorCorrectionLevel = 'Q';

/** The quiet zone ISO/IEC 18004 requires: 4 modules of background on every side. */
export const QUIET_ZONE_MODULES = 4;

/** Pixels per module in the PNG: large enough to print sharply without resampling. */
export const PNG_SCALE = 8;

const common = { errorCorrectionLevel: ERROR_CORRECTION, margin: QUIET_ZONE_MODULES } as const;

/** The payload as a PNG image, base64-encoded. */
export async function renderPng(payload: string): Promise<string> {
  const png = await QRCode.toBuffer(payload, { ...common, type: 'png', scale: PNG_SCALE });
  return png.toString('base64');
}

/** The payload as a standalone SVG document (scales to any print size). */
export function renderSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { ...common, type: 'svg' });
}

/** Both renderings of one payload. */
export async function renderVietQr(payload: string): Promise<{ png: string; svg: string }> {
  const [png, svg] = await Promise.all([renderPng(payload), renderSvg(payload)]);
  return { png, svg };
}
