import type { ClientEvent } from '#domain/events.ts';

/** Records only the store has (entities live in the domain): idempotency keys and events. */
/** One `x-idempotency-key` of one client: `IDEMPOTENCY#<clientId>#<key> / IDEMPOTENCY`. */
export interface IdempotencyItem {
  type: 'Idempotency';
  clientId: string;
  key: string;
  /** SHA-256 of the canonical request (method, path, body). */
  fingerprint: string;
  status: 'InProgress' | 'Completed';
  /** Which execution owns the record; the completion write is conditioned on it. */
  leaseId: string;
  /** Epoch milliseconds after which another request with the same key may take over. */
  leaseUntil: number;
  createdAt: string;
  completedAt?: string;
  /** The response replayed to retries. */
  response?: { status: number; headers: Record<string, string>; body: string };
  /** Epoch seconds; the record is kept at least 24 h after creation (and after completion). */
  ttl: number;
}

/** Something a client may be told about (polling feed, webhooks): `EVENTS#<clientId> / EVENT#<occurredAt>#<eventId>`. */
export interface EventItem extends ClientEvent {
  type: 'Event';
  /** Epoch seconds: kept 30 days. */
  ttl: number;
  /** Aggregated polling (RFC 8936): when the client acknowledged it, or the error it reported. */
  acknowledgedAt?: string;
  setError?: { err: string; description: string };
}
