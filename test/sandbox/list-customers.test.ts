import { beforeAll, describe, expect, it } from 'vitest';
import { generateCustomer } from '../../functions/domain/sandbox/dataset.ts';
import { seedSandbox } from '../../functions/store/seed/seed-sandbox.ts';
import { useGateway } from '../helpers/gateway.ts';
import { testNamespace } from './store-helpers.ts';

const api = useGateway();
const namespace = testNamespace();
const config = { seed: 'listing-test', namespace, referenceDate: new Date('2025-09-30T17:00:00.000Z') };
const CUSTOMERS = 52;

interface Listed {
  Username: string;
  Name: string;
  Accounts: { AccountId: string; AccountNumber: string; BankBin: string; Balance: string }[];
}

async function get(url: string) {
  const response = await fetch(url);
  return { status: response.status, json: await response.json() };
}

describe('GET /sandbox/customers', () => {
  beforeAll(async () => {
    await seedSandbox({ customers: CUSTOMERS, ...config });
  }, 120_000);

  it('lists the seeded customers with their accounts and balances, page by page via Links.Next', async () => {
    // Act: follow the pages until this test's customers are all seen.
    const seen = new Map<string, Listed>();
    let url: string | undefined = `${api.url}/sandbox/customers`;
    let pages = 0;
    const mine = (customer: Listed) => customer.Username.endsWith(`.${namespace}`);
    while (url && pages < 500) {
      const { status, json } = await get(url);
      expect(status).toBe(200);
      expect(json.Links.Self).toBe(url);
      expect(json.Meta).toEqual({});
      expect(json.Data.length).toBeLessThanOrEqual(50);
      for (const customer of json.Data as Listed[]) if (mine(customer)) seen.set(customer.Username, customer);
      pages += 1;
      url = json.Links.Next;
      if (url) expect(new URL(url).searchParams.get('page')).toMatch(/^[A-Za-z0-9_-]+$/);
    }

    // Assess
    expect(pages).toBeGreaterThan(1);
    expect(seen.size).toBe(CUSTOMERS);
    const listed = [...seen.values()];
    for (let index = 0; index < CUSTOMERS; index++) {
      const generated = generateCustomer(config, index);
      expect(listed[index]).toEqual({
        Username: generated.customer.username,
        Name: generated.customer.name,
        Accounts: generated.accounts.map(({ account }) => ({
          AccountId: account.accountId,
          AccountNumber: account.accountNumber,
          BankBin: '970415',
          Balance: String(account.balance),
        })),
      });
    }
    expect(listed[0]).toMatchObject({ Username: `an.nguyen.${namespace}`, Name: 'Nguyễn Văn An' });
  });

  it('answers a page cursor it did not issue with 400 naming the parameter', async () => {
    for (const page of ['garbage!', 'bm90LWpzb24', Buffer.from('["x","y"]').toString('base64url')]) {
      const { status, json } = await get(`${api.url}/sandbox/customers?page=${page}`);
      expect(status).toBe(400);
      expect(json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: 'page' });
    }
  });

  it('rejects query parameters other than page', async () => {
    const { status, json } = await get(`${api.url}/sandbox/customers?limit=5`);
    expect(status).toBe(400);
    expect(json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Unexpected', Path: 'limit' });
  });
});
