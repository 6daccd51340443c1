import type { APIGatewayProxyEvent } from 'aws-lambda';
import { invalid } from '#domain/errors.ts';
import type { ServedRoute } from '#routing/route-of.ts';
import type { BodyKind } from '#routing/routes.ts';
import { HttpError } from './errors.ts';
import { normaliseHeaders } from './headers.ts';
import { publicUrl } from './public-url.ts';
import type { ApiRequest } from './request.ts';

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

/**
 * Deepest nesting of objects and arrays a JSON body may have. The contract's bodies nest a
 * few levels (`{ "Data": { "Initiation": { "CreditorAccount": … } } }` is 4); the cap keeps
 * every later walk of a body (the idempotency fingerprint, the parsers, logging) far from any
 * stack limit.
 */
export const MAX_JSON_DEPTH = 32;

/** Builds the {@link ApiRequest} a handler sees, rejecting what the route does not accept. */
export function parseRequest(
  event: APIGatewayProxyEvent,
  interactionId: string,
  route: ServedRoute,
): ApiRequest {
  const headers = normaliseHeaders(event.headers);
  // The path first: it names the resource, so its problems are reported before the body's.
  const params = parsePathParameters(event.pathParameters);
  const query = parseQuery(event, route.query);
  const body = parseBody(event, headers, route.body ?? 'none', bodyLimitOf(route));
  return { event, route, interactionId, headers, query, params, body, url: publicUrl(event) };
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
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(
      415,
      'VN.OB.Request.UnsupportedMediaType',
      `Send the body as JSON with 'Content-Type: application/json' (got '${type || 'none'}').`,
    );
  }
  if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
    throw invalid(
      'VN.OB.Request.TooDeep',
      `The body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; send the documented shape, such as { "Data": … }.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw invalid('VN.OB.Request.MalformedJson', `The body is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid('UK.OBIE.Resource.InvalidFormat', 'The body must be a JSON object such as { "Data": … }.');
  }
  return parsed;
}

/**
 * Whether JSON text opens more than `limit` objects or arrays inside one another, found in one
 * pass over the text (brackets inside strings do not count), before anything parses or walks it.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACE || char === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (char === CLOSE_BRACE || char === CLOSE_BRACKET) depth--;
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
