import type { WebhookEndpoint } from '#domain/webhooks/endpoint.ts';
import type { DataOf } from '#http/respond.ts';

type EndpointView = DataOf<'WebhookEndpointResponse'>;

/**
 * An endpoint as its owner sees it. The secret is shown only in the answer that created it
 * (registration, rotation): `withSecret`.
 */
export function endpointView(
  endpoint: WebhookEndpoint,
  options: { withSecret?: boolean } = {},
): EndpointView {
  return {
    WebhookEndpointId: endpoint.endpointId,
    Url: endpoint.url,
    Events: endpoint.events,
    ...(endpoint.description !== undefined ? { Description: endpoint.description } : {}),
    Disabled: endpoint.disabled,
    ...(endpoint.disabledReason ? { DisabledReason: endpoint.disabledReason } : {}),
    ...(endpoint.failingSince ? { FailingSince: endpoint.failingSince } : {}),
    CreationDateTime: endpoint.createdAt,
    StatusUpdateDateTime: endpoint.updatedAt,
    ...(options.withSecret ? { Secret: endpoint.secrets[0]!.secret } : {}),
  };
}
