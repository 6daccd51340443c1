import { randomUUID } from 'node:crypto';
import { bookingDayOf } from '../../functions/domain/ledger/booking-day.ts';
import { TEST_PASSWORD } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  json: any;
}

/** A Vietnam calendar day `days` from today. */
export function vietnamDay(days = 0, from = new Date()): string {
  return bookingDayOf(new Date(from.getTime() + days * 86_400_000));
}

/** A valid bill body, with `data` overriding fields (`undefined` removes one). */
export function billBody(data: Record<string, unknown> = {}) {
  const fields: Record<string, unknown> = {
    Category: 'tuition',
    Reference: `HP-${randomUUID().slice(0, 12)}`,
    PayerName: 'Trần Minh Anh',
    Amount: '1500000',
    DueDate: vietnamDay(10),
    Description: 'Học phí học kỳ I năm học 2026-2027',
    ...data,
  };
  for (const [name, value] of Object.entries(fields)) if (value === undefined) delete fields[name];
  return { Data: fields };
}

/**
 * A city partner as its platform would be built: an OAuth client registered with scope `bills`
 * (in sandbox it gets its collection account at registration), calling with DPoP-bound
 * client-credentials tokens.
 */
export class CityPartner {
  private token?: string;

  private constructor(readonly client: Fintech) {}

  static async register(baseUrl: string, name = 'Sở Giáo dục Hà Nội'): Promise<CityPartner> {
    const client = await new Fintech(baseUrl).register({
      scope: 'bills',
      grant_types: ['client_credentials'],
      client_name: name,
    });
    return new CityPartner(client);
  }

  get clientId(): string {
    return this.client.client.client_id;
  }

  async accessToken(): Promise<string> {
    this.token ??= await this.client.clientToken('bills');
    return this.token;
  }

  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    return this.client.call(await this.accessToken(), method, path, body, headers);
  }

  /** POST /v1/bills. */
  create(body: unknown, key: string = randomUUID()): Promise<HttpResult> {
    return this.call('POST', '/v1/bills', body, { 'x-idempotency-key': key });
  }

  /** Issues a bill and returns its `Data`, failing loudly otherwise. */
  async issue(data: Record<string, unknown> = {}) {
    const created = await this.create(billBody(data));
    if (created.status !== 201) throw new Error(`bill not issued: ${JSON.stringify(created.json)}`);
    // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
    return created.json.Data as any;
  }

  get(billId: string): Promise<HttpResult> {
    return this.call('GET', `/v1/bills/${encodeURIComponent(billId)}`);
  }

  list(query = ''): Promise<HttpResult> {
    return this.call('GET', `/v1/bills${query}`);
  }

  cancel(billId: string): Promise<HttpResult> {
    return this.call('POST', `/v1/bills/${encodeURIComponent(billId)}/cancel`);
  }

  refund(billId: string, data: Record<string, unknown>, key: string = randomUUID()): Promise<HttpResult> {
    return this.call(
      'POST',
      `/v1/bills/${encodeURIComponent(billId)}/refunds`,
      { Data: data },
      {
        'x-idempotency-key': key,
      },
    );
  }
}

/** POST /sandbox/qr-payments: a customer's bank app paying a scanned payload. */
export async function payByQr(
  baseUrl: string,
  data: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const response = await fetch(`${baseUrl}/sandbox/qr-payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ Data: { Password: TEST_PASSWORD, ...data } }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}
