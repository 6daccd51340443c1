import { html, SafeHtml } from './html.ts';
import { layout } from './layout.ts';
import type { Locale } from './locale.ts';
import { type TextKey, t } from './receipt-messages.ts';

/** The claims the page shows, in this order (the receipt's own field names). */
const SHOWN = [
  'BillId',
  'Reference',
  'Category',
  'Amount',
  'PayerName',
  'PayerId',
  'PayeeName',
  'PaidAt',
  'LedgerReference',
] as const;

/**
 * The page's whole logic, run in the browser: split the compact JWS, fetch the public JWKS (a GET
 * with no body and no credentials: nothing of the receipt leaves the page), pick the key by `kid`,
 * verify the Ed25519 signature with WebCrypto, then check `typ` and `iss`. Results are written
 * with `textContent` only, so a receipt's text can never become markup (and the CSP requires
 * Trusted Types for any script sink). Every word shown comes from the page's markup, which the
 * message catalogue wrote.
 */
const SCRIPT = `(() => {
  const form = document.getElementById('verify');
  const input = document.getElementById('receipt');
  const facts = document.getElementById('facts');
  const { jwks: jwksUrl, issuer, typ } = form.dataset;
  const bytes = (part) => {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  };
  const json = (part) => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes(part)));
  const show = (outcome) => {
    for (const element of document.querySelectorAll('[data-outcome]')) element.hidden = element.id !== outcome;
    facts.hidden = outcome !== 'genuine';
  };
  let keys;
  const publicKeys = async () => {
    if (!keys) {
      const response = await fetch(jwksUrl, { credentials: 'omit', cache: 'no-cache' });
      if (!response.ok) throw new Error('jwks ' + response.status);
      keys = (await response.json()).keys;
    }
    return keys;
  };
  const check = async (text) => {
    const parts = text.trim().split('.');
    if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return { outcome: 'unreadable' };
    let header, claims;
    try {
      header = json(parts[0]);
      claims = json(parts[1]);
    } catch {
      return { outcome: 'unreadable' };
    }
    if (header.typ !== typ || (header.alg !== 'EdDSA' && header.alg !== 'Ed25519')) return { outcome: 'forged' };
    let set;
    try {
      set = await publicKeys();
    } catch {
      return { outcome: 'offline' };
    }
    const jwk = set.find((key) => key.kid === header.kid && key.kty === 'OKP' && key.crv === 'Ed25519');
    if (!jwk) return { outcome: 'forged' };
    const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    const signed = new TextEncoder().encode(parts[0] + '.' + parts[1]);
    const genuine = await crypto.subtle.verify({ name: 'Ed25519' }, key, bytes(parts[2]), signed);
    return genuine && claims.iss === issuer ? { outcome: 'genuine', claims } : { outcome: 'forged' };
  };
  const amount = new Intl.NumberFormat(document.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { outcome, claims } = await check(input.value).catch(() => ({ outcome: 'forged' }));
    if (claims) {
      for (const cell of facts.querySelectorAll('[data-claim]')) {
        const name = cell.dataset.claim;
        const value = claims[name];
        const shown = typeof value === 'string' ? (name === 'Amount' && /^[0-9]+$/.test(value) ? amount.format(Number(value)) + ' ₫' : value) : '';
        cell.textContent = shown;
        cell.hidden = shown === '';
        cell.previousElementSibling.hidden = shown === '';
      }
    }
    show(outcome);
  });
})();`;

/**
 * The Content-Security-Policy `script-src` source of the one script this page may run: the
 * SHA-256 of {@link SCRIPT}, written out so that no cold start hashes it (loading node:crypto
 * was most of this small page's import). test/bills/receipt-verify-script.test.ts recomputes it
 * from the rendered page, so an edit of the script without the new hash fails there.
 */
const SCRIPT_HASH = "'sha256-ApKcfk4RIgDljLoLegCdQKp1NGjYA4yElgzzHpBOb/k='";

/**
 * Headers of the receipt check page. Strict: no script but the page's own (by hash), no request
 * but the JWKS GET (`connect-src` names the issuer's origin), no form submission anywhere
 * (`form-action 'none'`: without script the form cannot send the receipt either), Trusted Types
 * required, no framing, no referrer, no caching.
 */
export function receiptVerifyHeaders(jwksUrl: string): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `script-src ${SCRIPT_HASH}`,
    "style-src 'unsafe-inline'",
    `connect-src ${new URL(jwksUrl).origin}`,
    "img-src 'self' data:",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': policy,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/**
 * `GET /receipts/verify`: the public page where a citizen or a clerk pastes a receipt and sees
 * whether the bank issued it and what it says, checked in the browser against the public JWKS.
 */
export function renderReceiptVerifyPage(
  locale: Locale,
  options: { issuer: string; jwksUrl: string; receiptType: string },
): string {
  const other = locale === 'vi' ? 'en' : 'vi';
  // The shared layout styles errors and fields; the rest of this page's look is inline here.
  const ok = 'background:#e6f4ea;color:#14532d;padding:.6rem .8rem;border-radius:6px';
  const field =
    'width:100%;box-sizing:border-box;padding:.6rem;font:inherit;font-family:monospace;font-size:.85rem;border:1px solid #9fb3c8;border-radius:6px';
  const outcome = (id: string, key: TextKey, kind: 'ok' | 'error') =>
    html`<p id="${id}" data-outcome class="${kind}" role="status" hidden${kind === 'ok' ? html` style="${ok}"` : ''}>${t(locale, key)}</p>`;
  const body = html`<h1>${t(locale, 'receiptTitle')}</h1>
<p>${t(locale, 'receiptIntro')}</p>
<form id="verify" data-jwks="${options.jwksUrl}" data-issuer="${options.issuer}" data-typ="${options.receiptType}">
<label for="receipt">${t(locale, 'receiptField')}</label>
<textarea id="receipt" name="receipt" rows="6" spellcheck="false" autocomplete="off" required style="${field}"></textarea>
<button type="submit" class="primary">${t(locale, 'receiptCheck')}</button>
</form>
<section aria-live="polite">
${outcome('genuine', 'receiptGenuine', 'ok')}
${outcome('forged', 'receiptForged', 'error')}
${outcome('unreadable', 'receiptUnreadable', 'error')}
${outcome('offline', 'receiptOffline', 'error')}
<div id="facts" hidden><dl>${SHOWN.map(
    (claim) => html`<dt>${t(locale, `receipt.${claim}`)}</dt><dd data-claim="${claim}"></dd>`,
  )}</dl></div>
</section>
<p class="notice">${t(locale, 'receiptPrivacy')}</p>
<script>${new SafeHtml(SCRIPT)}</script>`;
  return layout(locale, t(locale, 'receiptTitle'), body, `?lang=${other}`);
}
