/** OAuth scopes of the platform (CONTRACT.md "Authorization"). */
export const API_SCOPES = ['accounts', 'payments', 'bills', 'cash', 'operations'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Scopes a partner may register for; `operations` belongs to the bank's own staff tools only. */
export const REGISTRABLE_SCOPES = new Set([
  'openid',
  'offline_access',
  'accounts',
  'payments',
  'bills',
  'cash',
]);
