import { randomBytes, randomUUID } from 'node:crypto';
import { type EventType, eventTypes } from '../events.ts';
import { dataOf, Problems, parseDateTime } from '../validation.ts';
import { forbiddenAddressReason } from './addresses.ts';

/** A partner's webhook endpoint: where its events are posted, signed with its secrets. */
export interface WebhookEndpoint {
  endpointId: string;
  clientId: string;
  url: string;
  events: EventType[];
  description?: string;
  disabled: boolean;
  /** Why it is disabled: by its owner, by a 410 answer, or after failing for 5 days. */
  disabledReason?: 'Requested' | 'Gone' | 'Failing';
  /** Newest first; a rotated-out secret keeps signing until `expiresAt` (24 h overlap). */
  secrets: WebhookSecret[];
  createdAt: string;
  updatedAt: string;
  /** When deliveries to it began failing without a success since; absent while it works. */
  failingSince?: string;
}

interface WebhookSecret {
  /**
   * `whsec_` and base64 of 32 random bytes (Standard Webhooks' symmetric key); as stored, sealed
   * (envelope-encrypted by the use case: the table never holds the secret itself).
   */
  secret: string;
  createdAt: string;
  expiresAt?: string;
}

/** How long a rotated-out secret keeps signing, so receivers can switch without losing a message. */
const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;
/** Standard Webhooks' cap on URLs. */
const MAX_URL = 2048;
const MAX_DESCRIPTION = 256;

export const newEndpointId = () => `whep_${randomUUID().replaceAll('-', '')}`;
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** The secrets that sign at `now`: the current one and any rotated out less than 24 h ago. */
export function signingSecrets(endpoint: Pick<WebhookEndpoint, 'secrets'>, now: Date): string[] {
  return endpoint.secrets
    .filter((secret) => secret.expiresAt === undefined || Date.parse(secret.expiresAt) > now.getTime())
    .map((secret) => secret.secret);
}

/**
 * The endpoint after a rotation: `secret` (fresh; as stored, so sealed) current, and the one it
 * replaces signing for 24 h more. A secret rotated out earlier ends at once: at most two sign,
 * however often the partner rotates (each more would lengthen every delivery's headers, and
 * enough of them would outgrow the item).
 */
export function rotated(endpoint: WebhookEndpoint, now: Date, secret: string): WebhookEndpoint {
  const at = now.toISOString();
  const overlapEnds = new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString();
  const current = endpoint.secrets.find((one) => one.expiresAt === undefined);
  const kept = current ? [{ ...current, expiresAt: overlapEnds }] : [];
  return { ...endpoint, secrets: [{ secret, createdAt: at }, ...kept], updatedAt: at };
}

/** Whether the endpoint takes this event: enabled, subscribed, and created before it occurred. */
export function subscribes(endpoint: WebhookEndpoint, event: { eventType: string; occurredAt: string }) {
  return (
    !endpoint.disabled &&
    (endpoint.events as string[]).includes(event.eventType) &&
    event.occurredAt >= endpoint.createdAt
  );
}

/**
 * Why a URL may not receive webhooks, judged on its text (DNS is the use case's, at
 * registration and at every send): https only outside sandbox, no credentials, at most 2,048
 * characters, and no literal private, loopback, link-local, CGNAT or metadata address.
 * Sandbox allows loopback (`http://127.0.0.1:…`), so a partner can test on its own machine.
 */
