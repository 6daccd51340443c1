import type { CreditDebit, LedgerEntryItem } from '#domain/ledger/entities.ts';
import {
  type LocalMonth,
  localMonthOf,
  monthsBefore,
  monthsBetween,
  periodLabel,
  previousMonth,
  vietnamTime,
} from './calendar.ts';
import { incomingPurposes, merchants, outgoingPurposes } from './counterparties.ts';
import type { AccountPlan, CustomerProfile, ExternalParty } from './customers.ts';
import { sandboxIds } from './identifiers.ts';
import type { Random } from './random.ts';
import { transactionCodes } from './transaction-codes.ts';

/** One thing that happened to an account, before it is booked into a running balance. */
export interface HistoryEvent {
  at: number;
  creditDebit: CreditDebit;
  amount: number;
  description: string;
  code: { code: string; subCode: string };
  counterparty?: { name: string; accountNumber?: string; bankBin?: string };
  merchant?: { name: string; categoryCode?: string };
  reference?: string;
}

/** The span of seeded history: the 12 months before the reference date. */
export interface HistoryWindow {
  start: number;
  end: number;
}

const HISTORY_MONTHS = 12;

export function historyWindow(referenceDate: Date): HistoryWindow {
  const end = referenceDate.getTime();
  return { start: monthsBefore(end, HISTORY_MONTHS), end };
}

/**
 * When an account opened: in the first days of history for main accounts, some months later
 * for others; during branch hours (the window starts at local midnight).
 */
function openingTime(plan: AccountPlan, window: HistoryWindow, random: Random): number {
  const from =
    plan.openingMonth === 0 ? window.start : monthsBefore(window.end, HISTORY_MONTHS - plan.openingMonth);
  const day = random.int(0, 9) * 86_400_000;
  const at = from + day + random.int(8 * 60, 16 * 60) * 60_000 + random.int(0, 59_999);
  return Math.min(at, window.end - 1);
}

/** A local time of day on `day` of `month`, between the given hours, with second and millisecond detail. */
function timeOn(random: Random, month: LocalMonth, day: number, fromHour: number, toHour: number): number {
  return vietnamTime(
    month.year,
    month.month,
    day,
    random.int(fromHour, toHour - 1),
    random.int(0, 59),
    random.int(0, 59),
    random.int(0, 999),
  );
}

function transferTo(party: ExternalParty) {
  return { name: party.name, accountNumber: party.accountNumber, bankBin: party.bankBin };
}

/** Every event of an account over the window, in no particular order (the ledger sorts them). */
export function accountEvents(
  profile: CustomerProfile,
  plan: AccountPlan,
  window: HistoryWindow,
  random: Random,
): HistoryEvent[] {
  const openedAt = openingTime(plan, window, random);
  const events: HistoryEvent[] = [opening(profile, plan, openedAt, random)];
  for (const month of monthsBetween(openedAt, window.end)) {
    const monthly =
      plan.role === 'main'
        ? mainAccountMonth(profile, month, random)
        : plan.role === 'savings'
          ? [] // interest depends on the running balance: added while booking
          : spendingAccountMonth(profile, month, random);
    for (const event of monthly) if (event.at > openedAt && event.at < window.end) events.push(event);
  }
  return events;
}

function opening(profile: CustomerProfile, plan: AccountPlan, at: number, random: Random): HistoryEvent {
  const { salary } = profile.persona;
  const amount =
    plan.role === 'savings'
      ? random.amount(10_000_000, Math.max(30_000_000, salary * 20), 1_000_000)
      : plan.role === 'spending'
        ? random.amount(500_000, 3_000_000, 100_000)
        : random.amount(salary, salary * 3, 100_000);
  return {
    at,
    creditDebit: 'Credit',
    amount,
    description:
      plan.role === 'savings'
        ? `Gửi tiết kiệm có kỳ hạn tại VietinBank ${profile.region.city}`
        : `Nộp tiền mặt mở tài khoản tại VietinBank ${profile.region.city}`,
    code: transactionCodes.cashDeposit,
  };
}

