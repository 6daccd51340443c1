import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, setGlobalDispatcher } from 'undici';
import { inject } from 'vitest';
import { localEnvironment } from '../../local/environment.ts';

// Handlers read their configuration at import, so the environment is set before any test imports them.
Object.assign(
  process.env,
  localEnvironment({
    dynamoEndpoint: inject('dynamoEndpoint'),
    publicBaseUrl: 'http://127.0.0.1',
    dataDir: mkdtempSync(join(tmpdir(), 'ob-test-')),
    sandbox: true,
  }),
  // Events: a short long poll, and a feed that settles quickly (test/events/).
  { EVENTS_LONG_POLL_MS: '4000', EVENT_FEED_SETTLE_MS: '1000' },
);

/**
 * Each test file calls the platform from a loopback address of its own (Linux routes all of
 * 127.0.0.0/8 to loopback), as separate customers and partners would from separate addresses.
 * The per-source limits (sign-in attempts, the gateway's request limits) are kept in the shared
 * engine: from one shared 127.0.0.1, one file's deliberate wrong passwords would spend the budget
 * of every file running in the same 10-minute window, and a later file's sign-ins would get 429.
 * Applies to `fetch` (and so to the SDK, oauth4webapi and the helpers); raw `node:http` requests
 * name their own `localAddress` where the source matters.
 */
export const testSourceAddress = `127.${1 + randomInt(254)}.${randomInt(256)}.${1 + randomInt(254)}`;
setGlobalDispatcher(new Agent({ localAddress: testSourceAddress }));
