import { conflict, DomainError, notFound } from '#domain/errors.ts';
import {
  type EndpointChange,
  type EndpointRequest,
  newEndpointId,
  newSecret,
  rotated,
  type WebhookEndpoint,
} from '#domain/webhooks/endpoint.ts';
import { sealSecret } from '#runtime/webhook-secret-sealing.ts';
import {
  deleteEndpoint,
  getEndpoint,
  insertEndpoint,
  listEndpoints,
  MAX_ENDPOINTS_PER_CLIENT,
  replaceEndpoint,
} from '#store/webhooks/endpoints.ts';
import { checkEndpointUrl } from './destination.ts';

/** The contract's `Id`: anything else cannot name an endpoint. */
const ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * A client's webhook endpoints. Every read is keyed by the caller's client id, so another
 * client's endpoint is simply not found (404), whether it exists or not.
 */
export async function getOwnEndpoint(clientId: string, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = ID.test(endpointId) ? await getEndpoint(clientId, endpointId) : undefined;
  if (!endpoint) throw notFound(`No webhook endpoint ${endpointId} for this client.`);
  return endpoint;
}

export const listOwnEndpoints = (clientId: string) => listEndpoints(clientId);

/**
 * Registers an endpoint after checking where its URL resolves. It is stored with its secret
 * sealed; the answer holds the secret itself, shown this once.
 */
export async function registerEndpoint(
  clientId: string,
  request: EndpointRequest,
  now = new Date(),
): Promise<WebhookEndpoint> {
  await checkEndpointUrl(request.url);
  if ((await listEndpoints(clientId)).length >= MAX_ENDPOINTS_PER_CLIENT) {
    throw conflict(
      'UK.OBIE.Field.Invalid',
      `A client keeps at most ${MAX_ENDPOINTS_PER_CLIENT} webhook endpoints; delete one first.`,
    );
  }
  const at = now.toISOString();
  const endpointId = newEndpointId();
  const secret = newSecret();
  const endpoint: WebhookEndpoint = {
    endpointId,
    clientId,
    url: request.url,
    events: request.events,
    ...(request.description !== undefined ? { description: request.description } : {}),
    disabled: false,
    secrets: [{ secret, createdAt: at }],
    createdAt: at,
    updatedAt: at,
  };
  await insertEndpoint({
    ...endpoint,
    secrets: [{ secret: await sealSecret(secret, endpointId), createdAt: at }],
  });
  return endpoint;
}

/** Applies a change read-check-write; a concurrent change makes it a 409 to retry. */
async function change(
  clientId: string,
  endpointId: string,
  apply: (endpoint: WebhookEndpoint) => WebhookEndpoint,
): Promise<WebhookEndpoint> {
  const current = await getOwnEndpoint(clientId, endpointId);
  const next = apply(current);
  if (!(await replaceEndpoint(current, next))) {
    throw new DomainError(
      'busy',
      'VN.OB.Ledger.ConcurrentModification',
      'The endpoint changed while this request was applied; retry it.',
    );
  }
  return next;
}

/** Changes URL, events, description or disabled state. Re-enabling clears the failure record. */
export async function changeEndpoint(
  clientId: string,
  endpointId: string,
  request: EndpointChange,
  now = new Date(),
): Promise<WebhookEndpoint> {
  if (request.url !== undefined) await checkEndpointUrl(request.url);
  return change(clientId, endpointId, (endpoint) => {
    const { disabledReason: _reason, failingSince: _since, ...rest } = endpoint;
    const disabled = request.disabled ?? endpoint.disabled;
    return {
      ...(disabled ? endpoint : rest),
      ...(request.url !== undefined ? { url: request.url } : {}),
      ...(request.events !== undefined ? { events: request.events } : {}),
      ...(request.description !== undefined ? { description: request.description } : {}),
      disabled,
      ...(disabled && !endpoint.disabled ? { disabledReason: 'Requested' as const } : {}),
      updatedAt: now.toISOString(),
    };
  });
}

/** A new secret (stored sealed; answered as it is, this once); the old one keeps signing for 24 h. */
export async function rotateEndpointSecret(
  clientId: string,
  endpointId: string,
  now = new Date(),
): Promise<WebhookEndpoint> {
  const secret = newSecret();
  const sealed = await sealSecret(secret, endpointId);
  const stored = await change(clientId, endpointId, (endpoint) => rotated(endpoint, now, sealed));
  const [, ...older] = stored.secrets;
  return { ...stored, secrets: [{ ...stored.secrets[0]!, secret }, ...older] };
}

export async function removeEndpoint(clientId: string, endpointId: string): Promise<void> {
  if (!ID.test(endpointId) || !(await deleteEndpoint(clientId, endpointId))) {
    throw notFound(`No webhook endpoint ${endpointId} for this client.`);
  }
}
