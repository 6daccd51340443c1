import { describe, expect, it } from 'vitest';
import { crc16 } from '#domain/vietqr/crc16.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value 29B1 for "123456789"', () => {
    expect(crc16('123456789')).toBe('29B1');
  });

  it('is FFFF (the initial value) for no data', () => {
    expect(crc16('')).toBe('FFFF');
  });

  it('zero-pads to four upper-case hex digits (0283, never 283)', () => {
    // Techcombank sample from vietnam-qr-pay, whose CRC starts with a zero nibble.
    const body =
      '00020101021138580010A000000727012800069704070114190304136010180208QRIBFTTA53037045802VN6304';
    expect(crc16(body)).toBe('0283');
  });

  it('covers the UTF-8 bytes of non-ASCII text, not its UTF-16 code units', () => {
    const text = 'Phở Hà Nội';
    const bytes = [...new TextEncoder().encode(text)].map((byte) => String.fromCharCode(byte)).join('');
    expect(crc16(text)).not.toBe(crc16(bytes.normalize()));
    expect(crc16(text)).toBe(crc16ByBit(new TextEncoder().encode(text)));
  });

  it('accepts the CRC of a payload in lower case', () => {
    const payload =
      '00020101021138540010A00000072701240006970422011003523509170208QRIBFTTA53037045802VN630479db';
    expect(decodeVietQr(payload)).toMatchObject({ crcValid: true, valid: true });
  });
});

/** Bit-by-bit reference implementation, independent of the table-driven one. */
function crc16ByBit(bytes: Uint8Array): string {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
