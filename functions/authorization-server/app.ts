import type { IncomingMessage, ServerResponse } from 'node:http';
import { interactionIdFrom } from '#http/parse-request.ts';
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
    // serverless-http marks every socket as TLS; the protocol the client really used is the
    // one API Gateway (or the local gateway) forwards, and the provider's URLs must match it.
    (req.socket as { encrypted?: boolean }).encrypted = req.headers['x-forwarded-proto'] !== 'http';
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
