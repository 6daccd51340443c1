import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../functions/domain/passwords.ts';

describe('password hashing', () => {
  it('verifies the password it hashed, in the scrypt$salt$hash format', async () => {
    const stored = await hashPassword('sandbox');
    expect(stored).toMatch(/^scrypt\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(await verifyPassword('sandbox', stored)).toBe(true);
  });

  it('rejects a wrong password', async () => {
    const stored = await hashPassword('sandbox');
    expect(await verifyPassword('Sandbox', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords hash differently', async () => {
    expect(await hashPassword('sandbox')).not.toBe(await hashPassword('sandbox'));
  });

  it('answers false, without throwing, for a malformed stored hash', async () => {
    for (const stored of ['', 'sandbox', 'scrypt$$', 'bcrypt$abc$def', 'scrypt$c2FsdA==$dG9vc2hvcnQ=']) {
      expect(await verifyPassword('sandbox', stored)).toBe(false);
    }
  });

  it('treats composed and decomposed Vietnamese input alike', async () => {
    const stored = await hashPassword('mật khẩu');
    expect(await verifyPassword('mật khẩu'.normalize('NFD'), stored)).toBe(true);
  });
});
