import { setTimeout as sleep } from 'node:timers/promises';
import type { Fintech } from '../helpers/fintech.ts';

export interface HttpResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
  json: any;
}

/** One event of `GET /v1/events`. */
export interface FeedEvent {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, unknown> & { Sequence: number };
}

/** A partner reading its events over HTTP, as its own code would. */
export class EventReader {
  constructor(
    readonly client: Fintech,
    readonly token: () => Promise<string>,
  ) {}

  /** GET /v1/events with the given query. */
  async page(query = ''): Promise<HttpResult> {
    return this.client.call(await this.token(), 'GET', `/v1/events${query}`);
  }

  /** GET a `Links.Next` URL as given. */
  async follow(url: string): Promise<HttpResult> {
    const next = new URL(url);
    return this.client.call(await this.token(), 'GET', `${next.pathname}${next.search}`);
  }

  /** POST /v1/events (aggregated polling). */
  async poll(body: unknown): Promise<HttpResult> {
    return this.client.call(await this.token(), 'POST', '/v1/events', body);
  }

  /**
   * The whole feed from the start, following `Links.Next`, once it holds at least `atLeast`
   * events (the feed stays a moment behind the present, so fresh events take that long to show).
   */
  async all(atLeast: number, timeoutMs = 15_000): Promise<FeedEvent[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const events: FeedEvent[] = [];
      let page = await this.page('?limit=100');
      for (;;) {
        if (page.status !== 200)
          throw new Error(`feed answered ${page.status}: ${JSON.stringify(page.json)}`);
        events.push(...page.json.Data.Events);
        if (!page.json.Links.Next) break;
        page = await this.follow(page.json.Links.Next);
      }
      if (events.length >= atLeast || Date.now() > until) return events;
      await sleep(250);
    }
  }
}
