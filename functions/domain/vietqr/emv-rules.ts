import { codePointLength, describeChar, firstNonAns } from './charset.ts';
import type { Findings } from './problems.ts';
import { ADDITIONAL, ALTERNATE, LIMIT, TAG } from './spec.ts';
import { readTlv, type TlvNode } from './tlv.ts';

/**
 * The EMVCo MPM v1.1 rules every payload must meet, whatever its payment scheme: position and
 * presence of the mandatory tags, the length and character set of each field, the structure of
 * every template (26-51, 62, 64, 80-99), and the tip and convenience fee combination.
 */

interface FieldRule {
  label: string;
  min?: number;
  max: number;
  pattern?: RegExp;
  expected?: string;
}

const AMOUNT = /^(?=[0-9.]*[0-9])[0-9]*\.?[0-9]*$/;
const AMOUNT_HINT = 'digits, with at most one "." as decimal mark';

const TOP_LEVEL: Record<string, FieldRule> = {
  [TAG.payloadFormat]: {
    label: 'payload format indicator',
    min: 2,
    max: 2,
    pattern: /^01$/,
    expected: '"01"',
  },
  [TAG.initiation]: {
    label: 'point of initiation method',
    min: 2,
    max: 2,
    pattern: /^1[12]$/,
    expected: '"11" (static) or "12" (dynamic)',
  },
  [TAG.merchantCategory]: {
    label: 'merchant category code',
    min: 4,
    max: 4,
    pattern: /^[0-9]{4}$/,
    expected: 'four digits (ISO 18245)',
  },
  [TAG.currency]: {
    label: 'transaction currency',
    min: 3,
    max: 3,
    pattern: /^[0-9]{3}$/,
    expected: 'three digits (ISO 4217 numeric)',
  },
  [TAG.amount]: { label: 'transaction amount', max: LIMIT.amount, pattern: AMOUNT, expected: AMOUNT_HINT },
  [TAG.tipIndicator]: {
    label: 'tip or convenience indicator',
    min: 2,
    max: 2,
    pattern: /^0[1-3]$/,
    expected: '"01", "02" or "03"',
  },
  [TAG.convenienceFeeFixed]: {
    label: 'fixed convenience fee',
    max: 13,
    pattern: AMOUNT,
    expected: AMOUNT_HINT,
  },
  [TAG.convenienceFeePercentage]: {
    label: 'percentage convenience fee',
    max: 5,
    pattern: /^[0-9]{1,2}(?:\.[0-9]{0,2})?$/,
    expected: 'a percentage from "0.01" to "99.99"',
  },
  [TAG.country]: {
    label: 'country code',
    min: 2,
    max: 2,
    pattern: /^[A-Z]{2}$/,
    expected: 'two upper-case letters (ISO 3166-1 alpha-2)',
  },
  [TAG.merchantName]: { label: 'merchant name', max: LIMIT.merchantName },
  [TAG.city]: { label: 'merchant city', max: LIMIT.city },
  [TAG.postalCode]: { label: 'postal code', max: LIMIT.postalCode },
  [TAG.crc]: { label: 'CRC', min: 4, max: 4, pattern: /^[0-9A-Fa-f]{4}$/, expected: 'four hex digits' },
};

const ADDITIONAL_LABELS: Record<string, string> = {
  [ADDITIONAL.billNumber]: 'bill number',
  [ADDITIONAL.mobileNumber]: 'mobile number',
  [ADDITIONAL.storeLabel]: 'store label',
  [ADDITIONAL.loyaltyNumber]: 'loyalty number',
  [ADDITIONAL.reference]: 'reference label',
  [ADDITIONAL.customerLabel]: 'customer label',
  [ADDITIONAL.terminal]: 'terminal label',
  [ADDITIONAL.purpose]: 'purpose of transaction',
};

/** The sub-objects of the templates, by tag id, for the fields and the scheme rules. */
export interface EmvTemplates {
  additional: Map<string, TlvNode>;
  alternate: Map<string, TlvNode>;
  /** Merchant account templates 26-51 and unreserved templates 80-99, by id. */
  templates: Map<string, Map<string, TlvNode>>;
}

/** Two-digit id as a number, for range tests. */
function num(id: string): number {
  return Number(id);
}

