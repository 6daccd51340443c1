import { type DomesticPayment, type SettlementOutcome, sandboxSettlementOutcome } from './status.ts';

/** What the interbank rail has said of a payment: settled, refused by the receiving bank, or nothing yet. */
export type SettlementAnswer = SettlementOutcome | 'pending';

/**
 * The port interbank payments settle through (NAPAS 247). The settlement worker asks it about
 * each payment in process and records only what it answers: `pending` leaves the payment in
 * process. A live deployment without a configured connector has none: it refuses interbank
 * initiation and never reports a settlement it has not received.
 */
export interface SettlementConnector {
  /** Named in logs. */
  readonly name: string;
  /** What the rail says of this payment now; throws when it cannot be asked (the next run asks again). */
  outcomeOf(payment: DomesticPayment): Promise<SettlementAnswer>;
}

/**
 * The sandbox's stand-in for NAPAS: every receiving bank answers at once, by the deterministic
 * rule of {@link sandboxSettlementOutcome}. Wired only when the platform runs in sandbox mode.
 */
export const sandboxSettlementConnector: SettlementConnector = {
  name: 'sandbox NAPAS simulator',
  outcomeOf: async (payment) => sandboxSettlementOutcome(payment.initiation),
};
