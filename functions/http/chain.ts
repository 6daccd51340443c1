import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { servedRoute } from '#routing/route-of.ts';
import { logger } from '#runtime/logger.ts';
import { errorResponse } from './error-response.ts';
import { HttpError } from './errors.ts';
import { interactionIdOf, parseRequest } from './parse-request.ts';
import type { ApiContext, ApiMiddleware, ApiRequest, ApiResponse } from './request.ts';
import { toResult } from './to-result.ts';

/** How a failure is answered: the API's JSON envelope, or (pages) a page saying the same. */
export type ErrorAnswer = (
  error: unknown,
  interactionId: string,
  event: APIGatewayProxyEvent,
) => APIGatewayProxyResult;

/**
 * The chain every route shares: interaction id and parsing (the matched route's body and query
 * rules), then `middlewares`, then the handler; on any failure, `answerError` (the error envelope).
 */
export function chain<Body>(
  middlewares: ApiMiddleware[],
  logic: (request: ApiRequest<Body>) => Promise<ApiResponse>,
  answerError: ErrorAnswer = errorResponse,
) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    .use(envelope(answerError))
    .use(middlewares)
    .handler(async function runRoute(_event, context) {
      return toResult(await logic(context.api as ApiRequest<Body>), context.api.interactionId);
    });
}

function envelope(answerError: ErrorAnswer): ApiMiddleware {
  return {
    before: async function parse(request) {
      const interactionId = interactionIdOf(request.event);
      // Set first so that a parse failure is still answered with this id.
      request.context.api = { interactionId } as ApiRequest;
      const route = await servedRoute(request.event.httpMethod, request.event.resource);
      if (!route) throw new HttpError(404, 'VN.OB.Route.NotFound', `No route ${request.event.path}.`);
      request.context.api = parseRequest(request.event, interactionId, route);
    },
    onError: function answerFailure(request) {
      const interactionId = request.context.api?.interactionId ?? interactionIdOf(request.event);
      const response = answerError(request.error, interactionId, request.event);
      if (response.statusCode >= 500) {
        logger.error('unhandled error', { interactionId, path: request.event.path, error: request.error });
      }
      request.response = response;
    },
  };
}
