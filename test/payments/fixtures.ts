import { randomUUID } from 'node:crypto';
import { getConsent } from '../../functions/store/consents.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import type { TestCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';

const consents = '/v1/pisp/domestic-payment-consents';
const payments = '/v1/pisp/domestic-payments';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  json: any;
}

/** A payee, as the fintech names it. */
export interface Payee {
  bin: string;
  number: string;
  name: string;
  scheme?: 'VN.AccountNumber' | 'VN.CardNumber';
}

/** A payee that is one of the test customer's accounts at this bank. */
export function payeeOf(customer: TestCustomer, index = 0, name = customer.name): Payee {
  const account = customer.accounts[index]!;
  return { bin: account.bankBin, number: account.accountNumber, name };
}

/** A payee at another bank (Vietcombank); a number ending in 0000 is refused by the sandbox's receiving bank. */
export function otherBankPayee(
  number = `00710${String(Math.floor(Math.random() * 1e7)).padStart(7, '1')}`,
): Payee {
  return { bin: '970436', number, name: 'TRẦN THỊ BÌNH' };
}

/** A well-formed initiation of `amount` VND to `payee`. */
export function initiation(payee: Payee, amount: string, extra: Record<string, unknown> = {}) {
  const id = randomUUID().slice(0, 8);
  return {
    InstructionIdentification: `INS-${id}`,
    EndToEndIdentification: `E2E-${id}`,
    InstructedAmount: { Amount: amount, Currency: 'VND' },
    CreditorAccount: {
      SchemeName: payee.scheme ?? 'VN.AccountNumber',
      Identification: payee.number,
      Name: payee.name,
    },
    CreditorAgent: { SchemeName: 'VN.BIN', Identification: payee.bin },
    RemittanceInformation: { Reference: `HD${id}`, Unstructured: 'Tiền học tháng 3' },
    ...extra,
  };
}

/**
 * A fintech with scope `payments`, as it would drive the payment journey: consents with its
 * client-credentials token, the customer's authorization through the real pages, submission
 * with the customer's token.
 */
export class PayingFintech {
  private token?: string;

  private constructor(readonly client: Fintech) {}

  static async register(baseUrl: string): Promise<PayingFintech> {
    return new PayingFintech(await new Fintech(baseUrl).register({ scope: 'openid payments' }));
  }

  get clientId(): string {
    return this.client.client.client_id;
  }

  async clientToken(): Promise<string> {
    this.token ??= await this.client.clientToken('payments');
    return this.token;
  }

  /** POST /v1/pisp/domestic-payment-consents. */
  async createConsent(
    init: unknown,
    options: { key?: string; risk?: unknown; body?: unknown } = {},
  ): Promise<HttpResult> {
    return this.client.call(
      await this.clientToken(),
      'POST',
      consents,
      options.body ?? { Data: { Initiation: init }, Risk: options.risk ?? {} },
      { 'x-idempotency-key': options.key ?? randomUUID() },
    );
  }

  /** Creates a consent and returns its id and the initiation, failing loudly otherwise. */
  async consent(
    init: ReturnType<typeof initiation>,
  ): Promise<{ consentId: string; initiation: typeof init }> {
    const created = await this.createConsent(init);
    if (created.status !== 201) throw new Error(`consent not created: ${JSON.stringify(created.json)}`);
    return { consentId: created.json.Data.ConsentId, initiation: init };
  }

  async getConsent(consentId: string): Promise<HttpResult> {
    return this.client.call(await this.clientToken(), 'GET', `${consents}/${encodeURIComponent(consentId)}`);
  }

  async fundsConfirmation(consentId: string): Promise<HttpResult> {
    return this.client.call(
      await this.clientToken(),
      'GET',
      `${consents}/${encodeURIComponent(consentId)}/funds-confirmation`,
    );
  }

