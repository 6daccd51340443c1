import type { IncomingMessage } from 'node:http';
import {
  ClientCounter,
  type ClientLimits,
  type LimitDecision,
  WindowCounter,
} from '../functions/domain/rate-limits.ts';
import { HttpError } from '../functions/http/errors.ts';
import {
  DEFAULT_CLIENT_LIMITS,
  LIMITS_REFRESH_SECONDS,
  SOURCE_LIMITS,
  type SourceLimit,
} from '../functions/routing/limits.ts';
import type { Route } from '../functions/routing/routes.ts';

/** How the local gateway limits requests; every field defaults to the platform's own limits. */
export interface LimitsOptions {
  /** A client's limits until an operator sets its own. */
  defaults?: ClientLimits;
  /** Per-source limits on unauthenticated endpoints. */
  sources?: readonly SourceLimit[];
  /** How often the operator's limits are read again, in seconds. */
  refreshSeconds?: number;
}

/** What a running gateway's limiter offers besides checking requests. */
export interface RunningLimits {
  /** Reads the operator's per-client limits now, instead of at the next refresh. */
  refresh(): Promise<void>;
}

interface CompiledSource extends SourceLimit {
  pattern: RegExp;
}

/**
 * The local gateway's request limits, the same ones AWS enforces in front of the Lambdas:
 * each client's rate, burst and daily quota on protected routes (usage plans in AWS), and
 * per-source windows on the OAuth endpoints and sign-in (WAF rate-based rules in AWS).
 *
 * Counted in memory, with no storage on a request's path: the client is the one its access
 * token was issued to, verified with the resource server's own cached check (which the handler
 * then finds cached); the operator's per-client limits are read in the background every few
 * seconds, one Query of their one partition, never while a request waits.
 */
export class GatewayLimits implements RunningLimits {
  private readonly defaults: ClientLimits;
  private readonly sources: CompiledSource[];
  private operatorLimits = new Map<string, ClientLimits>();
  private readonly clients = new Map<string, ClientCounter>();
  private readonly windows = new Map<string, { counter: WindowCounter; windowSeconds: number }>();
  private timer: NodeJS.Timeout | undefined;
  private identify: Promise<(authorization: string | undefined) => Promise<string | undefined>> | undefined;

  private constructor(options: LimitsOptions) {
    this.defaults = options.defaults ?? DEFAULT_CLIENT_LIMITS;
    this.sources = (options.sources ?? SOURCE_LIMITS).map((source) => ({
      ...source,
      pattern: new RegExp(source.path),
    }));
  }

  /** Reads the operator's limits once, then again every `refreshSeconds` in the background. */
  static async start(options: LimitsOptions = {}): Promise<GatewayLimits> {
    const limits = new GatewayLimits(options);
    await limits.refresh();
    limits.timer = setInterval(
      () => void limits.refresh(),
      (options.refreshSeconds ?? LIMITS_REFRESH_SECONDS) * 1000,
    );
    limits.timer.unref();
    return limits;
  }

  async refresh(): Promise<void> {
    try {
      const { listOperatorLimits } = await import('../functions/use-cases/limits/list-client-limits.ts');
      const items = await listOperatorLimits();
      this.operatorLimits = new Map(
        items.map(({ clientId, updatedAt: _at, ...limits }) => [clientId, limits]),
      );
    } catch (error) {
      // Keep the limits last read: a storage hiccup must not lift or change anyone's limits.
      console.error('local gateway: could not read client limits', error);
    }
    this.forgetPastWindows(Date.now());
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Counts the request against its client (protected routes) or its source (limited
   * unauthenticated endpoints); the refusal to answer with when it is over a limit.
   */
  async check(route: Route, req: IncomingMessage, path: string): Promise<HttpError | undefined> {
    const now = Date.now();
    if (route.caller) {
      // Loaded on first use: the use case reads the issuer's configuration, set after start.
      this.identify ??= import('../functions/use-cases/access/identify-client.ts').then(
        (module) => module.identifyClient,
      );
      const clientId = await (await this.identify)(req.headers.authorization);
      if (!clientId) return undefined;
      const limits = this.operatorLimits.get(clientId) ?? this.defaults;
      let counter = this.clients.get(clientId);
      if (!counter) {
        counter = new ClientCounter(now, limits);
        this.clients.set(clientId, counter);
      }
      return refusal(counter.take(now, limits), 'This client');
    }
    const method = req.method ?? 'GET';
    const source = sourceOf(req);
    for (const rule of this.sources) {
      if (rule.method !== method || !rule.pattern.test(path)) continue;
      const key = `${rule.name} ${source}`;
      let counted = this.windows.get(key);
      if (!counted) {
        counted = { counter: new WindowCounter(), windowSeconds: rule.windowSeconds };
        this.windows.set(key, counted);
      }
      const counter = counted.counter;
      const refused = refusal(counter.take(now, rule.limit, rule.windowSeconds), `Source ${source}`);
      if (refused) return refused;
    }
    return undefined;
  }

  /** Drops the counters of sources whose window has ended, so memory stays bounded. */
  private forgetPastWindows(now: number): void {
    for (const [key, { counter, windowSeconds }] of this.windows) {
      if (counter.ended(now, windowSeconds)) this.windows.delete(key);
    }
  }
}

/** The caller's address as the socket sees it: X-Forwarded-For is the caller's to forge. */
function sourceOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

/** The 429 of a refused request: `Retry-After` and the IETF draft's `RateLimit-*` headers. */
function refusal(decision: LimitDecision, who: string): HttpError | undefined {
  if (decision.allowed) return undefined;
  const what =
    decision.reason === 'quota'
      ? `${who} has used its ${decision.limit} requests for today (UTC)`
      : decision.reason === 'rate'
        ? `${who} sent more than ${decision.limit} requests a second`
        : `${who} sent more than ${decision.limit} requests to this endpoint in its window`;
  return new HttpError(429, 'VN.OB.Request.RateLimited', `${what}; retry after ${decision.resetSeconds} s.`, {
    'Retry-After': String(decision.resetSeconds),
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': '0',
    'RateLimit-Reset': String(decision.resetSeconds),
  });
}
