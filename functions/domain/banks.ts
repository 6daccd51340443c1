/** A bank in the NAPAS 247 directory, identified by its six-digit BIN (acquirer id in VietQR tag 38/01/00). */
export interface Bank {
  bin: string;
  shortName: string;
  name: string;
}

/** The BIN directory (DOMAIN.md). VietinBank (970415) is the bank this platform serves. */
export const banks: readonly Bank[] = [
  { bin: '970436', shortName: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
  { bin: '970415', shortName: 'VietinBank', name: 'Ngân hàng TMCP Công thương Việt Nam' },
  { bin: '970422', shortName: 'MB', name: 'Ngân hàng TMCP Quân đội' },
  { bin: '970407', shortName: 'Techcombank', name: 'Ngân hàng TMCP Kỹ thương Việt Nam' },
  { bin: '970416', shortName: 'ACB', name: 'Ngân hàng TMCP Á Châu' },
  { bin: '970418', shortName: 'BIDV', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam' },
  { bin: '970405', shortName: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam' },
  { bin: '970432', shortName: 'VPBank', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng' },
  { bin: '970423', shortName: 'TPBank', name: 'Ngân hàng TMCP Tiên Phong' },
  { bin: '970403', shortName: 'Sacombank', name: 'Ngân hàng TMCP Sài Gòn Thương Tín' },
];

/** The BIN of the bank operating this platform: accounts here settle intra-bank. */
export const OWN_BANK_BIN = '970415';

const byBin = new Map(banks.map((bank) => [bank.bin, bank]));

/** The bank with this BIN, if it is in the directory. */
export function bankByBin(bin: string): Bank | undefined {
  return byBin.get(bin);
}
