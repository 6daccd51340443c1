import { type Consent, type ConsentStatus, effectiveStatus } from '#domain/consent.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { listCustomerConsents } from '#store/consents.ts';
import { findCustomerSession } from '#store/customer-sessions.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { clientDisplayName } from '#store/oidc-records.ts';

/** One consent the customer has given: to which company, on which accounts, its status now. */
export interface SharingRow {
  consent: Consent;
  /** The client's display name (RFC 7591 `client_name`), or its id. */
  company: string;
  accounts: AccountItem[];
  status: ConsentStatus;
  /** Only account access that is still live can be withdrawn here; a payment's consent cannot. */
  canRevoke: boolean;
}

/**
 * What the signed-in customer shares (Circular 64: customers see everything they share),
 * newest first, with the session's CSRF token for the page's forms; undefined when the
 * session is missing or over.
 */
export async function listSharing(
  sessionId: string | undefined,
  now = new Date(),
): Promise<{ csrfToken: string; rows: SharingRow[] } | undefined> {
  const session = sessionId ? await findCustomerSession(sessionId) : undefined;
  if (!session) return undefined;
  const consents = await listCustomerConsents(session.customerId);
  const names = new Map<string, string>();
  for (const clientId of new Set(consents.map((consent) => consent.clientId))) {
    names.set(clientId, await clientDisplayName(clientId));
  }
  const rows = await Promise.all(
    consents.map(async (consent): Promise<SharingRow> => {
      const status = effectiveStatus(consent, now);
      const accounts = await Promise.all((consent.accountIds ?? []).map((id) => getAccount(id)));
      return {
        consent,
        company: names.get(consent.clientId)!,
        accounts: accounts.filter((account) => account !== undefined),
        status,
        canRevoke: status === 'Authorised' && consent.kind === 'account-access',
      };
    }),
  );
  return { csrfToken: session.csrfToken, rows };
}