  /** POST /v1/pisp/domestic-payments with the customer's token. */
  async pay(
    customerToken: string,
    consentId: string,
    init: unknown,
    options: { key?: string | null; risk?: unknown; body?: unknown } = {},
  ): Promise<HttpResult> {
    const key = options.key === undefined ? randomUUID() : options.key;
    return this.client.call(
      customerToken,
      'POST',
      payments,
      options.body ?? { Data: { ConsentId: consentId, Initiation: init }, Risk: options.risk ?? {} },
      key === null ? {} : { 'x-idempotency-key': key },
    );
  }

  async getPayment(paymentId: string): Promise<HttpResult> {
    return this.client.call(await this.clientToken(), 'GET', `${payments}/${encodeURIComponent(paymentId)}`);
  }

  /** Opens the consent page as the customer (signing in unless the browser has a session). */
  async openConsentPage(customer: TestCustomer, consentId: string, browser = new CustomerBrowser()) {
    const { url, codeVerifier, state } = await this.client.authorizationUrl(consentId, 'openid payments');
    let page = await browser.open(url, REDIRECT_URI);
    let html = await page.response.text();
    if (html.includes('name="username"')) {
      page = await browser.submit(
        page.url,
        html,
        [
          ['username', customer.login.username],
          ['password', customer.login.password],
          ['otp', customer.login.otp],
        ],
        REDIRECT_URI,
      );
      html = await page.response.text();
    }
    return { browser, url: page.url, status: page.response.status, html, codeVerifier, state };
  }

  /**
   * Answers an open consent page: Approve with the account (and the biometric tick when
   * asked), or Deny. Returns the redirect to the fintech, or the page shown again.
   */
  async answer(
    opened: Awaited<ReturnType<PayingFintech['openConsentPage']>>,
    choice: { approve?: boolean; accountId?: string; biometric?: boolean },
  ): Promise<{ callback?: URL; status: number; html: string }> {
    const fields: Array<[string, string]> = [['decision', choice.approve === false ? 'deny' : 'approve']];
    if (choice.accountId) fields.push(['account', choice.accountId]);
    if (choice.biometric) fields.push(['biometric', 'yes']);
    const done = await opened.browser.submit(opened.url, opened.html, fields, REDIRECT_URI);
    if (done.url.href.startsWith(REDIRECT_URI))
      return { callback: done.url, status: done.response.status, html: '' };
    return { status: done.response.status, html: await done.response.text() };
  }

  /** The whole customer journey: the customer's access token for an authorised consent. */
  async authorise(
    customer: TestCustomer,
    consentId: string,
    options: { accountIndex?: number; biometric?: boolean; browser?: CustomerBrowser } = {},
  ): Promise<string> {
    const opened = await this.openConsentPage(customer, consentId, options.browser);
    if (opened.status !== 200) throw new Error(`consent page ${opened.status}: ${opened.html.slice(0, 300)}`);
    const answered = await this.answer(opened, {
      accountId: customer.accounts[options.accountIndex ?? 0]!.accountId,
      ...(options.biometric ? { biometric: true } : {}),
    });
    if (!answered.callback) throw new Error(`consent not approved: ${pageAlert(answered.html)}`);
    const tokens = await this.client.exchangeCode(answered.callback, opened.codeVerifier, opened.state);
    return tokens.access_token;
  }

  /** Consent, authorisation and the customer's token in one go. */
  async authorisedConsent(
    customer: TestCustomer,
    init: ReturnType<typeof initiation>,
    options: { accountIndex?: number; biometric?: boolean; browser?: CustomerBrowser } = {},
  ) {
    const { consentId } = await this.consent(init);
    const token = await this.authorise(customer, consentId, options);
    return { consentId, token, initiation: init };
  }
}

/** The alert line of a page (the error the customer sees). */
export function pageAlert(html: string): string {
  return /role="alert">([\s\S]*?)<\/p>/.exec(html)?.[1]?.trim() ?? '';
}

/** Booked balance of an account, as stored. */
export async function balanceOf(accountId: string): Promise<number> {
  const account = await getAccount(accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return account.balance;
}

/** The consent as stored. */
export async function storedConsent(consentId: string) {
  const consent = await getConsent(consentId);
  if (!consent) throw new Error(`no consent ${consentId}`);
  return consent;
}
