/** Text helpers for Vietnamese names: folding to ASCII, statement-style upper case, padding. */

/** Strips Vietnamese diacritics (`Nguyễn Văn Đức` → `Nguyen Van Duc`), as NAPAS and usernames need. */
export function foldToAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Holder name as printed on statements: upper case, diacritics kept (`NGUYỄN VĂN AN`). */
export function statementName(name: string): string {
  return name.toLocaleUpperCase('vi-VN');
}

/** Name as NAPAS returns it for an account at another bank: upper case ASCII (`NGUYEN THI HOA`). */
export function napasName(name: string): string {
  return foldToAscii(name).toUpperCase();
}

/** Zero-padded decimal. */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
