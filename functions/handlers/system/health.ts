import { publicHandler } from '#http/public-handler.ts';
import { respond } from '#http/respond.ts';
import { checkHealth } from '#use-cases/system/check-health.ts';

/** GET /v1/health: up, and whether the table answers. A failing store is a 503, not a 500. */
export const handler = publicHandler(async (request) => {
  const health = await checkHealth();
  const available = health.storage === 'Available';
  const data = {
    Status: available ? 'Healthy' : 'Degraded',
    Storage: health.storage,
    LatencyMs: health.latencyMs,
  } as const;
  return { ...respond(request, 'HealthResponse', { data }), status: available ? 200 : 503 };
});
