/**
 * Bank transaction codes (ISO 20022 family / sub-family, domain PMNT unless noted) that seeded
 * entries carry, so statements can be grouped the way UK Open Banking `BankTransactionCode` expects.
 */
export const transactionCodes = {
  /** Received credit transfer: salary. */
  salary: { code: 'RCDT', subCode: 'SALA' },
  /** Received domestic credit transfer (a person, a refund). */
  received: { code: 'RCDT', subCode: 'DMCT' },
  /** Issued domestic credit transfer (to a person, a biller, a QR merchant). */
  issued: { code: 'ICDT', subCode: 'DMCT' },
  /** Card payment at a point of sale. */
  cardPurchase: { code: 'CCRD', subCode: 'POSD' },
  /** Cash withdrawal at an ATM. */
  cashWithdrawal: { code: 'CCRD', subCode: 'CWDL' },
  /** Cash deposit at a branch counter. */
  cashDeposit: { code: 'CNTR', subCode: 'CDPT' },
  /** Interest (domain ACMT, miscellaneous credit operations). */
  interest: { code: 'MCOP', subCode: 'INTR' },
} as const;
