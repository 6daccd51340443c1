import { banks, OWN_BANK_BIN } from '../banks.ts';
import type { Random } from './random.ts';

/** A place that takes card or QR payments, with its ISO 18245 merchant category code. */
export interface Merchant {
  name: string;
  mcc: string;
  min: number;
  max: number;
  weight: number;
}

export const merchants: readonly Merchant[] = [
  { name: 'Co.opmart', mcc: '5411', min: 80_000, max: 1_500_000, weight: 8 },
  { name: 'WinMart', mcc: '5411', min: 50_000, max: 1_200_000, weight: 9 },
  { name: 'Bách Hóa Xanh', mcc: '5411', min: 40_000, max: 800_000, weight: 8 },
  { name: 'Lotte Mart', mcc: '5411', min: 100_000, max: 2_000_000, weight: 3 },
  { name: 'AEON Mall', mcc: '5311', min: 150_000, max: 3_000_000, weight: 3 },
  { name: 'Circle K', mcc: '5499', min: 15_000, max: 200_000, weight: 6 },
  { name: 'GS25', mcc: '5499', min: 15_000, max: 180_000, weight: 4 },
  { name: 'Highlands Coffee', mcc: '5814', min: 35_000, max: 250_000, weight: 7 },
  { name: 'Phúc Long', mcc: '5814', min: 40_000, max: 220_000, weight: 5 },
  { name: 'The Coffee House', mcc: '5814', min: 35_000, max: 200_000, weight: 4 },
  { name: 'KFC Việt Nam', mcc: '5814', min: 60_000, max: 400_000, weight: 3 },
  { name: 'Jollibee', mcc: '5814', min: 50_000, max: 300_000, weight: 2 },
  { name: "Pizza 4P's", mcc: '5812', min: 300_000, max: 2_000_000, weight: 1 },
  { name: 'Nhà hàng Phở Thìn', mcc: '5812', min: 60_000, max: 400_000, weight: 2 },
  { name: 'Thế Giới Di Động', mcc: '5732', min: 200_000, max: 25_000_000, weight: 1.5 },
  { name: 'Điện Máy Xanh', mcc: '5722', min: 300_000, max: 18_000_000, weight: 1.2 },
  { name: 'FPT Shop', mcc: '5732', min: 200_000, max: 22_000_000, weight: 1 },
  { name: 'Shopee', mcc: '5399', min: 50_000, max: 1_500_000, weight: 7 },
  { name: 'Lazada', mcc: '5399', min: 50_000, max: 1_500_000, weight: 4 },
  { name: 'Tiki', mcc: '5942', min: 60_000, max: 800_000, weight: 2 },
  { name: 'Grab', mcc: '4121', min: 20_000, max: 350_000, weight: 7 },
  { name: 'Xanh SM', mcc: '4121', min: 25_000, max: 400_000, weight: 4 },
  { name: 'Be', mcc: '4121', min: 20_000, max: 250_000, weight: 2 },
  { name: 'Petrolimex', mcc: '5541', min: 50_000, max: 600_000, weight: 5 },
  { name: 'Nhà thuốc Long Châu', mcc: '5912', min: 30_000, max: 900_000, weight: 3 },
  { name: 'Pharmacity', mcc: '5912', min: 30_000, max: 700_000, weight: 2 },
  { name: 'Guardian', mcc: '5977', min: 50_000, max: 800_000, weight: 1.5 },
  { name: 'CGV Cinemas', mcc: '7832', min: 90_000, max: 500_000, weight: 2 },
  { name: 'Vietnam Airlines', mcc: '3026', min: 1_200_000, max: 9_000_000, weight: 0.6 },
  { name: 'Vietjet Air', mcc: '3387', min: 700_000, max: 5_000_000, weight: 0.8 },
  { name: 'Uniqlo', mcc: '5651', min: 250_000, max: 2_500_000, weight: 1.5 },
  { name: 'Vinmec', mcc: '8062', min: 300_000, max: 5_000_000, weight: 0.5 },
];

