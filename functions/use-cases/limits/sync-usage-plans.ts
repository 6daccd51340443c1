import { type TableChange, usageChangesOf } from '#store/usage-changes.ts';
import {
  addKeyToPlan,
  defaultPlanId,
  deleteClientKey,
  deleteClientPlan,
  ensureClientKey,
  ensureClientPlan,
  removeKeyFromPlan,
} from '../../usage-plans/api-gateway.ts';

/**
 * Keeps API Gateway counting each client's requests under the right limits, from the table's
 * changes: a registered client gets its API key in the default plan; an operator's limits move
 * it to a plan of its own with them; cleared limits move it back; a deleted client loses its
 * key. In AWS only (the local gateway reads the limits itself). Returns how many changes it applied.
 */
export async function syncUsagePlans(records: readonly TableChange[]): Promise<number> {
  const changes = usageChangesOf(records);
  for (const change of changes) {
    const { clientId } = change;
    if (change.kind === 'client-deleted') {
      await deleteClientKey(clientId);
      await deleteClientPlan(clientId);
      continue;
    }
    const keyId = await ensureClientKey(clientId);
    if (change.kind === 'limits-set') {
      const planId = await ensureClientPlan(clientId, change.limits);
      // One key may sit in only one plan of a stage: out of the default plan, then into its own.
      await removeKeyFromPlan(keyId, defaultPlanId());
      await addKeyToPlan(keyId, planId);
    } else {
      // Cleared: its own plan goes first, so the key may join the default plan of the same stage.
      if (change.kind === 'limits-cleared') await deleteClientPlan(clientId);
      await addKeyToPlan(keyId, defaultPlanId());
    }
  }
  return changes.length;
}
