import type { IncomingMessage, ServerResponse } from 'node:http';
import { interactionIdFrom } from '#http/parse-request.ts';
import { issuer } from '#runtime/issuer.ts';
import { logger } from '#runtime/logger.ts';
import { handleInteraction } from './interactions/router.ts';
import { getProvider } from './provider.ts';

/**
 * The authorization server as a Node request listener: the customer-facing interaction
 * steps, then everything else (discovery, PAR, authorize, token, JWKS, registration…)
 * handled by oidc-provider itself.
 */
export function authorizationServer() {
  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const interactionId = interactionIdFrom(req.headers['x-fapi-interaction-id']);
    res.setHeader('x-fapi-interaction-id', interactionId);
    pinToIssuer(req);
    try {
      const provider = await getProvider();
      const url = new URL(req.url ?? '/', 'http://internal');
      if (url.pathname.startsWith('/interaction/')) {
        await handleInteraction(provider, req, res, url);
        return;
      }
      await provider.callback()(req, res);
    } catch (error) {
      logger.error('authorization server failure', { interactionId, error });
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: 'server_error', error_description: 'unexpected error; retry later' }),
        );
      }
    }
  };
}

/** Forwarding headers a client could send; the provider never reads them. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-for',
  'x-forwarded-port',
];

/**
 * Every URL the provider builds (discovery's endpoints, DPoP `htu` and client-assertion
 * audiences, redirects) comes from the configured issuer (`runtime/issuer.ts`), never from what
 * the request says about itself: the Host is set to the issuer's, the forwarding headers are
 * dropped (the provider does not trust a proxy either), and the protocol is the issuer's.
 */
function pinToIssuer(req: IncomingMessage): void {
  const configured = new URL(issuer());
  req.headers.host = configured.host;
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  // serverless-http marks every socket as TLS; the issuer says whether clients use it.
  (req.socket as { encrypted?: boolean }).encrypted = configured.protocol === 'https:';
}
