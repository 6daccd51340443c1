/**
 * A bill's receipt: the facts of one payment, signed by the bank as a compact JWS (a JWT whose
 * `typ` is {@link RECEIPT_TYPE}) with the document key published in the JWKS. Anyone holding the
 * receipt (the citizen, the agency's clerk) can check it offline against that JWKS alone, on the
 * public page `GET /receipts/verify` or with any JOSE library. The claims are PascalCase like the
 * API's own fields, and few, so the receipt fits a QR code that prints legibly.
 */

/** The JWS `typ` of a receipt (RFC 8725 §3.11: explicit typing, so no other JWT passes for one). */
export const RECEIPT_TYPE = 'vn-ob-receipt+jwt';

/** What a receipt says: the bill, the amount paid, who paid, when, and the ledger reference. */
export interface ReceiptFacts {
  BillId: string;
  /** The partner's own reference: dossier code, fine number, student id or invoice number. */
  Reference: string;
  Category: string;
  /** Whole VND, as on the wire. */
  Amount: string;
  Currency: 'VND';
  PayerName: string;
  /** CCCD, tax code or student id, when the bill names one. */
  PayerId?: string;
  /** Who the bill is payable to: the partner's collection account holder. */
  PayeeName: string;
  /** RFC 3339 in Vietnam time. */
  PaidAt: string;
  /** The ledger posting that moved the money. */
  LedgerReference: string;
}

/** The receipt's JWT claims: the facts, plus who issued it, about which bill, and when. */
export interface ReceiptClaims extends ReceiptFacts {
  iss: string;
  sub: string;
  iat: number;
}

/** The claims of a receipt for these facts, issued by `issuer` at `issuedAt`. */
export function receiptClaims(facts: ReceiptFacts, issuer: string, issuedAt: Date): ReceiptClaims {
  const { PayerId, ...rest } = facts;
  return {
    iss: issuer,
    sub: facts.BillId,
    iat: Math.floor(issuedAt.getTime() / 1000),
    ...rest,
    ...(PayerId ? { PayerId } : {}),
  };
}
