import { bankByBin } from '#domain/banks.ts';
import { parseVnd } from '#domain/money.ts';
import { isObject, Problems } from '#domain/validation.ts';

/**
 * The payment a fintech asks for (UK OB v3.1 `OBDomestic2` with this platform's Vietnamese
 * schemes), validated. The wire shape is kept as is: the consent echoes it, the customer sees
 * it, and the payment's `Initiation` must equal it.
 */
type CreditorScheme = 'VN.AccountNumber' | 'VN.CardNumber';

export interface DomesticInitiation {
  InstructionIdentification: string;
  EndToEndIdentification: string;
  InstructedAmount: { Amount: string; Currency: 'VND' };
  /** The account to pay from, when the fintech already knows it; otherwise the customer picks it. */
  DebtorAccount?: { SchemeName: 'VN.AccountNumber'; Identification: string; Name?: string };
  CreditorAccount: { SchemeName: CreditorScheme; Identification: string; Name: string };
  CreditorAgent: { SchemeName: 'VN.BIN'; Identification: string };
  RemittanceInformation?: { Reference?: string; Unstructured?: string };
}

const PAYMENT_CONTEXT_CODES = [
  'BillPayment',
  'EcommerceGoods',
  'EcommerceServices',
  'Other',
  'PartyToParty',
] as const;

/** What the fintech knows of the payment's context (fraud checks). */
export interface PaymentRisk {
  PaymentContextCode?: (typeof PAYMENT_CONTEXT_CODES)[number];
  MerchantCategoryCode?: string;
  MerchantCustomerIdentification?: string;
}

/** A validated consent request: the initiation, its risk, and the amount as whole VND. */
export interface PaymentOrder {
  initiation: DomesticInitiation;
  risk: PaymentRisk;
  amount: number;
}

/** Account numbers as the contract writes them (`AccountNumber`): up to 19 digits or capitals. */
const ACCOUNT_NUMBER = /^[0-9A-Z]{1,19}$/;
/** Domestic (NAPAS) card numbers: 16 to 19 digits. */
const CARD_NUMBER = /^[0-9]{16,19}$/;
const BIN = /^[0-9]{6}$/;
const MCC = /^[0-9]{4}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

const INITIATION_FIELDS = [
  'InstructionIdentification',
  'EndToEndIdentification',
  'InstructedAmount',
  'DebtorAccount',
  'CreditorAccount',
  'CreditorAgent',
  'RemittanceInformation',
];

/** Refuses fields the schema does not have, so a typo is never silently ignored. */
function onlyKnown(problems: Problems, value: Record<string, unknown>, path: string, known: string[]) {
  for (const field of Object.keys(value)) {
    if (known.includes(field)) continue;
    const at = path ? `${path}.${field}` : field;
    problems.add(
      at,
      `Unknown field ${at}; ${path || 'the body'} takes ${known.join(', ')}.`,
      'UK.OBIE.Field.Unexpected',
    );
  }
}

