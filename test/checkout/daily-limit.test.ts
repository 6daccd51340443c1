import { describe, expect, it } from 'vitest';
import { bookingDayOf } from '../../functions/domain/ledger/booking-day.ts';
import { bookedToday, dailyTotalChange } from '../../functions/store/payments/daily-totals.ts';
import { writeTogether } from '../../functions/store/transact.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { CityPartner, RETURN_URL } from './portal.ts';

const api = useGateway();

/** A checkout page of a new bill of `amount`, signed in by the customer in a browser of its own. */
async function signedInCheckout(partner: CityPartner, customer: TestCustomer, amount: number) {
  const bill = await partner.issueBill(amount);
  const session = await partner.openSession(bill.BillId);
  const browser = new CustomerBrowser();
  const page = await browser.open(session.json.Data.Url, RETURN_URL);
  const html = await page.response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const signedIn = await browser.submit(
    page.url,
    html,
    [['csrf', csrf], ...Object.entries(customer.login)] as Array<[string, string]>,
    RETURN_URL,
  );
  const confirmHtml = await signedIn.response.text();
  return {
    asksStepUp: confirmHtml.includes('name="biometric"'),
    /** Posts Confirm from `accountId` with the one-time password and no step-up. */
    confirm: (accountId: string) =>
      browser.open(new URL(`${signedIn.url.pathname}/confirm?lang=vi`, signedIn.url), RETURN_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf: /name="csrf" value="([^"]+)"/.exec(confirmHtml)![1]!,
          account: accountId,
          otp: customer.login.otp,
        }).toString(),
      }),
  };
}

describe("the hosted checkout and the customer's daily total (Decision 2345)", () => {
  it('two checkouts confirmed at once, each under the limit alone, never take the day past 20,000,000 VND without the step-up', async () => {
    // Prepare: 5,000,000 already counted today; two pages of 8,000,000 each, neither asking for a step-up.
    const partner = await new CityPartner(api.url).register();
    const customer = await createCustomer([10_000_000, 10_000_000]);
    const day = bookingDayOf(new Date());
    await writeTogether([dailyTotalChange({ customerId: customer.customerId, day, amount: 5_000_000 })]);
    const pages = await Promise.all([
      signedInCheckout(partner, customer, 8_000_000),
      signedInCheckout(partner, customer, 8_000_000),
    ]);
    // Act
    const answers = await Promise.all(pages.map((page, i) => page.confirm(customer.accounts[i]!.accountId)));
    // Assess
    expect(pages.map((page) => page.asksStepUp)).toEqual([false, false]);
    const paid = answers.filter((answer) => answer.url.href.startsWith(RETURN_URL));
    const refused = answers.filter((answer) => !answer.url.href.startsWith(RETURN_URL));
    expect(paid).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.response.status).toBe(400);
    expect(await refused[0]!.response.text()).toContain('VN.OB.Checkout.StepUpRequired');
    expect(await bookedToday(customer.customerId, day)).toBe(13_000_000);
  });
});
