import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type GatewayOptions, type RunningGateway, startGateway } from '../../local/gateway.ts';
import { checkResponses, failOnViolations } from './contract.ts';

/**
 * Starts the local gateway for this test file on a free port and points `PUBLIC_BASE_URL`
 * at it (DPoP `htu` and links need the URL the client really calls).
 *
 * Every response the gateway sends is checked against the contract (openapi/openapi.yaml), as
 * it is sent, whatever the client (fetch, the Fintech helper, raw requests, the browser): a
 * violation fails the test during which it was sent, naming method, path, status and the
 * schema error. `takeContractViolations()` hands them to a test that expects them instead.
 */
export function useGateway(options: GatewayOptions = {}): {
  readonly url: string;
  readonly gateway: RunningGateway;
  takeContractViolations(): string[];
} {
  const violations: string[] = [];
  const state = {
    takeContractViolations: () => violations.splice(0),
  } as { url: string; gateway: RunningGateway; takeContractViolations(): string[] };
  beforeAll(async () => {
    state.gateway = await startGateway(options);
    checkResponses(state.gateway.server, (violation) => violations.push(violation));
    state.url = state.gateway.url;
    process.env.PUBLIC_BASE_URL = state.url;
  });
  beforeEach(() => failOnViolations(violations, 'before this test (in a beforeAll hook)'));
  afterEach(() => failOnViolations(violations, 'during this test'));
  afterAll(async () => {
    await state.gateway?.close();
    failOnViolations(violations, 'after the last test (in an afterAll hook)');
  });
  return state;
}
