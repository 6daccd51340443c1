import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { invalid } from '../functions/domain/errors.ts';
import { errorResponse } from '../functions/http/error-response.ts';
import { HttpError } from '../functions/http/errors.ts';

/**
 * Largest request line plus headers the local gateway reads, in bytes: API Gateway's own limit
 * for REST APIs ("total combined size of request line and header values", 10,240 bytes), so a
 * request refused in AWS is refused locally too. Node's default would be 16 KiB.
 */
export const MAX_HEADER_BYTES = 10_240;

/**
 * Node's `clientError`: the request could not even be parsed (headers over
 * {@link MAX_HEADER_BYTES}, malformed HTTP, too slow to arrive). Node would answer a bare
 * status line; this answers in the contract's error envelope, with a new interaction id (the
 * request's own headers were never read).
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new HttpError(
          431,
          'VN.OB.Request.HeadersTooLarge',
          `The request line and headers exceed ${MAX_HEADER_BYTES} bytes; send fewer or shorter headers.`,
        )
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new HttpError(408, 'VN.OB.Request.Timeout', 'The request did not arrive in time; send it again.')
        : invalid(
            'VN.OB.Request.Malformed',
            'The request is not well-formed HTTP/1.1; check its request line and headers.',
          );
  socket.end(rawHttp(errorResponse(refusal, randomUUID())));
}

/**
 * The request target as a URL on a fixed origin, never failing: origin-form (`/v1/…`) keeps its
 * path exactly as sent (`//x` stays a path, not a host; malformed escapes stay for the route to
 * refuse), absolute-form keeps only its path and query, and anything else becomes a path no
 * route has.
 */
export function requestTarget(target = '/'): URL {
  if (target.startsWith('/')) return new URL(`http://local${target}`);
  try {
    const absolute = new URL(target);
    return new URL(`http://local${absolute.pathname}${absolute.search}`);
  } catch {
    return new URL(`http://local/${encodeURIComponent(target)}`);
  }
}

/** An API Gateway result as the bytes of an HTTP/1.1 response that closes the connection. */
function rawHttp(result: APIGatewayProxyResult): string {
  const body = result.body ?? '';
  const headers = {
    ...result.headers,
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${String(value)}`);
  const status = `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode] ?? ''}`;
  return `${[status, ...lines].join('\r\n')}\r\n\r\n${body}`;
}
