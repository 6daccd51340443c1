import { checkField, readTemplate } from './emv-rules.ts';
import type { Findings } from './problems.ts';
import { LIMIT, NAPAS, NAPAS_GUID, SERVICES } from './spec.ts';
import type { TlvNode } from './tlv.ts';

/** What tag 38 says: who is paid, and how. */
export interface NapasAccount {
  bankBin?: string;
  accountNumber?: string;
  service?: string;
}

/**
 * Applies the NAPAS VietQR rules to template 38 (already read by the EMVCo rules as `subs`):
 * GUID A000000727, beneficiary organisation 38/01 = { 00 BIN of 6 digits, 01 account or card
 * number of at most 19 characters } and nothing else, service code 38/02 from the NAPAS list.
 */
export function checkNapas(subs: Map<string, TlvNode>, findings: Findings): NapasAccount {
  const account: NapasAccount = {};
  const guid = subs.get(NAPAS.guid);
  if (guid && guid.value !== NAPAS_GUID) {
    findings.format(guid.path, `NAPAS GUID is "${guid.value}"; tag 38 carries "${NAPAS_GUID}".`);
  }
  for (const sub of subs.values()) {
    if (sub.id !== NAPAS.guid && sub.id !== NAPAS.beneficiary && sub.id !== NAPAS.service) {
      findings.format(sub.path, `38 contains unexpected sub-id ${sub.id}; NAPAS defines 00, 01 and 02.`);
    }
  }

  const beneficiary = subs.get(NAPAS.beneficiary);
  if (!beneficiary) findings.format('38/01', 'beneficiary organisation (38/01: BIN and account) is missing.');
  else readBeneficiary(beneficiary, account, findings);

  const service = subs.get(NAPAS.service);
  if (!service) {
    findings.format(
      '38/02',
      `service code missing (or nested wrongly); expected one of ${SERVICES.join(', ')}.`,
    );
  } else {
    account.service = service.value;
    if (!(SERVICES as readonly string[]).includes(service.value)) {
      findings.format(
        service.path,
        `service code is "${service.value}"; expected one of ${SERVICES.join(', ')}.`,
      );
    }
  }
  if (account.service === 'QRIBFTTC' && account.accountNumber && !/^[0-9]+$/.test(account.accountNumber)) {
    findings.format(
      '38/01/01',
      `card number "${account.accountNumber}" must be digits only (service QRIBFTTC).`,
    );
  }
  return account;
}

function readBeneficiary(node: TlvNode, account: NapasAccount, findings: Findings): void {
  const parts = readTemplate(node, findings);
  for (const sub of parts.values()) {
    if (sub.id !== NAPAS.bin && sub.id !== NAPAS.account) {
      const hint = sub.id === NAPAS.service ? ' (a service code nested inside 01?)' : '';
      findings.format(
        sub.path,
        `38/01 contains unexpected sub-id ${sub.id}${hint}; it holds only 00 (BIN) and 01 (account).`,
      );
    }
  }
  const bin = parts.get(NAPAS.bin);
  if (!bin) findings.format('38/01/00', 'the bank BIN (38/01/00) is missing.');
  else {
    account.bankBin = bin.value;
    checkField(
      bin,
      { label: 'bank BIN', min: LIMIT.bin, max: LIMIT.bin, pattern: /^[0-9]{6}$/, expected: 'six digits' },
      findings,
    );
  }
  const number = parts.get(NAPAS.account);
  if (!number) findings.format('38/01/01', 'the account or card number (38/01/01) is missing.');
  else {
    account.accountNumber = number.value;
    checkField(number, { label: 'account or card number', max: LIMIT.account }, findings);
  }
}
