/**
 * The message catalogue of the sign-in, consent, sharing, checkout and error pages: Vietnamese
 * by default, English on request. Every visible word of those pages comes from here; the frame
 * they share has ./layout-messages.ts, the receipt check ./receipt-messages.ts.
 */
import type { ConsentStatus } from '#domain/consent.ts';
import type { StepUpReason } from '#domain/payments/strong-authentication.ts';
import { type Catalogue, type Locale, lookup, type Message, type TextKeyOf } from './locale.ts';

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
  decisionMissing: {
    vi: 'Vui lòng chọn Đồng ý hoặc Từ chối.',
    en: 'Choose Approve or Deny.',
  },
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

  // Bank-hosted checkout (GET /checkout/{CheckoutSessionId}, issue 14)
  checkoutTitle: { vi: 'Thanh toán hóa đơn', en: 'Pay a bill' },
  checkoutIntro: {
    vi: 'yêu cầu bạn thanh toán hóa đơn dưới đây tại ngân hàng.',
    en: 'asks you to pay the bill below at the bank.',
  },
  checkoutCategory: { vi: 'Loại', en: 'Category' },
  checkoutReference: { vi: 'Mã hồ sơ / số tham chiếu', en: 'Reference' },
  checkoutPayer: { vi: 'Người nộp', en: 'Payer' },
  checkoutDueToday: { vi: 'Số tiền phải nộp hôm nay', en: 'Amount due today' },
  checkoutDueDate: { vi: 'Hạn nộp', en: 'Due date' },
  checkoutDescription: { vi: 'Nội dung', en: 'Description' },
  checkoutExpires: { vi: 'Phiên thanh toán hết hạn lúc', en: 'This payment page expires at' },
  checkoutSignInHint: {
    vi: 'Đăng nhập bằng tài khoản ngân hàng điện tử của bạn để thanh toán.',
    en: 'Sign in with your online banking credentials to pay.',
  },
  checkoutOtpHint: {
    vi: 'Nhập mã OTP ngân hàng gửi cho bạn để xác nhận giao dịch này.',
    en: 'Enter the one-time password the bank sent you to confirm this payment.',
  },
  checkoutSafetyAddress: {
    vi: (host: string) => `Chỉ nhập thông tin khi thanh địa chỉ hiển thị đúng ${host} (có biểu tượng khóa).`,
    en: (host: string) => `Only enter your details when the address bar shows ${host} (with the padlock).`,
  },
  checkoutSafetyOtp: {
    vi: 'Ngân hàng không bao giờ yêu cầu bạn cung cấp mã OTP qua điện thoại, tin nhắn hay mạng xã hội. Không chia sẻ OTP với bất kỳ ai.',
    en: 'The bank never asks for your one-time password by phone, message or social media. Never share it with anyone.',
  },
  checkoutSafetyPayee: {
    vi: 'Kiểm tra tên đơn vị thu và số tiền trước khi xác nhận.',
    en: 'Check the payee and the amount before you confirm.',
  },
  checkoutSafetySource: {
    vi: 'Hướng dẫn thanh toán trực tuyến an toàn theo yêu cầu của Ngân hàng Nhà nước Việt Nam.',
    en: 'Safe online payment guidance, as the State Bank of Vietnam requires.',
  },
  confirm: { vi: 'Xác nhận', en: 'Confirm' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  'checkoutCategory.administrative-fee': { vi: 'Phí, lệ phí hành chính', en: 'Administrative fee' },
  'checkoutCategory.traffic-fine': { vi: 'Phạt vi phạm giao thông', en: 'Traffic fine' },
  'checkoutCategory.registration-tax': { vi: 'Lệ phí trước bạ', en: 'Registration tax' },
  'checkoutCategory.social-insurance': { vi: 'Bảo hiểm xã hội', en: 'Social insurance' },
  'checkoutCategory.tuition': { vi: 'Học phí', en: 'Tuition' },
  'checkoutCategory.hospital-fee': { vi: 'Viện phí', en: 'Hospital fee' },
  'checkoutCategory.electricity': { vi: 'Tiền điện', en: 'Electricity' },
  'checkoutCategory.water': { vi: 'Tiền nước', en: 'Water' },
  'checkoutCategory.telecom': { vi: 'Cước viễn thông', en: 'Telecom' },
  'checkoutEnded.title': { vi: 'Phiên thanh toán đã kết thúc', en: 'This payment page has ended' },
  'checkoutEnded.Expired': {
    vi: 'Phiên thanh toán đã hết hạn. Vui lòng quay lại cổng dịch vụ để tạo phiên mới.',
    en: 'This payment page has expired. Go back to the portal to start again.',
  },
  'checkoutEnded.Paid': {
    vi: 'Hóa đơn đã được thanh toán qua phiên này. Liên kết chỉ dùng được một lần.',
    en: 'The bill has been paid through this page. The link works only once.',
  },
  'checkoutEnded.Cancelled': {
    vi: 'Bạn đã hủy phiên thanh toán này. Liên kết chỉ dùng được một lần.',
    en: 'You cancelled this payment. The link works only once.',
  },
  'checkoutEnded.Failed': {
    vi: 'Phiên thanh toán này không thành công và đã đóng. Liên kết chỉ dùng được một lần.',
    en: 'This payment did not go through and the page is closed. The link works only once.',
  },
  'checkoutEnded.NotFound': {
    vi: 'Không tìm thấy phiên thanh toán. Hãy kiểm tra lại đường dẫn.',
    en: 'No such payment page. Check the link.',
  },
  'checkoutEnded.Elsewhere': {
    vi: 'Phiên thanh toán này đang được dùng trên một trình duyệt khác.',
    en: 'This payment page is in use in another browser.',
  },
} satisfies Catalogue;

export type MessageKey = keyof typeof messages;
/** The keys of plain-text messages (the rest are built from values). */
export type TextKey = TextKeyOf<typeof messages>;

/**
 * The message in this locale: a string, or for messages built from values the function that
 * builds it.
 *
 * @example t('vi', 'signIn') // 'Đăng nhập'
 * @example t('en', 'stepUp.Amount')('10.000.000 ₫') // 'the amount is above 10.000.000 ₫'
 */
export const t = lookup(messages);

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
