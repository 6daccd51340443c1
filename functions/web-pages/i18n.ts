/** The customer-facing pages speak Vietnamese by default and English on request. */
export type Locale = 'vi' | 'en';

/** Picks the locale from `ui_locales` (OIDC) or a `lang` query parameter. */
export function localeFrom(...hints: Array<string | undefined | null>): Locale {
  for (const hint of hints) {
    if (!hint) continue;
    for (const tag of hint.split(/[\s,]+/)) {
      const lang = tag.toLowerCase().slice(0, 2);
      if (lang === 'en' || lang === 'vi') return lang;
    }
  }
  return 'vi';
}

const messages = {
  bankName: { vi: 'VietinBank Open Banking', en: 'VietinBank Open Banking' },
  loginTitle: { vi: 'Đăng nhập để tiếp tục', en: 'Sign in to continue' },
  loginIntro: {
    vi: 'đang yêu cầu truy cập. Đăng nhập bằng tài khoản ngân hàng điện tử của bạn.',
    en: 'is asking for access. Sign in with your online banking credentials.',
  },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  otp: { vi: 'Mã OTP', en: 'One-time password' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  loginFailed: {
    vi: 'Thông tin đăng nhập hoặc mã OTP không đúng.',
    en: 'The username, password or one-time password is not correct.',
  },
  tooManyAttempts: {
    vi: 'Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.',
    en: 'Too many failed attempts. Try again in 15 minutes.',
  },
  safetyTitle: { vi: 'Lưu ý an toàn', en: 'Stay safe' },
  safety1: {
    vi: 'Không bao giờ chia sẻ mã OTP hay mật khẩu với bất kỳ ai, kể cả nhân viên ngân hàng.',
    en: 'Never share your one-time password or password with anyone, bank staff included.',
  },
  safety2: {
    vi: 'Kiểm tra kỹ tên công ty đang yêu cầu trước khi đồng ý.',
    en: 'Check the name of the company asking before you approve.',
  },
  consentTitle: { vi: 'Xác nhận chia sẻ', en: 'Confirm sharing' },
  asks: { vi: 'yêu cầu', en: 'asks to' },
  validUntil: { vi: 'Hiệu lực đến', en: 'Valid until' },
  noExpiry: { vi: 'Cho đến khi bạn thu hồi', en: 'Until you withdraw it' },
  chooseAccounts: { vi: 'Chọn tài khoản', en: 'Choose accounts' },
  chooseAccount: { vi: 'Chọn tài khoản thanh toán', en: 'Choose the account to pay from' },
  approve: { vi: 'Đồng ý', en: 'Approve' },
  deny: { vi: 'Từ chối', en: 'Deny' },
  pickOne: { vi: 'Vui lòng chọn ít nhất một tài khoản.', en: 'Choose at least one account.' },
  withdrawHint: {
    vi: 'Bạn có thể xem và thu hồi quyền truy cập bất cứ lúc nào tại trang Quản lý chia sẻ.',
    en: 'You can see and withdraw access at any time on the Manage sharing page.',
  },
  errorTitle: { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' },
  language: { vi: 'English', en: 'Tiếng Việt' },
} as const;

export type MessageKey = keyof typeof messages;

/** The message in this locale. */
export function t(locale: Locale, key: MessageKey): string {
  return messages[key][locale];
}
