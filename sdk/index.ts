/**
 * Typed client of the open-banking API: every path, parameter and body of openapi/openapi.yaml,
 * checked by TypeScript, on top of openapi-fetch.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from '../openapi/generated/schema.ts';

export type { components, operations, paths };

/** Every schema of the contract by name, e.g. `Schemas['DomesticInitiation']`. */
export type Schemas = components['schemas'];

/** The client: `client.GET('/v1/banks')`, `client.POST('/v1/pisp/domestic-payment-consents', { … })`. */
export type OpenBankingClient = Client<paths>;

/** Headers to add to one request, or nothing. */
export type Authorize = (request: Request) => HeadersInit | undefined | Promise<HeadersInit | undefined>;

export interface OpenBankingClientOptions {
  /** Where the platform runs, e.g. `http://127.0.0.1:3000` (paths start with `/v1`, `/sandbox`…). */
  baseUrl: string;
  /** The fetch to use; `globalThis.fetch` by default. */
  fetch?: (request: Request) => Promise<Response>;
  /**
   * Called before every request with the request about to be sent. Return the credentials to add:
   * `Authorization: DPoP <access token>` and a fresh `DPoP` proof for {@link dpopTarget}(request).
   */
  authorize?: Authorize;
}

/**
 * A typed client of the platform. Every request carries an `x-fapi-interaction-id` (a new UUID
 * unless the call sets one), plus whatever `authorize` adds.
 *
 * @example
 * const client = createOpenBankingClient({
 *   baseUrl: 'http://127.0.0.1:3000',
 *   authorize: async (request) => ({
 *     authorization: `DPoP ${accessToken}`,
 *     dpop: await proofFor(dpopTarget(request), accessToken),
 *   }),
 * });
 * const { data, error } = await client.GET('/v1/aisp/accounts');
 */
export function createOpenBankingClient(options: OpenBankingClientOptions): OpenBankingClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(interactionIdMiddleware());
  if (options.authorize) client.use(authorizeMiddleware(options.authorize));
  return client;
}

/** The DPoP `htm` and `htu` of a request: its method and its URL without query or fragment (RFC 9449 §4.2). */
export function dpopTarget(request: Request): { htm: string; htu: string } {
  const url = new URL(request.url);
  return { htm: request.method, htu: `${url.origin}${url.pathname}` };
}

function interactionIdMiddleware(): Middleware {
  return {
    onRequest: function addInteractionId({ request }) {
      if (!request.headers.has('x-fapi-interaction-id')) {
        request.headers.set('x-fapi-interaction-id', crypto.randomUUID());
      }
      return request;
    },
  };
}

function authorizeMiddleware(authorize: Authorize): Middleware {
  return {
    onRequest: async function addCredentials({ request }) {
      const headers = await authorize(request);
      new Headers(headers).forEach((value, name) => {
        request.headers.set(name, value);
      });
      return request;
    },
  };
}
