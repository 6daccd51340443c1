import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { ledgerHistory } from '../ledger/fixtures.ts';
import { balanceOf, initiation, otherBankPayee, PayingFintech, payeeOf, storedConsent } from './fixtures.ts';

const api = useGateway();

describe('payment submissions refused before any money moves', () => {
  let fintech: PayingFintech;
  let other: PayingFintech;
  let payer: TestCustomer;
  let payee: TestCustomer;
  /** One authorised consent every refusal below leaves untouched; the last test pays it. */
  let consent: Awaited<ReturnType<PayingFintech['authorisedConsent']>>;
  let linesBefore: number;

  beforeAll(async () => {
    [fintech, other, payer, payee] = await Promise.all([
      PayingFintech.register(api.url),
      PayingFintech.register(api.url),
      createCustomer([5_000_000]),
      createCustomer([0]),
    ]);
    consent = await fintech.authorisedConsent(payer, initiation(payeeOf(payee), '750000'));
    linesBefore = (await ledgerHistory(payer.accounts[0]!.accountId)).length;
  });

  const changed = (path: string[], value: unknown) => {
    const copy = structuredClone(consent.initiation) as Record<string, unknown>;
    let node = copy;
    for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
    node[path.at(-1)!] = value;
    return copy;
  };

  it.each([
    ['another amount', ['InstructedAmount', 'Amount'], '750001', 'Data.Initiation.InstructedAmount.Amount'],
    [
      'the amount as a number',
      ['InstructedAmount', 'Amount'],
      750000,
      'Data.Initiation.InstructedAmount.Amount',
    ],
    ['another payee name', ['CreditorAccount', 'Name'], 'KẺ GIAN', 'Data.Initiation.CreditorAccount.Name'],
    [
      'another creditor bank',
      ['CreditorAgent', 'Identification'],
      '970436',
      'Data.Initiation.CreditorAgent.Identification',
    ],
    ['an added field', ['LocalInstrument'], 'VN.NAPAS247', 'Data.Initiation.LocalInstrument'],
  ])(
    'refuses an Initiation with %s (400 InitiationMismatch naming the field)',
    async (_label, path, value, where) => {
      // Act
      const refused = await fintech.pay(consent.token, consent.consentId, changed(path as string[], value));
      // Assess
      expect(refused.status).toBe(400);
      expect(refused.json.Errors[0]).toMatchObject({
        ErrorCode: 'VN.OB.Payment.InitiationMismatch',
        Path: where,
      });
    },
  );

  it('refuses a Risk other than the consent’s', async () => {
    // Act
    const refused = await fintech.pay(consent.token, consent.consentId, consent.initiation, {
      risk: { PaymentContextCode: 'EcommerceGoods' },
    });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Payment.RiskMismatch',
      Path: 'Risk.PaymentContextCode',
    });
  });

  it('refuses a ConsentId other than the token’s, another client’s consent included', async () => {
    // Prepare
    const foreign = await other.consent(initiation(payeeOf(payee), '750000'));
    const sibling = await fintech.consent(consent.initiation);
    // Act
    const refusals = await Promise.all(
      [foreign.consentId, sibling.consentId].map((id) => fintech.pay(consent.token, id, consent.initiation)),
    );
    // Assess
    for (const refused of refusals) {
      expect(refused.status).toBe(400);
      expect(refused.json.Errors[0]).toMatchObject({
        ErrorCode: 'UK.OBIE.Resource.ConsentMismatch',
        Path: 'Data.ConsentId',
      });
    }
  });

  it.each([
    ['no key', null, 'UK.OBIE.Header.Missing'],
    ['an empty key', '', 'UK.OBIE.Header.Missing'],
    ['a 41-character key', 'k'.repeat(41), 'UK.OBIE.Header.Invalid'],
  ])('refuses a submission with %s', async (_label, key, code) => {
    // Act
    const refused = await fintech.pay(consent.token, consent.consentId, consent.initiation, { key });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors[0]).toMatchObject({ ErrorCode: code, Path: 'x-idempotency-key' });
  });

  it.each([
    ['no Data', { Risk: {} }, 'Data', 'UK.OBIE.Field.Missing'],
    ['no ConsentId', { Data: { Initiation: {} }, Risk: {} }, 'Data.ConsentId', 'UK.OBIE.Field.Missing'],
    ['no Risk', { Data: { ConsentId: 'x', Initiation: {} } }, 'Risk', 'UK.OBIE.Field.Missing'],
  ])('refuses a body with %s', async (_label, body, path, code) => {
    // Act
    const refused = await fintech.pay(consent.token, consent.consentId, undefined, { body });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors).toContainEqual(expect.objectContaining({ ErrorCode: code, Path: path }));
  });

  it('refuses the fintech’s own client-credentials token: only the customer’s authorises a payment', async () => {
    // Act
    const refused = await fintech.pay(await fintech.clientToken(), consent.consentId, consent.initiation);
    // Assess
    expect(refused.status).toBe(403);
    expect(refused.json.Errors[0].ErrorCode).toBe('VN.OB.Auth.WrongGrant');
  });

  it('gives no token for a consent the customer denied, so it can never be paid', async () => {
    // Prepare
    const denied = await fintech.consent(initiation(payeeOf(payee), '1000'));
    const page = await fintech.openConsentPage(payer, denied.consentId);
    // Act
    const answered = await fintech.answer(page, { approve: false });
    const attempt = await fintech.pay(consent.token, denied.consentId, denied.initiation);
    // Assess
    expect(answered.callback?.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(answered.callback?.searchParams.get('error')).toBe('access_denied');
    expect((await storedConsent(denied.consentId)).status).toBe('Rejected');
    expect(attempt.json.Errors[0].ErrorCode).toBe('UK.OBIE.Resource.ConsentMismatch');
  });

  it('refuses a consent that expired after it was authorised', async () => {
    // Prepare
    const lapsed = await fintech.authorisedConsent(payer, initiation(otherBankPayee(), '1000'));
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.consent(lapsed.consentId),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    // Act
    const refused = await fintech.pay(lapsed.token, lapsed.consentId, lapsed.initiation);
    // Assess
    expect(refused.status).toBe(403);
    expect(refused.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Expired');
  });

  it('moved no money through all of the above, and the consent still pays once', async () => {
    // Prepare
    const account = payer.accounts[0]!.accountId;
    const untouched = await balanceOf(account);
    const linesNow = (await ledgerHistory(account)).length;
    // Act
    const paid = await fintech.pay(consent.token, consent.consentId, consent.initiation);
    // Assess
    expect(untouched).toBe(5_000_000);
    expect(linesNow).toBe(linesBefore);
    expect(paid.status).toBe(201);
    expect(await balanceOf(account)).toBe(5_000_000 - 750_000);
  });
});
