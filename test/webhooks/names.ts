import { useResolver } from '../../functions/use-cases/webhooks/destination.ts';

/** A public address (TEST-NET is refused, so a real-looking one outside every special range). */
export const PUBLIC_ADDRESS = '93.184.215.14';

/**
 * This machine has no DNS: the names the webhook tests use are answered here, the way a
 * resolver would, and the platform's SSRF checks run on the answers. `*.example` is public;
 * `internal.example` resolves to a private address; `mixed.example` to a public and a private one.
 */
export function answerTestNames(): void {
  useResolver(async (host) => {
    if (host === 'internal.example') return [{ address: '10.1.2.3', family: 4 }];
    if (host === 'mixed.example') {
      return [
        { address: PUBLIC_ADDRESS, family: 4 },
        { address: 'fd00::5', family: 6 },
      ];
    }
    if (host.endsWith('.example')) return [{ address: PUBLIC_ADDRESS, family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  });
}
