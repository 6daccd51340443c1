import { RECEIPT_TYPE, type ReceiptFacts, receiptClaims } from '#domain/bills/receipt.ts';
import { issuer } from '#runtime/issuer.ts';
import { signDocument } from '#use-cases/documents/sign-document.ts';
import { renderVietQr } from '#use-cases/qr/render-vietqr.ts';

/** A receipt as the partner gets it: the compact JWS, and the JWS itself as a QR code. */
export interface SignedReceipt {
  receipt: string;
  qr: { payload: string; png: string; svg: string };
}

/**
 * Signs a paid bill's receipt and renders it as a QR code of itself (the same renderer as
 * VietQR codes: error correction Q, quiet zone, PNG and SVG), so that a printed receipt can be
 * scanned and checked offline against the public JWKS.
 */
export async function signReceipt(facts: ReceiptFacts, now: Date = new Date()): Promise<SignedReceipt> {
  const receipt = await signDocument({ ...receiptClaims(facts, issuer(), now) }, RECEIPT_TYPE);
  const { png, svg } = await renderVietQr(receipt);
  return { receipt, qr: { payload: receipt, png, svg } };
}
