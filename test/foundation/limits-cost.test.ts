import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../local/gateway.ts';
import { customerTokens } from '../fapi/scenario.ts';
import { dpopProof } from '../helpers/crafted.ts';
import { createCustomer } from '../helpers/customers.ts';
import { onDynamoCall } from '../helpers/dynamo-recorder.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

/**
 * The benchmark requirement: the 429 check must not add a DynamoDB round trip to a
 * protected request. The same protected GET, with the same token, through a gateway that
 * counts limits and through one that does not: the DynamoDB calls each request causes
 * (counted by an SDK middleware on the platform's one client) must be the same. The operator's
 * limits are read in the background; that read is kept out of the window on purpose (refreshed
 * hourly here), since it is no part of any request.
 */
const limited = useGateway({ limits: { refreshSeconds: 3600 } });

describe('the cost of per-client limits', () => {
  let unlimited: RunningGateway;
  let fintech: Fintech;
  let token: string;

  beforeAll(async () => {
    unlimited = await startGateway({ limits: false });
    fintech = await new Fintech(limited.url).register({ scope: 'openid accounts offline_access' });
    ({
      tokens: { access_token: token },
    } = await customerTokens(fintech, await createCustomer([1_000_000])));
  });
  afterAll(() => unlimited.close());

  /** DynamoDB calls during one GET /v1/aisp/accounts sent to `origin` (the public URL stays the first gateway's). */
  async function callsOf(origin: string): Promise<{ status: number; calls: string[] }> {
    const htu = `${limited.url}/v1/aisp/accounts`;
    const proof = await dpopProof(fintech.dpopKeys, {
      htm: 'GET',
      htu,
      accessToken: token,
      jti: randomUUID(),
    });
    const calls: string[] = [];
    const stop = onDynamoCall((key) => calls.push(`${key.operation} ${key.key.split('#')[0]}`));
    const response = await fetch(`${origin}/v1/aisp/accounts`, {
      headers: { authorization: `DPoP ${token}`, dpop: proof },
    });
    await response.text();
    stop();
    return { status: response.status, calls };
  }

  it('makes no DynamoDB call of its own on a protected GET', async () => {
    // Prepare: both paths warm (JWKS fetched, token verified once, modules loaded).
    await callsOf(limited.url);
    await callsOf(unlimited.url);

    // Act
    const withLimits = await callsOf(limited.url);
    const withoutLimits = await callsOf(unlimited.url);

    // Assess
    expect([withLimits.status, withoutLimits.status]).toEqual([200, 200]);
    expect(withLimits.calls.length).toBeGreaterThan(0);
    expect(withLimits.calls).toEqual(withoutLimits.calls);
  });
});
