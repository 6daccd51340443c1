import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seedHeavyAccount } from '../../functions/store/seed/heavy-account.ts';
import { createOpenBankingClient } from '../../sdk/src/index.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { READ_EVERYTHING, registeredClient } from './fixtures.ts';

const api = useGateway();

describe('paginate follows Links.Next', () => {
  it('yields each of 1,000 transactions exactly once, across pages of 64', async () => {
    // Prepare: a customer with an account of 1,000 ledger entries, shared with the client.
    const customer = await createCustomer([100_000]);
    const heavy = await seedHeavyAccount(1_000, {
      namespace: `sdk-paging-${randomUUID().slice(0, 8)}`,
      referenceDate: new Date(),
      owner: { customerId: customer.customerId, name: customer.name },
    });
    const ob = createOpenBankingClient({ baseUrl: api.url, ...(await registeredClient(api.url)) });
    const { data } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const session = await ob.sandbox.authorise({
      consentId: data!.Data.ConsentId,
      username: customer.username,
      password: TEST_PASSWORD,
      accountIds: [heavy.accountId],
    });

    // Act
    const ids: string[] = [];
    for await (const transaction of session.paginate('/v1/aisp/accounts/{AccountId}/transactions', {
      params: { path: { AccountId: heavy.accountId }, query: { pageSize: 64 } },
    })) {
      ids.push(transaction.TransactionId);
      expect(transaction.AccountId).toBe(heavy.accountId);
    }

    // Assess
    expect(ids).toHaveLength(1_000);
    expect(new Set(ids).size).toBe(1_000);
  }, 180_000);
});
