/** OAuth scopes of the platform (CONTRACT.md "Authorization"). */
export const API_SCOPES = ['accounts', 'payments', 'bills', 'cash', 'operations'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