function mainAccountMonth(profile: CustomerProfile, month: LocalMonth, random: Random): HistoryEvent[] {
  const { persona, region } = profile;
  const events: HistoryEvent[] = [];
  const period = periodLabel(month);
  const billed = periodLabel(previousMonth(month));

  const payPeriod = persona.payDay <= 10 ? billed : period;
  events.push({
    at: timeOn(random, month, persona.payDay, 8, 11),
    creditDebit: 'Credit',
    amount: persona.salary + random.int(0, 8) * 250_000,
    description: `Trả lương tháng ${payPeriod}`,
    code: transactionCodes.salary,
    counterparty: transferTo(persona.employer),
  });
  if (month.month === 0) {
    events.push({
      at: timeOn(random, month, random.int(18, 26), 9, 16),
      creditDebit: 'Credit',
      amount: Math.round((persona.salary * random.int(5, 20)) / 10 / 100_000) * 100_000,
      description: `Thưởng Tết Nguyên đán ${month.year}`,
      code: transactionCodes.salary,
      counterparty: transferTo(persona.employer),
    });
  }

  // Electricity peaks with air conditioning from May to August.
  const season =
    month.month >= 4 && month.month <= 7 ? 1.55 : month.month <= 1 || month.month === 11 ? 0.85 : 1;
  events.push({
    at: timeOn(random, month, random.int(10, 22), 7, 22),
    creditDebit: 'Debit',
    amount: Math.round(persona.electricityBase * season * (0.85 + random.next() * 0.3)),
    description: `Thanh toán tiền điện kỳ ${billed} - mã KH ${persona.electricityCode}`,
    code: transactionCodes.issued,
    counterparty: { name: region.electricity.name },
    reference: persona.electricityCode,
  });
  events.push({
    at: timeOn(random, month, random.int(12, 26), 7, 22),
    creditDebit: 'Debit',
    amount: Math.round(persona.waterBase * (0.8 + random.next() * 0.4)),
    description: `Thanh toán tiền nước kỳ ${billed} - mã KH ${persona.water.code}`,
    code: transactionCodes.issued,
    counterparty: { name: persona.water.name },
    reference: persona.water.code,
  });
  if (persona.telecom) {
    events.push({
      at: timeOn(random, month, random.int(3, 12), 7, 22),
      creditDebit: 'Debit',
      amount: random.amount(99_000, 450_000, 1_000),
      description: `Thanh toán cước di động trả sau ${persona.telecom.phone} tháng ${billed}`,
      code: transactionCodes.issued,
      counterparty: { name: persona.telecom.operator },
      reference: persona.telecom.phone,
    });
  }
  if (persona.tuition) {
    const { school, student } = persona.tuition;
    const semesterStart = month.month === 8 || month.month === 1;
    const summer = month.month === 5 || month.month === 6;
    if ((school.billing === 'semester' && semesterStart) || (school.billing === 'monthly' && !summer)) {
      const schoolYear =
        month.month >= 7 ? `${month.year}-${month.year + 1}` : `${month.year - 1}-${month.year}`;
      events.push({
        at: timeOn(random, month, random.int(1, 12), 7, 21),
        creditDebit: 'Debit',
        amount: random.amount(school.min, school.max, 10_000),
        description:
          school.billing === 'semester'
            ? `Nộp học phí học kỳ ${month.month === 8 ? 'I' : 'II'} năm học ${schoolYear} - SV ${student}`
            : `Nộp học phí tháng ${period} - HS ${student}`,
        code: transactionCodes.issued,
        counterparty: { name: school.name },
      });
    }
  }
  if (random.chance(0.07)) {
    const hospital = random.pick(region.hospitals);
    const record = `BN${random.digits(8)}`;
    events.push({
      at: timeOn(random, month, random.int(1, 28), 7, 17),
      creditDebit: 'Debit',
      amount: random.amount(150_000, 4_500_000, 1_000),
      description: `Thanh toán viện phí ${hospital} - mã hồ sơ ${record}`,
      code: transactionCodes.issued,
      counterparty: { name: hospital },
      reference: record,
    });
  }
  if (persona.rent) {
    events.push({
      at: timeOn(random, month, random.int(1, 5), 7, 22),
      creditDebit: 'Debit',
      amount: persona.rent.amount,
      description: `Chuyển tiền nhà tháng ${period}`,
      code: transactionCodes.issued,
      counterparty: transferTo(persona.rent.landlord),
    });
  }
  if (persona.parents) {
    events.push({
      at: timeOn(random, month, random.int(persona.payDay, persona.payDay + 5), 7, 22),
      creditDebit: 'Debit',
      amount: persona.parents.amount,
      description: `Gửi bố mẹ chi tiêu tháng ${period}`,
      code: transactionCodes.issued,
      counterparty: transferTo(persona.parents.party),
    });
  }
  events.push(...shopping(persona.favourites, persona.shoppingPerMonth, month, random));
  for (
    let i = random.weighted([
      [0, 2],
      [1, 3],
      [2, 1],
    ] as const);
    i > 0;
    i--
  ) {
    events.push({
      at: timeOn(random, month, random.int(1, 31), 7, 23),
      creditDebit: 'Debit',
      amount: random.amount(100_000, persona.salary > 25_000_000 ? 10_000_000 : 4_000_000, 10_000),
      description: random.pick(outgoingPurposes),
      code: transactionCodes.issued,
      counterparty: transferTo(random.pick(persona.contacts)),
    });
  }
  if (random.chance(0.45)) {
    events.push({
      at: timeOn(random, month, random.int(1, 31), 7, 23),
      creditDebit: 'Credit',
      amount: random.amount(100_000, 3_000_000, 10_000),
      description: random.pick(incomingPurposes),
      code: transactionCodes.received,
      counterparty: transferTo(random.pick(persona.contacts)),
    });
  }
  for (
    let i = random.weighted([
      [0, 2],
      [1, 4],
      [2, 1],
    ] as const);
    i > 0;
    i--
  ) {
    events.push(atmWithdrawal(profile, month, random));
  }
  return events;
}

