import { type ClientMetadata, errors, type KoaContextWithOIDC } from 'oidc-provider';
import {
  allBindingPolicyNames,
  bindingFromPolicies,
  PARTNER_REGISTRATION_POLICY,
  registrationProblem,
} from '#domain/registration.ts';

type RegistrationPolicy = (ctx: KoaContextWithOIDC, metadata: ClientMetadata) => void;

/**
 * Checks a registration (RFC 7591) or an update (RFC 7592) against what the token allows
 * (`#domain/registration.ts`): the binding is read from the policies of the initial access
 * token, or, on an update, of the registration access token, which inherits them.
 */
const partnerRegistration: RegistrationPolicy = (ctx, metadata) => {
  const token = ctx.oidc.entities.InitialAccessToken ?? ctx.oidc.entities.RegistrationAccessToken;
  const binding = bindingFromPolicies((token as { policies?: string[] } | undefined)?.policies);
  if (!binding) {
    throw new errors.InvalidClientMetadata(
      'this token is bound to no partner kind; ask the bank for a partner initial access token',
    );
  }
  const problem = registrationProblem(metadata as Record<string, unknown>, binding, {
    sandbox: process.env.SANDBOX === '1',
  });
  if (!problem) return;
  if (problem.kind === 'redirect_uri') {
    // RFC 7591 §3.2.2: a redirect URI problem is `invalid_redirect_uri`.
    throw new errors.CustomOIDCProviderError('invalid_redirect_uri', problem.description);
  }
  throw new errors.InvalidClientMetadata(problem.description);
};

/** Carries one part of a token's binding (its partner kind or one scope); nothing to check alone. */
const bindingMark: RegistrationPolicy = () => undefined;

/** The registration policies a token may name (oidc-provider refuses tokens naming others). */
export function registrationPolicies(): Record<string, RegistrationPolicy> {
  return {
    [PARTNER_REGISTRATION_POLICY]: partnerRegistration,
    ...Object.fromEntries(allBindingPolicyNames().map((name) => [name, bindingMark])),
  };
}
