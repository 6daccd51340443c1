import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
