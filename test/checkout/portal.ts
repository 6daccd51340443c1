import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { Fintech } from '../helpers/fintech.ts';

/** The city portal's registered return address (https, never served: the browser test intercepts it). */
export const RETURN_URL = 'https://dichvucong.example/thanh-toan/ket-qua';

/** Tomorrow in Vietnam (UTC+7), `YYYY-MM-DD`: a due date that is never in the past. */
export function tomorrowInVietnam(): string {
  return new Date(Date.now() + 7 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

/**
 * A city partner as its back end would act: a client with scope `bills` (sandbox opens its
 * collection account at registration) that issues bills and opens checkout sessions.
 */
export class CityPartner {
  readonly client: Fintech;
  token = '';

  constructor(baseUrl: string) {
    this.client = new Fintech(baseUrl);
  }

  async register(name = 'Cổng Dịch vụ công Quốc gia'): Promise<this> {
    await this.client.register({
      scope: 'bills',
      client_name: name,
      redirect_uris: [RETURN_URL],
      grant_types: ['client_credentials'],
    });
    this.token = await this.client.clientToken('bills');
    return this;
  }

  get clientId(): string {
    return this.client.client.client_id;
  }

  call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.client.call(this.token, method, path, body, headers);
  }

  /** Issues an administrative-fee bill of `amount` VND due tomorrow. */
  async issueBill(
    amount: number,
    payerName = 'Nguyễn Văn An',
  ): Promise<{ BillId: string; Qr: { Payload: string } }> {
    const reference = `HS-${randomUUID().slice(0, 8)}`;
    const created = await this.call(
      'POST',
      '/v1/bills',
      {
        Data: {
          Category: 'administrative-fee',
          Reference: reference,
          PayerName: payerName,
          Amount: String(amount),
          DueDate: tomorrowInVietnam(),
          Description: `Lệ phí cấp hộ chiếu, hồ sơ ${reference}`,
        },
      },
      { 'x-idempotency-key': randomUUID() },
    );
    if (created.status !== 201) throw new Error(`bill not created: ${JSON.stringify(created.json)}`);
    return created.json.Data;
  }

  /** Opens a checkout session for a bill. */
  openSession(
    billId: string,
    data: Record<string, unknown> = { ReturnUrl: RETURN_URL },
    key: string = randomUUID(),
  ) {
    return this.call(
      'POST',
      `/v1/bills/${billId}/checkout-sessions`,
      { Data: data },
      { 'x-idempotency-key': key },
    );
  }
}

/** Serves the portal's return address inside the browser and records where the browser landed. */
export async function interceptPortal(page: Page): Promise<{ landed: () => URL | undefined }> {
  let landed: URL | undefined;
  await page.route(`${new URL(RETURN_URL).origin}/**`, async (route) => {
    landed = new URL(route.request().url());
    await route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Cổng</title><p>Kết quả</p>',
    });
  });
  return { landed: () => landed };
}

/** Signs in on the hosted page with the customer's login and one-time password. */
export async function signIn(page: Page, login: { username: string; password: string; otp: string }) {
  await page.getByLabel('Username').fill(login.username);
  await page.getByLabel('Password', { exact: true }).fill(login.password);
  await page.getByLabel('One-time password').fill(login.otp);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Confirm' }).waitFor();
}
