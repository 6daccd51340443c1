import { beforeAll, describe, expect, it } from 'vitest';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf, initiation, PayingFintech, pageAlert, payeeOf, storedConsent } from './fixtures.ts';

const api = useGateway();

const STEP_UP = 'name="biometric"';

describe('strong customer authentication by amount (Decision 2345/QĐ-NHNN)', () => {
  let fintech: PayingFintech;
  let payee: TestCustomer;

  beforeAll(async () => {
    [fintech, payee] = await Promise.all([PayingFintech.register(api.url), createCustomer([0])]);
  });

  /** The consent page a customer sees for a payment of `amount` (signed in with `browser`). */
  async function pageFor(customer: TestCustomer, amount: string, browser: CustomerBrowser) {
    const { consentId } = await fintech.consent(initiation(payeeOf(payee), amount));
    const opened = await fintech.openConsentPage(customer, consentId, browser);
    return { consentId, opened };
  }

  it('asks for the biometric step-up above 10,000,000 VND and not at or below it', async () => {
    // Prepare
    const customer = await createCustomer([50_000_000]);
    const browser = new CustomerBrowser();
    // Act
    const pages = [];
    for (const amount of ['9999999', '10000000', '10000001'])
      pages.push((await pageFor(customer, amount, browser)).opened);
    // Assess
    expect(pages.map((page) => page.status)).toEqual([200, 200, 200]);
    expect(pages.map((page) => page.html.includes(STEP_UP))).toEqual([false, false, true]);
    expect(pages[2]!.html).toContain('Tôi xác nhận bằng sinh trắc học');
    expect(pages[2]!.html).toContain('2345/QĐ-NHNN');
  });

  it('keeps the consent awaiting when Approve comes without the step-up, and records it once given', async () => {
    // Prepare
    const customer = await createCustomer([50_000_000]);
    const { consentId, opened } = await pageFor(customer, '10000001', new CustomerBrowser());
    const accountId = customer.accounts[0]!.accountId;
    // Act: approve without the biometric confirmation
    const refused = await fintech.answer(opened, { accountId });
    const afterRefusal = await storedConsent(consentId);
    // Act: approve with it, on the page shown again
    const approved = await fintech.answer({ ...opened, html: refused.html }, { accountId, biometric: true });
    const tokens = await fintech.client.exchangeCode(approved.callback!, opened.codeVerifier, opened.state);
    const read = await fintech.getConsent(consentId);
    const paid = await fintech.pay(tokens.access_token, consentId, read.json.Data.Initiation);
    // Assess
    expect(refused.callback).toBeUndefined();
    expect(refused.status).toBe(400);
    expect(pageAlert(refused.html)).toContain('sinh trắc học');
    expect(refused.html).toContain(STEP_UP);
    expect(afterRefusal.status).toBe('AwaitingAuthorisation');
    expect(read.json.Data).toMatchObject({ Status: 'Authorised', ScaMethod: 'Biometric' });
    expect(paid.status).toBe(201);
    expect(paid.json.Data).toMatchObject({ Status: 'AcceptedSettlementCompleted', ScaMethod: 'Biometric' });
    expect(await balanceOf(customer.accounts[0]!.accountId)).toBe(50_000_000 - 10_000_001);
  });

  it('asks for it once the day’s total would pass 20,000,000 VND, not when it reaches it', async () => {
    // Prepare: 19,999,999 VND booked today, without any step-up
    const customer = await createCustomer([50_000_000]);
    const browser = new CustomerBrowser();
    for (const amount of ['10000000', '9999999']) {
      const {
        consentId,
        token,
        initiation: init,
      } = await fintech.authorisedConsent(customer, initiation(payeeOf(payee), amount), { browser });
      expect((await fintech.pay(token, consentId, init)).status).toBe(201);
    }
    // Act
    const reaching = await pageFor(customer, '1', browser);
    await fintech.answer(reaching.opened, { approve: false });
    const passing = await pageFor(customer, '2', browser);
    // Assess
    expect(reaching.opened.html.includes(STEP_UP)).toBe(false);
    expect(passing.opened.html.includes(STEP_UP)).toBe(true);
    expect(passing.opened.html).toContain('tổng giao dịch trong ngày vượt 20.000.000');
  });

  it('refuses a payment that would pass the daily limit when its consent was authorised without the step-up', async () => {
    // Prepare: three consents authorised while nothing was booked, each small enough on its own
    const customer = await createCustomer([50_000_000]);
    const browser = new CustomerBrowser();
    const authorised = [];
    for (const amount of ['10000000', '10000000', '1']) {
      authorised.push(
        await fintech.authorisedConsent(customer, initiation(payeeOf(payee), amount), { browser }),
      );
    }
    const [a, b, c] = authorised as [(typeof authorised)[0], (typeof authorised)[0], (typeof authorised)[0]];
    // Act
    const paidA = await fintech.pay(a.token, a.consentId, a.initiation);
    const paidB = await fintech.pay(b.token, b.consentId, b.initiation);
    const before = await balanceOf(customer.accounts[0]!.accountId);
    const paidC = await fintech.pay(c.token, c.consentId, c.initiation);
    // Assess
    expect([paidA.status, paidB.status]).toEqual([201, 201]);
    expect(paidC.status).toBe(403);
    expect(paidC.json.Errors[0].ErrorCode).toBe('VN.OB.Payment.StrongAuthenticationRequired');
    expect(await balanceOf(customer.accounts[0]!.accountId)).toBe(before);
    expect((await storedConsent(c.consentId)).status).toBe('Authorised');
  });
});