/** A required or optional text field of 1…`max` characters without control characters. */
function text(
  problems: Problems,
  value: unknown,
  path: string,
  max: number,
  required: boolean,
): string | undefined {
  if (value === undefined) {
    if (required) problems.missing(path, `${path} is required (1–${max} characters).`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(path, `${path} must be a string of 1–${max} characters.`);
    return undefined;
  }
  const length = [...value].length;
  if (value.trim().length === 0) {
    problems.add(path, `${path} must not be blank.`);
    return undefined;
  }
  if (length > max) {
    problems.add(path, `${path} must have at most ${max} characters (it has ${length}).`);
    return undefined;
  }
  if (CONTROL.test(value)) {
    problems.add(path, `${path} must not contain control characters (line breaks, tabs).`);
    return undefined;
  }
  return value;
}

/** An object field, or a problem saying it must be one. */
function object(
  problems: Problems,
  value: unknown,
  path: string,
  required: boolean,
  example: string,
): Record<string, unknown> | undefined {
  if (value === undefined) {
    if (required) problems.missing(path, `${path} is required: ${example}.`);
    return undefined;
  }
  if (!isObject(value)) {
    problems.add(path, `${path} must be an object: ${example}.`);
    return undefined;
  }
  return value;
}

function parseAmount(problems: Problems, raw: unknown, path: string) {
  const value = object(problems, raw, path, true, '{ "Amount": "150000", "Currency": "VND" }');
  if (!value) return undefined;
  onlyKnown(problems, value, path, ['Amount', 'Currency']);
  let amount: number | undefined;
  if (value.Amount === undefined) {
    problems.missing(`${path}.Amount`, `${path}.Amount is required: whole VND as a string, e.g. "150000".`);
  } else {
    const parsed = parseVnd(value.Amount);
    if (parsed.ok) amount = parsed.value;
    else problems.add(`${path}.Amount`, `${path}.Amount: ${parsed.message}`);
  }
  if (value.Currency === undefined) {
    problems.missing(`${path}.Currency`, `${path}.Currency is required: "VND".`);
  } else if (value.Currency !== 'VND') {
    problems.add(
      `${path}.Currency`,
      `Only VND is supported (got ${JSON.stringify(value.Currency)}); send "VND".`,
      'VN.OB.Payment.UnsupportedCurrency',
    );
  }
  return amount === undefined
    ? undefined
    : { Amount: value.Amount as string, Currency: 'VND' as const, amount };
}

function parseCreditorAccount(problems: Problems, raw: unknown, path: string) {
  // Counted, not looked up in the list: past its cap the list keeps no more problems.
  const before = problems.size;
  const value = object(
    problems,
    raw,
    path,
    true,
    '{ "SchemeName": "VN.AccountNumber", "Identification": "103870001234", "Name": "Trần Thị Bình" }',
  );
  if (!value) return undefined;
  onlyKnown(problems, value, path, ['SchemeName', 'Identification', 'Name']);
  const scheme = value.SchemeName;
  if (scheme === undefined) {
    problems.missing(
      `${path}.SchemeName`,
      `${path}.SchemeName is required: VN.AccountNumber or VN.CardNumber.`,
    );
  } else if (scheme !== 'VN.AccountNumber' && scheme !== 'VN.CardNumber') {
    problems.add(
      `${path}.SchemeName`,
      `${path}.SchemeName ${JSON.stringify(scheme)} is not supported; use VN.AccountNumber or VN.CardNumber.`,
      'VN.OB.Payment.UnsupportedScheme',
    );
  }
  const identification = value.Identification;
  const idPath = `${path}.Identification`;
  if (identification === undefined) {
    problems.missing(idPath, `${idPath} is required: the account or card number.`);
  } else if (typeof identification !== 'string') {
    problems.add(idPath, `${idPath} must be a string of digits.`);
  } else if (scheme === 'VN.CardNumber' && !CARD_NUMBER.test(identification)) {
    problems.add(
      idPath,
      `A card number has 16–19 digits and nothing else (got ${identification.length} characters).`,
    );
  } else if (scheme !== 'VN.CardNumber' && !ACCOUNT_NUMBER.test(identification)) {
    problems.add(idPath, 'An account number has 1–19 digits or capital letters, without spaces or dashes.');
  }
  const name = text(problems, value.Name, `${path}.Name`, 140, true);
  if (problems.size > before) return undefined;
  return { SchemeName: scheme as CreditorScheme, Identification: identification as string, Name: name! };
}

function parseDebtorAccount(problems: Problems, raw: unknown, path: string) {
  // Counted, not looked up in the list: past its cap the list keeps no more problems.
  const before = problems.size;
  const value = object(
    problems,
    raw,
    path,
    false,
    '{ "SchemeName": "VN.AccountNumber", "Identification": "108873456789" }',
  );
  if (!value) return undefined;
  onlyKnown(problems, value, path, ['SchemeName', 'Identification', 'Name']);
  if (value.SchemeName !== 'VN.AccountNumber') {
    problems.add(
      `${path}.SchemeName`,
      `${path}.SchemeName must be VN.AccountNumber: the customer pays from an account.`,
      'VN.OB.Payment.UnsupportedScheme',
    );
  }
  if (typeof value.Identification !== 'string' || !ACCOUNT_NUMBER.test(value.Identification)) {
    problems.add(`${path}.Identification`, `${path}.Identification must be an account number (1–19 digits).`);
  }
  const name = text(problems, value.Name, `${path}.Name`, 140, false);
  if (problems.size > before) return undefined;
  return {
    SchemeName: 'VN.AccountNumber' as const,
    Identification: value.Identification as string,
    ...(name !== undefined ? { Name: name } : {}),
  };
}

/**
 * Why a card number cannot be a card of the creditor's bank: a NAPAS card number starts with its
 * bank's BIN, and its last digit is the Luhn check digit of the others.
 */
function cardProblem(card: string, bin: string): string | undefined {
  if (!card.startsWith(bin)) {
    return `A card of the bank with BIN ${bin} starts with ${bin}; check the card number or CreditorAgent.`;
  }
  return luhnValid(card)
    ? undefined
    : 'The card number fails its check digit (Luhn); check it for a mistyped digit.';
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function parseCreditorAgent(problems: Problems, raw: unknown, path: string) {
  // Counted, not looked up in the list: past its cap the list keeps no more problems.
  const before = problems.size;
  const value = object(problems, raw, path, true, '{ "SchemeName": "VN.BIN", "Identification": "970415" }');
  if (!value) return undefined;
  onlyKnown(problems, value, path, ['SchemeName', 'Identification']);
  if (value.SchemeName !== 'VN.BIN') {
    problems.add(
      `${path}.SchemeName`,
      `${path}.SchemeName must be VN.BIN (the bank's NAPAS BIN).`,
      value.SchemeName === undefined ? 'UK.OBIE.Field.Missing' : 'VN.OB.Payment.UnsupportedScheme',
    );
  }
  const bin = value.Identification;
  const idPath = `${path}.Identification`;
  if (typeof bin !== 'string' || !BIN.test(bin)) {
    problems.add(idPath, `${idPath} must be a six-digit NAPAS BIN, e.g. "970415" (see GET /v1/banks).`);
  } else if (!bankByBin(bin)) {
    problems.add(
      idPath,
      `No bank with BIN ${bin} in the NAPAS directory; see GET /v1/banks for the banks payments can reach.`,
      'VN.OB.Payment.UnknownCreditorBank',
    );
  }
  if (problems.size > before) return undefined;
  return { SchemeName: 'VN.BIN' as const, Identification: bin as string };
}

function parseRemittance(problems: Problems, raw: unknown, path: string) {
  const value = object(
    problems,
    raw,
    path,
    false,
    '{ "Reference": "HD2025030012", "Unstructured": "Tiền học" }',
  );
  if (!value) return undefined;
  onlyKnown(problems, value, path, ['Reference', 'Unstructured']);
  const reference = text(problems, value.Reference, `${path}.Reference`, 35, false);
  const unstructured = text(problems, value.Unstructured, `${path}.Unstructured`, 140, false);
  return {
    ...(reference !== undefined ? { Reference: reference } : {}),
    ...(unstructured !== undefined ? { Unstructured: unstructured } : {}),
  };
}

/** Validates an `Initiation` at `path`, collecting every problem. */
function parseInitiation(
  raw: unknown,
  problems: Problems,
  path = 'Data.Initiation',
): { initiation: DomesticInitiation; amount: number } | undefined {
  const value = object(problems, raw, path, true, 'the payment: amount, creditor account and bank');
  if (!value) return undefined;
  const before = problems.size;
  onlyKnown(problems, value, path, INITIATION_FIELDS);
  const instruction = text(
    problems,
    value.InstructionIdentification,
    `${path}.InstructionIdentification`,
    35,
    true,
  );
  const endToEnd = text(problems, value.EndToEndIdentification, `${path}.EndToEndIdentification`, 35, true);
  const amount = parseAmount(problems, value.InstructedAmount, `${path}.InstructedAmount`);
  const debtor = parseDebtorAccount(problems, value.DebtorAccount, `${path}.DebtorAccount`);
  const creditor = parseCreditorAccount(problems, value.CreditorAccount, `${path}.CreditorAccount`);
  const agent = parseCreditorAgent(problems, value.CreditorAgent, `${path}.CreditorAgent`);
  if (creditor?.SchemeName === 'VN.CardNumber' && typeof creditor.Identification === 'string' && agent) {
    const problem = cardProblem(creditor.Identification, agent.Identification);
    if (problem) problems.add(`${path}.CreditorAccount.Identification`, problem);
  }
  const remittance = parseRemittance(problems, value.RemittanceInformation, `${path}.RemittanceInformation`);
  if (problems.size > before) return undefined;
  return {
    amount: amount!.amount,
    initiation: {
      InstructionIdentification: instruction!,
      EndToEndIdentification: endToEnd!,
      InstructedAmount: { Amount: amount!.Amount, Currency: 'VND' },
      ...(debtor ? { DebtorAccount: debtor } : {}),
      CreditorAccount: creditor!,
      CreditorAgent: agent!,
      ...(remittance && Object.keys(remittance).length > 0 ? { RemittanceInformation: remittance } : {}),
    },
  };
}

/** Validates `Risk` (required, may be empty). */
function parseRisk(raw: unknown, problems: Problems, path = 'Risk'): PaymentRisk | undefined {
  const value = object(problems, raw, path, true, '{} or { "PaymentContextCode": "PartyToParty" }');
  if (!value) return undefined;
  const before = problems.size;
  onlyKnown(problems, value, path, [
    'PaymentContextCode',
    'MerchantCategoryCode',
    'MerchantCustomerIdentification',
  ]);
  const code = value.PaymentContextCode;
  if (code !== undefined && !PAYMENT_CONTEXT_CODES.includes(code as never)) {
    problems.add(
      `${path}.PaymentContextCode`,
      `${path}.PaymentContextCode must be one of ${PAYMENT_CONTEXT_CODES.join(', ')}.`,
    );
  }
  const mcc = value.MerchantCategoryCode;
  if (mcc !== undefined && (typeof mcc !== 'string' || !MCC.test(mcc))) {
    problems.add(
      `${path}.MerchantCategoryCode`,
      `${path}.MerchantCategoryCode must be four digits (ISO 18245).`,
    );
  }
  const customer = text(
    problems,
    value.MerchantCustomerIdentification,
    `${path}.MerchantCustomerIdentification`,
    70,
    false,
  );
  if (problems.size > before) return undefined;
  return {
    ...(code !== undefined ? { PaymentContextCode: code as PaymentRisk['PaymentContextCode'] } : {}),
    ...(mcc !== undefined ? { MerchantCategoryCode: mcc as string } : {}),
    ...(customer !== undefined ? { MerchantCustomerIdentification: customer } : {}),
  };
}

/**
 * Validates `POST /pisp/domestic-payment-consents`: `{ Data: { Initiation }, Risk }`, every
 * problem reported at once with its field path. The creditor bank must be in the NAPAS
 * directory; whether the creditor account exists (at this bank) is the store's question.
 */
export function parseConsentRequest(body: unknown): { value?: PaymentOrder; problems: Problems } {
  const problems = new Problems();
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing('Data', 'Data is required: { "Data": { "Initiation": { … } }, "Risk": {} }.');
    return { problems };
  }
  if (isObject(body)) onlyKnown(problems, body, '', ['Data', 'Risk']);
  onlyKnown(problems, data, 'Data', ['Initiation']);
  const parsed = parseInitiation(data.Initiation, problems);
  const risk = parseRisk((body as Record<string, unknown>).Risk, problems);
  if (!problems.empty || !parsed || !risk) return { problems };
  return { problems, value: { initiation: parsed.initiation, risk, amount: parsed.amount } };
}

/** A payment submission's shape: `{ Data: { ConsentId, Initiation }, Risk }`, before comparing with the consent. */
export interface PaymentSubmission {
  consentId: string;
  initiation: unknown;
  risk: unknown;
}

/** Validates the envelope of `POST /pisp/domestic-payments`; the content is compared with the consent's. */
export function parsePaymentSubmission(body: unknown): { value?: PaymentSubmission; problems: Problems } {
  const problems = new Problems();
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing('Data', 'Data is required: { "Data": { "ConsentId", "Initiation" }, "Risk": {} }.');
    return { problems };
  }
  if (isObject(body)) onlyKnown(problems, body, '', ['Data', 'Risk']);
  onlyKnown(problems, data, 'Data', ['ConsentId', 'Initiation']);
  const consentId = text(problems, data.ConsentId, 'Data.ConsentId', 128, true);
  object(problems, data.Initiation, 'Data.Initiation', true, "the consent's Initiation, unchanged");
  object(problems, (body as Record<string, unknown>).Risk, 'Risk', true, "the consent's Risk, unchanged");
  if (!problems.empty) return { problems };
  return {
    problems,
    value: {
      consentId: consentId!,
      initiation: data.Initiation,
      risk: (body as Record<string, unknown>).Risk,
    },
  };
}

/**
 * An initiation (or risk) in the form the consent stores: known fields only, empty optional
 * groups dropped. What is not valid stays as sent, so the comparison names the odd field.
 */
export function normalisedInitiation(raw: unknown): unknown {
  return parseInitiation(raw, new Problems())?.initiation ?? raw;
}

/** {@link normalisedInitiation} for `Risk`. */
export function normalisedRisk(raw: unknown): unknown {
  return parseRisk(raw, new Problems()) ?? raw;
}

/**
 * The first path at which `actual` differs from `expected` (JSON values, key order ignored),
 * or undefined when they are equal: the field a client changed between consent and payment.
 *
 * @example firstDifference({ A: { B: '1' } }, { A: { B: '2' } }, 'Data') // 'Data.A.B'
 */
export function firstDifference(expected: unknown, actual: unknown, path: string): string | undefined {
  if (isObject(expected) && isObject(actual)) {
    const fields = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const field of fields) {
      const found = firstDifference(expected[field], actual[field], `${path}.${field}`);
      if (found) return found;
    }
    return undefined;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return path;
    for (const [i, item] of expected.entries()) {
      const found = firstDifference(item, actual[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : path;
}