function spendingAccountMonth(profile: CustomerProfile, month: LocalMonth, random: Random): HistoryEvent[] {
  const { persona } = profile;
  const events: HistoryEvent[] = [];
  if (persona.spouse) {
    events.push({
      at: timeOn(random, month, random.int(1, 6), 7, 22),
      creditDebit: 'Credit',
      amount: random.amount(3_000_000, 10_000_000, 500_000),
      description: `Chuyển tiền chi tiêu gia đình tháng ${periodLabel(month)}`,
      code: transactionCodes.received,
      counterparty: transferTo(persona.spouse),
    });
  }
  const groceries = merchants.filter((m) => m.mcc === '5411' || m.mcc === '5499');
  events.push(...shopping(groceries, [1, 3], month, random));
  if (random.chance(0.3)) events.push(atmWithdrawal(profile, month, random));
  return events;
}

function shopping(
  favourites: readonly (typeof merchants)[number][],
  perMonth: readonly [number, number],
  month: LocalMonth,
  random: Random,
): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let i = random.int(perMonth[0], perMonth[1]); i > 0; i--) {
    // Favourites most of the time, any shop now and then.
    const merchant = random.chance(0.7)
      ? random.pick(favourites)
      : random.weighted(merchants.map((m) => [m, m.weight] as const));
    const card = random.chance(0.5);
    events.push({
      at: timeOn(random, month, random.int(1, 31), 7, 22),
      creditDebit: 'Debit',
      amount: random.amount(merchant.min, merchant.max, 1_000),
      description: card ? `Thanh toán thẻ tại ${merchant.name}` : `Thanh toán QR tại ${merchant.name}`,
      code: card ? transactionCodes.cardPurchase : transactionCodes.issued,
      merchant: { name: merchant.name, categoryCode: merchant.mcc },
    });
  }
  return events;
}