/** True for ids whose value is a template (EMVCo §4.1): merchant accounts 26-51, 62, 64, 80-99. */
function isTemplateId(id: string): boolean {
  const n = num(id);
  return (n >= 26 && n <= 51) || n === 62 || n === 64 || n >= 80;
}

/** Applies the EMVCo rules to the top-level objects (first occurrence of each id in `byId`). */
export function checkEmv(nodes: TlvNode[], byId: Map<string, TlvNode>, findings: Findings): EmvTemplates {
  checkPositions(nodes, byId, findings);
  const result: EmvTemplates = { additional: new Map(), alternate: new Map(), templates: new Map() };
  for (const node of byId.values()) {
    const n = num(node.id);
    if (node.id === TAG.additionalData) result.additional = checkAdditional(node, findings);
    else if (node.id === TAG.alternateLanguage) result.alternate = checkAlternate(node, findings);
    else if (isTemplateId(node.id)) result.templates.set(node.id, checkPaymentTemplate(node, findings));
    else if (TOP_LEVEL[node.id]) checkField(node, TOP_LEVEL[node.id]!, findings);
    else if ((n >= 2 && n <= 25) || (n >= 65 && n <= 79)) {
      checkField(node, { label: n <= 25 ? 'merchant account information' : 'RFU field', max: 99 }, findings);
    }
  }
  checkTipRules(byId, findings);
  return result;
}

function checkPositions(nodes: TlvNode[], byId: Map<string, TlvNode>, findings: Findings): void {
  if (nodes.length > 0 && nodes[0]!.id !== TAG.payloadFormat) {
    findings.format(
      TAG.payloadFormat,
      `the payload format indicator must be the first tag; found ${nodes[0]!.id} first.`,
    );
  }
  for (const id of [TAG.payloadFormat, TAG.currency, TAG.country, TAG.crc]) {
    if (!byId.has(id)) findings.format(id, `mandatory tag ${id} (${TOP_LEVEL[id]!.label}) is missing.`);
  }
  if (![...byId.keys()].some((id) => num(id) >= 2 && num(id) <= 51)) {
    findings.format('02-51', 'no merchant account information (tags 02-51); a payload needs at least one.');
  }
  const crcAt = nodes.findIndex((node) => node.id === TAG.crc);
  if (crcAt >= 0 && crcAt !== nodes.length - 1) {
    findings.format(TAG.crc, `the CRC must be the last tag; ${nodes.length - 1 - crcAt} tag(s) follow it.`);
  }
}

/** Checks one primitive value's length, character set and pattern. */
export function checkField(node: TlvNode, rule: FieldRule, findings: Findings): boolean {
  const length = codePointLength(node.value);
  if (length === 0) return false; // already reported by the reader
  const min = rule.min ?? 1;
  if (length < min || length > rule.max) {
    const takes = min === rule.max ? `exactly ${min}` : `${min}-${rule.max}`;
    findings.format(node.path, `${rule.label} has ${length} characters; it takes ${takes}.`);
    return false;
  }
  if (!checkAns(node, rule.label, findings)) return false;
  if (rule.pattern && !rule.pattern.test(node.value)) {
    findings.format(node.path, `${rule.label} is "${node.value}"; expected ${rule.expected}.`);
    return false;
  }
  return true;
}

function checkAns(node: TlvNode, label: string, findings: Findings): boolean {
  const bad = firstNonAns(node.value);
  if (bad === undefined) return true;
  findings.format(
    node.path,
    `${label} contains ${describeChar(bad)}, outside the EMV character set (printable ASCII); only tag 64 may carry Unicode.`,
  );
  return false;
}

/** Reads a payment-system template: sub-id 00 (globally unique id) is mandatory. */
function checkPaymentTemplate(node: TlvNode, findings: Findings): Map<string, TlvNode> {
  const subs = readTemplate(node, findings);
  const guid = subs.get('00');
  if (!guid)
    findings.format(
      `${node.path}/00`,
      `template ${node.path} has no globally unique identifier (sub-id 00).`,
    );
  else checkField(guid, { label: 'globally unique identifier', max: LIMIT.guid }, findings);
  for (const sub of subs.values()) {
    if (sub.id !== '00' && sub.value.length > 0) checkAns(sub, `field ${sub.path}`, findings);
  }
  return subs;
}

