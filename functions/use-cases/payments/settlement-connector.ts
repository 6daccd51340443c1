import { type SettlementConnector, sandboxSettlementConnector } from '#domain/payments/settlement.ts';

/**
 * The interbank connector a deployment settles through, from its configuration: the sandbox
 * simulator when `SANDBOX=1`; outside sandbox none, until a real NAPAS 247 connector exists and
 * is configured. Without one the platform refuses interbank initiation
 * (`VN.OB.Payment.InterbankUnavailable`) and the settlement worker completes nothing.
 */
export function settlementConnectorFor(env: NodeJS.ProcessEnv): SettlementConnector | undefined {
  return env.SANDBOX === '1' ? sandboxSettlementConnector : undefined;
}

/** This deployment's connector, read once at cold start. */
export const configuredSettlementConnector = settlementConnectorFor(process.env);
