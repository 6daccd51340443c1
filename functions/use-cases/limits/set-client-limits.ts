import { invalid } from '#domain/errors.ts';
import { type ClientLimits, limitProblems } from '#domain/rate-limits.ts';
import { type ClientLimitsItem, putClientLimits } from '#store/client-limits.ts';

/**
 * An operator sets one client's own rate, burst and daily quota. The local gateway picks them
 * up within its refresh interval; in AWS the usage-plan worker moves the client's API key to a
 * usage plan with these limits.
 */
export async function setClientLimits(clientId: string, limits: ClientLimits): Promise<ClientLimitsItem> {
  if (!/^[\w.~-]{1,128}$/.test(clientId)) {
    throw invalid('UK.OBIE.Field.Invalid', `client id ${JSON.stringify(clientId)} is not a client id`);
  }
  const problems = limitProblems(limits);
  if (problems.length > 0) throw invalid('UK.OBIE.Field.Invalid', problems.join('; '));
  const item: ClientLimitsItem = { clientId, ...limits, updatedAt: new Date().toISOString() };
  await putClientLimits(item);
  return item;
}
