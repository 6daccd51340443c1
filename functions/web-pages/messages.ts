/**
 * The one message catalogue of every page a person sees (sign-in, consent, error, sharing):
 * Vietnamese by default, English on request. Every visible word of those pages comes from here.
 */
import type { ConsentStatus } from '#domain/consent.ts';
import type { StepUpReason } from '#domain/payments/strong-authentication.ts';

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

/** One message in both languages: plain text, or text built from values (amounts, reasons). */
type Message<T = string> = Record<Locale, T>;
/** A message built from an amount already formatted for the page (`150.000 ₫`). */
type AmountMessage = Message<(amount: string) => string>;

/** Account-information permissions (UK OB `Permissions`), as the customer reads them. */
const permissions = {
  'permission.ReadAccountsBasic': {
    vi: 'Xem danh sách tài khoản của bạn',
    en: 'See the list of your accounts',
  },
  'permission.ReadAccountsDetail': {
    vi: 'Xem số tài khoản và tên chủ tài khoản',
    en: 'See account numbers and holder names',
  },
  'permission.ReadBalances': { vi: 'Xem số dư tài khoản', en: 'See your balances' },
  'permission.ReadTransactionsBasic': { vi: 'Xem lịch sử giao dịch', en: 'See your transaction history' },
  'permission.ReadTransactionsDetail': {
    vi: 'Xem chi tiết giao dịch, kể cả người gửi và người nhận',
    en: 'See transaction details, including payers and payees',
  },
  'permission.ReadTransactionsCredits': { vi: 'Gồm các khoản tiền vào', en: 'Including money in' },
  'permission.ReadTransactionsDebits': { vi: 'Gồm các khoản tiền ra', en: 'Including money out' },
} satisfies Record<`permission.${string}`, Message>;

/** A consent's status on the sharing page. */
const statuses = {
  'status.Authorised': { vi: 'Đang chia sẻ', en: 'Sharing' },
  'status.Revoked': { vi: 'Đã thu hồi', en: 'Withdrawn' },
  'status.Rejected': { vi: 'Đã từ chối', en: 'Refused' },
  'status.Expired': { vi: 'Hết hạn', en: 'Expired' },
  'status.Consumed': { vi: 'Đã dùng', en: 'Used' },
  'status.AwaitingAuthorisation': { vi: 'Chờ xác nhận', en: 'Awaiting you' },
} satisfies Record<`status.${ConsentStatus}`, Message>;

/** Why a payment needs the step-up (Decision 2345/QĐ-NHNN, Circular 09/2020), given its threshold. */
const stepUpReasons = {
  'stepUp.Amount': { vi: (limit) => `số tiền trên ${limit}`, en: (limit) => `the amount is above ${limit}` },
  'stepUp.DailyTotal': {
    vi: (limit) => `tổng giao dịch trong ngày vượt ${limit}`,
    en: (limit) => `your payments today would exceed ${limit}`,
  },
  'stepUp.InterbankAmount': {
    vi: (limit) => `chuyển liên ngân hàng từ ${limit}`,
    en: (limit) => `an interbank transfer of ${limit} or more`,
  },
} satisfies Record<`stepUp.${StepUpReason}`, AmountMessage>;

