/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0), the checksum of
 * EMVCo tag 63, computed over the UTF-8 bytes of the payload up to and including `6304`.
 */

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
}

const utf8 = new TextEncoder();

/**
 * The CRC of `text` as four upper-case hex digits, zero-padded (`0283`, never `283`).
 *
 * @example crc16('123456789') // '29B1'
 */
export function crc16(text: string): string {
  let crc = 0xffff;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Payloads are ASCII but for tag 64; only then is the UTF-8 encoding needed.
    if (code >= 0x80) return hex(crcOfBytes(utf8.encode(text)));
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ code) & 0xff]!;
  }
  return hex(crc);
}

function crcOfBytes(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

function hex(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
