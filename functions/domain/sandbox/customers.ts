import type { AccountSubType } from '#domain/ledger/entities.ts';
import { employers, type Merchant, merchants, mobileNumber, otherBankAccount } from './counterparties.ts';
import { sandboxAccountNumber, sandboxIds } from './identifiers.ts';
import { fixedName, type Gender, type PersonName, personName } from './names.ts';
import { type Region, regionOf, regions, type School } from './places.ts';
import { createRandom, type Random } from './random.ts';
import { foldToAscii, napasName } from './text.ts';

/** Someone at another bank: a NAPAS-style name, the bank's BIN and an account number there. */
export interface ExternalParty {
  name: string;
  bankBin: string;
  accountNumber: string;
}

/** What drives a customer's monthly history: income, bills, household, habits. */
interface Persona {
  salary: number;
  /** Local day of the month the salary arrives (≤ 10: pay for the previous month). */
  payDay: number;
  employer: ExternalParty;
  electricityCode: string;
  /** Typical monthly electricity bill before the seasonal swing. */
  electricityBase: number;
  water: { name: string; code: string };
  waterBase: number;
  /** Post-paid mobile plan, paid from the account. */
  telecom?: { operator: string; phone: string };
  /** A child or student whose tuition the customer pays. */
  tuition?: { school: School; student: string };
  rent?: { landlord: ExternalParty; amount: number };
  /** Parents the customer supports every month. */
  parents?: { party: ExternalParty; amount: number };
  /** Another person who tops up the family spending account. */
  spouse?: ExternalParty;
  /** Friends and relatives at other banks, for occasional transfers both ways. */
  contacts: ExternalParty[];
  /** Shops this customer frequents (a few favourites plus the whole list). */
  favourites: Merchant[];
  shoppingPerMonth: readonly [number, number];
  savingsRate: number;
}

type AccountRole = 'main' | 'spending' | 'savings';

/** An account the customer holds, before its history is generated. */
export interface AccountPlan {
  accountId: string;
  accountNumber: string;
  /** Slot in the customer's account-number space (0 main, 1 savings, 2 spending). */
  slot: number;
  role: AccountRole;
  subType: AccountSubType;
  nickname: string;
  /** How many months after the start of history the account opens (main: 0). */
  openingMonth: number;
}

export interface CustomerProfile {
  index: number;
  customerId: string;
  username: string;
  name: PersonName;
  phone: string;
  region: Region;
  persona: Persona;
  accounts: AccountPlan[];
}

/** The memorable demo customers, always the first three (indexes 0, 1, 2). */
const DEMO: readonly {
  username: string;
  family: string;
  middle: string;
  given: string;
  gender: Gender;
  city: string;
  phone: string;
  salary: number;
  roles: readonly AccountRole[];
  household: 'children' | 'renter' | 'single';
}[] = [
  {
    username: 'an.nguyen',
    family: 'Nguyễn',
    middle: 'Văn',
    given: 'An',
    gender: 'male',
    city: 'Hà Nội',
    phone: '0912345678',
    salary: 28_500_000,
    roles: ['main', 'savings'],
    household: 'children',
  },
  {
    username: 'binh.tran',
    family: 'Trần',
    middle: 'Thị',
    given: 'Bình',
    gender: 'female',
    city: 'TP Hồ Chí Minh',
    phone: '0903456789',
    salary: 19_800_000,
    roles: ['main', 'savings', 'spending'],
    household: 'renter',
  },
  {
    username: 'chi.le',
    family: 'Lê',
    middle: 'Minh',
    given: 'Chi',
    gender: 'female',
    city: 'Đà Nẵng',
    phone: '0987654321',
    salary: 13_200_000,
    roles: ['main'],
    household: 'single',
  },
];

/** Number of fixed demo customers at the start of every sandbox. */
export const DEMO_CUSTOMER_COUNT = DEMO.length;

const NICKNAMES: Record<AccountRole, string> = {
  main: 'Tài khoản thanh toán',
  savings: 'Tiết kiệm',
  spending: 'Chi tiêu gia đình',
};
const SLOT: Record<AccountRole, number> = { main: 0, savings: 1, spending: 2 };