const messages = {
  // Every page
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

  // Sign-in
  loginTitle: { vi: 'Đăng nhập để tiếp tục', en: 'Sign in to continue' },
  loginIntro: {
    vi: 'đang yêu cầu truy cập. Đăng nhập bằng tài khoản ngân hàng điện tử của bạn.',
    en: 'is asking for access. Sign in with your online banking credentials.',
  },
  sharingLoginIntro: {
    vi: 'Đăng nhập để xem và thu hồi quyền truy cập bạn đã cấp cho các công ty.',
    en: 'Sign in to see and withdraw the access you have given companies.',
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

  // Consent
  consentTitle: { vi: 'Xác nhận chia sẻ', en: 'Confirm sharing' },
  asks: { vi: 'yêu cầu', en: 'asks to' },
  validUntil: { vi: 'Hiệu lực đến', en: 'Valid until' },
  noExpiry: { vi: 'Cho đến khi bạn thu hồi', en: 'Until you withdraw it' },
  chooseAccounts: { vi: 'Chọn tài khoản', en: 'Choose accounts' },
  chooseAccount: { vi: 'Chọn tài khoản thanh toán', en: 'Choose the account to pay from' },
  accountNotChosen: { vi: 'Vui lòng chọn tài khoản.', en: 'Choose an account.' },
  noPayableAccount: {
    vi: 'Không có tài khoản nào của bạn có thể thực hiện khoản thanh toán này.',
    en: 'None of your accounts can make this payment.',
  },
  approve: { vi: 'Đồng ý', en: 'Approve' },
  deny: { vi: 'Từ chối', en: 'Deny' },
  withdrawHint: {
    vi: 'Bạn có thể xem và thu hồi quyền truy cập bất cứ lúc nào tại trang Quản lý chia sẻ.',
    en: 'You can see and withdraw access at any time on the Manage sharing page.',
  },
  accountsPurpose: { vi: 'xem thông tin tài khoản của bạn:', en: 'see information about your accounts:' },
  transactionWindow: { vi: 'Giao dịch trong khoảng', en: 'Transactions from' },
  paymentPurpose: {
    vi: 'thực hiện một khoản thanh toán từ tài khoản của bạn:',
    en: 'make one payment from your account:',
  },
  paymentAmount: { vi: 'Số tiền', en: 'Amount' },
  payee: { vi: 'Người nhận', en: 'Payee' },
  payeeAccount: { vi: 'Tài khoản nhận', en: 'Payee account' },
  payeeBank: { vi: 'Ngân hàng', en: 'Bank' },
  paymentReference: { vi: 'Nội dung', en: 'Reference' },
  currentAccount: { vi: 'Thanh toán', en: 'Current' },
  savingsAccount: { vi: 'Tiết kiệm', en: 'Savings' },
  ...stepUpReasons,
  stepUpTerm: { vi: 'Xác thực bổ sung', en: 'Extra authentication' },
  stepUpExplanation: {
    vi: (reasons: string) => `Sinh trắc học (bắt buộc: ${reasons} — Quyết định 2345/QĐ-NHNN)`,
    en: (reasons: string) => `Biometrics (required: ${reasons} — Decision 2345/QĐ-NHNN)`,
  },
  stepUpConfirmation: { vi: 'Tôi xác nhận bằng sinh trắc học', en: 'I confirm with biometrics' },
  stepUpMissing: {
    vi: 'Giao dịch này cần xác thực sinh trắc học: hãy đánh dấu ô xác nhận sinh trắc học.',
    en: 'This payment needs biometric authentication: tick the biometric confirmation.',
  },
  ...permissions,

  // Error
  errorTitle: { vi: 'Đã có lỗi xảy ra', en: 'Something went wrong' },

  // Sharing
  sharingTitle: { vi: 'Quản lý chia sẻ dữ liệu', en: 'Manage sharing' },
  sharingIntro: {
    vi: 'Các công ty bạn đã cho phép truy cập tài khoản. Bạn có thể thu hồi bất cứ lúc nào.',
    en: 'Companies you have allowed to access your accounts. You can withdraw access at any time.',
  },
  sharingNone: { vi: 'Bạn chưa chia sẻ với công ty nào.', en: 'You have not shared with any company.' },
  sharingActive: { vi: 'Đang hoạt động', en: 'Active' },
  sharingPast: { vi: 'Trước đây', en: 'Past' },
  sharedAccounts: { vi: 'Tài khoản', en: 'Accounts' },
  since: { vi: 'Từ', en: 'Since' },
  until: { vi: 'Đến', en: 'Until' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  ...statuses,

  // Receipt check (GET /receipts/verify)
  receiptTitle: { vi: 'Kiểm tra biên lai thanh toán', en: 'Check a payment receipt' },
  receiptIntro: {
    vi: 'Dán biên lai điện tử (hoặc nội dung mã QR in trên biên lai) để biết biên lai có do ngân hàng phát hành và nội dung của nó.',
    en: 'Paste an electronic receipt (or the text of the QR code printed on it) to see whether the bank issued it and what it says.',
  },
  receiptPrivacy: {
    vi: 'Biên lai được kiểm tra ngay trên trình duyệt này bằng khóa công khai của ngân hàng; nội dung biên lai không được gửi đi đâu.',
    en: "The receipt is checked in this browser with the bank's public key; its contents are sent nowhere.",
  },
  receiptField: { vi: 'Biên lai', en: 'Receipt' },
  receiptCheck: { vi: 'Kiểm tra', en: 'Check' },
  receiptGenuine: {
    vi: 'Biên lai hợp lệ: do ngân hàng phát hành và không bị sửa đổi.',
    en: 'Genuine receipt: issued by the bank and unaltered.',
  },
  receiptForged: {
    vi: 'Biên lai KHÔNG hợp lệ: chữ ký không khớp. Không chấp nhận biên lai này.',
    en: 'NOT a genuine receipt: the signature does not match. Do not accept it.',
  },
  receiptUnreadable: {
    vi: 'Không đọc được biên lai. Hãy dán toàn bộ biên lai, gồm ba phần cách nhau bởi dấu chấm.',
    en: 'This is not a readable receipt. Paste all of it: three parts separated by dots.',
  },
  receiptOffline: {
    vi: 'Không tải được khóa công khai của ngân hàng. Kiểm tra kết nối rồi thử lại.',
    en: "The bank's public keys could not be loaded. Check your connection and try again.",
  },
  'receipt.BillId': { vi: 'Mã hóa đơn', en: 'Bill' },
  'receipt.Reference': { vi: 'Mã hồ sơ / số tham chiếu', en: 'Reference' },
  'receipt.Category': { vi: 'Loại', en: 'Category' },
  'receipt.Amount': { vi: 'Số tiền', en: 'Amount' },
  'receipt.PayerName': { vi: 'Người nộp', en: 'Payer' },
  'receipt.PayerId': { vi: 'Số giấy tờ người nộp', en: 'Payer id' },
  'receipt.PayeeName': { vi: 'Đơn vị thụ hưởng', en: 'Payee' },
  'receipt.PaidAt': { vi: 'Thời gian thanh toán', en: 'Paid at' },
  'receipt.LedgerReference': { vi: 'Mã giao dịch ngân hàng', en: 'Bank transaction reference' },
} satisfies Record<string, Message | Message<(value: string) => string>>;

export type MessageKey = keyof typeof messages;
/** The keys of plain-text messages (the rest are built from values). */
export type TextKey = { [K in MessageKey]: (typeof messages)[K] extends Message ? K : never }[MessageKey];

/**
 * The message in this locale: a string, or for messages built from values the function that
 * builds it.
 *
 * @example t('vi', 'signIn') // 'Đăng nhập'
 * @example t('en', 'stepUp.Amount')('10.000.000 ₫') // 'the amount is above 10.000.000 ₫'
 */
export function t<K extends MessageKey>(locale: Locale, key: K): (typeof messages)[K][Locale] {
  return messages[key][locale];
}

/** A permission's words, or the permission code itself when the catalogue has none. */
export function permissionText(locale: Locale, permission: string): string {
  const key = `permission.${permission}`;
  return Object.hasOwn(permissions, key) ? t(locale, key as keyof typeof permissions) : permission;
}

/** A consent status's words, or the status itself when the catalogue has none. */
export function statusText(locale: Locale, status: string): string {
  const key = `status.${status}`;
  return Object.hasOwn(statuses, key) ? t(locale, key as keyof typeof statuses) : status;
}
