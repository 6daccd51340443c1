/**
 * What a client may be told about (webhooks, the polling feed). Producers build a
 * {@link NewEvent} here, purely; the store writes it in the same transaction as the change.
 *
 * Every event names one resource and carries that resource's sequence number: the position of
 * the status it reports in the resource's status history (1 for the first status). Deliveries
 * may arrive out of order, so a receiver keeps, per resource, the highest sequence it has seen
 * and discards anything lower. Status transitions never repeat a status, and every write that
 * changes one is guarded on the status it read, so a sequence number names one change only.
 */

/**
 * The event catalogue: every type a client may subscribe to or poll for. The OpenAPI
 * document's `components/schemas/EventType` and `webhooks` section list the same (tested).
 */
export const eventTypes = [
  'payment.status_changed',
  'consent.authorised',
  'consent.revoked',
  'consent.expired',
  'cash.session.approved',
  'cash.session.dispensed',
  'cash.session.released',
  // Reserved for the bills and webhooks work; producers land with those features.
  'bill.paid',
  'bill.refunded',
  'bill.cancelled',
  'bill.expired',
  'webhook_endpoint.disabled',
] as const;

export type EventType = (typeof eventTypes)[number];

/** Whether `value` is a type in the catalogue. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (eventTypes as readonly string[]).includes(value);
}

export interface NewEvent {
  /** The client the resource belongs to: the only one that may see the event. */
  clientId: string;
  type: EventType;
  /** The resource's id (`DomesticPaymentId`, `ConsentId`, `SessionId`, `BillId`, …). */
  resourceId: string;
  /** The resource's sequence number for this change (see the module comment). */
  sequence: number;
  /** The payload: the resource id under its own name, its new status, what a receiver acts on. */
  data: Record<string, unknown>;
  occurredAt?: Date;
  /** `evt_` and 1–64 letters or digits; generated when absent. */
  eventId?: string;
}

/** An event as a client receives it (feed, polling, webhooks): `webhook-id` = `eventId`. */
export interface ClientEvent {
  eventId: string;
  clientId: string;
  eventType: string;
  occurredAt: string;
  /** The resource the event is about, and its sequence number (receivers drop lower ones). */
  resourceId: string;
  sequence: number;
  /** The payload, its `Sequence` included. */
  data: Record<string, unknown>;
}

/** The sequence number of the status a resource moves to, from the history it had before. */
export function nextSequence(resource: { statusHistory: readonly unknown[] }): number {
  return resource.statusHistory.length + 1;
}
