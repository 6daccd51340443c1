import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invalid } from '#domain/errors.ts';
import type { ServedRoute } from '#routing/route-of.ts';
import type { BodyKind } from '#routing/routes.ts';
import { HttpError } from './errors.ts';
import { normaliseHeaders } from './headers.ts';
import { parseJsonBody } from './json-body.ts';
import { publicUrl } from './public-url.ts';
import type { ApiRequest } from './request.ts';

/**
 * Set in each Lambda bundle (esbuild `define`: `bundledRoutes` of lib/bundle-aliases.ts): whether
 * any route the function serves takes a JSON body. Undefined where the sources run.
 */
declare const BUNDLED_JSON_BODIES: boolean;

/** Largest body accepted, in bytes (the local gateway enforces the same). */
const MAX_BODY_BYTES = 1024 * 1024;

/** The largest body this route accepts: its own limit (a batch of bills), or the platform's. */
export function bodyLimitOf(route: Pick<ServedRoute, 'maxBodyBytes'>): number {
  return route.maxBodyBytes ?? MAX_BODY_BYTES;
}

const INTERACTION_ID = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The interaction id to echo: the client's when well-formed, a new UUID otherwise. Web Crypto's
 * global, loaded on first use: an import of node:crypto costs a bundle without other crypto
 * users (the docs, the OpenAPI document, the banks list) about 10 ms of its cold start.
 */
export function interactionIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && INTERACTION_ID.test(given) ? given : crypto.randomUUID();
}

/** {@link interactionIdFrom} for an API Gateway event. */
export function interactionIdOf(event: APIGatewayProxyEvent): string {
  return interactionIdFrom(normaliseHeaders(event.headers)['x-fapi-interaction-id']);
}

/** Builds the {@link ApiRequest} a handler sees, rejecting what the route does not accept. */
export function parseRequest(
  event: APIGatewayProxyEvent,
  interactionId: string,
  route: ServedRoute,
): ApiRequest {
  refuseRepeatedHeaders(event.multiValueHeaders);
  const headers = normaliseHeaders(event.headers);
  // The path first: it names the resource, so its problems are reported before the body's.
  const params = parsePathParameters(event.pathParameters);
  const query = parseQuery(event, route.query);
  const body = parseBody(event, headers, route.body ?? 'none', bodyLimitOf(route));
  return { event, route, interactionId, headers, query, params, body, url: publicUrl(event) };
}

/**
 * Headers a request carries at most once. Sent twice, layers would read different ones: the
 * local gateway's rate limiter takes the first `Authorization`, the handler the last, so a decoy
 * first line would have its requests counted against no client.
 */
const SINGLE_HEADERS = ['authorization', 'dpop', 'x-idempotency-key'];

function refuseRepeatedHeaders(given: APIGatewayProxyEvent['multiValueHeaders'] | null | undefined): void {
  const counts = new Map<string, number>();
  for (const [name, values] of Object.entries(given ?? {})) {
    const lower = name.toLowerCase();
    if (SINGLE_HEADERS.includes(lower)) counts.set(lower, (counts.get(lower) ?? 0) + (values?.length ?? 0));
  }
  for (const [name, count] of counts) {
    if (count > 1) {
      throw invalid('UK.OBIE.Header.Invalid', `Send one ${name} header; this request has ${count}.`, {
        path: name,
      });
    }
  }
}

/**
 * Longest path parameter, in characters. Every id this API issues is far shorter; the bound keeps
 * a DynamoDB key built from one under its limits (1,024 bytes for a sort key), where a longer one
 * would be refused by the engine as a 500 rather than answered as the client's error.
 */
export const MAX_PATH_PARAMETER_CHARS = 128;

/**
 * Path parameters, percent-decoded (API Gateway REST passes them as sent). A malformed
 * escape (`%E0%A4%A`: a `%` without two hex digits, or bytes that are not UTF-8) or an
 * over-long value is the client's error, named by the parameter.
 */
function parsePathParameters(given: APIGatewayProxyEvent['pathParameters']): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given ?? {})) {
    let value: string;
    try {
      value = decodeURIComponent(raw ?? '');
    } catch (cause) {
      throw invalid(
        'UK.OBIE.Field.Invalid',
        `Path parameter '${name}' has malformed percent-encoding: each '%' must start a UTF-8 byte written as two hex digits (encode the value with encodeURIComponent).`,
        { path: name, cause },
      );
    }
    const length = [...value].length;
    if (length > MAX_PATH_PARAMETER_CHARS) {
      throw invalid(
        'UK.OBIE.Field.Invalid',
        `Path parameter '${name}' has ${length} characters; no id here is longer than ${MAX_PATH_PARAMETER_CHARS}. Send the id as the API returned it.`,
        { path: name },
      );
    }
    params[name] = value;
  }
  return params;
}

function parseQuery(event: APIGatewayProxyEvent, allowed: readonly string[] = []): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    if (!allowed.includes(name)) {
      const hint = allowed.length ? ` Accepted: ${allowed.join(', ')}.` : ' This route takes none.';
      throw invalid('UK.OBIE.Field.Unexpected', `Unknown query parameter '${name}'.${hint}`, {
        path: name,
      });
    }
    if ((values?.length ?? 0) > 1) {
      throw invalid('UK.OBIE.Field.Invalid', `Query parameter '${name}' is given more than once.`, {
        path: name,
      });
    }
    query[name] = values?.[0] ?? '';
  }
  return query;
}

function parseBody(
  event: APIGatewayProxyEvent,
  headers: Record<string, string>,
  kind: BodyKind,
  limit: number,
): unknown {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  if (Buffer.byteLength(raw) > limit) {
    throw new HttpError(413, 'VN.OB.Request.TooLarge', `The body exceeds ${limit} bytes.`);
  }
  if (kind === 'form') return raw;
  if (kind === 'none') {
    if (raw.trim().length > 0) {
      throw invalid('VN.OB.Request.UnexpectedBody', 'This route takes no request body; send none.');
    }
    return undefined;
  }
  // A bundle none of whose routes takes JSON leaves the JSON parser out (lib/bundle-aliases.ts).
  return typeof BUNDLED_JSON_BODIES !== 'undefined' && !BUNDLED_JSON_BODIES
    ? undefined
    : parseJsonBody(raw, headers['content-type']);
}
