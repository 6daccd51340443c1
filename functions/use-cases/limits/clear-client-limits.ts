import { deleteClientLimits } from '#store/client-limits.ts';

/** An operator removes a client's own limits, so the defaults apply to it again; false if it had none. */
export function clearClientLimits(clientId: string): Promise<boolean> {
  return deleteClientLimits(clientId);
}
