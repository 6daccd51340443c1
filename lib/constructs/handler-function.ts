import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  type AddToPrincipalPolicyResult,
  ManagedPolicy,
  PolicyDocument,
  PolicyStatement,
  Role,
  type RoleProps,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '../../functions/routing/routes.ts';
import { bundleAliases, bundledRoutes, bundleGlobals, lambdaNodeOptions } from '../bundle-aliases.ts';
import type { BundleFile } from '../bundle-files.ts';
import { acknowledge } from '../nag.ts';
import { handlerEntry, projectRoot } from '../paths.ts';

export interface HandlerFunctionProps {
  /** Module under `functions/`, without extension (`system/health`). */
  handler: string;
  environment: Record<string, string>;
  /** @default 10 seconds: well inside API Gateway's 29-second integration limit. */
  timeout?: Duration;
  /** @default 512 MiB: Lambda's CPU share grows with memory, so cold starts stay short. */
  memoryMiB?: number;
  /** Files the handler reads at run time, copied beside its bundle. */
  files?: BundleFile[];
  /**
   * The routes API Gateway sends to it, carried in its bundle instead of the whole route table
   * (functions/routing/route-of.ts). None (a worker): the chain, if it has one, reads the table.
   */
  routes?: Route[];
  /**
   * Invoked synchronously only (API Gateway): a failed call is answered, not retried, so a
   * dead-letter target would stay empty. Workers invoked asynchronously must configure one.
   */
  synchronousOnly?: boolean;
}

// CommonJS dependencies bundled into ESM still `require` Node built-ins; esbuild's stand-in
// throws unless a real `require` exists in the module scope.
const requireShim =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * One handler module as a Lambda function: Node 22 on arm64, bundled as minified ESM by the
 * locally installed esbuild (never Docker), JSON logs in its own retained log group, and an
 * execution role that starts with nothing but writing those logs; whoever binds a table or
 * a secret to the function adds that grant. X-Ray active tracing is on: it shows a request's
 * path through API Gateway, Lambda and DynamoDB, cold starts included, for little cost at
 * the default sampling rate.
 */
export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An explicit role instead of the AWS-managed basic execution policy, which may write to any log group.
    this.role = new InlineGrantsRole(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of functions/${props.handler}.ts`,
    });
    this.logGroup.grantWrite(this.role);

    const files = props.files ?? [];
    const routes = props.routes?.length ? bundledRoutes(props.routes) : undefined;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: handlerEntry(props.handler),
      handler: 'handler',
      description: `functions/${props.handler}.ts`,
      projectRoot,
      depsLockFilePath: `${projectRoot}/package-lock.json`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMiB ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        ...props.environment,
        // Node flags of every handler (bundle-aliases.ts). Stack traces point at the TypeScript
        // sources through the bundled source map, read when a stack is first printed
        // (lazy-source-maps.ts, injected), not at every cold start.
        ...(lambdaNodeOptions.length ? { NODE_OPTIONS: lambdaNodeOptions.join(' ') } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // Vietnamese page text stays readable UTF-8 instead of \u escapes. Passed as a raw
        // flag: this aws-cdk-lib version drops the `charset` option from the esbuild command.
        // The aliases and injected files (relative to the project root, where esbuild runs) are
        // explained in lib/bundle-aliases.ts: lighter cold starts.
        esbuildArgs: {
          '--charset': 'utf8',
          '--alias': Object.entries(bundleAliases).map(([from, to]) => `${from}=${to}`),
        },
        inject: [...bundleGlobals],
        ...(routes && { define: routes.define }),
        // The SDK is bundled, not taken from the runtime: tree-shaken clients load faster
        // than the runtime's full copy, and the deployed version is the one the tests ran.
        bundleAwsSDK: true,
        externalModules: routes?.external ?? [],
        banner: requireShim,
        tsconfig: `${projectRoot}/tsconfig.json`,
        forceDockerBundling: false,
        // Problems only; the per-file size table of every bundle would bury them.
        logLevel: LogLevel.WARNING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            files.map((file) => `cp "${inputDir}/${file.from}" "${outputDir}/${file.to}"`),
        },
      },
    });
    this.enableTracing();

    acknowledge(
      this.fn,
      'AwsSolutions-L1',
      'Node.js 22 on purpose: the same major the project pins as its node@22 toolchain, so local runs and tests match Lambda. Supported by Lambda until 2027; moves with the toolchain.',
    );
    acknowledge(
      this.fn,
      'Serverless-LambdaLatestVersion',
      'Node.js 22 on purpose: the same major the project pins as its node@22 toolchain, so local runs and tests match Lambda.',
    );
    if (props.synchronousOnly) {
      acknowledge(
        this.fn,
        'Serverless-LambdaDLQ',
        'Invoked synchronously by API Gateway only: failures are answered to the caller and never retried, so a dead-letter queue would receive nothing.',
      );
    }
  }

  /**
   * X-Ray active tracing, with its permissions in one managed policy of their own that every
   * function's role shares: X-Ray's write actions take no resource ARN, keeping that one wildcard
   * apart means any other wildcard granted to a role is still reported, and one shared policy
   * (rather than one per function) keeps the stack under CloudFormation's 500 resources.
   */
  private enableTracing(): void {
    (this.fn.node.defaultChild as CfnFunction).tracingConfig = { mode: 'Active' };
    const tracing = sharedTracingPolicy(Stack.of(this));
    this.role.addManagedPolicy(tracing);
    // Traces from the first invocations are not dropped while the policy is still being attached.
    this.fn.node.addDependency(tracing);
  }
}

/** The stack's one X-Ray write policy, made by the first function that needs it. */
function sharedTracingPolicy(stack: Stack): ManagedPolicy {
  const existing = stack.node.tryFindChild('TracingPolicy');
  if (existing) return existing as ManagedPolicy;
  const tracing = new ManagedPolicy(stack, 'TracingPolicy', {
    description:
      'X-Ray trace segments and telemetry from every function (no resource-level permissions exist)',
    statements: [
      new PolicyStatement({
        actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        resources: ['*'],
      }),
    ],
  });
  acknowledge(
    tracing,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions; this policy holds nothing else.',
  );
  return tracing;
}

/**
 * A role whose grants are written into the role itself (one inline policy) instead of a separate
 * AWS::IAM::Policy per role: the same permissions, one CloudFormation resource fewer per function,
 * which keeps the stack under CloudFormation's 500 resources as functions are added.
 */
class InlineGrantsRole extends Role {
  private readonly inlineGrants: PolicyDocument;

  constructor(scope: Construct, id: string, props: RoleProps) {
    const grants = new PolicyDocument();
    super(scope, id, { ...props, inlinePolicies: { ...props.inlinePolicies, grants } });
    this.inlineGrants = grants;
  }

  override addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.inlineGrants.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }
}
