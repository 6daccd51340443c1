import { randomUUID } from 'node:crypto';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { TEST_PASSWORD } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  json: any;
}

/**
 * An ATM or post-office terminal as its operator would build it: an OAuth client registered
 * with scope `cash`, calling with DPoP-bound client-credentials tokens.
 */
export class Terminal {
  private token?: string;

  private constructor(
    readonly client: Fintech,
    readonly terminalId: string,
  ) {}

  static async register(
    baseUrl: string,
    terminalId = `HN${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`,
  ) {
    const client = await new Fintech(baseUrl).register({
      scope: 'cash',
      grant_types: ['client_credentials'],
    });
    return new Terminal(client, terminalId);
  }

  get clientId(): string {
    return this.client.client.client_id;
  }

  async accessToken(): Promise<string> {
    this.token ??= await this.client.clientToken('cash');
    return this.token;
  }

  /** POST /v1/cash/sessions. */
  async open(data: Record<string, unknown> = {}, key: string = randomUUID()): Promise<HttpResult> {
    return this.client.call(
      await this.accessToken(),
      'POST',
      '/v1/cash/sessions',
      { Data: { TerminalId: this.terminalId, ...data } },
      { 'x-idempotency-key': key },
    );
  }

  /** Opens a session and returns its `Data`, failing loudly otherwise. */
  async openSession(data: Record<string, unknown> = {}) {
    const opened = await this.open(data);
    if (opened.status !== 201) throw new Error(`session not opened: ${JSON.stringify(opened.json)}`);
    return opened.json.Data as { SessionId: string; Qr: { Payload: string }; [field: string]: unknown };
  }

  /** GET /v1/cash/sessions/{SessionId}. */
  async poll(sessionId: string): Promise<HttpResult> {
    return this.client.call(
      await this.accessToken(),
      'GET',
      `/v1/cash/sessions/${encodeURIComponent(sessionId)}`,
    );
  }

  /** POST /v1/cash/withdrawals. */
  async report(
    sessionId: string,
    outcome: string,
    extra: Record<string, unknown> = {},
    key: string = randomUUID(),
  ): Promise<HttpResult> {
    return this.client.call(
      await this.accessToken(),
      'POST',
      '/v1/cash/withdrawals',
      { Data: { SessionId: sessionId, Outcome: outcome, ...extra } },
      { 'x-idempotency-key': key },
    );
  }
}

/**
 * POST /sandbox/cash-approvals: the customer's bank app approving a scanned code. The app signs
 * the customer in: `Password` is the test customers' password unless `data` gives one
 * (`Password: undefined` sends none).
 */
export async function approve(
  baseUrl: string,
  data: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const response = await fetch(`${baseUrl}/sandbox/cash-approvals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ Data: { Password: TEST_PASSWORD, ...data } }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** Booked balance and funds on hold of an account, as stored. */
export async function funds(
  accountId: string,
): Promise<{ balance: number; held: number; available: number }> {
  const account = await getAccount(accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return { balance: account.balance, held: account.held, available: account.balance - account.held };
}
