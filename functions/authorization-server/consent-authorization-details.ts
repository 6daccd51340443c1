import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { effectiveStatus } from '#domain/consent.ts';
import { getConsent } from '#store/consents.ts';

/** The `authorization_details` entry binding an authorization request to a consent. */
export interface ConsentDetail {
  type: 'consent';
  consent_id: string;
  /** Added when granted, for token lifetimes and the resource server. */
  consent_kind?: string;
  expires_at?: string;
  /** Added when granted: the accounts the customer chose, so the resource server reads them with the consent. */
  account_ids?: string[];
  /** Added when granted for a payment to an account at this bank: the payee's account. */
  creditor_account_id?: string;
}

/**
 * RAR type `consent`: a PAR (or authorization request) may only name a consent that exists,
 * belongs to the requesting client and still awaits authorisation.
 */
export const consentDetailType = {
  async validate(ctx: KoaContextWithOIDC, detail: Record<string, unknown>, client: { clientId: string }) {
    const consentId = detail.consent_id;
    if (typeof consentId !== 'string' || consentId.length === 0 || consentId.length > 128) {
      throw new errors.InvalidAuthorizationDetails("'consent_id' must be the ConsentId of your consent");
    }
    const extra = Object.keys(detail).filter((key) => key !== 'type' && key !== 'consent_id');
    if (extra.length)
      throw new errors.InvalidAuthorizationDetails(`unexpected member(s): ${extra.join(', ')}`);
    const details = JSON.parse(String(ctx.oidc.params?.authorization_details ?? '[]')) as unknown[];
    if (details.length !== 1) {
      throw new errors.InvalidAuthorizationDetails('exactly one consent may be authorised per request');
    }
    const consent = await getConsent(consentId);
    // The same answer for "unknown" and "another client's": never confirm another client's ids.
    if (!consent || consent.clientId !== client.clientId) {
      throw new errors.InvalidAuthorizationDetails(`consent ${consentId} not found`);
    }
    const status = effectiveStatus(consent, new Date());
    if (status !== 'AwaitingAuthorisation') {
      throw new errors.InvalidAuthorizationDetails(
        `consent ${consentId} is ${status}, not AwaitingAuthorisation`,
      );
    }
  },
};

/**
 * Run by oidc-provider at PAR and at the authorization endpoint whether or not the parameter is
 * sent (an `extraParams` validator): an authorization request must carry `authorization_details`.
 */
export async function requireConsentDetail(
  _ctx: KoaContextWithOIDC,
  value: string | undefined,
): Promise<void> {
  if (detailCount(value) === 0) {
    throw new errors.InvalidRequest(
      'authorization_details is required: [{ "type": "consent", "consent_id": "<your ConsentId>" }]',
    );
  }
}

/** How many details the parameter lists (0 when absent; its shape is the RAR check's, which runs first). */
function detailCount(value: unknown): number {
  if (typeof value !== 'string' || value.trim() === '') return 0;
  try {
    const details: unknown = JSON.parse(value);
    return Array.isArray(details) ? details.length : 1;
  } catch {
    return 1;
  }
}

/** The consent detail granted in a grant or token, if any. */
export function grantedConsent(rar: unknown): ConsentDetail | undefined {
  if (!Array.isArray(rar)) return undefined;
  return rar.find((detail): detail is ConsentDetail => detail?.type === 'consent');
}
