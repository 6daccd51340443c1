import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ConsentItem } from '#store/consents.ts';
import type { IdempotentExecution } from '#store/idempotency.ts';

/** Who is calling, as proved by the access token (filled in by the authorization middleware). */
export interface Caller {
  clientId: string;
  scopes: string[];
  /** Present for tokens issued through a customer's authorization (authorization-code grant). */
  customerId?: string;
  /** The consent the token was granted for, when any: loaded and checked to be Authorised. */
  consent?: ConsentItem;
  /** Hash of the access token, for audit. */
  tokenId: string;
}

/** What a handler sees: the event, parsed and checked by the middleware chain. */
export interface ApiRequest<Body = unknown> {
  event: APIGatewayProxyEvent;
  interactionId: string;
  /** Lower-cased header names, last value wins. */
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  body: Body;
  caller?: Caller;
  /**
   * The idempotency key this request holds. A handler that completes it inside its own
   * transaction (a ledger posting) sets `completed` so the chain does not complete it again.
   */
  idempotency?: { execution: IdempotentExecution; completed: boolean };
  /** The public URL the client used (scheme, host, stage path and path), for DPoP `htu` and `Links.Self`. */
  url: URL;
}

/** What a handler returns; the chain turns it into an API Gateway result. */
export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body already serialised (HTML, CSV, JS); `body` is JSON-encoded otherwise. */
  raw?: string;
}

/** The Lambda context, carrying the per-request state the middlewares build. */
export type ApiContext = Context & { api: ApiRequest };

export type ApiResult = APIGatewayProxyResult;