export function urlProblem(value: unknown, options: { sandbox: boolean }): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'Data.Url must be an https URL.';
  if (value.trim() !== value) return 'Data.Url must not start or end with spaces.';
  if (value.length > MAX_URL)
    return `Data.Url is ${value.length} characters; at most ${MAX_URL} are allowed.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Data.Url is not a valid absolute URL.';
  }
  const schemes = options.sandbox ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) {
    return `Data.Url must use ${options.sandbox ? 'https (or http in sandbox)' : 'https'}, not ${url.protocol.replace(':', '')}.`;
  }
  if (url.username || url.password) {
    return 'Data.Url must not carry credentials (user:password@); authenticate deliveries by their signature.';
  }
  if (url.port === '0') return 'Data.Url names port 0, which nothing listens on; name the port or none.';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return options.sandbox ? undefined : 'Data.Url must not point at this machine (localhost).';
  }
  if (/^[\d.]+$/.test(host) || host.includes(':')) {
    const reason = forbiddenAddressReason(host, { allowLoopback: options.sandbox });
    if (reason) return `Data.Url must reach a public address: ${reason}.`;
  }
  return undefined;
}

export interface EndpointRequest {
  url: string;
  events: EventType[];
  description?: string;
}

export interface EndpointChange {
  url?: string;
  events?: EventType[];
  description?: string;
  disabled?: boolean;
}

type Parsed<T> = { value?: T; problems: Problems };

function parseEvents(value: unknown, problems: Problems): EventType[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    problems.add(
      'Data.Events',
      `Data.Events must list at least one event type of: ${eventTypes.join(', ')}.`,
    );
    return undefined;
  }
  const events: EventType[] = [];
  value.forEach((type, index) => {
    if (typeof type !== 'string' || !(eventTypes as readonly string[]).includes(type)) {
      problems.add(
        `Data.Events[${index}]`,
        `Data.Events[${index}] is not an event type; use one of: ${eventTypes.join(', ')}.`,
      );
    } else if (!events.includes(type as EventType)) {
      events.push(type as EventType);
    }
  });
  return events;
}

/**
 * The URL as stored, shown and called: normalised (`new URL`), so an international host is kept
 * as the punycode name that is actually resolved and the stored form is what `format: uri` says.
 */
function parseUrl(value: unknown, problems: Problems, sandbox: boolean): string | undefined {
  const problem = urlProblem(value, { sandbox });
  if (problem) {
    problems.add('Data.Url', problem);
    return undefined;
  }
  const normalised = new URL(value as string).href;
  if (normalised.length > MAX_URL) {
    problems.add(
      'Data.Url',
      `Data.Url is ${normalised.length} characters once normalised; at most ${MAX_URL}.`,
    );
    return undefined;
  }
  return normalised;
}

function parseDescription(value: unknown, problems: Problems): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_DESCRIPTION) {
    problems.add(
      'Data.Description',
      `Data.Description must be text of at most ${MAX_DESCRIPTION} characters.`,
    );
    return undefined;
  }
  return value;
}

/** `POST /v1/webhook-endpoints`: `{ Data: { Url, Events, Description? } }`. */
export function parseEndpointRequest(body: unknown, options: { sandbox: boolean }): Parsed<EndpointRequest> {
  const problems = new Problems();
  const data = dataOf(body, ['Url', 'Events', 'Description'], problems);
  if (!data) return { problems };
  if (data.Url === undefined)
    problems.missing('Data.Url', 'Data.Url is required: the https URL to post events to.');
  const url = data.Url === undefined ? undefined : parseUrl(data.Url, problems, options.sandbox);
  const events = parseEvents(data.Events, problems);
  const description = parseDescription(data.Description, problems);
  if (!problems.empty || !url || !events) return { problems };
  return { value: { url, events, ...(description !== undefined ? { description } : {}) }, problems };
}

/** `PATCH /v1/webhook-endpoints/{id}`: any of `Url`, `Events`, `Description`, `Disabled`. */
export function parseEndpointChange(body: unknown, options: { sandbox: boolean }): Parsed<EndpointChange> {
  const problems = new Problems();
  const data = dataOf(body, ['Url', 'Events', 'Description', 'Disabled'], problems);
  if (!data) return { problems };
  const change: EndpointChange = {};
  if (data.Url !== undefined) change.url = parseUrl(data.Url, problems, options.sandbox);
  if (data.Events !== undefined) change.events = parseEvents(data.Events, problems);
  if (data.Description !== undefined) change.description = parseDescription(data.Description, problems);
  if (data.Disabled !== undefined) {
    if (typeof data.Disabled === 'boolean') change.disabled = data.Disabled;
    else problems.add('Data.Disabled', 'Data.Disabled must be true or false.');
  }
  if (problems.empty && Object.keys(change).length === 0) {
    problems.missing('Data', 'Send at least one of Data.Url, Data.Events, Data.Description, Data.Disabled.');
  }
  return problems.empty ? { value: change, problems } : { problems };
}

export interface ReplayRequest {
  /** Only deliveries of events that occurred at or after this time. */
  since?: string;
  /** `Failed` (default): deliveries that failed; `All`: every delivery, delivered ones too. */
  include: 'Failed' | 'All';
}

/** `POST …/replay`: `{ Data: { Since?, Include? } }`. */
export function parseReplayRequest(body: unknown): Parsed<ReplayRequest> {
  const problems = new Problems();
  const data = dataOf(body, ['Since', 'Include'], problems);
  if (!data) return { problems };
  let since: string | undefined;
  if (data.Since !== undefined) {
    const date = parseDateTime(data.Since);
    if (date) since = date.toISOString();
    else
      problems.add(
        'Data.Since',
        'Data.Since must be an RFC 3339 date-time with offset.',
        'UK.OBIE.Field.InvalidDate',
      );
  }
  const include = data.Include === undefined ? 'Failed' : data.Include;
  if (include !== 'Failed' && include !== 'All')
    problems.add('Data.Include', 'Data.Include must be Failed or All.');
  if (!problems.empty) return { problems };
  return { value: { ...(since ? { since } : {}), include: include as 'Failed' | 'All' }, problems };
}