function checkAdditional(node: TlvNode, findings: Findings): Map<string, TlvNode> {
  const subs = readTemplate(node, findings);
  for (const sub of subs.values()) {
    const n = num(sub.id);
    const label = ADDITIONAL_LABELS[sub.id];
    if (label) checkField(sub, { label, max: LIMIT.additionalField }, findings);
    else if (sub.id === ADDITIONAL.consumerDataRequest) {
      const ok = checkField(
        sub,
        {
          label: 'additional consumer data request',
          max: 3,
          pattern: /^[AME]+$/,
          expected: 'letters A, M, E',
        },
        findings,
      );
      if (ok && new Set(sub.value).size !== sub.value.length) {
        findings.format(sub.path, 'additional consumer data request repeats a letter.');
      }
    } else if (n >= 50) checkPaymentTemplate(sub, findings);
    else checkField(sub, { label: `RFU field ${sub.path}`, max: 99 }, findings);
  }
  return subs;
}

function checkAlternate(node: TlvNode, findings: Findings): Map<string, TlvNode> {
  const subs = readTemplate(node, findings);
  const language = subs.get(ALTERNATE.language);
  if (!language)
    findings.format(`${node.path}/00`, 'the alternate language template has no language preference (00).');
  else if (!/^[a-z]{2}$/.test(language.value)) {
    findings.format(
      language.path,
      `language preference is "${language.value}"; expected two lower-case letters (ISO 639-1).`,
    );
  }
  if (!subs.has(ALTERNATE.merchantName)) {
    findings.format(`${node.path}/01`, 'the alternate language template has no merchant name (01).');
  }
  const limits: Record<string, [string, number]> = {
    [ALTERNATE.merchantName]: ['alternate merchant name', LIMIT.alternateName],
    [ALTERNATE.city]: ['alternate merchant city', LIMIT.alternateCity],
  };
  for (const sub of subs.values()) {
    const [label, max] = limits[sub.id] ?? [`RFU field ${sub.path}`, 99];
    const length = codePointLength(sub.value);
    if (length > max)
      findings.format(sub.path, `${label} has ${length} characters; it takes at most ${max}.`);
    const control = [...sub.value].find((char) => /\p{Cc}/u.test(char));
    if (control)
      findings.format(sub.path, `${label} contains the control character ${describeChar(control)}.`);
    // Invisible format characters (a zero-width space, a direction override) would show a name
    // other than the one the code seems to carry.
    const invisible = [...sub.value].find((char) => /\p{Cf}/u.test(char));
    if (invisible)
      findings.format(sub.path, `${label} contains the invisible character ${describeChar(invisible)}.`);
  }
  return subs;
}

/** Reads a template's objects, reporting its structural problems; first occurrence wins. */
export function readTemplate(node: TlvNode, findings: Findings): Map<string, TlvNode> {
  const { nodes, problems } = readTlv(node.value, node.path);
  for (const problem of problems) findings.format(problem.path, problem.message);
  const subs = new Map<string, TlvNode>();
  for (const sub of nodes) if (!subs.has(sub.id)) subs.set(sub.id, sub);
  return subs;
}

/** EMVCo §4.7.6: 55 = 01 asks the payer for a tip; 02 fixes a fee in 56; 03 a percentage in 57. */
function checkTipRules(byId: Map<string, TlvNode>, findings: Findings): void {
  const indicator = byId.get(TAG.tipIndicator)?.value;
  const fixed = byId.has(TAG.convenienceFeeFixed);
  const percent = byId.has(TAG.convenienceFeePercentage);
  if (indicator === undefined) {
    if (fixed) findings.format(TAG.convenienceFeeFixed, '56 (fixed fee) is present without 55 = "02".');
    if (percent)
      findings.format(TAG.convenienceFeePercentage, '57 (percentage fee) is present without 55 = "03".');
    return;
  }
  if (indicator === '01' && (fixed || percent)) {
    findings.format(TAG.tipIndicator, '55 = "01" (payer enters a tip) forbids 56 and 57.');
  }
  if (indicator === '02' && (!fixed || percent)) {
    findings.format(TAG.tipIndicator, '55 = "02" requires 56 (fixed fee) and forbids 57.');
  }
  if (indicator === '03' && (!percent || fixed)) {
    findings.format(TAG.tipIndicator, '55 = "03" requires 57 (percentage fee) and forbids 56.');
  }
}
