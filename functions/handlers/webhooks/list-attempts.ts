import { invalid } from '#domain/errors.ts';
import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { listEndpointAttempts } from '#use-cases/webhooks/inspect-and-replay.ts';

/** GET /v1/webhook-endpoints/{WebhookEndpointId}/attempts: delivery attempts, newest first, paged. */
export const handler = apiHandler(async (request) => {
  // Digits only, as /v1/events takes its limit: Number() would also read 1e2 and 0x10.
  const given = request.query.pageSize ?? '50';
  const pageSize = /^\d{1,3}$/.test(given) ? Number(given) : Number.NaN;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
    throw invalid('UK.OBIE.Field.Invalid', 'pageSize must be a whole number from 1 to 200.', {
      path: 'pageSize',
    });
  }
  const page = await listEndpointAttempts(request.caller!.clientId, request.params.WebhookEndpointId ?? '', {
    pageSize,
    ...(request.query.page ? { page: request.query.page } : {}),
  });
  const next = new URL(request.url);
  if (page.next) next.searchParams.set('page', page.next);
  return respond(request, 'WebhookAttemptsResponse', {
    data: {
      Attempt: page.attempts.map((attempt) => ({
        EventId: attempt.eventId,
        EventType: attempt.eventType,
        Attempt: attempt.attempt,
        AttemptDateTime: attempt.attemptedAt,
        Outcome: attempt.outcome,
        ...(attempt.statusCode !== undefined ? { ResponseStatusCode: attempt.statusCode } : {}),
        ResponseTimeMs: attempt.responseMs,
        ...(attempt.error ? { Error: attempt.error } : {}),
      })),
    },
    ...(page.next ? { next: next.href } : {}),
  });
});
