import { RECEIPT_TYPE } from '#domain/bills/receipt.ts';
import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { issuer, jwksUrl } from '#runtime/issuer.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { receiptVerifyHeaders, renderReceiptVerifyPage } from '#web-pages/receipt-verify-page.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';

/**
 * GET /receipts/verify: the public receipt check page, Vietnamese unless `?lang=en`. It carries
 * no data: the browser verifies the pasted receipt against the public JWKS itself.
 */
export const handler = publicHandler(async (request) => {
  const locale = localeFrom(request.query.lang);
  const page = renderReceiptVerifyPage(locale, {
    issuer: issuer(),
    jwksUrl: jwksUrl(),
    receiptType: RECEIPT_TYPE,
  });
  return { status: 200, headers: receiptVerifyHeaders(jwksUrl()), raw: page };
}, pageErrors(refusalPage));
