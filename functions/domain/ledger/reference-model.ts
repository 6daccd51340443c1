/**
 * A deliberately naive in-memory ledger: the specification the DynamoDB store is checked
 * against in property tests. It shares no code with the store's planning, so a bug in one
 * shows up as a disagreement with the other.
 */
export type ModelOutcome =
  | 'Posted'
  | 'InsufficientFunds'
  | 'AccountNotFound'
  | 'AccountDisabled'
  | 'HoldPlaced'
  | 'HoldUnchanged'
  | 'HoldSettled'
  | 'HoldReleased'
  | 'HoldNotFound'
  | 'HoldState';

interface ModelAccount {
  balance: number;
  held: number;
  overdraftLimit: number;
  enabled: boolean;
}

interface ModelHold {
  accountId: string;
  amount: number;
  status: 'Active' | 'Settled' | 'Released';
}

export class ReferenceLedger {
  private readonly accounts = new Map<string, ModelAccount>();
  private readonly holds = new Map<string, ModelHold>();

  /** Opens an account with a zero balance. */
  open(accountId: string, options: { overdraftLimit?: number; enabled?: boolean } = {}): void {
    this.accounts.set(accountId, {
      balance: 0,
      held: 0,
      overdraftLimit: options.overdraftLimit ?? 0,
      enabled: options.enabled ?? true,
    });
  }

  /** Moves `amount` from one account to another if both are enabled and the debtor can afford it. */
  transfer(debitId: string, creditId: string, amount: number): ModelOutcome {
    const debit = this.accounts.get(debitId);
    if (!debit) return 'AccountNotFound';
    if (!debit.enabled) return 'AccountDisabled';
    const credit = this.accounts.get(creditId);
    if (!credit) return 'AccountNotFound';
    if (!credit.enabled) return 'AccountDisabled';
    if (debit.balance - debit.held - amount < -debit.overdraftLimit) return 'InsufficientFunds';
    debit.balance -= amount;
    credit.balance += amount;
    return 'Posted';
  }

  /** Reserves funds under `holdId` (an id scoped to its account); the same hold again changes nothing. */
  placeHold(holdId: string, accountId: string, amount: number): ModelOutcome {
    const existing = this.holds.get(`${accountId}#${holdId}`);
    if (existing)
      return existing.accountId === accountId && existing.amount === amount ? 'HoldUnchanged' : 'HoldState';
    const account = this.accounts.get(accountId);
    if (!account) return 'AccountNotFound';
    if (!account.enabled) return 'AccountDisabled';
    if (account.balance - account.held - amount < -account.overdraftLimit) return 'InsufficientFunds';
    account.held += amount;
    this.holds.set(`${accountId}#${holdId}`, { accountId, amount, status: 'Active' });
    return 'HoldPlaced';
  }

  /** Turns an active hold into a posting to `creditId`; settling twice changes nothing. */
  settleHold(holdId: string, accountId: string, creditId: string): ModelOutcome {
    const hold = this.holds.get(`${accountId}#${holdId}`);
    if (!hold) return 'HoldNotFound';
    if (hold.status === 'Settled') return 'HoldUnchanged';
    if (hold.status === 'Released') return 'HoldState';
    const credit = this.accounts.get(creditId);
    if (!credit) return 'AccountNotFound';
    if (!credit.enabled) return 'AccountDisabled';
    const debit = this.accounts.get(hold.accountId)!;
    debit.held -= hold.amount;
    debit.balance -= hold.amount;
    credit.balance += hold.amount;
    hold.status = 'Settled';
    return 'HoldSettled';
  }

  /** Gives an active hold's funds back; releasing twice changes nothing. */
  releaseHold(holdId: string, accountId: string): ModelOutcome {
    const hold = this.holds.get(`${accountId}#${holdId}`);
    if (!hold) return 'HoldNotFound';
    if (hold.status === 'Released') return 'HoldUnchanged';
    if (hold.status === 'Settled') return 'HoldState';
    this.accounts.get(hold.accountId)!.held -= hold.amount;
    hold.status = 'Released';
    return 'HoldReleased';
  }

  /** Balance and held of every account. */
  snapshot(): Map<string, { balance: number; held: number }> {
    return new Map([...this.accounts].map(([id, a]) => [id, { balance: a.balance, held: a.held }]));
  }

  /** Sum of all balances: zero when every account started at zero. */
  total(): number {
    let sum = 0;
    for (const account of this.accounts.values()) sum += account.balance;
    return sum;
  }
}
