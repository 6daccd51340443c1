import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { bindingPolicies, type PartnerTokenRequest } from '#domain/registration.ts';
import { DynamoOidcAdapter } from '#store/oidc-adapter.ts';
import { type InitialAccessTokenRecord, labelInitialAccessToken } from '#store/oidc-records.ts';
import { registrationPolicies } from './registration-policy.ts';

/** A partner's new initial access token: the value to hand over once, and its record. */
interface IssuedPartnerToken {
  token: string;
  record: InitialAccessTokenRecord;
}

/**
 * Issues a partner's initial access token with oidc-provider's own `InitialAccessToken` model:
 * expiring after the requested days, bound by its policies to the partner's kind and scopes,
 * stored hashed by the adapter and labelled with the partner's name for operators.
 */
export async function issuePartnerToken(request: PartnerTokenRequest): Promise<IssuedPartnerToken> {
  const provider = await registrationProvider();
  const token = await new provider.InitialAccessToken({
    expiresIn: request.days * 24 * 3600,
    policies: bindingPolicies(request.binding),
  }).save();
  const record = await labelInitialAccessToken(token, {
    partner: request.partner,
    kind: request.binding.kind,
    scopes: request.binding.scopes,
  });
  return { token, record };
}

/**
 * A provider configured for registration tokens only, so an operator issues them without the
 * authorization server's signing keys: its throw-away key signs nothing, and its issuer appears
 * in no stored record.
 */
async function registrationProvider(): Promise<Provider> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return new Provider('https://operator.invalid', {
    adapter: DynamoOidcAdapter,
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig' }] } as never,
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: true, policies: registrationPolicies() },
    },
  });
}
