import {
  CHECKOUT_RESULT_TYPE,
  type CheckoutOutcome,
  type CheckoutSession,
  resultClaims,
  returnLocation,
} from '#domain/checkout/session.ts';
import { issuer } from '#runtime/issuer.ts';
import { signDocument } from '#use-cases/documents/sign-document.ts';

/**
 * The signed result of a finished session (a compact JWS with the document key published in the
 * JWKS), and where the browser goes with it: the ReturnUrl stored on the session, never one
 * taken from the request.
 */
export async function signedReturn(
  session: CheckoutSession,
  outcome: CheckoutOutcome,
  at: Date,
): Promise<{ result: string; location: string }> {
  const result = await signDocument(
    { ...resultClaims(session, outcome, issuer(), at) },
    CHECKOUT_RESULT_TYPE,
  );
  return { result, location: returnLocation(session, outcome, result) };
}
