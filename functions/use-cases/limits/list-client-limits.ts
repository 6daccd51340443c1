import { type ClientLimitsItem, listClientLimits } from '#store/client-limits.ts';

/** Every client's own limits, as an operator set them (clients not listed have the defaults). */
export function listOperatorLimits(): Promise<ClientLimitsItem[]> {
  return listClientLimits();
}
