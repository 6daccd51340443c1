import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Caller } from '#domain/caller.ts';
import type { ServedRoute } from '#routing/route-of.ts';
import type { PendingProof } from '#use-cases/access/dpop-proof.ts';
import type { IdempotentExecution } from '#use-cases/requests/idempotency-key.ts';

/** What a handler sees: the event, parsed and checked against its route's policy by the chain. */
export interface ApiRequest<Body = unknown> {
  event: APIGatewayProxyEvent;
  route: ServedRoute;
  interactionId: string;
  /** Lower-cased header names, last value wins. */
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  /** The parsed body, not yet validated: the use case's parser decides what it means. */
  body: Body;
  /** The authenticated caller, on routes with a caller policy. */
  caller?: Caller;
  /** The key this request holds, on idempotent routes when a key was sent. */
  idempotency?: IdempotentExecution;
  /** In-transaction keys: the record under the key, read with the consent (`record` absent: none). */
  storedIdempotency?: { record?: Record<string, unknown> };
  /** A DPoP proof the use case records in its own transaction (`proof: 'use-case'` routes). */
  proof?: PendingProof;
  /** Set when the handler put {@link proof}'s record into its transaction. */
  proofInTransaction?: boolean;
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

/** A middleware of the chain. */
export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;
