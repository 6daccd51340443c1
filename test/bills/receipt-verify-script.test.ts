import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  receiptVerifyHeaders,
  renderReceiptVerifyPage,
} from '../../functions/web-pages/receipt-verify-page.ts';

const options = {
  issuer: 'https://bank.example/oauth2',
  jwksUrl: 'https://bank.example/oauth2/jwks',
  receiptType: 'receipt+jwt',
};

describe("the receipt check page's script hash (written as a constant, not computed at cold start)", () => {
  it.each(['vi', 'en'] as const)('allows exactly the one script the %s page carries', (locale) => {
    // Prepare
    const page = renderReceiptVerifyPage(locale, options);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, text]) => text!);

    // Act: the hash a browser computes of the inline script, and the one the policy allows.
    const hashes = scripts.map((text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`);
    const allowed = /script-src ([^;]+)/.exec(
      receiptVerifyHeaders(options.jwksUrl)['content-security-policy']!,
    );

    // Assess
    expect(scripts).toHaveLength(1);
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(allowed?.[1]).toBe(hashes[0]);
  });
});