/** The random stream of one customer: independent of every other customer's. */
export function customerRandom(seed: string, index: number, purpose: string): Random {
  return createRandom(`${seed}|customer|${index}|${purpose}`);
}

/** Who customer `index` is: name, contact, region, habits and accounts (no history yet). */
export function customerProfile(seed: string, namespace: string, index: number): CustomerProfile {
  const random = customerRandom(seed, index, 'profile');
  const demo = DEMO[index];
  const name = demo ? fixedName(demo.family, demo.middle, demo.given, demo.gender) : personName(random);
  const region = demo ? regionOf(demo.city) : random.weighted(regions.map((r) => [r, r.weight] as const));
  const mobile = mobileNumber(random);
  const phone = demo?.phone ?? mobile.number;
  const base =
    demo?.username ?? `${foldToAscii(name.given)}.${foldToAscii(name.family)}${index}`.toLowerCase();
  const customerId = sandboxIds.customer(namespace, index);

  const household =
    demo?.household ??
    random.weighted([
      ['children', 4],
      ['renter', 3],
      ['single', 3],
    ] as const);
  const roles: readonly AccountRole[] = demo?.roles ?? [
    'main',
    ...(random.chance(0.45) ? (['savings'] as const) : []),
    ...(random.chance(0.15) ? (['spending'] as const) : []),
  ];
  const salary =
    demo?.salary ??
    random.weighted([
      [random.amount(6_000_000, 11_000_000, 100_000), 4],
      [random.amount(11_000_000, 26_000_000, 100_000), 5],
      [random.amount(26_000_000, 80_000_000, 500_000), 1.5],
    ] as const);

  const persona: Persona = {
    salary,
    payDay: random.pick([1, 5, 5, 10, 10, 15, 25, 28]),
    employer: { name: random.pick(employers), ...otherBankAccount(random) },
    electricityCode: `${region.electricity.codePrefix}${random.digits(11)}`,
    electricityBase: random.amount(250_000, salary > 25_000_000 ? 2_500_000 : 1_100_000, 1),
    water: (() => {
      const utility = random.pick(region.water);
      return { name: utility.name, code: `${utility.codePrefix}${random.digits(8)}` };
    })(),
    waterBase: random.amount(60_000, 380_000, 1),
    ...(random.chance(0.55) ? { telecom: { operator: mobile.operator, phone } } : {}),
    ...(household === 'children'
      ? {
          tuition: (() => {
            const child = personName(random);
            return {
              school: random.pick(region.schools),
              student: `${name.family} ${child.middle} ${child.given}`,
            };
          })(),
        }
      : {}),
    ...(household === 'renter'
      ? {
          rent: {
            landlord: externalPerson(random),
            amount: random.amount(2_500_000, salary > 25_000_000 ? 15_000_000 : 7_000_000, 500_000),
          },
        }
      : {}),
    ...(random.chance(0.3)
      ? { parents: { party: externalPerson(random), amount: random.amount(1_000_000, 5_000_000, 500_000) } }
      : {}),
    ...(roles.includes('spending') ? { spouse: externalPerson(random) } : {}),
    contacts: Array.from({ length: random.int(3, 6) }, () => externalPerson(random)),
    favourites: Array.from({ length: 4 }, () =>
      random.weighted(merchants.map((m) => [m, m.weight] as const)),
    ),
    shoppingPerMonth: salary > 25_000_000 ? [2, 5] : [1, 4],
    savingsRate: random.int(42, 58) / 1000,
  };

  const accounts = roles.map((role) => ({
    accountId: sandboxIds.account(namespace, index, SLOT[role]),
    accountNumber: sandboxAccountNumber(namespace, index, SLOT[role]),
    slot: SLOT[role],
    role,
    subType: (role === 'savings' ? 'Savings' : 'CurrentAccount') as AccountSubType,
    nickname: NICKNAMES[role],
    openingMonth: role === 'main' ? 0 : random.int(0, 4),
  }));

  return {
    index,
    customerId,
    username: sandboxIds.username(namespace, base),
    name,
    phone,
    region,
    persona,
    accounts,
  };
}

function externalPerson(random: Random): ExternalParty {
  return { name: napasName(personName(random).full), ...otherBankAccount(random) };
}
