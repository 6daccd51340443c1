import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { errorFromAnswer, OpenBankingError, ServerError } from './errors.ts';
import type { paths } from './generated/schema.ts';
import { operationOf } from './operations.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The typed calls of the contract, as openapi-fetch defines them: `{ data, error, response }`. */
type TypedCalls = Pick<Client<paths>, Method>;

/** Paths whose GET answers a list under `Data` with `Links.Next`. */
type GetPaths = {
  [P in keyof paths]: paths[P] extends { get: { responses: { 200: unknown } } } ? P : never;
}[keyof paths];
type ListBody<P extends GetPaths> = paths[P] extends {
  get: { responses: { 200: { content: { 'application/json': { Data: infer D } } } } };
}
  ? D
  : never;
/** The element type of the list a paged GET answers (`Transaction`, `Account`…). */
export type ItemOf<P extends GetPaths> = {
  [K in keyof ListBody<P>]: NonNullable<ListBody<P>[K]> extends readonly (infer T)[] ? T : never;
}[keyof ListBody<P>];
/** The parameters of a paged GET: its path parameters and its query (`pageSize`…). */
type PageInit<P extends GetPaths> = {
  params?: paths[P] extends { get: { parameters: infer Q } } ? Partial<Q> : never;
};

/** Middleware: the interaction id and one idempotency key per logical POST (kept across retries). */
function requestHeaders(newKey: () => string): Middleware {
  return {
    onRequest: function addStandardHeaders({ request, schemaPath }) {
      if (!request.headers.has('x-fapi-interaction-id')) {
        request.headers.set('x-fapi-interaction-id', crypto.randomUUID());
      }
      const operation = operationOf(request.method, schemaPath);
      if (operation?.idempotencyKey && !request.headers.has('x-idempotency-key')) {
        request.headers.set('x-idempotency-key', newKey());
      }
      return request;
    },
    onResponse: async function refuseNonJson({ response, options }) {
      if (!response.ok || options.parseAs !== 'json' || response.status === 204) return undefined;
      // Read once and hand openapi-fetch the same text: cloning (a stream tee) cost more than parsing.
      const text = await response.text();
      const same = new Response(text, response);
      if (!text) return same;
      try {
        JSON.parse(text);
        return same;
      } catch {
        throw new ServerError(
          response.status,
          `${response.status}: the platform answered with a body that is not JSON (${text.slice(0, 80)})`,
          { interactionId: response.headers.get('x-fapi-interaction-id') ?? undefined },
        );
      }
    },
  };
}

/**
 * Typed calls over a transport: every method of the contract, errors as typed
 * {@link OpenBankingError}s in `error` (they carry the envelope's `Code`, `Id`, `Message`, `Errors`),
 * and `paginate` over `Links.Next`.
 */
export interface Calls extends TypedCalls {
  /** Every item of a paged list, page after page along `Links.Next`. */
  paginate<P extends GetPaths>(path: P, init?: PageInit<P>): AsyncGenerator<ItemOf<P>, void, undefined>;
}

export function typedCalls(
  baseUrl: string,
  send: (request: Request) => Promise<Response>,
  newKey: () => string,
): Calls {
  const base = createClient<paths>({ baseUrl, fetch: send });
  base.use(requestHeaders(newKey));
  const wrap = <M extends Method>(method: M): TypedCalls[M] =>
    (async (...args: unknown[]) => {
      try {
        const result = (await (base[method] as (...a: unknown[]) => Promise<Record<string, unknown>>)(
          ...args,
        )) as {
          error?: unknown;
          response: Response;
        };
        if (result.error === undefined) return result;
        return { ...result, error: errorFromAnswer(result.response, result.error) };
      } catch (error) {
        if (error instanceof OpenBankingError) return { data: undefined, error, response: undefined };
        throw error;
      }
    }) as TypedCalls[M];
  const calls: TypedCalls = {
    GET: wrap('GET'),
    POST: wrap('POST'),
    PUT: wrap('PUT'),
    PATCH: wrap('PATCH'),
    DELETE: wrap('DELETE'),
  };

  /**
   * Every item of a paged list, page after page along `Links.Next`, with no gap and no repeat.
   *
   * @example
   * for await (const tx of session.paginate('/v1/aisp/accounts/{AccountId}/transactions', { params: { path: { AccountId } } })) …
   */
  async function* paginate<P extends GetPaths>(
    path: P,
    init?: PageInit<P>,
  ): AsyncGenerator<ItemOf<P>, void, undefined> {
    let options = (init ?? {}) as {
      params?: { path?: object; query?: Record<string, unknown>; header?: object };
    };
    for (;;) {
      const { data, error } = await (
        calls.GET as (p: string, i: unknown) => Promise<{ data?: unknown; error?: unknown }>
      )(path, options);
      if (error) throw error;
      const body = data as { Data: Record<string, unknown>; Links?: { Next?: string } };
      const list = Object.values(body.Data).find(Array.isArray) as ItemOf<P>[] | undefined;
      if (!list) throw new ServerError(200, `${path} answered no list under Data; it cannot be paged`);
      yield* list;
      if (!body.Links?.Next) return;
      const next = new URL(body.Links.Next);
      options = { ...options, params: { ...options.params, query: Object.fromEntries(next.searchParams) } };
    }
  }

  return { ...calls, paginate };
}
