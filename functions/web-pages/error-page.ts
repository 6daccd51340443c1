import { html } from './html.ts';
import { layout } from './layout.ts';
import { localeFrom } from './locale.ts';
import { t } from './messages.ts';

/** The page shown when an authorization request cannot go back to the client (e.g. a bad redirect_uri). */
export function renderErrorPage(
  out: { error?: string; error_description?: string },
  uiLocales?: unknown,
): string {
  const locale = localeFrom(typeof uiLocales === 'string' ? uiLocales : undefined);
  return layout(
    locale,
    t(locale, 'errorTitle'),
    html`<h1>${t(locale, 'errorTitle')}</h1>
<p class="error" role="alert"><code>${out.error ?? 'server_error'}</code>: ${out.error_description ?? ''}</p>`,
  );
}
