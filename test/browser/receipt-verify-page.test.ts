import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ReceiptFacts } from '../../functions/domain/bills/receipt.ts';
import { signReceipt } from '../../functions/use-cases/receipts/sign-receipt.ts';
import { useBrowser } from '../helpers/browser.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();
const chromium = useBrowser();

const facts: ReceiptFacts = {
  BillId: 'bill-51d0',
  Reference: 'SV-2026-HK1-0042',
  Category: 'tuition',
  Amount: '4500000',
  Currency: 'VND',
  PayerName: 'Lê Thị Minh Châu',
  PayeeName: 'Trường Đại học Bách khoa Hà Nội',
  PaidAt: '2026-12-02T09:30:00+07:00',
  LedgerReference: 'pst-0c77',
};

/** Opens the page and records every request the browser makes from then on. */
async function openPage(path = '/receipts/verify'): Promise<{ page: Page; requests: Request[] }> {
  const page = await chromium.browser.newPage();
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(`${api.url}${path}`);
  return { page, requests };
}

async function check(page: Page, receipt: string, button = 'Kiểm tra'): Promise<void> {
  await page.getByLabel(/Biên lai|Receipt/).fill(receipt);
  await page.getByRole('button', { name: button }).click();
}

describe('the public receipt check page (GET /receipts/verify)', () => {
  it('shows a genuine receipt as genuine with what it says, in Vietnamese, sending nothing of it anywhere', async () => {
    // Prepare
    const { receipt } = await signReceipt(facts);
    const { page, requests } = await openPage();

    // Act
    await check(page, receipt);
    await page.getByText('Biên lai hợp lệ').waitFor();
    const shown = await page.locator('#facts').innerText();

    // Assess
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(shown).toContain('Lê Thị Minh Châu');
    expect(shown).toContain('4.500.000 ₫');
    expect(shown).toContain('SV-2026-HK1-0042');
    expect(shown).toContain('pst-0c77');
    expect(shown).not.toContain('Số giấy tờ người nộp'); // no payer id on this bill: the row is hidden
    expect(await page.locator('#forged').isHidden()).toBe(true);
    // The page's only request after loading is the public JWKS, a bodiless GET.
    const after = requests.slice(1);
    expect(after.map((request) => `${request.method()} ${new URL(request.url()).pathname}`)).toEqual([
      'GET /oauth2/jwks',
    ]);
    expect(after[0]!.postData()).toBeNull();
    expect(new URL(after[0]!.url()).search).toBe('');
    await page.close();
  });

  it('shows a tampered receipt as not genuine, and an unreadable paste as unreadable (in English on request)', async () => {
    // Prepare
    const { receipt } = await signReceipt(facts);
    const [header, payload, signature] = receipt.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const raised = Buffer.from(JSON.stringify({ ...claims, Amount: '45000000' })).toString('base64url');
    const { page } = await openPage('/receipts/verify?lang=en');

    // Act
    await check(page, `${header}.${raised}.${signature}`, 'Check');
    await page.getByText('NOT a genuine receipt').waitFor();
    const factsHidden = await page.locator('#facts').isHidden();
    await check(page, 'not a receipt', 'Check');
    await page.getByText('This is not a readable receipt').waitFor();

    // Assess
    expect(factsHidden).toBe(true);
    expect(await page.locator('#genuine').isHidden()).toBe(true);
    await page.close();
  });

  it('is served with a strict policy: only its own script, only the JWKS to connect to, no form target', async () => {
    // Act
    const response = await fetch(`${api.url}/receipts/verify`);
    const policy = response.headers.get('content-security-policy') ?? '';

    // Assess
    expect(response.status).toBe(200);
    expect(policy).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'(;|$)/);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain(`connect-src ${new URL(api.url).origin}`);
    expect(policy).toContain("form-action 'none'");
    expect(policy).toContain("require-trusted-types-for 'script'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
