import { afterAll, beforeAll } from 'vitest';
import { type GatewayOptions, type RunningGateway, startGateway } from '../../local/gateway.ts';

/**
 * Starts the local gateway for this test file on a free port and points `PUBLIC_BASE_URL`
 * at it (DPoP `htu` and links need the URL the client really calls).
 */
export function useGateway(options: GatewayOptions = {}): {
  readonly url: string;
  readonly gateway: RunningGateway;
} {
  const state = {} as { url: string; gateway: RunningGateway };
  beforeAll(async () => {
    state.gateway = await startGateway(options);
    state.url = state.gateway.url;
    process.env.PUBLIC_BASE_URL = state.url;
  });
  afterAll(async () => {
    await state.gateway?.close();
  });
  return state;
}
