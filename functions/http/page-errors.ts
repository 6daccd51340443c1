import type { ErrorAnswer } from './chain.ts';
import { errorAnswer } from './error-response.ts';
import { baseHeaders } from './headers.ts';

/** A page's failure as its renderer gets it: what the API's envelope would say, and the page's language. */
export interface PageRefusal {
  status: number;
  code: string;
  message: string;
  interactionId: string;
  /** The raw `lang` query parameter: the refusal may be of the query itself. */
  lang: string | undefined;
}

/**
 * The failures of a page's route answered as a page by `render` (functions/web-pages), with the
 * status, code and message the API's JSON envelope would carry, and its headers (`Allow`,
 * `Retry-After`): a person following a link sees a page, not JSON.
 */
export function pageErrors(
  render: (refusal: PageRefusal) => { headers: Record<string, string>; page: string },
): ErrorAnswer {
  return (error, interactionId, event) => {
    const answer = errorAnswer(error, interactionId);
    const { headers, page } = render({
      status: answer.status,
      code: answer.body.Errors[0]?.ErrorCode ?? 'UK.OBIE.UnexpectedError',
      message: answer.body.Message,
      interactionId,
      lang:
        event.multiValueQueryStringParameters?.lang?.[0] ?? event.queryStringParameters?.lang ?? undefined,
    });
    return {
      statusCode: answer.status,
      headers: { ...baseHeaders(interactionId), ...headers, ...answer.headers },
      body: page,
    };
  };
}
