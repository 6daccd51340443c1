import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { authenticateCustomer } from '#use-cases/customer/authenticate-customer.ts';
import { renderErrorPage } from '#web-pages/error-page.ts';
import { pageHeaders } from '#web-pages/layout.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { confirmConsent, showConsent } from './consent-step.ts';
import { FormTooLarge, readForm } from './form.ts';
import { showLogin } from './login-step.ts';

const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(\/login|\/confirm)?$/;

/** Serves the customer-facing sign-in and consent steps of an authorization request. */
export async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) {
  const match = INTERACTION_PATH.exec(url.pathname);
  const locale = localeFrom(url.searchParams.get('lang'));
  if (!match)
    return sendPage(
      res,
      404,
      renderErrorPage({ error: 'not_found', error_description: 'no such page' }, locale),
    );
  const step = match[2] ?? '';
  try {
    const details = await provider.interactionDetails(req, res);
    // The cookie names another interaction than the path (a crafted or stale cookie): as expired.
    if (details.uid !== match[1])
      throw Object.assign(new Error('interaction mismatch'), { name: 'SessionNotFound' });
    const pageLocale = localeFrom(
      url.searchParams.get('lang'),
      details.params.ui_locales as string | undefined,
    );
    const context = { provider, req, res, details, locale: pageLocale };

    if (req.method === 'GET' && step === '') {
      const page = details.prompt.name === 'login' ? await showLogin(context) : await showConsent(context);
      return sendPage(res, 200, page);
    }
    if (req.method === 'POST' && step === '/login' && details.prompt.name === 'login') {
      const form = await readForm(req);
      const outcome = await authenticateCustomer({
        username: form.get('username') ?? '',
        password: form.get('password') ?? '',
        otp: form.get('otp') ?? '',
        // serverless-http sets it from API Gateway's requestContext.identity.sourceIp, never from a header.
        sourceIp: req.socket.remoteAddress ?? '',
      });
      if (!outcome.ok) {
        const page = await showLogin(context, {
          error: outcome.reason,
          username: form.get('username') ?? '',
        });
        return outcome.reason === 'tooManyAttempts'
          ? sendPage(res, 429, page, { 'retry-after': String(outcome.retryAfterSeconds) })
          : sendPage(res, 401, page);
      }
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: outcome.customerId } },
        {
          mergeWithLastSubmission: false,
        },
      );
    }
    if (req.method === 'POST' && step === '/confirm' && details.prompt.name === 'consent') {
      const result = await confirmConsent(context, await readForm(req));
      if (result.kind === 'page') return sendPage(res, 400, result.page);
      return provider.interactionFinished(req, res, result.result, { mergeWithLastSubmission: true });
    }
    return sendPage(
      res,
      405,
      renderErrorPage({ error: 'invalid_request', error_description: 'unexpected step' }, locale),
    );
  } catch (error) {
    const name = (error as Error).name;
    if (error instanceof FormTooLarge) {
      return sendPage(
        res,
        413,
        renderErrorPage({ error: 'invalid_request', error_description: error.message }, locale),
      );
    }
    const expired = name === 'SessionNotFound' || name === 'InvalidRequest';
    return sendPage(
      res,
      expired ? 400 : 500,
      renderErrorPage(
        {
          error: expired ? 'session_expired' : 'server_error',
          error_description: expired
            ? 'This sign-in has expired or was opened in another browser. Start again from the app.'
            : 'Try again later.',
        },
        locale,
      ),
    );
  }
}

function sendPage(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...pageHeaders, ...headers });
  res.end(body);
}
