import { authoriseRequest } from '#use-cases/access/authorise-request.ts';
import type { ApiMiddleware } from './request.ts';

/** Checks the caller against the matched route's `caller` policy; routes without one are public. */
export function authorise(): ApiMiddleware {
  return {
    before: async function checkCaller(request) {
      const api = request.context.api;
      if (!api.route.caller) return;
      api.caller = await authoriseRequest(
        {
          authorization: api.headers.authorization,
          dpop: api.headers.dpop,
          method: request.event.httpMethod,
          url: api.url,
          params: api.params,
        },
        api.route.caller,
      );
    },
  };
}
