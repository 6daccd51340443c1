import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Locale } from '#web-pages/locale.ts';

/** One customer-facing step: the provider, the HTTP exchange and the pending authorization. */
export interface InteractionContext {
  provider: Provider;
  req: IncomingMessage;
  res: ServerResponse;
  details: Awaited<ReturnType<Provider['interactionDetails']>>;
  locale: Locale;
}

/** Links relative to `/interaction/`, so they work under any API Gateway stage path. */
export function stepLinks(context: InteractionContext, step: 'login' | 'confirm') {
  const { uid } = context.details;
  const other = context.locale === 'vi' ? 'en' : 'vi';
  return {
    action: `${uid}/${step}?lang=${context.locale}`,
    switchLanguageHref: `${uid}?lang=${other}`,
  };
}

/** The requesting client's display name and logo (RFC 7591 `client_name`, `logo_uri`). */
export async function clientOf(context: InteractionContext) {
  const id = String(context.details.params.client_id);
  const client = await context.provider.Client.find(id);
  return { id, name: client?.clientName ?? id, logoUri: client?.logoUri, client };
}
