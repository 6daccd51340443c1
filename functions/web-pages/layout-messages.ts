import { type Catalogue, lookup } from './locale.ts';

/** The words of the frame every page shares (./layout.ts): the bank's name, the language switch, the safety notice. */
const messages = {
  bankName: { vi: 'VietinBank Open Banking', en: 'VietinBank Open Banking' },
  language: { vi: 'English', en: 'Tiếng Việt' },
  safetyTitle: { vi: 'Lưu ý an toàn', en: 'Stay safe' },
  safety1: {
    vi: 'Không bao giờ chia sẻ mã OTP hay mật khẩu với bất kỳ ai, kể cả nhân viên ngân hàng.',
    en: 'Never share your one-time password or password with anyone, bank staff included.',
  },
  safety2: {
    vi: 'Kiểm tra kỹ tên công ty đang yêu cầu trước khi đồng ý.',
    en: 'Check the name of the company asking before you approve.',
  },
} satisfies Catalogue;

/** A word of the shared frame in this locale. */
export const t = lookup(messages);
