import fc from 'fast-check';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { encodeVietQr } from '#domain/vietqr/encode.ts';
import { ERROR_CORRECTION, QUIET_ZONE_MODULES, renderPng, renderSvg } from '#use-cases/qr/render-vietqr.ts';
import { validInput } from './support/arbitraries.ts';

// jsqr is CommonJS with a `default` property; typed as an ES module's default export.
const jsQR = jsqr.default;

/** Reads a base64 PNG back with an independent QR reader (jsQR), as a phone camera would. */
function scan(pngBase64: string): { text: string; image: PNG } {
  const image = PNG.sync.read(Buffer.from(pngBase64, 'base64'));
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('jsQR found no QR code in the PNG');
  return { text: Buffer.from(code.binaryData).toString('utf8'), image };
}

function payloadOf(input: Parameters<typeof encodeVietQr>[0]): string {
  const result = encodeVietQr(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.payload;
}

describe('VietQR rendering', () => {
  it('renders PNGs that an independent reader scans back to the same payload', async () => {
    await fc.assert(
      fc.asyncProperty(validInput, async (input) => {
        const payload = payloadOf(input);
        expect(scan(await renderPng(payload)).text).toBe(payload);
      }),
      { numRuns: 30 },
    );
  });

  it('surrounds the symbol with a quiet zone of 4 white modules', async () => {
    // Prepare
    const payload = payloadOf({ bankBin: '970415', accountNumber: '113366668888', service: 'QRIBFTTA' });
    const modules = QRCode.create(payload, { errorCorrectionLevel: ERROR_CORRECTION }).modules.size;
    // Act
    const { image } = scan(await renderPng(payload));
    // Assess
    const scale = image.width / (modules + 2 * QUIET_ZONE_MODULES);
    expect(Number.isInteger(scale)).toBe(true);
    const border = QUIET_ZONE_MODULES * scale;
    const dark: [number, number][] = [];
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const inQuietZone =
          x < border || y < border || x >= image.width - border || y >= image.height - border;
        if (inQuietZone && image.data[(y * image.width + x) * 4]! < 128) dark.push([x, y]);
      }
    }
    expect(dark).toEqual([]);
  });

  it('uses error correction Q, and the largest possible payload still fits a printable symbol', () => {
    const largest = payloadOf({
      bankBin: '970436',
      accountNumber: 'A'.repeat(19),
      service: 'QRPUSH',
      amount: '9999999999999',
      merchantCategoryCode: '5812',
      merchantName: 'Đ'.repeat(25),
      city: 'ạ'.repeat(15),
      billNumber: 'B'.repeat(25),
      reference: 'R'.repeat(25),
      purpose: 'P'.repeat(25),
    });
    const symbol = QRCode.create(largest, { errorCorrectionLevel: ERROR_CORRECTION });
    expect(ERROR_CORRECTION).toBe('Q');
    expect(symbol.version).toBeLessThanOrEqual(15);
  });

  it('renders an SVG document whose view box includes the quiet zone', async () => {
    const payload = payloadOf({ bankBin: '970415', accountNumber: '113366668888', service: 'QRIBFTTA' });
    const modules = QRCode.create(payload, { errorCorrectionLevel: ERROR_CORRECTION }).modules.size;
    const svg = await renderSvg(payload);
    const side = modules + 2 * QUIET_ZONE_MODULES;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
    expect(svg.trim()).toMatch(/<\/svg>$/);
  });
});
