import type { components } from '#generated/schema.ts';
import type { ApiRequest, ApiResponse } from './request.ts';

/** Every schema of the contract (`openapi/openapi.yaml`), by name. */
export type Schemas = components['schemas'];
/**
 * A request body as the contract describes it (`Incoming<Schemas['DomesticPaymentRequest']>`),
 * before validation: every field may be missing and every leaf is `unknown` until the domain's
 * parser has checked it, so the type documents the shape without vouching for it.
 */
export type Incoming<T> = T extends readonly unknown[]
  ? unknown
  : T extends object
    ? { [K in keyof T]?: Incoming<T[K]> }
    : unknown;

/** The response schemas that carry `{ Data, Links, Meta }`. */
type ResourceSchema = {
  [K in keyof Schemas]: Schemas[K] extends { Data: unknown; Links: unknown } ? K : never;
}[keyof Schemas];
/** The `Data` of a response schema. */
export type DataOf<K extends ResourceSchema> = Schemas[K] extends { Data: infer D } ? D : never;
type MetaOf<K extends ResourceSchema> = Schemas[K] extends { Meta?: infer M } ? M : never;

export interface Document<K extends ResourceSchema> {
  data: DataOf<K>;
  /** `Links.Self`: the request's URL unless the resource lives elsewhere (a created one). */
  self?: string;
  /** `Links.Next`, for a paged collection. */
  next?: string;
  meta?: MetaOf<K>;
  /** UK OB resources that echo a `Risk` block. */
  risk?: object;
}

/**
 * The one place the contract's `{ Data, Links, Meta }` document is built, typed by the name of
 * its response schema in the OpenAPI document, so code and contract cannot drift.
 *
 * @example return respond(request, 'AccountsResponse', { data: { Account: views }, meta: { TotalPages: 1 } });
 */
export function respond<K extends ResourceSchema>(
  request: ApiRequest<unknown>,
  _schema: K,
  document: Document<K>,
  status: 200 | 201 | 202 = 200,
): ApiResponse {
  const self = document.self ?? request.url.href;
  return {
    status,
    // A resource created (or accepted for processing) at its own URL is announced by `Location`.
    ...(status !== 200 && document.self ? { headers: { location: self } } : {}),
    body: {
      Data: document.data,
      ...(document.risk ? { Risk: document.risk } : {}),
      Links: { Self: self, ...(document.next ? { Next: document.next } : {}) },
      Meta: document.meta ?? {},
    },
  };
}

/** {@link respond} for a resource this request created, at `self`: 201 with `Location`. */
export function created<K extends ResourceSchema>(
  request: ApiRequest<unknown>,
  schema: K,
  document: Document<K> & { self: string },
): ApiResponse {
  return respond(request, schema, document, 201);
}

/** The URL of a new resource in the collection the client posted to. */
export function memberUrl(request: ApiRequest<unknown>, id: string): string {
  return `${request.url.origin}${request.url.pathname}/${id}`;
}
