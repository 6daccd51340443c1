import { invalid } from '#domain/errors.ts';
import { truncate } from '#domain/text.ts';
import { HttpError } from './errors.ts';

/**
 * Deepest nesting of objects and arrays a JSON body may have. The contract's bodies nest a
 * few levels (`{ "Data": { "Initiation": { "CreditorAccount": … } } }` is 4); the cap keeps
 * every later walk of a body (the idempotency fingerprint, the parsers, logging) far from any
 * stack limit.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * A JSON body as the routes take it: sent as JSON, nested at most {@link MAX_JSON_DEPTH} levels,
 * parsed into an object, its text all Unicode characters. Each refusal names what to fix.
 */
export function parseJsonBody(raw: string, contentType: string | undefined): object {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
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
  // Half a character can only come from a `\u` escape: the body is text decoded from UTF-8 (by API
  // Gateway, or the local gateway), which holds none. So most bodies are let through by one search.
  const found = raw.includes('\\u') ? halfCharacterAt(parsed, '') : undefined;
  if (found !== undefined) {
    const path = truncate(found, 160);
    throw invalid(
      'UK.OBIE.Field.Invalid',
      `${path} holds half of a UTF-16 surrogate pair (a lone \\uD800–\\uDFFF escape), which is no character: send text as Unicode characters.`,
      { path },
    );
  }
  return parsed;
}

/** A lone surrogate, the one thing in a JavaScript string that is not a Unicode character. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The wire path (`Data.Reason`) of the first string, or name, in `value` holding a lone
 * surrogate: no ledger line, signature, NAPAS message or DynamoDB attribute can carry one. A
 * name holding one is quoted with U+FFFD in its place.
 */
function halfCharacterAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [name, inner] of Object.entries(value)) {
    const innerPath = Array.isArray(value) ? `${path}[${name}]` : path ? `${path}.${name}` : name;
    if (LONE_SURROGATE.test(name)) return innerPath.replace(/\p{Cs}/gu, '\uFFFD');
    const found = halfCharacterAt(inner, innerPath);
    if (found !== undefined) return found;
  }
  return undefined;
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
