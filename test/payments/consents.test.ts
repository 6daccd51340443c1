import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYEE_CHECK_FAILURES_PER_HOUR } from '../../functions/domain/payments/payee.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { openAccount } from '../../functions/store/ledger/accounts.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { initiation, otherBankPayee, PayingFintech, payeeOf } from './fixtures.ts';

const api = useGateway();

const amountPath = 'Data.Initiation.InstructedAmount.Amount';

describe('domestic-payment consents', () => {
  let fintech: PayingFintech;
  let other: PayingFintech;
  let payee: TestCustomer;
  let payer: TestCustomer;

  beforeAll(async () => {
    [fintech, other, payee, payer] = await Promise.all([
      PayingFintech.register(api.url),
      PayingFintech.register(api.url),
      createCustomer([0]),
      createCustomer([1_000_000]),
    ]);
  });

  const valid = () => initiation(otherBankPayee(), '150000');
  const withAmount = (amount: unknown) => ({
    ...valid(),
    InstructedAmount: { Amount: amount, Currency: 'VND' },
  });

  it.each([
    ['a zero amount', withAmount('0'), amountPath, 'UK.OBIE.Field.Invalid'],
    ['a negative amount', withAmount('-150000'), amountPath, 'UK.OBIE.Field.Invalid'],
    ['a fractional amount', withAmount('150000.50'), amountPath, 'UK.OBIE.Field.Invalid'],
    ['thousands separators', withAmount('150.000'), amountPath, 'UK.OBIE.Field.Invalid'],
    ['a 14-digit amount', withAmount('12345678901234'), amountPath, 'UK.OBIE.Field.Invalid'],
    ['a number instead of a string', withAmount(150000), amountPath, 'UK.OBIE.Field.Invalid'],
    ['no amount', { ...valid(), InstructedAmount: { Currency: 'VND' } }, amountPath, 'UK.OBIE.Field.Missing'],
    [
      'another currency',
      { ...valid(), InstructedAmount: { Amount: '150000', Currency: 'USD' } },
      'Data.Initiation.InstructedAmount.Currency',
      'VN.OB.Payment.UnsupportedCurrency',
    ],
    [
      'a creditor bank outside the NAPAS directory',
      { ...valid(), CreditorAgent: { SchemeName: 'VN.BIN', Identification: '970999' } },
      'Data.Initiation.CreditorAgent.Identification',
      'VN.OB.Payment.UnknownCreditorBank',
    ],
    [
      'a malformed BIN',
      { ...valid(), CreditorAgent: { SchemeName: 'VN.BIN', Identification: '97043' } },
      'Data.Initiation.CreditorAgent.Identification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'an unsupported account scheme',
      {
        ...valid(),
        CreditorAccount: { SchemeName: 'UK.OBIE.IBAN', Identification: 'GB29NWBK60161331926819', Name: 'A' },
      },
      'Data.Initiation.CreditorAccount.SchemeName',
      'VN.OB.Payment.UnsupportedScheme',
    ],
    [
      'a 15-digit card number',
      initiation({ ...otherBankPayee('970436012345678'), scheme: 'VN.CardNumber' }, '150000'),
      'Data.Initiation.CreditorAccount.Identification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'a 20-digit card number',
      initiation({ ...otherBankPayee('97043601234567890123'), scheme: 'VN.CardNumber' }, '150000'),
      'Data.Initiation.CreditorAccount.Identification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      "a card of another bank than the CreditorAgent's (an MB card sent to Vietcombank)",
      initiation({ ...otherBankPayee('9704220000000001'), scheme: 'VN.CardNumber' }, '150000'),
      'Data.Initiation.CreditorAccount.Identification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'a card number failing its check digit',
      initiation({ ...otherBankPayee('9704360123456789'), scheme: 'VN.CardNumber' }, '150000'),
      'Data.Initiation.CreditorAccount.Identification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'an account number with dashes',
      initiation(otherBankPayee('0071-000-123'), '150000'),
      'Data.Initiation.CreditorAccount.Identification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'no creditor name',
      { ...valid(), CreditorAccount: { SchemeName: 'VN.AccountNumber', Identification: '0071000123456' } },
      'Data.Initiation.CreditorAccount.Name',
      'UK.OBIE.Field.Missing',
    ],
    [
      'a 36-character instruction id',
      { ...valid(), InstructionIdentification: 'I'.repeat(36) },
      'Data.Initiation.InstructionIdentification',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'a 36-character reference',
      { ...valid(), RemittanceInformation: { Reference: 'R'.repeat(36) } },
      'Data.Initiation.RemittanceInformation.Reference',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'a 141-character remittance text',
      { ...valid(), RemittanceInformation: { Unstructured: 'ư'.repeat(141) } },
      'Data.Initiation.RemittanceInformation.Unstructured',
      'UK.OBIE.Field.Invalid',
    ],
    [
      'a card number that is no string, behind more problems than the answer lists',
      {
        ...valid(),
        ...Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`Junk${i}`, 1])),
        CreditorAccount: { SchemeName: 'VN.CardNumber', Identification: 12345, Name: 'X' },
        CreditorAgent: { SchemeName: 'VN.BIN', Identification: '970415' },
      },
      'Data.Initiation.Junk0',
      'UK.OBIE.Field.Unexpected',
    ],
    [
      'an unknown field',
      { ...valid(), ChargeBearer: 'Shared' },
      'Data.Initiation.ChargeBearer',
      'UK.OBIE.Field.Unexpected',
    ],
  ])('refuses %s with a 400 naming the field', async (_label, init, path, code) => {
    // Act
    const refused = await fintech.createConsent(init);
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors).toContainEqual(expect.objectContaining({ ErrorCode: code, Path: path }));
  });

  it.each([
    ['no Data', { Risk: {} }, 'Data', 'UK.OBIE.Field.Missing'],
    ['no Risk', { Data: { Initiation: initiation(otherBankPayee(), '1') } }, 'Risk', 'UK.OBIE.Field.Missing'],
    [
      'an unknown Risk field',
      { Data: { Initiation: initiation(otherBankPayee(), '1') }, Risk: { DeliveryAddress: {} } },
      'Risk.DeliveryAddress',
      'UK.OBIE.Field.Unexpected',
    ],
  ])('refuses a body with %s', async (_label, body, path, code) => {
    // Act
    const refused = await fintech.createConsent(undefined, { body });
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors).toContainEqual(expect.objectContaining({ ErrorCode: code, Path: path }));
  });

  it('reports every problem of a request at once', async () => {
    // Act
    const refused = await fintech.createConsent({
      ...withAmount('0'),
      CreditorAgent: { SchemeName: 'VN.BIN', Identification: '970999' },
    });
    // Assess
    expect(refused.json.Errors.map((error: { Path: string }) => error.Path)).toEqual([
      amountPath,
      'Data.Initiation.CreditorAgent.Identification',
    ]);
  });

  it('accepts card numbers of 16 to 19 digits of the creditor bank, with their check digit', async () => {
    // Act
    const results = await Promise.all(
      ['9704360123456780', '9704360123456789017'].map((number) =>
        fintech.createConsent(initiation({ ...otherBankPayee(number), scheme: 'VN.CardNumber' }, '2500000')),
      ),
    );
    // Assess
    expect(results.map((result) => result.status)).toEqual([201, 201]);
  });

  it('checks a creditor at this bank: the account must exist and be open, and the name must be the holder’s', async () => {
    // Prepare
    const account = payee.accounts[0]!;
    const disabled = await openAccount({
      accountId: `acc-${randomUUID()}`,
      ownerId: payee.customerId,
      ownerKind: 'customer',
      bankBin: '970415',
      accountNumber: `9${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`,
      name: 'NGUYEN THI THU',
      accountType: 'Personal',
      accountSubType: 'CurrentAccount',
      currency: 'VND',
      status: 'Disabled',
    });
    // Act
    const [unknown, mismatch, closed, closedWrongName, close, ...matching] = await Promise.all([
      fintech.createConsent(initiation({ bin: '970415', number: '999999999999', name: 'AI ĐÓ' }, '1000')),
      fintech.createConsent(initiation(payeeOf(payee, 0, 'TRẦN VĂN KHÁC'), '1000')),
      fintech.createConsent(
        initiation({ bin: '970415', number: disabled.accountNumber, name: 'Nguyễn Thị Thử' }, '1000'),
      ),
      fintech.createConsent(
        initiation({ bin: '970415', number: disabled.accountNumber, name: 'AI ĐÓ' }, '1000'),
      ),
      fintech.createConsent(initiation(payeeOf(payee, 0, `${payee.name}X`), '1000')),
      ...['NGUYEN THI THU', 'Nguyễn Thị Thử', '  nguyễn   thị thử '].map((name) =>
        fintech.createConsent(initiation(payeeOf(payee, 0, name), '1000')),
      ),
    ]);
    // Assess: a wrong name is "no match", one letter off "close match"
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Payment.CreditorNameMismatch',
      Path: 'Data.Initiation.CreditorAccount.Name',
    });
    expect(close.status).toBe(400);
    expect(close.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Payment.CreditorNameCloseMatch',
      Path: 'Data.Initiation.CreditorAccount.Name',
    });
    // Assess: unknown and disabled accounts are one answer, whatever the name (changed by issue 10:
    // an unknown account used to answer VN.OB.Payment.UnknownCreditorAccount), and no answer names the holder
    for (const answer of [unknown, closed, closedWrongName]) {
      expect(answer.status).toBe(400);
      expect(answer.json.Errors).toEqual([
        {
          ErrorCode: 'VN.OB.Payment.CreditorAccountUnavailable',
          Message: expect.any(String),
          Path: 'Data.Initiation.CreditorAccount.Identification',
        },
      ]);
    }
    const withoutNumber = (answer: typeof unknown) =>
      answer.json.Errors[0].Message.replace(/account [0-9A-Z]+ /, 'account N ');
    expect(withoutNumber(closed)).toBe(withoutNumber(unknown));
    for (const answer of [unknown, mismatch, closed, close])
      expect(JSON.stringify(answer.json)).not.toMatch(/NGUYEN THI THU|Nguyễn/i);
    expect(matching.map((result) => result.status)).toEqual([201, 201, 201]);
    expect(account.accountNumber).toBe(matching[1]!.json.Data.Initiation.CreditorAccount.Identification);
  });

  it('limits failed payee checks per client and hour, then refuses every check with 429 and Retry-After', async () => {
    // Prepare: a client of its own, and a known payee
    const prober = await PayingFintech.register(api.url);
    const probe = (name: string) => prober.createConsent(initiation(payeeOf(payee, 0, name), '1000'));
    // Act: as many failed checks as allowed, then one more of each kind
    const failures = [];
    for (let i = 0; i < PAYEE_CHECK_FAILURES_PER_HOUR; i++) failures.push(await probe(`KHONG PHAI ${i}`));
    const overWrong = await probe('KHONG PHAI NUA');
    const overRight = await probe(payee.name);
    const otherClient = await fintech.createConsent(initiation(payeeOf(payee, 0, payee.name), '1000'));
    const interbank = await prober.createConsent(initiation(otherBankPayee(), '1000'));
    // Assess
    expect(failures.map((answer) => answer.status)).toEqual(Array(PAYEE_CHECK_FAILURES_PER_HOUR).fill(400));
    for (const answer of [overWrong, overRight]) {
      expect(answer.status).toBe(429);
      expect(answer.json.Errors[0].ErrorCode).toBe('VN.OB.Payment.PayeeCheckLimit');
      const retryAfter = Number(answer.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
    // Only this client's payee checks are limited.
    expect(otherClient.status).toBe(201);
    expect(interbank.status).toBe(201);
  });

  it('replays a retried key, refuses the key with another body, and requires a key of 1–40 characters', async () => {
    // Prepare
    const key = randomUUID();
    const init = valid();
    // Act
    const first = await fintech.createConsent(init, { key });
    const retry = await fintech.createConsent(init, { key });
    const otherBody = await fintech.createConsent({ ...init, EndToEndIdentification: 'E2E-OTHER' }, { key });
    const missing = await fintech.client.call(
      await fintech.clientToken(),
      'POST',
      '/v1/pisp/domestic-payment-consents',
      {
        Data: { Initiation: init },
        Risk: {},
      },
    );
    const tooLong = await fintech.createConsent(init, { key: 'k'.repeat(41) });
    // Assess
    expect(retry.status).toBe(201);
    expect(retry.json.Data.ConsentId).toBe(first.json.Data.ConsentId);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect(otherBody.status).toBe(400);
    expect(otherBody.json.Errors[0].ErrorCode).toBe('VN.OB.Idempotency.Mismatch');
    expect(missing.status).toBe(400);
    expect(missing.json.Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Header.Missing',
      Path: 'x-idempotency-key',
    });
    expect(tooLong.json.Errors[0].ErrorCode).toBe('UK.OBIE.Header.Invalid');
  });

  it('shows a consent to its own client only', async () => {
    // Prepare
    const { consentId } = await fintech.consent(valid());
    // Act
    const own = await fintech.getConsent(consentId);
    const foreign = await other.getConsent(consentId);
    const unknown = await fintech.getConsent('pdc-00000000-0000-0000-0000-000000000000');
    const foreignFunds = await other.fundsConfirmation(consentId);
    // Assess
    expect(own.status).toBe(200);
    expect(foreign.status).toBe(404);
    expect(foreign.json.Errors[0].ErrorCode).toBe('UK.OBIE.Resource.NotFound');
    expect(unknown.status).toBe(404);
    expect(foreignFunds.status).toBe(404);
  });

  describe('funds confirmation', () => {
    it('answers against the debtor account’s available balance while the consent is Authorised', async () => {
      // Prepare
      const affordable = await fintech.authorisedConsent(payer, initiation(otherBankPayee(), '1000000'));
      const tooMuch = await fintech.authorisedConsent(payer, initiation(otherBankPayee(), '1000001'));
      // Act
      const yes = await fintech.fundsConfirmation(affordable.consentId);
      const no = await fintech.fundsConfirmation(tooMuch.consentId);
      // Assess
      expect(yes.status).toBe(200);
      expect(yes.json.Data.FundsAvailableResult).toEqual({
        FundsAvailableDateTime: expect.any(String),
        FundsAvailable: true,
      });
      expect(
        Math.abs(Date.parse(yes.json.Data.FundsAvailableResult.FundsAvailableDateTime) - Date.now()),
      ).toBeLessThan(60_000);
      expect(yes.json.Links.Self).toBe(
        `${api.url}/v1/pisp/domestic-payment-consents/${affordable.consentId}/funds-confirmation`,
      );
      expect(no.json.Data.FundsAvailableResult.FundsAvailable).toBe(false);
    });

    it('refuses a consent that is not Authorised, naming its status', async () => {
      // Prepare: awaiting, denied by the customer, expired, consumed
      const awaiting = await fintech.consent(valid());
      const denied = await fintech.consent(valid());
      const deniedPage = await fintech.openConsentPage(payer, denied.consentId);
      await fintech.answer(deniedPage, { approve: false });
      const expired = await fintech.authorisedConsent(payer, valid());
      await documents.send(
        new UpdateCommand({
          TableName: mainTableName(),
          Key: keys.consent(expired.consentId),
          UpdateExpression: 'SET expiresAt = :past',
          ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
        }),
      );
      const consumed = await fintech.authorisedConsent(payer, initiation(otherBankPayee(), '1000'));
      expect((await fintech.pay(consumed.token, consumed.consentId, consumed.initiation)).status).toBe(201);
      // Act
      const answers = await Promise.all(
        [awaiting, denied, expired, consumed].map((consent) => fintech.fundsConfirmation(consent.consentId)),
      );
      // Assess
      expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
      expect(answers.map((answer) => answer.json.Errors[0].ErrorCode)).toEqual([
        'VN.OB.Consent.AwaitingAuthorisation',
        'VN.OB.Consent.Rejected',
        'VN.OB.Consent.Expired',
        'VN.OB.Consent.Consumed',
      ]);
    });
  });
});
