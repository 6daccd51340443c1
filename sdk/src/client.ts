import { Authorization, type CustomerTokens, type PendingAuthorization } from './authorization.ts';
import { type Calls, typedCalls } from './calls.ts';
import { type FeedEvent, type PollOptions, pollEvents } from './events.ts';
import { checkPrivateKey, type PrivateKeyInput } from './key.ts';
import type { Operation } from './operations.ts';
import { type RetryOptions, transport } from './transport.ts';

export interface OpenBankingClientOptions {
  /** Where the platform runs, e.g. `http://127.0.0.1:3000` (also the OAuth issuer). */
  baseUrl: string;
  /** Your registered client's `client_id`. */
  clientId: string;
  /** Your client's private key: the private JWK (`privateJwk` of `.data/clients/*.json`) or a `CryptoKey`. */
  privateKey: PrivateKeyInput;
  /** Your registered redirect URI, for customer authorizations (default: the first one you pass here). */
  redirectUri?: string;
  /** The scopes your client was registered with, e.g. `'accounts payments'`: picks the token for shared paths. */
  scope?: string;
  retries?: RetryOptions;
  /** The fetch to use (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Plain `http:` is accepted for loopback hosts only, unless this is set. */
  allowInsecureHttp?: boolean;
  /** Renew cached tokens this long before they expire (default 30 s). */
  renewBeforeSeconds?: number;
  /** Called with one line per request and retry. Nothing is logged unless you pass this; tokens never are. */
  log?: (line: string) => void;
}

