import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessToken } from '../../functions/use-cases/access/access-token.ts';
import { refusal, withSignatureByteFlipped } from '../helpers/crafted.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

/**
 * Access tokens verified once are remembered by their exact text: the cache never serves a
 * token outside its validity, never serves a token that differs by one byte, and never
 * answers one token with another's claims.
 */
describe('access token verification, remembered by the exact token', () => {
  let fintech: Fintech;
  let other: Fintech;
  let token: string;
  beforeAll(async () => {
    [fintech, other] = await Promise.all([
      new Fintech(api.url).register({ scope: 'accounts' }),
      new Fintech(api.url).register({ scope: 'accounts' }),
    ]);
    token = await fintech.clientToken('accounts');
  });

  it('refuses a cached token once it has expired', async () => {
    // Prepare: verified (and cached) while valid.
    const { exp } = decodeJwt(token);
    expect((await verifyAccessToken(token)).client_id).toBe(fintech.client.client_id);

    // Act
    const result = await refusal(verifyAccessToken(token, exp! * 1000 + 1));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidToken');
    expect(result.message).toContain('expired');
  });

  it('never serves a token with one signature byte flipped from the cache', async () => {
    // Prepare: the genuine token is cached.
    await verifyAccessToken(token);

    // Act
    const result = await refusal(verifyAccessToken(withSignatureByteFlipped(token, 5)));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidToken');
    expect(result.message).toContain('signature');
  });

  it("answers each token with its own claims (no collision between two clients' tokens)", async () => {
    // Prepare
    const theirs = await other.clientToken('accounts');

    // Act
    const [mine, yours, mineAgain, yoursAgain] = [
      await verifyAccessToken(token),
      await verifyAccessToken(theirs),
      await verifyAccessToken(token),
      await verifyAccessToken(theirs),
    ];

    // Assess
    expect(mine.client_id).toBe(fintech.client.client_id);
    expect(yours.client_id).toBe(other.client.client_id);
    expect(mineAgain).toEqual(mine);
    expect(yoursAgain).toEqual(yours);
    expect(yours.cnf?.jkt).not.toBe(mine.cnf?.jkt);
  });
});
