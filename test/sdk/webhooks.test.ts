import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signTestWebhook, verifyWebhook, WebhookSignatureError } from '../../sdk/src/index.ts';

const SECRET = `whsec_${Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')}`;
const EVENT = {
  type: 'bill.paid',
  timestamp: '2026-12-02T09:00:00+07:00',
  data: { BillId: 'bil-1', Status: 'Paid' },
};

describe('webhook signatures, both ways', () => {
  it('verifies what an independent Standard Webhooks signer signed', () => {
    // Prepare: the reference library signs, as the platform's delivery does.
    const body = JSON.stringify(EVENT);
    const id = 'msg_2ZSYvS8';
    const now = new Date();
    const signature = new Webhook(SECRET).sign(id, now, body);
    const headers = new Headers({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    });

    // Act
    const event = verifyWebhook(body, headers, SECRET);

    // Assess
    expect(event).toEqual(EVENT);
  });

  it('signs test events that the independent library verifies', () => {
    // Act
    const { body, headers } = signTestWebhook(EVENT, SECRET);

    // Assess
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(EVENT);
    expect(verifyWebhook(body, headers, SECRET)).toEqual(EVENT);
  });

  it('refuses a changed body, another secret, and an old timestamp', () => {
    // Prepare
    const { body, headers } = signTestWebhook(EVENT, SECRET);
    const old = signTestWebhook(EVENT, SECRET, { timestamp: new Date(Date.now() - 10 * 60_000) });
    const other = `whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`;

    // Act / Assess
    expect(() => verifyWebhook(body.replace('Paid', 'Unpaid'), headers, SECRET)).toThrow(
      WebhookSignatureError,
    );
    expect(() => verifyWebhook(body, headers, other)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhook(old.body, old.headers, SECRET)).toThrow(/timestamp/i);
    expect(() => verifyWebhook(body, { ...headers, 'webhook-signature': '' }, SECRET)).toThrow(
      WebhookSignatureError,
    );
  });
});
