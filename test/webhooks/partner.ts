import { randomUUID } from 'node:crypto';
import { Fintech } from '../helpers/fintech.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  json: any;
}

/** A partner managing its webhook endpoints as it would in production: DPoP-bound client tokens. */
export class Partner {
  private token?: string;

  private constructor(readonly fintech: Fintech) {}

  static async register(baseUrl: string, scope = 'payments'): Promise<Partner> {
    return new Partner(await new Fintech(baseUrl).register({ scope, grant_types: ['client_credentials'] }));
  }

  get clientId(): string {
    return this.fintech.client.client_id;
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    this.token ??= await this.fintech.clientToken(String(this.fintech.client.scope ?? 'payments'));
    return this.fintech.call(this.token, method, path, body, headers) as Promise<HttpResult>;
  }

  /** POST /v1/webhook-endpoints. */
  create(data: Record<string, unknown>, key: string = randomUUID()) {
    return this.call('POST', '/v1/webhook-endpoints', { Data: data }, { 'x-idempotency-key': key });
  }

  /** Registers an endpoint and returns its id and secret, failing loudly otherwise. */
  async endpoint(url: string, events: string[] = ['payment.status_changed']) {
    const created = await this.create({ Url: url, Events: events });
    if (created.status !== 201) throw new Error(`endpoint not created: ${JSON.stringify(created.json)}`);
    return created.json.Data as { WebhookEndpointId: string; Secret: string };
  }

  list() {
    return this.call('GET', '/v1/webhook-endpoints');
  }

  get(id: string) {
    return this.call('GET', `/v1/webhook-endpoints/${encodeURIComponent(id)}`);
  }

  patch(id: string, data: Record<string, unknown>) {
    return this.call('PATCH', `/v1/webhook-endpoints/${encodeURIComponent(id)}`, { Data: data });
  }

  remove(id: string) {
    return this.call('DELETE', `/v1/webhook-endpoints/${encodeURIComponent(id)}`);
  }

  rotate(id: string) {
    return this.call('POST', `/v1/webhook-endpoints/${encodeURIComponent(id)}/rotate-secret`);
  }
}
