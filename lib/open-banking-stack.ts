import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DEFAULT_CLIENT_LIMITS, SOURCE_LIMITS } from '../functions/routing/limits.ts';
import { activeRoutes, type Route } from '../functions/routing/routes.ts';
import { workers as defaultWorkers, type WorkerDefinition } from '../functions/routing/workers.ts';
import { DOCUMENT_KEYS_ENV } from '../functions/runtime/document-keys.ts';
import { mainTable, tables } from '../functions/store/tables.ts';
import { DataTable } from './constructs/data-table.ts';
import { Firewall } from './constructs/firewall.ts';
import { HandlerFunctions } from './constructs/handler-functions.ts';
import { RouteApi } from './constructs/route-api.ts';
import { SigningKeys } from './constructs/signing-keys.ts';
import { TableChangeTriggers } from './constructs/table-change-triggers.ts';
import { WorkerSchedules } from './constructs/worker-schedules.ts';
import { functionSpecs } from './function-specs.ts';

export interface OpenBankingStackProps extends StackProps {
  /** Sandbox mode: seeded demo data and the `/sandbox/*` endpoints. */
  sandbox: boolean;
  /** @default activeRoutes(sandbox) from the shared route table */
  routes?: Route[];
  /** @default the worker table in functions/routing/workers.ts */
  workers?: WorkerDefinition[];
  /**
   * The URL clients call, when it is not the stage's own execute-api URL (a custom domain).
   * @default `https://<api id>.execute-api.<region>.<suffix>/<stage>`
   */
  publicBaseUrl?: string;
}

/**
 * The whole platform in one stack: the tables from functions/store/tables.ts, one Lambda
 * per handler in the route table (plus the workers), the REST API in front of them with its
 * per-client usage plans and the WAF web ACL of per-source limits, and the authorization
 * server's signing-key secret.
 */
export class OpenBankingStack extends Stack {
  readonly tables: Map<string, DataTable>;
  readonly functions: HandlerFunctions;
  readonly api: RouteApi;
  readonly firewall: Firewall;
  readonly signingKeys: SigningKeys;
  readonly documentKeys: SigningKeys;

  constructor(scope: Construct, id: string, props: OpenBankingStackProps) {
    super(scope, id, props);
    const routes = props.routes ?? activeRoutes(props.sandbox);
    const workers = props.workers ?? defaultWorkers;

    this.tables = new Map(
      tables.map((definition) => [definition.id, new DataTable(this, definition.id, definition)]),
    );
    this.signingKeys = new SigningKeys(this, 'SigningKeys');
    this.documentKeys = new SigningKeys(this, 'DocumentKeys', {
      envVar: DOCUMENT_KEYS_ENV,
      description: 'Private Ed25519 JWK set that signs documents: bill receipts and checkout results',
    });
    this.functions = new HandlerFunctions(this, 'Functions', {
      specs: functionSpecs(routes, workers),
      table: this.tables.get(mainTable.id)!,
      signingKeys: this.signingKeys,
      documentKeys: this.documentKeys,
      environment: {
        SANDBOX: props.sandbox ? '1' : '0',
        POWERTOOLS_SERVICE_NAME: 'open-banking',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    const functionFor = (handler: string) => this.functions.get(handler).fn;
    new WorkerSchedules(this, 'Schedules', { workers, functionFor });
    new TableChangeTriggers(this, 'TableChanges', {
      workers,
      table: this.tables.get(mainTable.id)!.table,
      functionFor,
    });
    const stageName = props.sandbox ? 'sandbox' : 'live';
    const authorizer = workers.find((worker) => worker.apiAuthorizer);
    if (!authorizer) throw new Error('The worker table names no API authorizer for the usage plans');
    this.api = new RouteApi(this, 'Http', {
      routes,
      functionFor,
      stageName,
      // The stage's ceiling, above any one client's limits: account protection, not fairness.
      rateLimit: props.sandbox ? 500 : 2000,
      burstLimit: props.sandbox ? 1000 : 4000,
      usageAuthorizer: functionFor(authorizer.handler),
      defaultClientLimits: DEFAULT_CLIENT_LIMITS,
    });
    for (const worker of workers) {
      if (worker.access?.usagePlans) this.api.allowUsagePlanUpdates(functionFor(worker.handler));
    }
    this.firewall = new Firewall(this, 'Firewall', {
      stage: this.api.api.deploymentStage,
      stageName,
      sourceLimits: SOURCE_LIMITS,
    });
    // The OAuth issuer (and the base of token audiences and the JWKS URL) must be one fixed
    // URL, not one derived per request. Built from the API id, not the stage resource, which
    // itself depends on the functions.
    const stageUrl = `https://${this.api.api.restApiId}.execute-api.${this.region}.${this.urlSuffix}/${stageName}`;
    this.functions.addEnvironment('ISSUER', props.publicBaseUrl ?? stageUrl);
    if (props.publicBaseUrl) this.functions.addEnvironment('PUBLIC_BASE_URL', props.publicBaseUrl);

    // RestApi already outputs its URL (`HttpApiEndpoint…`).
    new CfnOutput(this, 'SigningKeysSecretArn', {
      description: 'Load the authorization server keys here after the first deploy',
      value: this.signingKeys.secret.secretArn,
    });
    new CfnOutput(this, 'DocumentKeysSecretArn', {
      description: 'Load the document-signing key (receipts) here after the first deploy',
      value: this.documentKeys.secret.secretArn,
    });
    for (const [id, table] of this.tables) {
      new CfnOutput(this, `${id}TableName`, { value: table.table.tableName });
    }
  }
}