/** A signed-in customer's authorization: typed calls with its token, refreshed when it runs out. */
export type CustomerSession = Calls & {
  /** The current tokens (keep the refresh token secret). */
  readonly tokens: CustomerTokens;
  /** The access token, refreshed first if it is about to expire. */
  accessToken(): Promise<string>;
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const DEFAULT_SCOPES: Record<string, string> = {
  'POST /v1/aisp/account-access-consents': 'openid accounts',
  'POST /v1/pisp/domestic-payment-consents': 'openid payments',
};

/**
 * A client of the platform for one registered client: discovery, `private_key_jwt`, DPoP,
 * cached client-credentials tokens, typed calls with retries and idempotency keys, paging,
 * customer authorizations (PAR, PKCE, `authorization_details`) and the sandbox shortcut.
 * Options are checked here, so a missing `clientId` or an unusable key fails at once.
 *
 * @example
 * const ob = createOpenBankingClient({ baseUrl: 'http://127.0.0.1:3000', clientId, privateKey });
 * const { data, error } = await ob.POST('/v1/aisp/account-access-consents', { body });
 */
export function createOpenBankingClient(options: OpenBankingClientOptions): OpenBankingClient {
  const baseUrl = checkOptions(options);
  const log = options.log ?? (() => {});
  const now = () => Date.now();
  const retry = { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 8_000, ...options.retries };
  const userFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const loggingFetch: typeof fetch = async (input, init) => {
    const response = await userFetch(input, init);
    log(`${init?.method ?? 'GET'} ${String(input).split('?')[0]} → ${response.status}`);
    return response;
  };
  const auth = new Authorization({
    baseUrl,
    clientId: options.clientId,
    signingKey: checkPrivateKey(options.privateKey),
    fetch: loggingFetch,
    allowInsecure: baseUrl.protocol === 'http:',
    renewBeforeMs: (options.renewBeforeSeconds ?? 30) * 1000,
    now,
  });
  const registered = new Set((options.scope ?? '').split(/\s+/).filter(Boolean));
  const scopeFor = (operation: Operation) =>
    operation.scopes.find((scope) => registered.has(scope)) ?? operation.scopes[0]!;
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  const root = baseUrl.href.replace(/\/+$/, '');
  const consentScopes = new Map<string, string>();
  const newKey = () => crypto.randomUUID();
  const common = {
    basePath,
    auth,
    fetch: loggingFetch,
    retry,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
  };

  const own = typedCalls(
    root,
    transport({
      ...common,
      token: (operation) => auth.clientToken(scopeFor(operation)),
      refused: (operation) => auth.forget(scopeFor(operation)),
    }),
    newKey,
  );
  // Remember which kind of consent each id is, so authorize() can ask for the right scope.
  const remember =
    (method: 'POST') =>
    async (...args: unknown[]) => {
      const result = await (own[method] as (...a: unknown[]) => Promise<{ data?: unknown }>)(...args);
      const consentId = (result.data as { Data?: { ConsentId?: string } } | undefined)?.Data?.ConsentId;
      const scope = DEFAULT_SCOPES[`POST ${String(args[0])}`];
      if (consentId && scope) consentScopes.set(consentId, scope);
      return result;
    };

  function session(tokens: CustomerTokens): CustomerSession {
    let current = tokens;
    let refreshing: Promise<CustomerTokens> | undefined;
    const accessToken = async (force = false) => {
      const stale = current.expiresAt - (options.renewBeforeSeconds ?? 30) * 1000 <= now();
      if ((stale || force) && current.refreshToken) {
        refreshing ??= auth.refresh(current.refreshToken).finally(() => {
          refreshing = undefined;
        });
        current = await refreshing;
      }
      return current.accessToken;
    };
    let refusedOnce = false;
    const calls = typedCalls(
      root,
      transport({
        ...common,
        token: () => accessToken(refusedOnce),
        refused: () => {
          refusedOnce = true;
        },
      }),
      newKey,
    );
    // A getter, not a copied value: the tokens change when the session refreshes them.
    return Object.defineProperties(calls, {
      tokens: { get: () => current, enumerable: true },
      accessToken: { value: () => accessToken(), enumerable: true },
    }) as CustomerSession;
  }

  async function authorize(input: {
    consentId: string;
    scope?: string;
    redirectUri?: string;
    locale?: 'vi' | 'en';
  }) {
    const redirectUri = input.redirectUri ?? options.redirectUri;
    if (!redirectUri)
      throw new TypeError('authorize: pass `redirectUri` (one of your registered redirect URIs).');
    const scope = input.scope ?? consentScopes.get(input.consentId);
    if (!scope)
      throw new TypeError(
        'authorize: pass `scope` (e.g. "openid accounts") for a consent this client did not create.',
      );
    return auth.authorize({
      consentId: input.consentId,
      scope,
      redirectUri,
      ...(input.locale ? { locale: input.locale } : {}),
    });
  }

  return {
    ...own,
    POST: remember('POST') as typeof own.POST,
    /** A client-credentials access token for one scope (cached); for tools such as `ob token`. */
    clientToken: (scope: string) => auth.clientToken(scope),
    /** Pushes the authorization request of a consent; open `url` in the customer's browser. */
    authorize,
    /** Exchanges the callback URL your redirect URI received for a customer session. */
    exchangeCode: async (callbackUrl: string | URL, pending?: PendingAuthorization) =>
      session(await auth.exchangeCode(callbackUrl, pending)),
    /** A session from tokens you kept (e.g. in your database). */
    resumeSession: (tokens: CustomerTokens) => session(tokens),
    events: { poll: pollEvents(own) },
    sandbox: {
      /**
       * Sandbox only: a demo customer authorises the consent without a browser (`POST /sandbox/authorisations`,
       * which runs the very sign-in and consent pages), then the code is exchanged as usual.
       */
      async authorise(input: SandboxAuthorisation): Promise<CustomerSession> {
        const pending = await authorize({
          consentId: input.consentId,
          ...(input.scope ? { scope: input.scope } : {}),
        });
        const { data, error } = await own.POST('/sandbox/authorisations', {
          body: {
            Data: {
              AuthorizationUrl: pending.url.href,
              Username: input.username,
              Password: input.password ?? 'sandbox',
              ...(input.accountIds ? { AccountIds: input.accountIds } : {}),
              ...(input.stepUp ? { StepUp: true } : {}),
            },
          },
        });
        if (error) throw error;
        return session(await auth.exchangeCode(data.Data.RedirectUri, pending));
      },
    },
  };
}

/** What the sandbox shortcut needs to authorise a consent as a demo customer. */
export interface SandboxAuthorisation {
  consentId: string;
  username: string;
  /** Default `sandbox`, every demo customer's password. */
  password?: string;
  /** Default: the scope that fits the consent this client created. */
  scope?: string;
  /** Default: every account the consent page offers (the first for a payment). */
  accountIds?: string[];
  /** Tick the biometric step-up box (payments above the Decision 2345 thresholds). */
  stepUp?: boolean;
}

/** The client {@link createOpenBankingClient} returns. */
export interface OpenBankingClient extends Calls {
  /** A client-credentials access token for one scope (cached); for tools such as `ob token`. */
  clientToken(scope: string): Promise<string>;
  /** Pushes the authorization request of a consent (PAR, PKCE); open `url` in the customer's browser. */
  authorize(input: {
    consentId: string;
    scope?: string;
    redirectUri?: string;
    locale?: 'vi' | 'en';
  }): Promise<PendingAuthorization>;
  /** Exchanges the callback URL your redirect URI received for a customer session. */
  exchangeCode(callbackUrl: string | URL, pending?: PendingAuthorization): Promise<CustomerSession>;
  /** A session from tokens you kept (e.g. in your database). */
  resumeSession(tokens: CustomerTokens): CustomerSession;
  /** Your events without a webhook endpoint (`GET /v1/events` pages with `paginate`). */
  events: {
    /**
     * Aggregated polling (RFC 8936, `POST /v1/events`): each event not yet acknowledged, oldest
     * first, acknowledged once your loop body has finished with it (at least once: dedupe by `id`).
     *
     * @example
     * for await (const event of ob.events.poll()) if (event.type === 'bill.paid') await markPaid(event.data.BillId);
     */
    poll(options?: PollOptions): AsyncGenerator<FeedEvent, void, undefined>;
  };
  sandbox: {
    /**
     * Sandbox only: a demo customer authorises the consent without a browser (`POST /sandbox/authorisations`,
     * which runs the very sign-in and consent pages), then the code is exchanged as usual.
     */
    authorise(input: SandboxAuthorisation): Promise<CustomerSession>;
  };
}

function checkOptions(options: OpenBankingClientOptions): URL {
  if (!options || typeof options !== 'object')
    throw new TypeError('createOpenBankingClient: pass an options object.');
  if (typeof options.clientId !== 'string' || !options.clientId) {
    throw new TypeError(
      'createOpenBankingClient: `clientId` is required (the client_id your registration returned).',
    );
  }
  let url: URL;
  try {
    url = new URL(options.baseUrl);
  } catch {
    throw new TypeError(
      `createOpenBankingClient: \`baseUrl\` must be an absolute URL, got ${JSON.stringify(options.baseUrl)}.`,
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !options.allowInsecureHttp) {
    throw new TypeError(
      'createOpenBankingClient: `baseUrl` must use https (plain http only for 127.0.0.1 or localhost).',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`createOpenBankingClient: \`baseUrl\` must be http(s), got ${url.protocol}`);
  }
  const retries = options.retries?.maxRetries;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0)) {
    throw new TypeError('createOpenBankingClient: `retries.maxRetries` must be a whole number ≥ 0.');
  }
  return url;
}
