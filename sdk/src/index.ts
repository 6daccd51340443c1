/**
 * The open-banking platform's SDK: OAuth (on oauth4webapi), typed calls of every operation (on
 * openapi-fetch, types generated from the OpenAPI document), typed errors, retries with one
 * idempotency key per logical request, paging, and webhook verification (on standardwebhooks).
 */
export type { CustomerTokens, PendingAuthorization } from './authorization.ts';
export type { ItemOf } from './calls.ts';
export {
  type CustomerSession,
  createOpenBankingClient,
  type OpenBankingClient,
  type OpenBankingClientOptions,
  type SandboxAuthorisation,
} from './client.ts';
export {
  Conflict,
  type ErrorDetail,
  Forbidden,
  InvalidRequest,
  NotFound,
  OpenBankingError,
  RateLimited,
  ServerError,
  Unauthorized,
} from './errors.ts';
export type { FeedEvent, PollOptions } from './events.ts';
export { ERROR_CODES, type ErrorCode } from './generated/error-codes.ts';
export type { components, operations, paths } from './generated/schema.ts';
export type { PrivateKeyInput } from './key.ts';
export type { RetryOptions } from './transport.ts';
export { unwrap } from './unwrap.ts';
export { signTestWebhook, verifyWebhook, type WebhookEvent, WebhookSignatureError } from './webhooks.ts';

import type { components } from './generated/schema.ts';
/** Every schema of the contract by name, e.g. `Schemas['DomesticInitiation']`. */
export type Schemas = components['schemas'];
