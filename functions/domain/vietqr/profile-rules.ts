import type { VietQrFields } from './fields.ts';
import type { Findings } from './problems.ts';
import { ATM_MCC, DYNAMIC, STATIC, TAG, VIETNAM, VND } from './spec.ts';

/**
 * The VietQR profile: rules a well-formed EMVCo payload must also meet to be a VietQR this
 * platform can pay (NAPAS tag 38, VND, Vietnam, whole-dong amounts, static/dynamic coherence,
 * and what QRCASH and QRPUSH codes carry).
 */
export function checkProfile(fields: VietQrFields, hasNapas: boolean, findings: Findings): void {
  if (!hasNapas)
    findings.profile(TAG.napas, 'not a VietQR: the NAPAS merchant account template (tag 38) is missing.');
  if (fields.pointOfInitiation === undefined) {
    findings.profile(TAG.initiation, 'the point of initiation method (01) is mandatory in VietQR.');
  }
  if (fields.currency !== undefined && fields.currency !== VND) {
    findings.profile(TAG.currency, `currency is ${fields.currency}; VietQR settles in VND (${VND}).`);
  }
  if (fields.country !== undefined && fields.country !== VIETNAM) {
    findings.profile(TAG.country, `country is ${fields.country}; VietQR codes are issued in ${VIETNAM}.`);
  }
  if (fields.amount !== undefined && !/^[1-9][0-9]{0,12}$/.test(fields.amount)) {
    findings.profile(
      TAG.amount,
      `amount "${fields.amount}" is not whole dong: VND amounts are digits only, no decimals.`,
    );
  }
  if (fields.pointOfInitiation === STATIC && fields.amount !== undefined) {
    findings.profile(
      TAG.amount,
      'a static code (01 = 11) is reusable and carries no amount; a code with an amount is dynamic (12).',
    );
  }
  if (fields.pointOfInitiation === DYNAMIC && fields.amount === undefined && fields.service !== 'QRCASH') {
    findings.profile(TAG.amount, 'a dynamic code (01 = 12) carries the amount to pay (54).');
  }
  if (fields.service === 'QRCASH') {
    if (fields.merchantCategoryCode !== ATM_MCC) {
      findings.profile(TAG.merchantCategory, `a QRCASH code carries the ATM merchant category ${ATM_MCC}.`);
    }
    if (fields.terminal === undefined) findings.profile('62/07', 'a QRCASH code names its terminal (62/07).');
    if (fields.reference === undefined)
      findings.profile('62/05', 'a QRCASH code carries a one-time reference (62/05).');
  }
  if (fields.service === 'QRPUSH' && fields.merchantName === undefined) {
    findings.profile(TAG.merchantName, 'a QRPUSH (merchant) code names the merchant (59).');
  }
  if (fields.accountNumber !== undefined && !/^[A-Za-z0-9]+$/.test(fields.accountNumber)) {
    findings.profile('38/01/01', 'the account number may contain letters and digits only.');
  }
}
