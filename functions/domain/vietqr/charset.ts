/**
 * Character sets of VietQR text. EMVCo fields take the "ans" set (printable ASCII); only the
 * alternate language template (tag 64) carries Unicode, so Vietnamese text is written without
 * diacritics in the EMV fields and kept as written in tag 64.
 */

const TONE_MARKS = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/** Every precomposed (NFC) Vietnamese letter that is not ASCII: vowels with their tones, and đ. */
const VIETNAMESE_LETTERS = new Set<string>(
  [...VOWELS.flatMap((vowel) => TONE_MARKS.map((mark) => `${vowel}${mark}`.normalize('NFC'))), 'đ']
    .flatMap((letter) => [letter, letter.toUpperCase()])
    .filter((letter) => !isAnsCode(letter.charCodeAt(0))),
);

function isAnsCode(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/** True when every character is in the EMV "ans" set (printable ASCII, 0x20-0x7E). */
export function isAns(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isAnsCode(text.charCodeAt(i))) return false;
  return true;
}

/** The first character of `text` outside the "ans" set, for error messages. */
export function firstNonAns(text: string): string | undefined {
  for (const char of text) if (!isAnsCode(char.codePointAt(0)!)) return char;
  return undefined;
}

/** The first character of (NFC) `text` that is neither printable ASCII nor a Vietnamese letter. */
export function firstNonVietnamese(text: string): string | undefined {
  for (const char of text) {
    if (!isAnsCode(char.codePointAt(0)!) && !VIETNAMESE_LETTERS.has(char)) return char;
  }
  return undefined;
}

/**
 * Vietnamese text written in the EMV character set: tones and vowel marks dropped, đ → d.
 * One letter stays one letter, so the length does not change.
 *
 * @example stripDiacritics('Ủng hộ lũ lụt Đà Nẵng') // 'Ung ho lu lut Da Nang'
 */
export function stripDiacritics(text: string): string {
  if (isAns(text)) return text;
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Number of Unicode code points: the "characters" EMVCo lengths count. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}

/** Describes a character for a message: visible ones quoted, others as U+XXXX. */
export function describeChar(char: string): string {
  const code = char.codePointAt(0)!;
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code > 0x20 && code !== 0x7f && !/\p{C}|\p{Z}/u.test(char) ? `'${char}' (${name})` : name;
}
