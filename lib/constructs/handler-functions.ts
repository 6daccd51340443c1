import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { bundleFiles } from '../bundle-files.ts';
import type { FunctionSpec } from '../function-specs.ts';
import type { DataTable } from './data-table.ts';
import { HandlerFunction } from './handler-function.ts';
import type { SigningKeys } from './signing-keys.ts';
import type { WebhookQueues } from './webhook-queues.ts';

export interface HandlerFunctionsProps {
  specs: FunctionSpec[];
  /** The table whose items a spec's `access` names. */
  table: DataTable;
  signingKeys: SigningKeys;
  /** The document-signing keys (receipts, checkout results). */
  documentKeys: SigningKeys;
  /** Environment every function shares (mode, logging). */
  environment: Record<string, string>;
  /** The queues a spec's `access.queues` names. */
  queues: WebhookQueues;
}

/**
 * One Lambda per handler module, each granted exactly what its spec's access names: the item
 * types it reads and writes (IAM leading-key conditions), the indexes it queries, the signing
 * keys or not.
 */
export class HandlerFunctions extends Construct {
  /** Built functions by handler name (`system/health`). */
  readonly byHandler = new Map<string, HandlerFunction>();

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    for (const spec of props.specs) {
      assertGrantable(spec);
      const built = new HandlerFunction(this, constructIdOf(spec.handler), {
        handler: spec.handler,
        environment: props.environment,
        ...(spec.timeoutSeconds !== undefined && { timeout: Duration.seconds(spec.timeoutSeconds) }),
        ...(spec.memoryMiB !== undefined && { memoryMiB: spec.memoryMiB }),
        files: bundleFiles[spec.handler] ?? [],
        routes: spec.routes,
        synchronousOnly: !spec.worker,
      });
      props.table.grant(built.fn, spec.access);
      if (spec.access.signingKeys) props.signingKeys.bind(built.fn);
      if (spec.access.documentKeys) props.documentKeys.bind(built.fn);
      if (spec.access.webhookSigningKeys) props.queues.signingKeys.bind(built.fn);
      if (spec.access.sealsWebhookSecrets) props.queues.grantSecrets(built.fn, 'seal');
      if (spec.access.opensWebhookSecrets) props.queues.grantSecrets(built.fn, 'open');
      if (spec.access.queues?.length) props.queues.grant(built.fn, spec.access.queues);
      this.byHandler.set(spec.handler, built);
    }
  }

  /** Sets one variable on every function, for values known only once other resources exist. */
  addEnvironment(name: string, value: string): void {
    for (const built of this.byHandler.values()) built.fn.addEnvironment(name, value);
  }

  /** The function serving a handler; a route naming an unknown handler is a stack bug. */
  get(handler: string): HandlerFunction {
    const built = this.byHandler.get(handler);
    if (!built) throw new Error(`No function was built for handler ${handler}`);
    return built;
  }
}

// `usagePlans` is granted by the stack once the API exists (RouteApi.allowUsagePlanUpdates).
const GRANTABLE = new Set([
  'reads',
  'writes',
  'gsi1',
  'gsi2',
  'describeTable',
  'signingKeys',
  'documentKeys',
  'webhookSigningKeys',
  'sealsWebhookSecrets',
  'opensWebhookSecrets',
  'usagePlans',
  'queues',
]);

/** A new kind of access in the route table must get its grant here, never silently none. */
function assertGrantable(spec: FunctionSpec): void {
  for (const name of Object.keys(spec.access)) {
    if (!GRANTABLE.has(name)) {
      throw new Error(
        `functions/${spec.handler}.ts needs access "${name}", which the CDK stack cannot grant yet: add it in lib/constructs/handler-functions.ts`,
      );
    }
  }
}

/** `system/list-banks` → `SystemListBanks`: stable, readable construct ids. */
function constructIdOf(handler: string): string {
  return handler
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
