/** A customer of the bank, as the sandbox seeds and sign-in reads it. */
export interface CustomerItem {
  type: 'Customer';
  customerId: string;
  username: string;
  /** Full name with diacritics, as on the ID card. */
  name: string;
  /** scrypt hash `scrypt$<salt b64>$<hash b64>` of the password. */
  passwordHash: string;
  phone: string;
  createdAt: string;
}
