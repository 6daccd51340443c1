import { compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { RECEIPT_TYPE, type ReceiptFacts } from '../../functions/domain/bills/receipt.ts';
import { signReceipt } from '../../functions/use-cases/receipts/sign-receipt.ts';
import { useGateway } from '../helpers/gateway.ts';

// jsqr is CommonJS with a `default` property; typed as an ES module's default export.
const jsQR = jsqr.default;
const api = useGateway();

const facts: ReceiptFacts = {
  BillId: 'bill-7f3a',
  Reference: 'HS-2026-000123',
  Category: 'administrative-fee',
  Amount: '150000',
  Currency: 'VND',
  PayerName: 'Nguyễn Thị Hồng Nhung',
  PayerId: '001190012345',
  PayeeName: 'UBND Phường Bến Nghé',
  PaidAt: '2026-12-02T20:15:00+07:00',
  LedgerReference: 'pst-91c2',
};

/** The platform's public JWKS, fetched as any verifier would: through discovery. */
async function publicJwks() {
  const discovery = await (await fetch(`${api.url}/.well-known/openid-configuration`)).json();
  return (await fetch(discovery.jwks_uri)).json();
}

/** The receipt with one claim changed and the signature kept. */
function tampered(receipt: string, change: Record<string, string>): string {
  const [header, payload, signature] = receipt.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')), ...change };
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('receipts: signed with the document key the JWKS publishes', () => {
  it('verifies with the public JWKS alone and says what was paid, by whom, when and where it is in the ledger', async () => {
    // Prepare
    const jwks = await publicJwks();

    // Act
    const { receipt } = await signReceipt(facts, new Date('2026-12-02T13:15:05Z'));
    const { payload, protectedHeader } = await jwtVerify(receipt, createLocalJWKSet(jwks), {
      issuer: api.url,
      typ: RECEIPT_TYPE,
      algorithms: ['EdDSA'],
    });

    // Assess
    expect(protectedHeader.kid).toMatch(/^doc-/);
    const published = jwks.keys.find((key: { kid: string }) => key.kid === protectedHeader.kid);
    expect(published).toMatchObject({ kty: 'OKP', crv: 'Ed25519', use: 'sig', alg: 'EdDSA' });
    expect(published.d).toBeUndefined();
    expect(payload).toMatchObject({
      ...facts,
      sub: facts.BillId,
      iat: Date.parse('2026-12-02T13:15:05Z') / 1000,
    });
  });

  it('is refused once any claim is changed, and refused when signed by any other key of the JWKS', async () => {
    // Prepare
    const keys = createLocalJWKSet(await publicJwks());
    const { receipt } = await signReceipt(facts);

    // Act
    const forgedAmount = tampered(receipt, { Amount: '15000000' });
    const forgedPayer = tampered(receipt, { PayerName: 'Trần Văn Bình' });

    // Assess
    await expect(compactVerify(forgedAmount, keys)).rejects.toThrow(/signature verification failed/);
    await expect(compactVerify(forgedPayer, keys)).rejects.toThrow(/signature verification failed/);
    const otherKid = (await publicJwks()).keys.find((key: { alg: string }) => key.alg === 'ES256').kid;
    const [header, payload, signature] = receipt.split('.');
    const relabelled = Buffer.from(
      JSON.stringify({ ...decodeProtectedHeader(receipt), kid: otherKid }),
    ).toString('base64url');
    expect(header).not.toBe(relabelled);
    await expect(compactVerify(`${relabelled}.${payload}.${signature}`, keys)).rejects.toThrow();
  });

  it('comes as a QR code of itself that scans back to the very receipt', async () => {
    // Act
    const { receipt, qr } = await signReceipt(facts);

    // Assess
    expect(qr.payload).toBe(receipt);
    const image = PNG.sync.read(Buffer.from(qr.png, 'base64'));
    const scanned = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(scanned?.data).toBe(receipt);
    expect(qr.svg).toMatch(/^<svg[^>]*viewBox/);
  });

  it('keeps the provider signing tokens with its own keys, never the document key', async () => {
    // Prepare
    const discovery = await (await fetch(`${api.url}/.well-known/openid-configuration`)).json();

    // Assess
    expect(discovery.id_token_signing_alg_values_supported).not.toContain('EdDSA');
    expect(discovery.id_token_signing_alg_values_supported).not.toContain('Ed25519');
  });
});
