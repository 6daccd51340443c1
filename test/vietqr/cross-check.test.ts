import fc from 'fast-check';
import { QRPay } from 'vietnam-qr-pay';
import { describe, expect, it } from 'vitest';
import { stripDiacritics } from '#domain/vietqr/charset.ts';
import { encodeVietQr } from '#domain/vietqr/encode.ts';
import { validInput } from './support/arbitraries.ts';

/**
 * An independent decoder, the npm package vietnam-qr-pay, reads every payload the encoder
 * makes and finds the same bank, account, amount and purpose.
 */
describe('cross-check with vietnam-qr-pay', () => {
  it('accepts every payload the encoder makes and reads the same BIN, account, amount and purpose', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        // Prepare
        const result = encodeVietQr(input);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        // Act
        const theirs = new QRPay(result.payload);
        // Assess
        expect(theirs.isValid).toBe(true);
        expect(theirs.provider.guid).toBe('A000000727');
        expect(theirs.provider.service).toBe(input.service);
        expect(theirs.consumer.bankBin).toBe(input.bankBin);
        expect(theirs.consumer.bankNumber).toBe(input.accountNumber);
        expect(theirs.amount).toBe(input.amount);
        expect(theirs.additionalData.purpose).toBe(input.purpose && stripDiacritics(input.purpose));
        expect(theirs.initMethod).toBe(
          input.amount !== undefined || input.service === 'QRCASH' ? '12' : '11',
        );
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the payload vietnam-qr-pay builds for the same transfer', () => {
    const input = {
      bankBin: '970422',
      accountNumber: '0023457923442',
      amount: '40123',
      purpose: 'chuyen khoan',
    };
    const theirs = QRPay.initVietQR({ bankNumber: input.accountNumber, ...input }).build();
    const ours = encodeVietQr({ ...input, service: 'QRIBFTTA' });
    expect(ours).toEqual({ ok: true, payload: theirs });
  });
});
