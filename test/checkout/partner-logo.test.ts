import { describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { CityPartner, interceptPortal } from './portal.ts';

const api = useGateway();
const chromium = useBrowser();

/** A real 1 × 1 PNG and a real 1 × 1 lossless WebP: Chromium decodes both. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const WEBP = 'UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==';
const LOGO = '/v1/partner/logo';

const put = (partner: CityPartner, data: unknown) => partner.call('PUT', LOGO, { Data: data });

describe('partner logo on the hosted checkout page', { timeout: 180_000 }, () => {
  it('is set, replaced by the same PUT again, read back and removed by the partner itself', async () => {
    // Prepare
    const partner = await new CityPartner(api.url).register();
    expect((await partner.call('GET', LOGO)).json.Errors[0].ErrorCode).toBe('VN.OB.PartnerLogo.NotSet');

    // Act
    const first = await put(partner, { ContentType: 'image/png', Data: PNG });
    const again = await put(partner, { ContentType: 'image/png', Data: PNG });
    const read = await partner.call('GET', LOGO);
    const webp = await put(partner, { ContentType: 'image/webp', Data: WEBP });
    const removed = await partner.call('DELETE', LOGO);
    const removedAgain = await partner.call('DELETE', LOGO);
    const afterDelete = await partner.call('GET', LOGO);

    // Assess
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.json.Data).toEqual(first.json.Data);
    expect(read.json.Data).toEqual({ ContentType: 'image/png', Data: PNG });
    expect(webp.json.Data).toEqual({ ContentType: 'image/webp', Data: WEBP });
    expect(removed.status).toBe(204);
    expect(removedAgain.status).toBe(204);
    expect(afterDelete.status).toBe(404);
  });

  it('refuses bad input with a 400 naming the field, and keeps the logo it had', async () => {
    // Prepare
    const partner = await new CityPartner(api.url).register();
    await put(partner, { ContentType: 'image/png', Data: PNG });
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ).toString('base64');
    const tooLarge = Buffer.concat([Buffer.from(PNG, 'base64'), Buffer.alloc(8 * 1024)]).toString('base64');
    const notPng = Buffer.from('GIF89a-not-a-png-at-all').toString('base64');
    const cases = [
      {
        data: { ContentType: 'image/png', Data: 'not base64!' },
        code: 'VN.OB.PartnerLogo.InvalidData',
        path: 'Data.Data',
      },
      {
        data: { ContentType: 'image/gif', Data: PNG },
        code: 'VN.OB.PartnerLogo.InvalidContentType',
        path: 'Data.ContentType',
      },
      {
        data: { ContentType: 'image/svg+xml', Data: svg },
        code: 'VN.OB.PartnerLogo.InvalidContentType',
        path: 'Data.ContentType',
      },
      // An SVG declared as a PNG: its bytes give it away.
      {
        data: { ContentType: 'image/png', Data: svg },
        code: 'VN.OB.PartnerLogo.ContentMismatch',
        path: 'Data.Data',
      },
      {
        data: { ContentType: 'image/png', Data: tooLarge },
        code: 'VN.OB.PartnerLogo.TooLarge',
        path: 'Data.Data',
      },
      {
        data: { ContentType: 'image/png', Data: notPng },
        code: 'VN.OB.PartnerLogo.ContentMismatch',
        path: 'Data.Data',
      },
      {
        data: { ContentType: 'image/webp', Data: PNG },
        code: 'VN.OB.PartnerLogo.ContentMismatch',
        path: 'Data.Data',
      },
      { data: { ContentType: 'image/png' }, code: 'VN.OB.PartnerLogo.InvalidData', path: 'Data.Data' },
      {
        data: { ContentType: 'image/png', Data: PNG, Extra: 1 },
        code: 'UK.OBIE.Field.Unexpected',
        path: 'Data.Extra',
      },
      { data: 'x', code: 'UK.OBIE.Field.Missing', path: 'Data' },
      { data: [], code: 'UK.OBIE.Field.Missing', path: 'Data' },
    ];

    for (const { data, code, path } of cases) {
      // Act
      const refused = await put(partner, data);

      // Assess
      expect({ status: refused.status, error: refused.json.Errors[0] }).toMatchObject({
        status: 400,
        error: { ErrorCode: code, Path: path },
      });
      expect((await partner.call('GET', LOGO)).json.Data).toEqual({ ContentType: 'image/png', Data: PNG });
    }
  });

  it('belongs to its partner alone: a fintech without bills cannot set one, another partner never touches it', async () => {
    // Prepare
    const city = await new CityPartner(api.url).register('Sở Tư pháp');
    const other = await new CityPartner(api.url).register('Sở Giao thông');
    await put(city, { ContentType: 'image/png', Data: PNG });
    const fintech = await new Fintech(api.url).register({
      scope: 'accounts',
      grant_types: ['client_credentials'],
    });
    const fintechToken = await fintech.clientToken('accounts');

    // Act: oauth4webapi surfaces the 403 challenge as an error carrying the response's status
    type Challenge = { status: number; cause: { parameters: Record<string, string> }[] };
    const byFintech = await Promise.all(
      [
        fintech.call(fintechToken, 'PUT', LOGO, { Data: { ContentType: 'image/png', Data: PNG } }),
        fintech.call(fintechToken, 'GET', LOGO),
        fintech.call(fintechToken, 'DELETE', LOGO),
      ].map((call) => call.catch((error: Challenge) => error)),
    );
    const readByOther = await other.call('GET', LOGO);
    await other.call('DELETE', LOGO);
    await put(other, { ContentType: 'image/webp', Data: WEBP });

    // Assess
    for (const answer of byFintech) {
      expect(answer.status).toBe(403);
      expect((answer as Challenge).cause[0]!.parameters).toEqual({
        error: 'insufficient_scope',
        scope: 'bills',
      });
    }
    expect(readByOther.status).toBe(404);
    expect((await city.call('GET', LOGO)).json.Data).toEqual({ ContentType: 'image/png', Data: PNG });
    expect((await other.call('GET', LOGO)).json.Data).toEqual({ ContentType: 'image/webp', Data: WEBP });
  });

  it('shows the logo inline on the page (Chromium) under a CSP that allows data: images only, and the monogram without one', async () => {
    // Prepare
    const partner = await new CityPartner(api.url).register('Cổng Dịch vụ công Quốc gia');
    const plain = await new CityPartner(api.url).register('Sở Y tế');
    await put(partner, { ContentType: 'image/png', Data: PNG });
    const withLogo = (await partner.openSession((await partner.issueBill(150_000)).BillId)).json.Data.Url;
    const withoutLogo = (await plain.openSession((await plain.issueBill(150_000)).BillId)).json.Data.Url;
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await interceptPortal(page);
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });

    // Act
    const response = await page.goto(withLogo);
    const logo = page.getByRole('img', { name: 'Cổng Dịch vụ công Quốc gia' });
    await logo.waitFor();
    const decoded = await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
    const src = await logo.getAttribute('src');
    const tag = await logo.evaluate((element) => element.tagName);
    await page.goto(withoutLogo);
    const monogram = await page.getByRole('img', { name: 'Sở Y tế' }).textContent();

    // Assess
    const csp = response!.headers()['content-security-policy']!;
    expect(csp.split('; ')).toContain('img-src data:');
    // Nothing else loosened: no source but the partner's return origin (form-action), no wildcard, no unsafe-*.
    expect(csp.split('; ').filter((directive) => !directive.startsWith('form-action '))).toEqual([
      "default-src 'none'",
      expect.stringMatching(/^style-src 'sha256-[A-Za-z0-9+/=]+'$/),
      'img-src data:',
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
    expect(tag).toBe('IMG');
    expect(src).toBe(`data:image/png;base64,${PNG}`);
    expect(decoded).toBe(1);
    expect(blocked).toEqual([]);
    expect(monogram).toBe('SY');
    await context.close();
  });
});
