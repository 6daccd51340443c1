/**
 * What a client may be told about (webhooks, the polling feed). Producers build a
 * {@link NewEvent} here, purely; the store writes it in the same transaction as the change.
 */

/** Event types producers emit; webhook subscriptions choose among these. */
export const eventTypes = [
  'payment.status_changed',
  'consent.status_changed',
  'bill.paid',
  'bill.refunded',
  'bill.cancelled',
  'bill.expired',
  'cash_withdrawal.status_changed',
  'inquiry.status_changed',
  // Webhooks: an endpoint that kept failing for 5 days was disabled (told to its owner).
  'webhook_endpoint.disabled',
] as const;

export type EventType = (typeof eventTypes)[number];

export interface NewEvent {
  clientId: string;
  type: EventType;
  data: Record<string, unknown>;
  occurredAt?: Date;
  /** `evt_` and 1–64 letters or digits; generated when absent. */
  eventId?: string;
}
