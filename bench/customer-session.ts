/**
 * A customer's DPoP-bound access token got through the real OAuth flow (registration, consent,
 * PAR, sign-in and approval, code exchange, as test/fapi does it with oauth4webapi), and the
 * client side of DPoP for load tests: one fresh proof per request, made before the request is
 * timed, so the servers' figures exclude the client's signing.
 */
import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, exportJWK, type JWK, SignJWT } from 'jose';
import type { Caller } from '../functions/domain/caller.ts';
import { getConsent } from '../functions/store/consents.ts';
import { tokenHash } from '../functions/use-cases/access/access-token.ts';
import { customerTokens } from '../test/fapi/scenario.ts';
import type { TestCustomer } from '../test/helpers/customers.ts';
import { Fintech } from '../test/helpers/fintech.ts';
import type { LoadRequest } from './load.ts';

export interface CustomerSession {
  fintech: Fintech;
  customer: TestCustomer;
  accessToken: string;
  consentId: string;
  /** Thumbprint of the DPoP key the token is bound to (`cnf.jkt`). */
  jkt: string;
  /** What `authorize()` proves for this token: for twins that skip it. */
  caller(): Promise<Caller>;
  /** A fresh DPoP proof for one request. */
  proof(method: string, url: string): Promise<string>;
  /** `count` requests to `path`, each with its own fresh proof. */
  requests(path: string, count: number, method?: string): Promise<LoadRequest[]>;
  /** Microseconds spent making proofs so far, and how many. */
  proofCost: { count: number; micros: number };
}

/**
 * The client side of DPoP for one access token: a fresh proof per request (ES256, `ath` bound),
 * and what making them cost.
 */
export async function dpopProver(keys: CryptoKeyPair, accessToken: string) {
  const publicJwk: JWK = await exportJWK(keys.publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk);
  const ath = await tokenHash(accessToken);
  const proofCost = { count: 0, micros: 0 };
  const proof = async (method: string, url: string) => {
    const started = performance.now();
    const target = new URL(url);
    const jws = await new SignJWT({
      htm: method,
      htu: `${target.origin}${target.pathname}`,
      jti: randomUUID(),
      ath,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: publicJwk })
      .setIssuedAt()
      .sign(keys.privateKey);
    proofCost.count++;
    proofCost.micros += (performance.now() - started) * 1000;
    return jws;
  };
  return { jkt, proofCost, proof };
}

/** Registers a fintech and walks the customer through consent; returns their session. */
export async function customerSession(baseUrl: string, customer: TestCustomer): Promise<CustomerSession> {
  const fintech = await new Fintech(baseUrl).register({ scope: 'openid accounts offline_access' });
  const { tokens, consentId } = await customerTokens(fintech, customer);
  const accessToken = tokens.access_token;
  const { jkt, proofCost, proof } = await dpopProver(fintech.dpopKeys, accessToken);

  return {
    fintech,
    customer,
    accessToken,
    consentId,
    jkt,
    proofCost,
    proof,
    async caller() {
      const claims = decodeJwt(accessToken) as { client_id: string; scope?: string; sub: string };
      const consent = await getConsent(consentId);
      if (!consent) throw new Error(`consent ${consentId} not found`);
      return {
        clientId: claims.client_id,
        scopes: (claims.scope ?? '').split(' ').filter(Boolean),
        customerId: claims.sub,
        consent,
        tokenId: await tokenHash(accessToken),
      };
    },
    async requests(path, count, method = 'GET') {
      const url = new URL(path, baseUrl).href;
      const list: LoadRequest[] = [];
      for (let i = 0; i < count; i++) {
        list.push({
          method,
          path,
          headers: {
            accept: 'application/json',
            authorization: `DPoP ${accessToken}`,
            dpop: await proof(method, url),
          },
        });
      }
      return list;
    },
  };
}
