import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { approve, Terminal } from '../cash/terminal.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { EventReader } from './feed.ts';

const api = useGateway();
/** Each test drives several real cash approvals; on a loaded machine they take a while. */
const SLOW = 120_000;

/** A terminal client whose events come from real cash approvals. */
async function terminalWithReader() {
  const terminal = await Terminal.register(api.url);
  return { terminal, reader: new EventReader(terminal.client, () => terminal.accessToken()) };
}

/** Opens a session on `terminal` and has `customer` approve it: one `cash.session.approved` event. */
async function approvedSession(
  terminal: Terminal,
  customer: TestCustomer,
  amount = '100000',
): Promise<string> {
  const session = await terminal.openSession();
  const approved = await approve(api.url, {
    Payload: session.Qr.Payload,
    Username: customer.username,
    AccountId: customer.accounts[0]!.accountId,
    Amount: amount,
  });
  if (approved.status !== 201) throw new Error(`not approved: ${JSON.stringify(approved.json)}`);
  return session.SessionId;
}

describe('the polling feed, GET /v1/events', () => {
  let customer: TestCustomer;
  beforeAll(async () => {
    customer = await createCustomer([50_000_000]);
  });

  it(
    'pages the caller’s events in order by Links.Next and continues from the cursor it handed out',
    async () => {
      // Prepare
      const { terminal, reader } = await terminalWithReader();
      const sessions = [];
      for (let i = 0; i < 3; i++) sessions.push(await approvedSession(terminal, customer));
      await reader.all(3);
      // Act
      const first = await reader.page('?limit=2');
      const second = await reader.follow(first.json.Links.Next);
      const fourth = await approvedSession(terminal, customer);
      await sleep(1_200); // the feed settles for 1 s in tests (EVENT_FEED_SETTLE_MS)
      const later = await reader.page(`?after=${encodeURIComponent(second.json.Meta.Cursor)}`);
      // Assess
      expect(first.status).toBe(200);
      expect(
        first.json.Data.Events.map((event: { data: { SessionId: string } }) => event.data.SessionId),
      ).toEqual(sessions.slice(0, 2));
      expect(first.json.Links.Next).toContain('after=');
      expect(
        second.json.Data.Events.map((event: { data: { SessionId: string } }) => event.data.SessionId),
      ).toEqual(sessions.slice(2));
      expect(second.json.Links.Next).toBeUndefined();
      expect(later.json.Data.Events).toHaveLength(1);
      expect(later.json.Data.Events[0]).toMatchObject({
        id: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
        type: 'cash.session.approved',
        timestamp: expect.any(String),
        data: {
          SessionId: fourth,
          Status: 'Approved',
          Sequence: 2,
          Amount: { Amount: '100000', Currency: 'VND' },
        },
      });
    },
    SLOW,
  );

  it(
    'refuses a forged cursor and a page size out of range, naming the parameter',
    async () => {
      // Prepare
      const { reader } = await terminalWithReader();
      // Act
      const forged = await reader.page('?after=bm90LWEtY3Vyc29y');
      const tooMany = await reader.page('?limit=101');
      const none = await reader.page('?limit=0');
      // Assess
      expect(forged.status).toBe(400);
      expect(forged.json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: 'after' });
      expect(tooMany.status).toBe(400);
      expect(tooMany.json.Errors[0]).toMatchObject({ Path: 'limit' });
      expect(none.status).toBe(400);
    },
    SLOW,
  );
});

