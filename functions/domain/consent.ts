/**
 * Consent lifecycle (UK Open Banking v3.1 status names). Pure rules: which transitions
 * exist, and whether a consent grants access right now.
 */
export type ConsentStatus =
  | 'AwaitingAuthorisation'
  | 'Authorised'
  | 'Rejected'
  | 'Revoked'
  | 'Expired'
  | 'Consumed';

export type ConsentKind = 'account-access' | 'domestic-payment';

/** A consent; the AIS and PIS resources add their own detail under `detail`. */
export interface Consent {
  type: 'Consent';
  consentId: string;
  kind: ConsentKind;
  clientId: string;
  status: ConsentStatus;
  createdAt: string;
  statusUpdatedAt: string;
  statusHistory: StatusChange[];
  expiresAt?: string;
  /** Set when the customer authorises. */
  customerId?: string;
  accountIds?: string[];
  grantId?: string;
  /** Resource-specific content (permissions, initiation, risk…). */
  detail: Record<string, unknown>;
}

interface StatusChange {
  Status: ConsentStatus;
  At: string;
}

const transitions: Record<ConsentStatus, ConsentStatus[]> = {
  AwaitingAuthorisation: ['Authorised', 'Rejected', 'Revoked', 'Expired'],
  Authorised: ['Revoked', 'Expired', 'Consumed'],
  Rejected: [],
  Revoked: [],
  Expired: [],
  Consumed: [],
};

/** Whether a consent may move from `from` to `to`. */
export function canTransition(from: ConsentStatus, to: ConsentStatus): boolean {
  return transitions[from].includes(to);
}

/** The status a consent has at `now`: an Authorised or awaiting consent past its expiry is Expired. */
export function effectiveStatus(
  consent: { status: ConsentStatus; expiresAt?: string | undefined },
  now: Date,
): ConsentStatus {
  if (
    consent.expiresAt &&
    Date.parse(consent.expiresAt) <= now.getTime() &&
    (consent.status === 'Authorised' || consent.status === 'AwaitingAuthorisation')
  ) {
    return 'Expired';
  }
  return consent.status;
}
