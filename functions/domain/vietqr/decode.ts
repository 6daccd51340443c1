import { crc16 } from './crc16.ts';
import { checkEmv, type EmvTemplates } from './emv-rules.ts';
import type { VietQrDecoding, VietQrFields } from './fields.ts';
import { checkNapas } from './napas-rules.ts';
import { Findings } from './problems.ts';
import { checkProfile } from './profile-rules.ts';
import { ADDITIONAL, ALTERNATE, LIMIT, ROOT, TAG } from './spec.ts';
import { readTlv, type TlvNode } from './tlv.ts';

const CRC_TAIL = /6304([0-9A-Fa-f]{4})$/;

/**
 * Decodes a VietQR payload strictly: every length (inside templates too), the CRC, the EMVCo
 * field rules, the NAPAS template and the VietQR profile. Each problem names its tag path.
 * Never throws: whatever the input, the answer is a decoding, valid or not.
 *
 * @example decodeVietQr('00020101021138…6304AE9F').fields.bankBin // '970416'
 */
export function decodeVietQr(payload: string): VietQrDecoding {
  const findings = new Findings();
  const fields: VietQrFields = { otherMerchantAccounts: [], otherTags: {} };
  if (typeof payload !== 'string') {
    findings.format(ROOT, 'the payload must be a string.');
    return { valid: false, crcValid: false, fields, problems: findings.all() };
  }
  if (payload.length === 0) findings.format(ROOT, 'the payload is empty.');
  if (payload.length > LIMIT.payload) {
    findings.format(
      ROOT,
      `the payload has ${payload.length} characters; EMVCo allows at most ${LIMIT.payload}.`,
    );
  }

  const { nodes, problems } = readTlv(payload, ROOT);
  for (const problem of problems) findings.format(problem.path, problem.message);
  const crcValid = checkCrc(payload, findings);
  const byId = new Map<string, TlvNode>();
  for (const node of nodes) if (!byId.has(node.id)) byId.set(node.id, node);

  const templates = checkEmv(nodes, byId, findings);
  const napas = templates.templates.get(TAG.napas);
  if (napas) Object.assign(fields, checkNapas(napas, findings));
  fillFields(fields, byId, templates);
  checkProfile(fields, napas !== undefined, findings);

  const all = findings.all();
  return { valid: all.length === 0, crcValid, fields, problems: all };
}

/** The CRC covers every UTF-8 byte up to and including `6304`; hex case is not significant. */
function checkCrc(payload: string, findings: Findings): boolean {
  const tail = CRC_TAIL.exec(payload);
  // Without a CRC at the end, the tag rules report tag 63 as missing, misplaced or malformed.
  if (!tail) return false;
  const expected = crc16(payload.slice(0, -4));
  if (tail[1]!.toUpperCase() === expected) return true;
  findings.format(
    TAG.crc,
    `CRC is ${tail[1]} but the payload's CRC is ${expected}: the payload was altered or mistyped.`,
  );
  return false;
}

const TOP_FIELDS: [string, keyof VietQrFields][] = [
  [TAG.payloadFormat, 'payloadFormatIndicator'],
  [TAG.initiation, 'pointOfInitiation'],
  [TAG.merchantCategory, 'merchantCategoryCode'],
  [TAG.currency, 'currency'],
  [TAG.amount, 'amount'],
  [TAG.tipIndicator, 'tipIndicator'],
  [TAG.convenienceFeeFixed, 'convenienceFeeFixed'],
  [TAG.convenienceFeePercentage, 'convenienceFeePercentage'],
  [TAG.country, 'country'],
  [TAG.merchantName, 'merchantName'],
  [TAG.city, 'city'],
  [TAG.postalCode, 'postalCode'],
  [TAG.crc, 'crc'],
];

const ADDITIONAL_FIELDS = Object.entries(ADDITIONAL) as [keyof typeof ADDITIONAL, string][];

function fillFields(fields: VietQrFields, byId: Map<string, TlvNode>, templates: EmvTemplates): void {
  const set = fields as unknown as Record<string, string>;
  for (const [id, name] of TOP_FIELDS) {
    const node = byId.get(id);
    if (node) set[name] = node.value;
  }
  for (const [name, id] of ADDITIONAL_FIELDS) {
    const node = templates.additional.get(id);
    if (node) set[name] = node.value;
  }
  if (byId.has(TAG.alternateLanguage)) {
    const alt = templates.alternate;
    fields.alternateLanguage = {
      ...(alt.has(ALTERNATE.language) ? { language: alt.get(ALTERNATE.language)!.value } : {}),
      ...(alt.has(ALTERNATE.merchantName) ? { merchantName: alt.get(ALTERNATE.merchantName)!.value } : {}),
      ...(alt.has(ALTERNATE.city) ? { city: alt.get(ALTERNATE.city)!.value } : {}),
    };
  }
  for (const node of byId.values()) {
    const n = Number(node.id);
    if (n >= 2 && n <= 51 && node.id !== TAG.napas) {
      const subs = templates.templates.get(node.id);
      const guid = subs?.get('00')?.value;
      const values = subs
        ? Object.fromEntries([...subs.values()].map((sub) => [sub.id, sub.value]))
        : undefined;
      fields.otherMerchantAccounts.push({
        id: node.id,
        value: node.value,
        ...(guid ? { guid } : {}),
        ...(values ? { values } : {}),
      });
    } else if (n >= 65) fields.otherTags[node.id] = node.value;
  }
}