describe('aggregated polling, POST /v1/events (RFC 8936)', () => {
  let customer: TestCustomer;
  beforeAll(async () => {
    customer = await createCustomer([50_000_000]);
  });

  it(
    'returns unacknowledged events as SETs until acknowledged or errored, oldest first',
    async () => {
      // Prepare
      const { terminal, reader } = await terminalWithReader();
      const sessions = [
        await approvedSession(terminal, customer),
        await approvedSession(terminal, customer),
        await approvedSession(terminal, customer),
      ];
      // Act
      const first = await reader.poll({ maxEvents: 2, returnImmediately: true });
      const again = await reader.poll({ maxEvents: 2, returnImmediately: true });
      const [one, two] = Object.keys(first.json.sets);
      const acknowledged = await reader.poll({
        maxEvents: 10,
        returnImmediately: true,
        ack: [one],
        setErrs: { [two!]: { err: 'invalid_request', description: 'cannot parse' } },
      });
      const [three] = Object.keys(acknowledged.json.sets);
      const last = await reader.poll({ maxEvents: 10, returnImmediately: true, ack: [three] });
      const feed = await reader.all(3);
      // Assess: redelivery until acknowledged
      expect(first.status).toBe(200);
      expect(first.json.moreAvailable).toBe(true);
      expect(Object.keys(first.json.sets)).toHaveLength(2);
      expect(again.json.sets).toEqual(first.json.sets);
      expect(acknowledged.json).toMatchObject({ moreAvailable: false });
      expect(Object.keys(acknowledged.json.sets)).toHaveLength(1);
      expect(last.json).toEqual({ sets: {}, moreAvailable: false });
      // Assess: each SET is an RFC 8417 token about one event of this client
      const token = first.json.sets[one!] as string;
      expect(decodeProtectedHeader(token)).toEqual({ alg: 'none' });
      const claims = decodeJwt(token);
      expect(claims).toMatchObject({
        jti: one,
        aud: terminal.clientId,
        sub: sessions[0],
        events: {
          'urn:vn:ob:events:cash.session.approved': {
            SessionId: sessions[0],
            Status: 'Approved',
            Sequence: 2,
          },
        },
      });
      expect(decodeJwt(acknowledged.json.sets[three!]).sub).toBe(sessions[2]);
      // Assess: the feed still lists everything, in the same order, acknowledged or not
      expect(feed.map((event) => event.id)).toEqual([one, two, three]);
    },
    SLOW,
  );

  it(
    'waits for an event when asked not to return immediately, within the configured bound',
    async () => {
      // Prepare
      const { terminal, reader } = await terminalWithReader();
      const session = await terminal.openSession();
      // Act: nothing pending, so the poll waits its full bound (4 s in tests) and answers empty
      const started = Date.now();
      const empty = await reader.poll({ maxEvents: 5 });
      const waited = Date.now() - started;
      // Act: an event arriving during the wait ends it
      const waiting = reader.poll({ maxEvents: 5, returnImmediately: false });
      await approve(api.url, {
        Payload: session.Qr.Payload,
        Username: customer.username,
        AccountId: customer.accounts[0]!.accountId,
        Amount: '100000',
      });
      const woken = await waiting;
      // Assess
      expect(empty.json).toEqual({ sets: {}, moreAvailable: false });
      expect(waited).toBeGreaterThanOrEqual(3_900);
      expect(Object.values(woken.json.sets).map((set) => decodeJwt(set as string).sub)).toEqual([
        session.SessionId,
      ]);
    },
    SLOW,
  );

  it(
    'keeps each client to its own events: feed and polling, and an ack of another’s event is a 400 storing nothing',
    async () => {
      // Prepare
      const a = await terminalWithReader();
      const b = await terminalWithReader();
      const aSession = await approvedSession(a.terminal, customer);
      const bSession = await approvedSession(b.terminal, customer);
      const aPolled = await a.reader.poll({ returnImmediately: true });
      const bPolled = await b.reader.poll({ returnImmediately: true });
      const [aEvent] = Object.keys(aPolled.json.sets);
      const [bEvent] = Object.keys(bPolled.json.sets);
      // Act
      const refused = await a.reader.poll({ returnImmediately: true, ack: [aEvent, bEvent] });
      const refusedError = await a.reader.poll({
        returnImmediately: true,
        setErrs: { [bEvent!]: { err: 'invalid_key', description: 'not mine' } },
      });
      const aAfter = await a.reader.poll({ returnImmediately: true });
      const bAfter = await b.reader.poll({ returnImmediately: true });
      const aFeed = await a.reader.all(1);
      const bFeed = await b.reader.all(1);
      // Assess: the refusal names the field, and neither acknowledgement was recorded
      expect(refused.status).toBe(400);
      expect(refused.json.Errors).toEqual([
        expect.objectContaining({
          ErrorCode: 'UK.OBIE.Field.Invalid',
          Path: 'ack[1]',
          Message: expect.stringContaining(bEvent!),
        }),
      ]);
      expect(refusedError.status).toBe(400);
      expect(refusedError.json.Errors[0].Path).toBe(`setErrs.${bEvent}`);
      expect(Object.keys(aAfter.json.sets)).toEqual([aEvent]);
      expect(Object.keys(bAfter.json.sets)).toEqual([bEvent]);
      // Assess: each sees only its own
      expect(decodeJwt(aPolled.json.sets[aEvent!]).sub).toBe(aSession);
      expect(decodeJwt(bPolled.json.sets[bEvent!]).sub).toBe(bSession);
      expect(aFeed.map((event) => event.id)).toEqual([aEvent]);
      expect(bFeed.map((event) => event.id)).toEqual([bEvent]);
    },
    SLOW,
  );

  it(
    'answers 200,000 bad ids with the first 20 problems and a count of the rest, not megabytes of errors',
    async () => {
      // Prepare
      const { reader } = await terminalWithReader();
      // Act
      const answer = await reader.poll({ ack: Array.from({ length: 200_000 }, () => 1) });
      // Assess
      expect(answer.status).toBe(400);
      expect(answer.json.Errors).toHaveLength(21);
      expect(answer.json.Errors[0].Path).toBe('ack[0]');
      expect(answer.json.Errors[20].Message).toBe(
        '199980 more problems not listed; fix these and send again.',
      );
    },
    SLOW,
  );

  it(
    'answers malformed polls with a 400 naming each field',
    async () => {
      // Prepare
      const { reader } = await terminalWithReader();
      const id = `evt_${randomUUID().replaceAll('-', '')}`;
      // Act
      const answers = await Promise.all([
        reader.poll({ maxEvents: 101 }),
        reader.poll({ maxEvents: 'ten' }),
        reader.poll({ returnImmediately: 'yes' }),
        reader.poll({ ack: 'evt_1' }),
        reader.poll({ ack: ['not-an-event'] }),
        reader.poll({ ack: [id], setErrs: { [id]: { err: 'x', description: 'y' } } }),
        reader.poll({ setErrs: { [id]: { description: 'no err' } } }),
        reader.poll({ returnImmediately: true, wait: 3 }),
        reader.poll({ returnImmediately: true, ack: [`evt_${'0'.repeat(32)}`] }),
        reader.poll({ maxEvents: null }),
        reader.poll({ returnImmediately: null }),
      ]);
      // Assess
      expect(answers.map((answer) => answer.status)).toEqual(Array(answers.length).fill(400));
      expect(answers.map((answer) => answer.json.Errors[0].Path)).toEqual([
        'maxEvents',
        'maxEvents',
        'returnImmediately',
        'ack',
        'ack[0]',
        `setErrs.${id}`,
        `setErrs.${id}.err`,
        'wait',
        'ack[0]',
        'maxEvents',
        'returnImmediately',
      ]);
    },
    SLOW,
  );
});