function atmWithdrawal(profile: CustomerProfile, month: LocalMonth, random: Random): HistoryEvent {
  const address = random.pick(profile.region.atms);
  return {
    at: timeOn(random, month, random.int(1, 31), 6, 23),
    creditDebit: 'Debit',
    amount: random.pick([500_000, 1_000_000, 1_000_000, 2_000_000, 2_000_000, 3_000_000, 5_000_000]),
    description: `Rút tiền mặt tại ATM VietinBank ${address}`,
    code: transactionCodes.cashWithdrawal,
    merchant: { name: `ATM VietinBank ${address}`, categoryCode: '6011' },
  };
}

/**
 * Books events into ledger entries: in time order, each entry's `balanceAfter` is the previous
 * one ± its amount. A debit the balance cannot cover is dropped (the customer could not have
 * paid it), so no balance is ever negative. Savings accounts earn monthly interest on the way.
 */
export function bookEvents(
  plan: AccountPlan,
  events: HistoryEvent[],
  window: HistoryWindow,
  random: Random,
  savingsRate: number,
): { entries: LedgerEntryItem[]; balance: number } {
  const ordered = events
    .map((event, order) => ({ event, order }))
    .sort((a, b) => a.event.at - b.event.at || a.order - b.order);
  const entries: LedgerEntryItem[] = [];
  let balance = 0;
  let nextInterest =
    plan.role === 'savings' ? monthsBefore(ordered[0]!.event.at, -1) : Number.POSITIVE_INFINITY;

  const book = (event: HistoryEvent) => {
    const signed = event.creditDebit === 'Credit' ? event.amount : -event.amount;
    if (balance + signed < 0) return;
    balance += signed;
    const seq = entries.length + 1;
    const bookedAt = new Date(event.at).toISOString();
    entries.push({
      type: 'LedgerEntry',
      entryId: sandboxIds.entry(plan.accountId, seq),
      postingId: sandboxIds.posting(plan.accountId, seq),
      accountId: plan.accountId,
      amount: event.amount,
      creditDebit: event.creditDebit,
      status: 'Booked',
      bookedAt,
      valueAt: bookedAt,
      balanceAfter: balance,
      description: event.description,
      bankTransactionCode: { ...event.code },
      ...(event.counterparty ? { counterparty: { ...event.counterparty } } : {}),
      ...(event.merchant ? { merchant: { ...event.merchant } } : {}),
      ...(event.reference ? { reference: event.reference } : {}),
    });
  };
  const payInterestUntil = (until: number) => {
    while (nextInterest < until && nextInterest < window.end) {
      const interest = Math.floor((balance * savingsRate) / 12);
      if (interest > 0) {
        book({
          at: nextInterest,
          creditDebit: 'Credit',
          amount: interest,
          description: `Trả lãi tiền gửi tiết kiệm tháng ${periodLabel(previousMonth(localMonthOf(nextInterest)))}`,
          code: transactionCodes.interest,
        });
      }
      const topUpAt = nextInterest + random.int(1, 20) * 86_400_000;
      if (random.chance(0.12) && topUpAt < window.end) {
        book({
          at: topUpAt,
          creditDebit: 'Credit',
          amount: random.amount(2_000_000, 50_000_000, 1_000_000),
          description: 'Gửi thêm tiền tiết kiệm',
          code: transactionCodes.cashDeposit,
        });
      }
      nextInterest = monthsBefore(nextInterest, -1);
    }
  };

  for (const { event } of ordered) {
    payInterestUntil(event.at);
    book(event);
  }
  payInterestUntil(window.end);
  return { entries, balance };
}