/** Employers paying salaries, as NAPAS shows the payer at another bank (upper-case ASCII). */
export const employers: readonly string[] = [
  'CONG TY CO PHAN CONG NGHE SAO MAI',
  'CONG TY TNHH DIEN TU HOA BINH',
  'CONG TY CO PHAN THUONG MAI DICH VU AN PHAT',
  'CONG TY TNHH PHAN MEM TRUONG SON',
  'CONG TY CO PHAN XAY DUNG HONG HA',
  'CONG TY TNHH LOGISTICS CUU LONG',
  'CONG TY CO PHAN DUOC PHAM BINH MINH',
  'CONG TY TNHH MAY MAC PHUONG NAM',
  'CONG TY CO PHAN THUC PHAM HUONG VIET',
  'CONG TY TNHH TU VAN TAI CHINH KHAI MINH',
  'TRUONG DAI HOC DAN LAP THANG LONG',
  'BENH VIEN DA KHOA TAM AN',
];

export interface Telecom {
  name: string;
  prefixes: readonly string[];
}

/** Mobile network operators and their number prefixes (after the ten-digit renumbering of 2018). */
export const telecoms: readonly Telecom[] = [
  {
    name: 'Viettel',
    prefixes: ['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039'],
  },
  { name: 'VinaPhone', prefixes: ['088', '091', '094', '081', '082', '083', '084', '085'] },
  { name: 'MobiFone', prefixes: ['089', '090', '093', '070', '076', '077', '078', '079'] },
  { name: 'Vietnamobile', prefixes: ['092', '056', '058'] },
];

/** A Vietnamese mobile number (ten digits) and its operator. */
export function mobileNumber(random: Random): { number: string; operator: string } {
  const telecom = random.weighted(telecoms.map((t) => [t, t.name === 'Vietnamobile' ? 1 : 4] as const));
  return { number: random.pick(telecom.prefixes) + random.digits(7), operator: telecom.name };
}

/** Purposes of person-to-person transfers, as people type them in their banking app. */
export const outgoingPurposes: readonly string[] = [
  'Chuyển tiền ăn trưa',
  'Gửi mẹ tiền chợ',
  'Trả tiền vé xem phim',
  'Mừng cưới bạn',
  'Góp quỹ lớp',
  'Trả nợ tháng trước',
  'Chia tiền đi du lịch Đà Lạt',
  'Tiền học thêm cho con',
  'Gửi bố mẹ chi tiêu',
  'Thanh toán tiền hàng online',
  'Góp tiền sinh nhật đồng nghiệp',
  'Chuyển tiền đặt cọc',
];

export const incomingPurposes: readonly string[] = [
  'Trả tiền ăn trưa',
  'Hoàn tiền mua hộ',
  'Chuyển tiền',
  'Trả nợ',
  'Gửi tiền chia hóa đơn',
  'Tiền thưởng dự án',
  'Mừng sinh nhật',
  'Thanh toán tiền hàng',
];

/** Account-number shapes of the other banks in the directory (length, leading digits). */
const accountFormats: Record<string, { length: number; prefix: string }> = {
  '970436': { length: 10, prefix: '10' },
  '970422': { length: 13, prefix: '0' },
  '970407': { length: 14, prefix: '19' },
  '970416': { length: 8, prefix: '' },
  '970418': { length: 14, prefix: '12' },
  '970405': { length: 13, prefix: '1' },
  '970432': { length: 9, prefix: '' },
  '970423': { length: 11, prefix: '0' },
  '970403': { length: 12, prefix: '0' },
};

/** Banks other than ours: where counterparties of interbank (NAPAS 247) transfers hold accounts. */
const otherBanks = banks.filter((bank) => bank.bin !== OWN_BANK_BIN);

/** A plausible account at another bank: its BIN and a number of that bank's usual shape. */
export function otherBankAccount(random: Random): { bankBin: string; accountNumber: string } {
  const bank = random.weighted(
    otherBanks.map((b) => [b, ['970436', '970422', '970407', '970418'].includes(b.bin) ? 3 : 1] as const),
  );
  const format = accountFormats[bank.bin] ?? { length: 12, prefix: '' };
  const first = format.prefix === '' ? String(random.int(1, 9)) : format.prefix;
  return { bankBin: bank.bin, accountNumber: first + random.digits(format.length - first.length) };
}
