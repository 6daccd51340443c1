import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { invalid } from '#domain/errors.ts';
import { forbiddenAddressReason } from '#domain/webhooks/addresses.ts';
import { urlProblem } from '#domain/webhooks/endpoint.ts';

/** Whether the platform runs in sandbox mode (loopback and plain http allowed for endpoints). */
export const sandboxMode = () => process.env.SANDBOX === '1';

/** Resolves a host name to every address it has (the system resolver unless replaced). */
type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
let resolveHost: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Replaces the resolver, for a machine without DNS (the test suite answers its own names
 * through it); every check below still runs on what it answers.
 */
export function useResolver(resolver: Resolver): void {
  resolveHost = resolver;
}

/** Where a delivery goes: the URL and the one address it was checked at (the connection is pinned to it). */
export interface Destination {
  url: URL;
  address: string;
  family: 4 | 6;
}

/** The URL may not receive webhooks: why, in words for the endpoint's owner. */
export class ForbiddenDestination extends Error {
  override name = 'ForbiddenDestination';
}

/**
 * Resolves the URL's host and checks every address it resolves to (SSRF guard): a host with
 * one private address among public ones is refused too. The caller connects to the returned
 * address only, so a second DNS answer (rebinding) cannot send it elsewhere.
 */
export async function resolveDestination(raw: string, sandbox = sandboxMode()): Promise<Destination> {
  const problem = urlProblem(raw, { sandbox });
  if (problem) throw new ForbiddenDestination(problem);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const answers = isIP(host)
    ? [{ address: host, family: isIP(host) }]
    : await resolveHost(host).catch(() => {
        throw new ForbiddenDestination(`${host} does not resolve to an address`);
      });
  if (answers.length === 0) throw new ForbiddenDestination(`${host} does not resolve to an address`);
  for (const answer of answers) {
    const reason = forbiddenAddressReason(answer.address, { allowLoopback: sandbox });
    if (reason) throw new ForbiddenDestination(`${host} resolves to ${reason}`);
  }
  const first = answers[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** {@link resolveDestination} at registration: a 400 naming `Data.Url`. */
export async function checkEndpointUrl(url: string): Promise<void> {
  try {
    await resolveDestination(url);
  } catch (error) {
    if (!(error instanceof ForbiddenDestination)) throw error;
    throw invalid('UK.OBIE.Field.Invalid', `Data.Url must reach a public address: ${error.message}.`, {
      path: 'Data.Url',
    });
  }
}
