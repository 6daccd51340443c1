import { authorise } from './authorise.ts';
import { chain } from './chain.ts';
import { type AnswerSealing, idempotency } from './idempotency.ts';
import type { ApiRequest, ApiResponse } from './request.ts';

/**
 * Wraps a handler in the one chain every API route shares, driven by the route's policy in
 * `functions/routing/routes.ts`: interaction id and parsing (the route's body and query
 * rules), authorisation (its caller policy), idempotency (its key policy), and the error
 * envelope on failure. The handler itself only parses, calls one use case and answers. A route
 * whose answer carries a secret passes `answerSealing`, so its stored answer is sealed at rest.
 *
 * @example
 * export const handler = apiHandler(async (request) => respond(request, 'BanksResponse', { data }));
 */
export function apiHandler<Body = unknown>(
  logic: (request: ApiRequest<Body>) => Promise<ApiResponse>,
  options: { answerSealing?: AnswerSealing } = {},
) {
  return chain([authorise(), idempotency(options.answerSealing)], logic);
}
