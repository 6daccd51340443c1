import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { baseHeaders, errorResponse } from './envelope.ts';
import { logger } from './logger.ts';
import { type BodyKind, interactionIdOf, parseRequest } from './parse-request.ts';
import type { ApiContext, ApiRequest, ApiResponse } from './request.ts';

export type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;

export interface HandlerOptions {
  /** Query parameters the route accepts; any other is a 400. */
  query?: readonly string[];
  /** What body the route takes: a JSON object, none, or raw text (form posts, HTML forms). */
  body?: BodyKind;
  /** Authorization and other route-specific checks, run in order after parsing. */
  use?: ApiMiddleware[];
}

/**
 * Wraps a route's logic in the one middleware chain every API handler shares:
 * interaction id, request parsing, route checks, then the error envelope on failure.
 *
 * @example
 * export const handler = apiHandler({ query: ['page'] }, async (req) => ({ status: 200, body: { Data: … } }));
 */
export function apiHandler<Body = unknown>(
  options: HandlerOptions,
  logic: (request: ApiRequest<Body>) => Promise<ApiResponse>,
) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    .use(envelope(options))
    .use(options.use ?? [])
    .handler(async function runRoute(_event, context) {
      return toResult(await logic(context.api as ApiRequest<Body>), context.api.interactionId);
    });
}

function envelope(options: HandlerOptions): ApiMiddleware {
  return {
    before: function parse(request) {
      const interactionId = interactionIdOf(request.event);
      // Set first so that a parse failure is still answered with this id.
      request.context.api = { interactionId } as ApiRequest;
      request.context.api = parseRequest(request.event, interactionId, options);
    },
    onError: function answerError(request) {
      const interactionId = request.context.api?.interactionId ?? interactionIdOf(request.event);
      const response = errorResponse(request.error, interactionId);
      if (response.statusCode >= 500) {
        logger.error('unhandled error', { interactionId, path: request.event.path, error: request.error });
      }
      request.response = response;
    },
  };
}

/** Serialises a handler's answer with the headers every response carries. */
export function toResult(response: ApiResponse, interactionId: string): APIGatewayProxyResult {
  const headers: Record<string, string> = { ...baseHeaders(interactionId), ...response.headers };
  if (response.raw !== undefined) return { statusCode: response.status, headers, body: response.raw };
  if (response.body === undefined) return { statusCode: response.status, headers, body: '' };
  headers['content-type'] ??= 'application/json; charset=utf-8';
  return { statusCode: response.status, headers, body: JSON.stringify(response.body) };
}
