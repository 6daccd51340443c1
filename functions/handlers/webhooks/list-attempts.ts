import { apiHandler } from '#http/api-handler.ts';
import { pageSizeOf } from '#http/page-size.ts';
import { respond } from '#http/respond.ts';
import { listEndpointAttempts } from '#use-cases/webhooks/inspect-and-replay.ts';

/** GET /v1/webhook-endpoints/{WebhookEndpointId}/attempts: delivery attempts, newest first, paged. */
export const handler = apiHandler(async (request) => {
  const pageSize = pageSizeOf(request.query.pageSize, 200, 50);
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
