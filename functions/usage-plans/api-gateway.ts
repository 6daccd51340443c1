import {
  APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeysCommand,
  GetUsagePlansCommand,
  NotFoundException,
  UpdateUsagePlanCommand,
} from '@aws-sdk/client-api-gateway';
import { type ClientLimits, usageKeyOf } from '#domain/rate-limits.ts';

/**
 * API Gateway's record of whose usage it counts: one API key per registered client (its value
 * `usageKeyOf(clientId)`, which the Lambda authorizer names), in the stack's default usage plan,
 * or in a plan of its own when an operator set the client's limits. Every call is idempotent,
 * so a retried stream batch does no harm. Configured by the stack: `REST_API_ID`, `STAGE_NAME`,
 * `DEFAULT_USAGE_PLAN_ID`.
 */
const gateway = new APIGatewayClient({ maxAttempts: 6 });

function setting(name: 'REST_API_ID' | 'STAGE_NAME' | 'DEFAULT_USAGE_PLAN_ID'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const keyName = (clientId: string) => `client-${clientId}`;
const planName = (clientId: string) => `client-${clientId}-${setting('STAGE_NAME')}`;

/** The stack's plan with the default limits. */
export const defaultPlanId = () => setting('DEFAULT_USAGE_PLAN_ID');

/** The id of the client's API key, created if it has none yet. */
export async function ensureClientKey(clientId: string): Promise<string> {
  try {
    const created = await gateway.send(
      new CreateApiKeyCommand({
        name: keyName(clientId),
        value: await usageKeyOf(clientId),
        enabled: true,
        description: `Usage of OAuth client ${clientId}; its value is named by the Lambda authorizer, never by callers.`,
      }),
    );
    return created.id!;
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
    const found = await gateway.send(new GetApiKeysCommand({ nameQuery: keyName(clientId), limit: 500 }));
    const key = found.items?.find((item) => item.name === keyName(clientId));
    if (!key?.id) throw new Error(`API key of client ${clientId} exists but cannot be found by name`);
    return key.id;
  }
}

/** Deletes the client's API key, which also takes it out of every plan. */
export async function deleteClientKey(clientId: string): Promise<void> {
  const found = await gateway.send(new GetApiKeysCommand({ nameQuery: keyName(clientId), limit: 500 }));
  for (const key of found.items ?? []) {
    if (key.name === keyName(clientId) && key.id) {
      await ignoring(NotFoundException, gateway.send(new DeleteApiKeyCommand({ apiKey: key.id })));
    }
  }
}

/** Counts the key's requests under this plan. */
export async function addKeyToPlan(keyId: string, usagePlanId: string): Promise<void> {
  await ignoring(
    ConflictException,
    gateway.send(new CreateUsagePlanKeyCommand({ usagePlanId, keyId, keyType: 'API_KEY' })),
  );
}

/** Stops counting the key's requests under this plan. */
export async function removeKeyFromPlan(keyId: string, usagePlanId: string): Promise<void> {
  await ignoring(NotFoundException, gateway.send(new DeleteUsagePlanKeyCommand({ usagePlanId, keyId })));
}

/** The id of the client's own plan, created or brought to these limits. */
export async function ensureClientPlan(clientId: string, limits: ClientLimits): Promise<string> {
  const existing = await findPlan(planName(clientId));
  if (!existing) {
    const created = await gateway.send(
      new CreateUsagePlanCommand({
        name: planName(clientId),
        description: `Limits an operator set for OAuth client ${clientId}`,
        apiStages: [{ apiId: setting('REST_API_ID'), stage: setting('STAGE_NAME') }],
        throttle: { rateLimit: limits.ratePerSecond, burstLimit: limits.burst },
        quota: { limit: limits.dailyQuota, period: 'DAY' },
      }),
    );
    return created.id!;
  }
  await gateway.send(
    new UpdateUsagePlanCommand({
      usagePlanId: existing,
      patchOperations: [
        { op: 'replace', path: '/throttle/rateLimit', value: String(limits.ratePerSecond) },
        { op: 'replace', path: '/throttle/burstLimit', value: String(limits.burst) },
        { op: 'replace', path: '/quota/limit', value: String(limits.dailyQuota) },
        { op: 'replace', path: '/quota/period', value: 'DAY' },
      ],
    }),
  );
  return existing;
}

/** Deletes the client's own plan, if it has one (its stage first: API Gateway requires it). */
export async function deleteClientPlan(clientId: string): Promise<void> {
  const planId = await findPlan(planName(clientId));
  if (!planId) return;
  await ignoring(
    NotFoundException,
    gateway.send(
      new UpdateUsagePlanCommand({
        usagePlanId: planId,
        patchOperations: [
          { op: 'remove', path: '/apiStages', value: `${setting('REST_API_ID')}:${setting('STAGE_NAME')}` },
        ],
      }),
    ),
  );
  await ignoring(NotFoundException, gateway.send(new DeleteUsagePlanCommand({ usagePlanId: planId })));
}

async function findPlan(name: string): Promise<string | undefined> {
  let position: string | undefined;
  do {
    const page = await gateway.send(new GetUsagePlansCommand({ limit: 500, ...(position && { position }) }));
    const plan = page.items?.find((item) => item.name === name);
    if (plan?.id) return plan.id;
    position = page.position;
  } while (position);
  return undefined;
}

/** Awaits a call, treating one kind of failure as "already so". */
async function ignoring(
  kind: abstract new (...args: never[]) => Error,
  call: Promise<unknown>,
): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!(error instanceof kind)) throw error;
  }
}
