import { type Catalogue, lookup, type TextKeyOf } from './locale.ts';

/** The words of the receipt check page (GET /receipts/verify, ./receipt-verify-page.ts). */
const messages = {
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
} satisfies Catalogue;

/** The keys of its plain-text messages. */
export type TextKey = TextKeyOf<typeof messages>;

/** A word of the receipt check page in this locale. */
export const t = lookup(messages);
