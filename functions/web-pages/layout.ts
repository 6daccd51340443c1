import { html, type SafeHtml } from './html.ts';
import { t } from './layout-messages.ts';
import type { Locale } from './locale.ts';

/** Headers for every customer-facing page: no framing, no third-party content, no caching. */
export const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const styles = `
  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f3f6f9; color: #1b2733; margin: 0; }
  main { max-width: 30rem; margin: 2rem auto; background: #fff; border-radius: 12px; padding: 1.5rem 2rem; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  header { display: flex; justify-content: space-between; align-items: center; color: #005993; font-weight: 600; margin-bottom: 1rem; }
  h1 { font-size: 1.3rem; margin: 0 0 .75rem; }
  label { display: block; font-weight: 600; margin: .9rem 0 .3rem; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #9fb3c8; border-radius: 6px; }
  fieldset { border: 1px solid #d5dde5; border-radius: 8px; margin: 1rem 0; padding: .5rem 1rem; }
  fieldset label { font-weight: 400; display: flex; gap: .5rem; align-items: center; }
  button { font-size: 1rem; padding: .65rem 1.4rem; border-radius: 6px; border: 0; cursor: pointer; margin-top: 1rem; }
  .primary { background: #005993; color: #fff; }
  .secondary { background: #e4e9ef; color: #1b2733; margin-left: .5rem; }
  .error { background: #fdecea; color: #8a1c12; padding: .6rem .8rem; border-radius: 6px; }
  .notice { background: #fff8e1; border-left: 4px solid #f0b400; padding: .6rem .8rem; margin-top: 1.25rem; font-size: .92rem; }
  .company { display: flex; gap: .75rem; align-items: center; }
  .company img { width: 48px; height: 48px; object-fit: contain; border-radius: 8px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .3rem 1rem; }
  dt { color: #52606d; } dd { margin: 0; font-weight: 600; }
  ul.permissions li { margin: .25rem 0; }
  a { color: #005993; }
  .en { font-weight: 400; color: #52606d; font-size: .85em; }
  .primary .en { color: #d6e6f2; }
  dd { overflow-wrap: anywhere; }
  .monogram { width: 48px; height: 48px; border-radius: 8px; background: #005993; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: 700; flex: none; }
  @media (max-width: 480px) { main { margin: 0; border-radius: 0; padding: 1rem; } }
`;

/** The page shell: language, title, language switch and the safety notice (`safety` replaces its items). */
export function layout(
  locale: Locale,
  title: string,
  body: SafeHtml,
  switchLanguageHref?: string,
  safety?: string[],
): string {
  const other = locale === 'vi' ? 'en' : 'vi';
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t(locale, 'bankName')}</title>
<style>${styles}</style>
</head>
<body>
<main>
<header><span>${t(locale, 'bankName')}</span>${
    switchLanguageHref
      ? html`<a href="${switchLanguageHref}" lang="${other}">${t(locale, 'language')}</a>`
      : ''
  }</header>
${body}
<aside class="notice" role="note"><strong>${t(locale, 'safetyTitle')}:</strong>
<ul>${(safety ?? [t(locale, 'safety1'), t(locale, 'safety2')]).map((item) => html`<li>${item}</li>`)}</ul></aside>
</main>
</body>
</html>`.value;
}
