import { describe, expect, it } from 'vitest';
import { customerProfile } from '../../functions/domain/sandbox/customers.ts';
import { prepareSandbox } from '../../local/sandbox.ts';
import { testNamespace } from './store-helpers.ts';

describe('prepareSandbox at start', () => {
  it('seeds on first start only and prints the demo customers and where to list the rest', async () => {
    // Prepare
    const namespace = testNamespace();
    const notes: string[] = [];
    const options = {
      baseUrl: 'http://127.0.0.1:3000',
      namespace,
      customers: 4,
      log: (note: string) => notes.push(note),
      lines: [({ baseUrl }: { baseUrl: string }) => [`demo client at ${baseUrl}`]],
    };

    // Act
    const first = await prepareSandbox(options);
    const seedingNotes = notes.length;
    const second = await prepareSandbox(options);

    // Assess
    expect(seedingNotes).toBe(2);
    expect(notes).toHaveLength(2);
    expect(second).toEqual(first);
    const an = customerProfile('vietinbank-sandbox', namespace, 0);
    expect(first[0]).toBe("sandbox customers (password 'sandbox', one-time password 123456):");
    expect(first[1]).toContain(`an.nguyen.${namespace}`);
    expect(first[1]).toContain('Nguyễn Văn An');
    expect(first[1]).toContain(an.accounts[0]!.accountNumber);
    expect(first.slice(1, 4).map((line) => line.trim().split(/\s+/)[0])).toEqual([
      `an.nguyen.${namespace}`,
      `binh.tran.${namespace}`,
      `chi.le.${namespace}`,
    ]);
    expect(first[4]).toBe(
      'sandbox: GET http://127.0.0.1:3000/sandbox/customers lists all 4 sandbox customers with their accounts and balances',
    );
    expect(first[5]).toBe('demo client at http://127.0.0.1:3000');
  });
});
