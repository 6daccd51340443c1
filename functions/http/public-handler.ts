import { chain, type ErrorAnswer } from './chain.ts';
import type { ApiMiddleware, ApiRequest, ApiResponse } from './request.ts';

/**
 * The chain without the resource server and the idempotency records, for routes whose policy
 * has neither a caller nor a key (the bank directory, the docs, the customer's own pages): their
 * Lambdas then bundle neither jose nor the records' store, which is what their cold start pays
 * for. A route that has either policy is refused here (fail closed, a 500): use `apiHandler`.
 * Pages pass `answerError` (functions/handlers/page-refusal.ts) to answer failures as a page.
 */
export function publicHandler<Body = unknown>(
  logic: (request: ApiRequest<Body>) => Promise<ApiResponse>,
  answerError?: ErrorAnswer,
) {
  return chain([publicOnly()], logic, answerError);
}

function publicOnly(): ApiMiddleware {
  return {
    before: function refuseProtectedRoute(request) {
      const route = request.context.api.route;
      if (route.caller || route.idempotency) {
        throw new TypeError(
          `${route.method} ${route.path} has a caller or key policy: serve it with apiHandler`,
        );
      }
    },
  };
}
